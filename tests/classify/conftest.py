"""Classifier test helpers: posts stored as the harvester stores them, drafts, the CLI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from classify.service import classify_pending
from core.city import load_city_profile
from harvest import store as harvest_store
from harvest.config import SourceConfig
from harvest.items import HarvestedPost
from jaring.cli import main
from models import Draft
from models.db import transaction
from reports.service import draft_pending

CITY = load_city_profile("bontang")

# Posts about unrelated problems in different places and days, so each becomes its own draft.
POSTS = [
    "jln di kelurahan Api-Api rusak parah, lubang dalam bgt tolong diperbaiki",
    "air pdam mati udh 3 hari di Tanjung Laut, tolong min",
    "listrik padam terus tiap malam di Lok Tuan, pln tolong diperhatikan",
    "sampah numpuk di TPS dekat pasar Rawa Indah sudah seminggu tidak diangkut, bau sekali",
    "min kapan pendaftaran ppdb smp dibuka? syaratnya apa aja",
    "selamat pagi warga bontang, semoga harinya menyenangkan",
]


def store_posts(factory, texts: list[str], channel: str = "wargabtg") -> None:
    """Store texts as posts of one Telegram source, a day apart."""
    config = SourceConfig(name=channel, kind="telegram", channel=channel)
    items = [HarvestedPost(external_id=f"{channel}/{i}", url=f"https://t.me/{channel}/{i}",
                           text=text,
                           posted_at=datetime(2026, 11, 1, 9, tzinfo=UTC) + timedelta(days=i),
                           author=f"warga{i}") for i, text in enumerate(texts, start=1)]
    with transaction(factory) as session:
        source = harvest_store.sync_sources(session, [config])[0]
        harvest_store.store_posts(session, source, items, cursor=None, key=b"k" * 64)


@pytest.fixture
def drafted(factory, use_db, active_model, tmp_path):
    """The posts above classified by the session's model and drafted; returns the drafts."""
    store_posts(factory, POSTS)
    version, count = classify_pending(factory, tmp_path / "models")
    assert (version, count) == (active_model.version, len(POSTS))
    draft_pending(factory, CITY, version)
    with factory() as session:
        drafts = list(session.query(Draft).order_by(Draft.id))
    assert len(drafts) >= 3
    return drafts


def run_cli(capsys, *args) -> tuple[int, str, str]:
    """Run ``jaring ARGS`` in-process; returns exit code, stdout and stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_info.value.code or 0, out, err


def write_csv(path, header: str, rows: list[str]):
    """A small labelled CSV written by the test (never shared data)."""
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path
