"""Personal data over time: data-subject requests (export, forget) and the retention purge.

A forgotten post leaves only the SHA-256 of its URL in ``forgotten_posts``, so a later harvest of
the same public post is never drafted and is purged at the next retention run. A post that is
evidence of an official record is kept: the record was forwarded and must stay verifiable; the
refusal is explained and audited.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from core.city import CityProfile
from core.domain import AuditAction, DraftStatus
from models import Classification, Draft, DraftPost, Post, PostRevision
from models.base import utcnow
from models.tables import ForgottenPost
from reports import store
from reports.facts import analyse_post
from reports.redact import redact
from reports.service import incident_content, source_of, verdicts_for

log = logging.getLogger(__name__)
FORGOTTEN_JUDUL = "Draf dihapus atas permintaan subjek data"
FORGOTTEN_ISI = ("Seluruh unggahan yang menjadi bukti draf ini telah dihapus atas permintaan "
                 "subjek data; isi laporan tidak lagi disimpan.")
RETENTION_ACTION = "retensi_hapus"
BATCH = 500


def posts_by_url(session: Session, url: str) -> list[Post]:
    """Every stored post with this URL (a channel harvested by two sources gives two)."""
    query = (select(Post).where(Post.url == url.strip())
             .options(selectinload(Post.revisions), selectinload(Post.classifications),
                      selectinload(Post.source)).order_by(Post.id))
    return list(session.scalars(query))


def is_forgotten(session: Session, url: str) -> bool:
    """Whether the post at ``url`` was forgotten at its author's request."""
    return bool(store.forgotten_among(session, [url]))


def _text(text: str, reveal: bool, city: CityProfile) -> dict:
    if reveal:
        return {"teks": text}
    result = redact(text, public_handles=city.public_handles)
    return {"teks": result.text, "data_pribadi_disamarkan": [r.kind for r in result.redactions]}


def _post_record(session: Session, post: Post, reveal: bool, city: CityProfile) -> dict:
    link = session.scalar(select(DraftPost).where(DraftPost.post_id == post.id))
    drafts = [] if link is None else [{
        "id": link.draft.id, "status": link.draft.status, "judul": link.draft.judul,
        "nomor_pelacakan": link.draft.record.tracking_number if link.draft.record else None,
        "ditautkan": link.added_at.isoformat()}]
    return {
        "id": post.id, "sumber": post.source.name, "platform": post.platform, "url": post.url,
        "diunggah": post.posted_at.isoformat(), "dipanen": post.harvested_at.isoformat(),
        "diubah": post.updated_at.isoformat() if post.updated_at else None,
        "pseudonim_penulis": post.author_pseudonym, **_text(post.text, reveal, city),
        "revisi": [{"diganti": r.replaced_at.isoformat(), **_text(r.text, reveal, city)}
                   for r in post.revisions],
        "klasifikasi": [{"model": c.model_version, "jenis": c.report_type,
                         "peluang_jenis": c.report_type_probability, "kode_opd": c.opd_code,
                         "peluang_opd": c.opd_probability, "dibuat": c.created_at.isoformat()}
                        for c in post.classifications],
        "draf": drafts,
    }


def export_post(session: Session, url: str, city: CityProfile, *, reveal: bool = False) -> dict:
    """What Jaring holds about the post at ``url``; texts redacted unless ``reveal``."""
    posts = posts_by_url(session, url)
    return {"url": url.strip(), "ditemukan": bool(posts),
            "pernah_dihapus": is_forgotten(session, url),
            "teks_disamarkan": not reveal,
            "unggahan": [_post_record(session, p, reveal, city) for p in posts]}


def log_request(session: Session, operator: str, action: str, url: str, posts: int,
                **details: object) -> None:
    """Audit a data-subject request (the URL only as its fingerprint)."""
    store.audit(session, operator, action, "post", None, url_hash=ForgottenPost.fingerprint(url),
                posts=posts, **details)


@dataclass
class ForgetOutcome:
    """What a forget request did: posts removed, drafts changed, posts kept and why."""

    removed: list[int] = field(default_factory=list)
    regenerated: list[int] = field(default_factory=list)
    emptied: list[int] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # tracking numbers that keep a post


