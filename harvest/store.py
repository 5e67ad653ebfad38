"""The one module of ``harvest`` that touches the database: sources, posts, cursors, health."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.pseudonym import pseudonymise
from harvest.config import SourceConfig
from harvest.items import HarvestedPost
from models import Post, PostRevision, Source
from models.base import utcnow


@dataclass(frozen=True)
class StoreCounts:
    """How many harvested posts were new, edited on the platform, or already known."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0


def content_hash(text: str) -> str:
    """A stable hash of a post's text, to notice edits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sync_sources(session: Session, configs: Iterable[SourceConfig]) -> list[Source]:
    """Create or update source rows from the sources file; keeps cursors and health."""
    rows = []
    for config in configs:
        row = session.scalar(select(Source).where(Source.name == config.name))
        if row is None:
            row = Source(name=config.name, kind=config.kind, consecutive_failures=0)
            session.add(row)
        elif row.kind != config.kind:
            row.cursor = None  # a different platform: the old cursor means nothing
        row.kind, row.config, row.enabled = config.kind, config.model_dump(), config.enabled
        rows.append(row)
    session.flush()
    return rows


def store_posts(
    session: Session, source: Source, posts: Iterable[HarvestedPost], *, cursor: str | None,
    key: bytes,
) -> StoreCounts:
    """Insert new posts, record edits, then move the cursor, all in the caller's transaction."""
    new = updated = unchanged = 0
    for item in posts:
        existing = session.scalar(
            select(Post).where(Post.source_id == source.id, Post.external_id == item.external_id))
        digest = content_hash(item.text)
        if existing is None:
            session.add(Post(
                source_id=source.id, external_id=item.external_id, url=item.url,
                text=item.text, platform=source.kind, posted_at=item.posted_at,
                author_pseudonym=pseudonymise(item.author, platform=source.kind, key=key),
                content_hash=digest,
            ))
            new += 1
        elif existing.content_hash != digest:
            existing.revisions.append(PostRevision(text=existing.text))
            existing.text, existing.content_hash, existing.updated_at = item.text, digest, utcnow()
            updated += 1
        else:
            unchanged += 1
    session.flush()
    source.cursor = cursor
    return StoreCounts(new=new, updated=updated, unchanged=unchanged)


def get_source(session: Session, source_id: int) -> Source:
    """The source row with ``source_id``."""
    source = session.get(Source, source_id)
    if source is None:
        raise LookupError(f"source {source_id} vanished during the run")
    return source


def record_success(session: Session, source: Source) -> None:
    """Mark a successful harvest of ``source``."""
    now = utcnow()
    source.last_run_at = source.last_success_at = now
    source.consecutive_failures = 0


def record_failure(session: Session, source_id: int, error: str) -> None:
    """Record a failed harvest; nothing else about the source changes."""
    source = session.get(Source, source_id)
    if source is None:
        return
    now = utcnow()
    source.last_run_at = source.last_error_at = now
    source.last_error = error[:2000]
    source.consecutive_failures = (source.consecutive_failures or 0) + 1
