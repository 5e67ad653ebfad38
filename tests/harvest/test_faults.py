"""Every fault a site can throw at us, through harvest_and_store on a real database.

Each case: a first clean run; new posts appear; the victim source starts failing while a
healthy source on another host is harvested at the same time; then the fault goes away. The
run always finishes, the victim records a clear error, the healthy source is unaffected, and
no stored post is lost or duplicated.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from harvest import store
from harvest.config import SourceConfig
from harvest.http import HttpPolicy, PoliteClient
from harvest.service import SourceOutcome, harvest_and_store
from harvest.sources import get_kind
from models import Post, Source
from tests.harvest.faultsite import HUGE_BYTES, Fault, fault_site

KEY = b"k" * 64
POLICY = HttpPolicy(user_agent="JaringTest/1.0 (+tests)", timeout_seconds=0.4, delay_seconds=0,
                    max_bytes=1_000_000, max_retries=1, backoff_seconds=0.01,
                    max_retry_after_seconds=5)


def harvest(configs: list[SourceConfig], factory) -> dict[str, SourceOutcome]:
    """One run: every source in its own task with its own client, 4 at a time (as the flow)."""
    def one(config: SourceConfig) -> SourceOutcome:
        with PoliteClient(POLICY) as client:
            return harvest_and_store(config, client=client, factory=factory, key=KEY,
                                     max_pages=5)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return {o.name: o for o in pool.map(one, configs)}


def stored(factory, name: str) -> dict[str, str]:
    with factory() as session:
        rows = session.execute(select(Post.external_id, Post.text).join(Source)
                               .where(Source.name == name))
        return dict(rows.all())


def source_row(factory, name: str) -> Source:
    with factory() as session:
        return session.scalar(select(Source).where(Source.name == name))


@pytest.fixture
def sites():
    with fault_site() as (good_site, _), fault_site() as (victim_site, victim_server):
        good_site.add("kanalbaik", range(1, 6))
        victim_site.add("kanalkorban", range(1, 6))
        victim_site.add("korban", range(1, 6))
        yield good_site, victim_site, victim_server


def configs(good_site, victim_site, json_kind: bool) -> list[SourceConfig]:
    good = SourceConfig(name="baik", kind="telegram", channel="kanalbaik",
                        base_url=good_site.base_url)
    if json_kind:
        victim = SourceConfig(name="korban", kind="mastodon", instance=victim_site.base_url,
                              hashtag="korban")
    else:
        victim = SourceConfig(name="korban", kind="telegram", channel="kanalkorban",
                              base_url=victim_site.base_url)
    return [good, victim]


def ids(factory, name: str) -> set[str]:
    return {external_id.rsplit("/", 1)[-1] for external_id in stored(factory, name)}


FAILING = [
    ("timeout", False, "waktu habis"),
    ("reset", False, "koneksi gagal"),
    ("429", False, "HTTP 429"),
    ("500", False, "HTTP 500"),
    ("truncated", False, "koneksi gagal"),
    ("huge", False, "melebihi batas"),
    ("huge-declared", False, "terlalu besar"),
    ("redirect-loop", False, "pengalihan"),
    ("gzip-bomb", False, "setelah didekompresi"),
    ("markup-changed", False, "markup"),
    ("markup-emptied", False, "tidak berisi unggahan"),
    ("invalid-utf8", True, "UTF-8"),
    ("html-for-json", True, "bukan JSON"),
]


@pytest.mark.parametrize(("fault", "json_kind", "message"), FAILING, ids=[f[0] for f in FAILING])
def test_a_failing_source_records_a_clear_error_and_loses_nothing(
        factory, sites, fault, json_kind, message):
    good_site, victim_site, victim_server = sites
    sources = configs(good_site, victim_site, json_kind)
    victim_channel = "korban" if json_kind else "kanalkorban"
    first = harvest(sources, factory)
    assert all(o.error is None for o in first.values())
    before = stored(factory, "korban")
    assert len(before) == 5

    good_site.add("kanalbaik", range(6, 11))
    victim_site.add(victim_channel, range(6, 11))
    # A burst of 500s outlasts this run's retries (2 attempts) and ends during the next run.
    victim_site.faults[victim_channel] = Fault(fault, remaining=3 if fault == "500" else None)
    second = harvest(sources, factory)
    assert second["korban"].error and message in second["korban"].error
    assert "Traceback" not in second["korban"].error
    assert second["baik"].error is None and second["baik"].new == 5
    assert stored(factory, "korban") == before  # nothing lost, nothing half-written
    row = source_row(factory, "korban")
    assert row.consecutive_failures == 1 and message in row.last_error
    if fault == "huge":  # streamed and stopped at the limit, never read to the end
        deadline = time.monotonic() + 5
        while not victim_server.huge_bytes_sent and time.monotonic() < deadline:
            time.sleep(0.05)
        assert 0 < max(victim_server.huge_bytes_sent) < HUGE_BYTES

    if fault != "500":
        victim_site.faults.clear()
    third = harvest(sources, factory)
    assert third["korban"].error is None and third["korban"].new == 5
    assert ids(factory, "korban") == {str(i) for i in range(1, 11)}
    assert ids(factory, "baik") == {str(i) for i in range(1, 11)}
    row = source_row(factory, "korban")
    assert row.consecutive_failures == 0 and row.backlog_url is None
    assert row.cursor == "10"


@pytest.mark.parametrize(("fault", "remaining"), [("429", 1), ("500", 1), ("invalid-utf8", None)])
def test_transient_or_tolerable_faults_do_not_fail_the_source(factory, sites, fault, remaining):
    good_site, victim_site, _ = sites
    sources = configs(good_site, victim_site, json_kind=False)
    harvest(sources, factory)
    victim_site.add("kanalkorban", range(6, 11))
    victim_site.faults["kanalkorban"] = Fault(fault, remaining=remaining)
    outcome = harvest(sources, factory)["korban"]
    assert outcome.error is None and outcome.new == 5
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Post).join(Source)
                              .where(Source.name == "korban")) == 10


def _after_partial_run(factory, victim_site, sources) -> None:
    """Page 1 of the new posts is stored, the cursor stays, the backlog says where to resume."""
    assert ids(factory, "korban") == {str(i) for i in [*range(1, 6), 8, 9, 10]}
    row = source_row(factory, "korban")
    assert row.cursor == "5" and row.backlog_url.endswith("?before=8")
    assert row.consecutive_failures == 1
    victim_site.faults.clear()
    victim_site.add("kanalkorban", range(11, 13))
    again = harvest(sources, factory)
    assert again["korban"].error is None
    assert ids(factory, "korban") == {str(i) for i in range(1, 13)}
    row = source_row(factory, "korban")
    assert row.cursor == "12" and row.backlog_url is None and row.consecutive_failures == 0


def test_a_connection_reset_between_pages_keeps_the_pages_before_it(factory, sites):
    good_site, victim_site, _ = sites
    sources = configs(good_site, victim_site, json_kind=False)
    harvest(sources, factory)
    victim_site.add("kanalkorban", range(6, 11))
    victim_site.faults["kanalkorban"] = Fault("reset", older_only=True)
    outcome = harvest(sources, factory)["korban"]
    assert "koneksi gagal" in outcome.error and outcome.new == 3 and not outcome.complete
    _after_partial_run(factory, victim_site, sources)


def test_an_exception_between_pages_keeps_the_pages_before_it(factory, sites, monkeypatch):
    good_site, victim_site, _ = sites
    sources = configs(good_site, victim_site, json_kind=False)
    harvest(sources, factory)
    victim_site.add("kanalkorban", range(6, 11))
    telegram = get_kind("telegram")
    parse = type(telegram).parse

    def crash_on_older_pages(self, body, url, headers=None):
        if "kanalkorban?before=" in url:
            raise RuntimeError("pengurai tersandung")
        return parse(self, body, url, headers)

    monkeypatch.setattr(type(telegram), "parse", crash_on_older_pages)
    outcome = harvest(sources, factory)["korban"]
    assert "pengurai telegram gagal" in outcome.error and outcome.new == 3
    monkeypatch.undo()
    _after_partial_run(factory, victim_site, sources)


def test_an_exception_while_storing_stores_nothing_of_that_run(factory, sites, monkeypatch):
    good_site, victim_site, _ = sites
    sources = configs(good_site, victim_site, json_kind=False)
    harvest(sources, factory)
    before = stored(factory, "korban")
    victim_site.add("kanalkorban", range(6, 11))
    pseudonymise, calls = store.pseudonymise, []

    def failing_disk(author, *, platform, key):
        if "kanalkorban" in (author or ""):
            calls.append(author)
            if len(calls) == 3:  # mid-way through the victim's new posts
                raise OSError("disk penuh")
        return pseudonymise(author, platform=platform, key=key)

    monkeypatch.setattr(store, "pseudonymise", failing_disk)
    outcomes = harvest(sources, factory)
    assert "galat internal" in outcomes["korban"].error and "disk penuh" in outcomes[
        "korban"].error
    assert outcomes["baik"].error is None and outcomes["baik"].new == 0
    assert stored(factory, "korban") == before
    assert source_row(factory, "korban").cursor == "5"
    monkeypatch.undo()
    assert harvest(sources, factory)["korban"].new == 5
    assert ids(factory, "korban") == {str(i) for i in range(1, 11)}