def _empty_draft(draft: Draft) -> None:
    draft.judul, draft.isi, draft.redactions = FORGOTTEN_JUDUL, FORGOTTEN_ISI, []
    draft.lokasi = draft.kelurahan = draft.kecamatan = None
    if draft.status == DraftStatus.MENUNGGU:
        draft.status = DraftStatus.DITOLAK
    draft.updated_at = utcnow()


def _detach(session: Session, link: DraftPost, operator: str, city: CityProfile,
            outcome: ForgetOutcome) -> None:
    """Take a post out of a draft that is not an official record; rewrite or empty the draft."""
    draft = link.draft
    draft.sources.remove(link)
    session.flush()
    remaining = [other.post for other in draft.sources]
    if remaining:
        facts = [analyse_post(source_of(p), city) for p in remaining]
        store.rewrite_draft(draft, incident_content(facts, verdicts_for(session, draft, remaining),
                                                    city))
        outcome.regenerated.append(draft.id)
    else:
        _empty_draft(draft)
        outcome.emptied.append(draft.id)
    store.audit(session, operator, AuditAction.PRIVACY_FORGET, "draft", draft.id,
                post_id=link.post_id, remaining_evidence=len(remaining))


def forget_post(session: Session, url: str, operator: str, city: CityProfile) -> ForgetOutcome:
    """Remove the post at ``url`` and its text from every draft not yet an official record."""
    outcome = ForgetOutcome()
    posts = posts_by_url(session, url)
    for post in posts:
        link = session.scalar(select(DraftPost).where(DraftPost.post_id == post.id))
        if link is not None and link.draft.status == DraftStatus.DIKONFIRMASI:
            outcome.refused.append(link.draft.record.tracking_number)
            continue
        if link is not None:
            _detach(session, link, operator, city, outcome)
        outcome.removed.append(post.id)
        session.delete(post)
    if not outcome.refused and not is_forgotten(session, url):
        session.add(ForgottenPost(url_hash=ForgottenPost.fingerprint(url)))
    log_request(session, operator, AuditAction.PRIVACY_FORGET, url, len(posts),
                removed=outcome.removed, drafts_rewritten=outcome.regenerated,
                drafts_emptied=outcome.emptied, refused_for=outcome.refused)
    session.flush()
    return outcome


@dataclass(frozen=True)
class PurgeResult:
    """How many rows the retention purge removed."""

    posts: int
    classifications: int
    revisions: int
    cutoff: datetime


def _expired_ids(session: Session, cutoff: datetime) -> list[int]:
    """Posts in no draft harvested before ``cutoff``, and forgotten posts harvested again."""
    in_draft = select(DraftPost.post_id)
    old = session.scalars(select(Post.id).where(Post.harvested_at < cutoff,
                                                Post.id.not_in(in_draft)))
    forgotten = set(session.scalars(select(ForgottenPost.url_hash)))
    recent = session.execute(select(Post.id, Post.url).where(Post.harvested_at >= cutoff,
                                                             Post.id.not_in(in_draft)))
    again = [post_id for post_id, url in recent if ForgottenPost.fingerprint(url) in forgotten]
    return sorted({*old, *again})


def purge_expired(session: Session, days: int, now: datetime | None = None) -> PurgeResult:
    """Delete posts that never became a draft and are older than ``days`` (audited)."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    ids = _expired_ids(session, cutoff)
    counts = [0, 0, 0]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        counts[1] += session.execute(delete(Classification).where(
            Classification.post_id.in_(chunk))).rowcount
        counts[2] += session.execute(delete(PostRevision).where(
            PostRevision.post_id.in_(chunk))).rowcount
        counts[0] += session.execute(delete(Post).where(Post.id.in_(chunk))).rowcount
    store.audit(session, store.SYSTEM_ACTOR, RETENTION_ACTION, "post", None,
                retention_days=days, cutoff=cutoff.isoformat(), posts=counts[0],
                classifications=counts[1], revisions=counts[2])
    log.info("retention purge: %d posts older than %s removed", counts[0], cutoff)
    return PurgeResult(*counts, cutoff=cutoff)
