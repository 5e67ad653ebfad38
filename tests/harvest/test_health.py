"""Source health: rhythm and silence (pure), and the figures read from a real database."""

from datetime import UTC, datetime, timedelta

import pytest

from harvest import health, store
from harvest.config import SourceConfig
from harvest.items import HarvestedPost
from models.db import transaction

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)
KEY = b"k" * 64


def every(gap: timedelta, count: int, last: datetime) -> list[datetime]:
    return [last - gap * i for i in range(count)]


def test_too_little_history_is_never_silent():
    times = every(timedelta(hours=1), health.MIN_GAPS, NOW - timedelta(days=60))
    assert health.silence_threshold(times) is None
    assert health.is_silent(times, NOW) == (False, None)
    assert health.is_silent([], NOW) == (False, None)


def test_a_busy_source_gets_the_minimum_threshold():
    times = every(timedelta(hours=1), 30, NOW - timedelta(hours=30))
    assert health.silence_threshold(times) == health.MIN_SILENCE
    assert health.is_silent(times, NOW)[0]
    assert not health.is_silent(every(timedelta(hours=1), 30, NOW - timedelta(hours=20)), NOW)[0]


def test_a_slow_source_is_judged_by_its_own_rhythm():
    times = every(timedelta(days=2), 20, NOW - timedelta(days=5))
    assert health.silence_threshold(times) == timedelta(days=6)
    assert not health.is_silent(times, NOW)[0]
    assert health.is_silent(every(timedelta(days=2), 20, NOW - timedelta(days=7)), NOW)[0]


def test_the_rhythm_is_a_high_quantile_of_the_gaps():
    # Mostly hourly, with a few long nights: the long gaps set the rhythm, not the average.
    last = NOW - timedelta(days=3)
    times = every(timedelta(hours=1), 20, last) + every(timedelta(hours=20), 3,
                                                       last - timedelta(hours=40))
    assert health.silence_threshold(times) >= timedelta(hours=20) * health.SILENCE_FACTOR


@pytest.mark.parametrize(("flags", "status"), [
    (dict(enabled=False, ran=True, failures=3, silent=True, posts=5), "nonaktif"),
    (dict(enabled=True, ran=True, failures=1, silent=True, posts=5), "galat"),
    (dict(enabled=True, ran=True, failures=0, silent=True, posts=5), "senyap"),
    (dict(enabled=True, ran=False, failures=0, silent=False, posts=0), "belum"),
    (dict(enabled=True, ran=True, failures=0, silent=False, posts=0), "kosong"),
    (dict(enabled=True, ran=True, failures=0, silent=False, posts=5), "sehat"),
])
def test_status_words_worst_first(flags, status):
    assert health.status_of(**flags) == status
    assert status in health.STATUS_LABELS


def test_display_row_has_every_column_in_indonesian():
    row = health.display_row(health.never_harvested("warga", "telegram", True))
    assert list(row) == list(health.COLUMNS)
    assert row["Status"] == "belum" and row["Unggahan terbaru"] == "-"


def _posts(times: list[datetime]) -> list[HarvestedPost]:
    return [HarvestedPost(external_id=f"kanal/{i}", url=f"https://t.me/kanal/{i}",
                          text=f"keluhan {i}", posted_at=t, author="Warga")
            for i, t in enumerate(sorted(times), start=1)]


def test_health_from_the_database(factory):
    busy = SourceConfig(name="ramai", kind="telegram", channel="kanalramai")
    quiet = SourceConfig(name="sepi", kind="telegram", channel="kanalsepi")
    broken = SourceConfig(name="rusak", kind="telegram", channel="kanalrusak")
    busy_times = every(timedelta(hours=6), 60, NOW - timedelta(hours=2))  # 15 days of posts
    quiet_times = every(timedelta(hours=12), 20, NOW - timedelta(days=9))
    with transaction(factory) as session:
        rows = store.sync_sources(session, [busy, quiet, broken])
        for row, times in zip(rows[:2], (busy_times, quiet_times), strict=True):
            store.store_posts(session, row, _posts(times), cursor="1", key=KEY)
            store.record_success(session, row)
        store.record_failure(session, rows[2].id, "halaman terbaru tidak berisi unggahan")
        store.save_resume_state(rows[0], backlog=("https://t.me/s/kanalramai?before=9", "9"),
                                validators=None)
    with factory() as session:
        found = {h.name: h for h in store.source_health(session, now=NOW)}
    ramai, sepi, rusak = found["ramai"], found["sepi"], found["rusak"]
    assert (ramai.posts_total, ramai.posts_7d, ramai.posts_30d) == (60, 28, 60)
    assert ramai.per_day_7d == 4.0 and ramai.per_day_30d == 2.0
    assert ramai.status == "sehat" and ramai.backlog and not ramai.silent
    assert ramai.newest_post_at == NOW - timedelta(hours=2)
    assert sepi.silent and sepi.status == "senyap" and sepi.posts_7d == 0
    assert sepi.silence_threshold_hours == 36.0
    assert rusak.status == "galat" and rusak.consecutive_failures == 1
    assert "tidak berisi" in rusak.last_error and rusak.posts_total == 0
    data = ramai.as_json()
    assert data["newest_post_at"] == "2026-11-28T10:00:00Z" and data["per_day_7d"] == 4.0
    with factory() as session:
        assert [h.name for h in store.source_health(session, now=NOW, names=["sepi"])] == ["sepi"]
