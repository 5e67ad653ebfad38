"""Harvest one source end to end: fetch pages, store posts and move the cursor atomically."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from core.errors import JaringError
from harvest import store
from harvest.config import SourceConfig
from harvest.http import PoliteClient
from harvest.run import Backlog, HarvestResult, harvest_source
from models.db import transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceOutcome:
    """What one source's harvest did; ``error`` is set when it failed (even partly)."""

    name: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    pages: int = 0
    error: str | None = None
    #: The newest page answered 304 Not Modified: nothing new, and nothing re-read.
    not_modified: bool = False
    #: False when older pages remain to be walked (the backlog) on the next run.
    complete: bool = True


@dataclass(frozen=True)
class _State:
    source_id: int
    cursor: str | None
    backlog: Backlog | None
    validators: dict[str, dict[str, str]]


def harvest_and_store(
    config: SourceConfig, *, client: PoliteClient, factory: sessionmaker[Session], key: bytes,
    max_pages: int,
) -> SourceOutcome:
    """Harvest ``config`` past its stored cursor; a failure is recorded, never raised.

    Posts, cursor, backlog and validators are written in one transaction, so a crash at any
    point stores either all of a run or none of it.
    """
    try:
        state = _load_state(factory, config)
    except SQLAlchemyError as exc:
        log.exception("source %s: the database could not be read", config.name)
        return SourceOutcome(config.name, error=_describe(exc))
    try:
        result = harvest_source(client, config, state.cursor, max_pages, backlog=state.backlog,
                                validators=state.validators)
        with transaction(factory) as session:
            counts = _store(session, state.source_id, result, key)
    # A failing source must never stop the others: every error is recorded on the source.
    except Exception as exc:
        return _record_failure(factory, config.name, state.source_id, exc)
    error = str(result.error) if result.error else None
    log.info("source %s: %d new, %d updated over %d pages%s", config.name, counts.new,
             counts.updated, result.pages, f" (then failed: {error})" if error else "")
    return SourceOutcome(config.name, counts.new, counts.updated, counts.unchanged, result.pages,
                         error=error, not_modified=result.not_modified, complete=result.complete)


def _load_state(factory: sessionmaker[Session], config: SourceConfig) -> _State:
    with transaction(factory) as session:
        source = store.sync_sources(session, [config])[0]
        backlog = Backlog(source.backlog_url, source.backlog_mark) \
            if source.backlog_url and source.backlog_mark else None
        return _State(source.id, source.cursor, backlog, dict(source.http_cache or {}))


def _store(session: Session, source_id: int, result: HarvestResult, key: bytes
           ) -> store.StoreCounts:
    source = store.get_source(session, source_id)
    counts = store.store_posts(session, source, result.posts, cursor=result.cursor, key=key)
    backlog = (result.backlog.url, result.backlog.mark) if result.backlog else None
    store.save_resume_state(source, backlog=backlog, validators=result.validators)
    if result.error is not None:
        store.record_failure(session, source_id, str(result.error))
    else:
        store.record_success(session, source)
    return counts


def _describe(exc: Exception) -> str:
    if isinstance(exc, JaringError):
        return str(exc)
    if isinstance(exc, SQLAlchemyError):
        return f"basis data menolak penyimpanan ({exc.__class__.__name__})"
    return f"galat internal ({exc.__class__.__name__}: {str(exc)[:200]})"


def _record_failure(factory: sessionmaker[Session], name: str, source_id: int,
                    exc: Exception) -> SourceOutcome:
    message = _describe(exc)
    if isinstance(exc, JaringError):
        log.warning("source %s failed: %s", name, message)
    else:
        log.exception("source %s failed unexpectedly", name)
    try:
        with transaction(factory) as session:
            store.record_failure(session, source_id, message)
    except SQLAlchemyError:
        log.exception("source %s: the failure could not be recorded", name)
    return SourceOutcome(name, error=message)
