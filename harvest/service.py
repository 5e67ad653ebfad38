"""Harvest one source end to end: fetch pages, store posts and move the cursor atomically."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from harvest import store
from harvest.config import SourceConfig
from harvest.errors import HarvestError
from harvest.http import PoliteClient
from harvest.run import harvest_source
from models.db import transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceOutcome:
    """What one source's harvest did; ``error`` is set when it failed."""

    name: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    pages: int = 0
    error: str | None = None


def harvest_and_store(
    config: SourceConfig, *, client: PoliteClient, factory: sessionmaker[Session], key: bytes,
    max_pages: int,
) -> SourceOutcome:
    """Harvest ``config`` past its stored cursor; a failure is recorded, never raised."""
    with transaction(factory) as session:
        source = store.sync_sources(session, [config])[0]
        source_id, cursor = source.id, source.cursor
    try:
        result = harvest_source(client, config, cursor, max_pages)
    except HarvestError as exc:
        log.warning("source %s failed: %s", config.name, exc)
        with transaction(factory) as session:
            store.record_failure(session, source_id, str(exc))
        return SourceOutcome(config.name, error=str(exc))
    with transaction(factory) as session:
        source = store.get_source(session, source_id)
        counts = store.store_posts(session, source, result.posts, cursor=result.cursor, key=key)
        store.record_success(session, source)
    log.info("source %s: %d new, %d updated over %d pages", config.name, counts.new,
             counts.updated, result.pages)
    return SourceOutcome(config.name, counts.new, counts.updated, counts.unchanged, result.pages)
