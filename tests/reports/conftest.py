"""Report test helpers: storing posts as the harvester does, classifying, running the CLI."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from classify.model import Prediction
from classify.store import save_classifications
from core.city import load_city_profile
from harvest import store as harvest_store
from harvest.config import SourceConfig
from harvest.items import HarvestedPost
from jaring.cli import main
from models import Classification, Post
from models.db import transaction
from reports.service import draft_pending

CITY = load_city_profile("bontang")
KEY = b"k" * 64
VERSION = "uji-1"  # the model version the labelled verdicts below are stored under


def store_posts(factory, posts: list[tuple], channel: str = "wargabtg"):
    """Store ``(external number, text, posted_at, …)`` posts of one Telegram source."""
    config = SourceConfig(name=channel, kind="telegram", channel=channel)
    items = [HarvestedPost(external_id=f"{channel}/{n}", url=f"https://t.me/{channel}/{n}",
                           text=text, posted_at=posted, author=f"warga{n}")
             for n, text, posted, *_ in posts]
    with transaction(factory) as session:
        source = harvest_store.sync_sources(session, [config])[0]
        harvest_store.store_posts(session, source, items, cursor=None, key=KEY)


def verdict(code: str | None) -> Prediction:
    """A classifier verdict routed to ``code`` (None: not a report)."""
    if code is None:
        return Prediction("bukan_laporan", 0.9, "lainnya", 0.5, {}, (("lainnya", 0.5),))
    return Prediction("pengaduan", 0.9, code, 0.85, {"pengaduan": 0.9}, ((code, 0.85),))


def classify_as(factory, labels: dict[str, str | None]) -> None:
    """Store the given verdict (by post URL) for every post not yet classified.

    Drafting is tested on verdicts chosen here, so that what it does with a flood does not
    depend on how today's classifier reads a test sentence (the classifier has its own tests).
    """
    with transaction(factory) as session:
        done = select(Classification.post_id).where(Classification.model_version == VERSION)
        posts = list(session.scalars(select(Post).where(Post.id.not_in(done)).order_by(Post.id)))
        save_classifications(session, posts, [verdict(labels[p.url]) for p in posts], VERSION)


@pytest.fixture
def pipeline(factory):
    """Store ``(number, text, posted_at, function code or None)`` posts, classify, draft."""
    labels: dict[str, str | None] = {}

    def run(posts, channel="wargabtg"):
        store_posts(factory, posts, channel)
        labels.update({f"https://t.me/{channel}/{n}": code for n, _, _, code in posts})
        classify_as(factory, labels)
        return draft_pending(factory, CITY, VERSION)

    return run


def run_cli(capsys, *args) -> tuple[int, str, str]:
    """Run ``jaring ARGS`` in-process; returns exit code, stdout and stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_info.value.code or 0, out, err
