"""The one module of ``harvest`` that touches the database: sources, posts, cursors, health."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.pseudonym import pseudonymise
from harvest import health
from harvest.config import SourceConfig
from harvest.items import HarvestedPost
from models import Post, PostRevision, Source
from models.base import utcnow
from models.tables import ForgottenPost

#: Common fields of a source entry; the rest are the kind's options (they decide the cursor).
COMMON_FIELDS = frozenset(SourceConfig.model_fields)
_IN_CHUNK = 500


@dataclass(frozen=True)
class StoreCounts:
    """How many harvested posts were new, edited on the platform, or already known."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0


def content_hash(text: str) -> str:
    """A stable hash of a post's text, to notice edits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _kind_options(config: Mapping) -> dict:
    return {k: v for k, v in config.items() if k not in COMMON_FIELDS}


def sync_sources(session: Session, configs: Iterable[SourceConfig]) -> list[Source]:
    """Create or update source rows from the sources file; keeps cursors and health.

    A source whose kind or kind options changed (another channel, another feed) starts
    afresh: its old cursor, backlog and validators describe another place.
    """
    rows = []
    for config in configs:
        row = session.scalar(select(Source).where(Source.name == config.name))
        if row is None:
            row = Source(name=config.name, kind=config.kind, consecutive_failures=0,
                         http_cache={})
            session.add(row)
        elif row.kind != config.kind or _kind_options(row.config or {}) != config.options:
            row.cursor = row.backlog_url = row.backlog_mark = None
            row.http_cache = {}
        row.kind, row.config, row.enabled = config.kind, config.model_dump(), config.enabled
        rows.append(row)
    session.flush()
    return rows


def _existing_posts(session: Session, source_id: int, ids: list[str]) -> dict[str, Post]:
    found: dict[str, Post] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start:start + _IN_CHUNK]
        rows = session.scalars(select(Post).where(Post.source_id == source_id,
                                                  Post.external_id.in_(chunk)))
        found.update((row.external_id, row) for row in rows)
    return found


def _forgotten(session: Session, urls: list[str]) -> set[str]:
    hashes = [ForgottenPost.fingerprint(u) for u in urls]
    if not hashes:
        return set()
    return set(session.scalars(select(ForgottenPost.url_hash)
                               .where(ForgottenPost.url_hash.in_(hashes))))


def store_posts(
    session: Session, source: Source, posts: Iterable[HarvestedPost], *, cursor: str | None,
    key: bytes,
) -> StoreCounts:
    """Insert new posts, record edits, then move the cursor, all in the caller's transaction."""
    items = {item.external_id: item for item in posts}
    existing = _existing_posts(session, source.id, list(items))
    forgotten = _forgotten(session, [item.url for item in items.values()])
    new = updated = unchanged = 0
    for item in items.values():
        if ForgottenPost.fingerprint(item.url) in forgotten:
            continue  # forgotten at its author's request: never stored again
        digest = content_hash(item.text)
        stored = existing.get(item.external_id)
        if stored is None:
            session.add(Post(
                source_id=source.id, external_id=item.external_id, url=item.url,
                text=item.text, platform=source.kind, posted_at=item.posted_at,
                author_pseudonym=pseudonymise(item.author, platform=source.kind, key=key),
                content_hash=digest,
            ))
            new += 1
        elif stored.content_hash != digest:
            stored.revisions.append(PostRevision(text=stored.text))
            stored.text, stored.content_hash, stored.updated_at = item.text, digest, utcnow()
            updated += 1
        else:
            unchanged += 1
    session.flush()
    source.cursor = cursor
    return StoreCounts(new=new, updated=updated, unchanged=unchanged)


def save_resume_state(source: Source, *, backlog: tuple[str, str] | None,
                      validators: Mapping[str, Mapping[str, str]] | None) -> None:
    """Keep where an interrupted walk resumes (url, mark) and the newest page's validators.

    Call it in the transaction that stores the posts those describe; ``validators=None``
    keeps the stored ones.
    """
    source.backlog_url, source.backlog_mark = backlog if backlog else (None, None)
    if validators is not None:
        source.http_cache = {url: dict(v) for url, v in validators.items()}


def get_source(session: Session, source_id: int) -> Source:
    """The source row with ``source_id``."""
    source = session.get(Source, source_id)
    if source is None:
        raise LookupError(f"source {source_id} vanished during the run")
    return source


def source_by_name(session: Session, name: str) -> Source | None:
    """The source row called ``name``, if it was ever harvested or added."""
    return session.scalar(select(Source).where(Source.name == name))


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


def set_enabled(session: Session, name: str, enabled: bool) -> bool:
    """Mirror the sources file's ``enabled`` on the row; False when the row does not exist."""
    source = source_by_name(session, name)
    if source is None:
        return False
    source.enabled = enabled
    return True


def _counts_since(session: Session, since: datetime) -> dict[int, int]:
    rows = session.execute(select(Post.source_id, func.count()).where(Post.posted_at >= since)
                           .group_by(Post.source_id))
    return {source_id: count for source_id, count in rows}


def _recent_times(session: Session, source_id: int) -> list[datetime]:
    return list(session.scalars(select(Post.posted_at).where(Post.source_id == source_id)
                                .order_by(Post.posted_at.desc()).limit(health.RHYTHM_POSTS)))


def source_health(session: Session, now: datetime | None = None,
                  names: Iterable[str] | None = None) -> list[health.SourceHealth]:
    """Health of every stored source (or of ``names``), by name."""
    now = now or utcnow()
    query = select(Source).order_by(Source.name)
    if names is not None:
        query = query.where(Source.name.in_(list(names)))
    week, month = _counts_since(session, now - timedelta(days=7)), _counts_since(
        session, now - timedelta(days=30))
    totals = dict(session.execute(select(Post.source_id, func.count())
                                  .group_by(Post.source_id)).all())
    return [_assess(source, _recent_times(session, source.id), now, totals.get(source.id, 0),
                    week.get(source.id, 0), month.get(source.id, 0))
            for source in session.scalars(query)]


def _assess(source: Source, times: list[datetime], now: datetime, total: int, week: int,
            month: int) -> health.SourceHealth:
    silent, threshold = health.is_silent(times, now)
    failures = source.consecutive_failures or 0
    return health.SourceHealth(
        name=source.name, kind=source.kind, enabled=source.enabled,
        status=health.status_of(enabled=source.enabled, ran=source.last_run_at is not None,
                                failures=failures, silent=silent, posts=total),
        last_run_at=source.last_run_at, last_success_at=source.last_success_at,
        last_error=source.last_error, last_error_at=source.last_error_at,
        consecutive_failures=failures, posts_total=total, posts_7d=week, posts_30d=month,
        newest_post_at=max(times, default=None), silent=silent,
        silence_threshold_hours=None if threshold is None else
        round(threshold.total_seconds() / 3600, 1),
        backlog=source.backlog_url is not None,
    )

