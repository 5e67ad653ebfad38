"""Drafts, their evidence, decisions, records and the audit log in the database.

``reports.privacy`` (data-subject requests, retention) and ``reports.records`` (listing and
exporting official records) are the other two modules of ``reports`` that use the database;
all of them take the caller's session and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from classify.normalize import normalize_text
from core.city import CityProfile
from core.domain import AuditAction, DraftStatus, RecordStatus
from core.errors import ConflictError, NotFoundError
from models import AuditEvent, Classification, Decision, Draft, DraftPost, OfficialRecord, Post
from models.base import utcnow
from models.tables import ForgottenPost
from reports.deadlines import FOLLOWUP_DAYS, VERIFY_DAYS, add_working_days
from reports.draft import DraftContent
from reports.kategori import choose_kategori

SYSTEM_ACTOR = "jaring"  # the actor of audit events no operator caused
LATE_EVIDENCE = "bukti_tambahan"  # audit action: a post linked to an already confirmed draft
OPEN_RECORD_STATUSES = (RecordStatus.DITERUSKAN, RecordStatus.DITINDAKLANJUTI)


def forgotten_among(session: Session, urls: Iterable[str]) -> set[str]:
    """Those of ``urls`` whose posts were forgotten at their authors' request."""
    by_hash = {ForgottenPost.fingerprint(u): u for u in urls}
    if not by_hash:
        return set()
    found = session.scalars(select(ForgottenPost.url_hash).where(
        ForgottenPost.url_hash.in_(list(by_hash))))
    return {by_hash[h] for h in found}


def drafts_needed(session: Session, model_version: str) -> list[tuple[Post, Classification]]:
    """Posts classified as reports by ``model_version``, in no draft and not forgotten."""
    in_draft = select(DraftPost.post_id)
    query = (
        select(Post, Classification)
        .join(Classification, Classification.post_id == Post.id)
        .where(Classification.model_version == model_version,
               Classification.report_type != "bukan_laporan", Post.id.not_in(in_draft))
        .order_by(Post.posted_at, Post.id)
    )
    rows = list(session.execute(query))
    forgotten = forgotten_among(session, [post.url for post, _ in rows])
    return [(post, cls) for post, cls in rows if post.url not in forgotten]


def _content_fields(content: DraftContent) -> dict:
    return dict(
        judul=content.judul, isi=content.isi, tanggal_kejadian=content.tanggal_kejadian,
        tanggal_kejadian_sumber=content.tanggal_kejadian_sumber, lokasi=content.lokasi,
        kelurahan=content.kelurahan, kecamatan=content.kecamatan,
        report_type=content.report_type, opd_code=content.opd_code,
        instansi_tujuan=content.instansi_tujuan, kategori=content.kategori,
        privacy=content.privacy, confidence=content.confidence,
        suggestions=[list(s) for s in content.suggestions], redactions=list(content.redactions),
        review_reasons=list(content.review_reasons))


def create_draft(session: Session, content: DraftContent, posts: Sequence[Post],
                 model_version: str) -> Draft:
    """Store a draft with its evidence posts (the caller commits)."""
    draft = Draft(**_content_fields(content), model_version=model_version,
                  status=DraftStatus.MENUNGGU)
    draft.sources = [DraftPost(post_id=post.id) for post in posts]
    session.add(draft)
    session.flush()
    return draft


def rewrite_draft(draft: Draft, content: DraftContent) -> None:
    """Replace a draft's generated fields (after evidence was added or removed)."""
    for name, value in _content_fields(content).items():
        setattr(draft, name, value)
    draft.updated_at = utcnow()


def add_evidence(session: Session, draft: Draft, post: Post, score: float) -> DraftPost:
    """Link one more post about the same incident to ``draft``.

    A draft still under review is the caller's to regenerate; a confirmed draft keeps its text
    (the record was forwarded as confirmed) and the link is logged as late evidence.
    """
    link = DraftPost(post_id=post.id, match_score=round(score, 4), post=post)
    draft.sources.append(link)
    if draft.status == DraftStatus.DIKONFIRMASI:
        audit(session, SYSTEM_ACTOR, LATE_EVIDENCE, "draft", draft.id, post_id=post.id,
              match_score=round(score, 4))
    session.flush()
    return link


def open_incidents(session: Session, since: date) -> list[Draft]:
    """Drafts a new post may join: under review, or confirmed with the record still open.

    Only drafts whose incident date or creation is on or after ``since`` are candidates; the
    incident matcher applies the exact date window.
    """
    since_time = datetime.combine(since, time.min, tzinfo=UTC)
    confirmed = select(OfficialRecord.draft_id).where(
        OfficialRecord.status.in_(OPEN_RECORD_STATUSES))
    query = (
        select(Draft)
        .where((Draft.status == DraftStatus.MENUNGGU)
               | ((Draft.status == DraftStatus.DIKONFIRMASI) & Draft.id.in_(confirmed)))
        .where((Draft.tanggal_kejadian >= since) | (Draft.created_at >= since_time))
        .options(selectinload(Draft.sources).selectinload(DraftPost.post))
        .order_by(Draft.id)
    )
    return list(session.scalars(query))


def latest_classifications(session: Session, post_ids: Sequence[int]) -> dict[int, Classification]:
    """The newest verdict on each post (any model version)."""
    if not post_ids:
        return {}
    rows = session.scalars(select(Classification).where(Classification.post_id.in_(post_ids))
                           .order_by(Classification.id))
    return {row.post_id: row for row in rows}


def list_drafts(session: Session, status: str | None = DraftStatus.MENUNGGU,
                limit: int = 100) -> list[Draft]:
    """Drafts, newest first, optionally only those with ``status``."""
    query = select(Draft).options(selectinload(Draft.sources).selectinload(DraftPost.post))
    if status:
        query = query.where(Draft.status == status)
    return list(session.scalars(query.order_by(Draft.created_at.desc(), Draft.id.desc())
                                .limit(limit)))


def get_draft(session: Session, draft_id: int, *, lock: bool = False) -> Draft:
    """One draft; a missing id raises :class:`NotFoundError`."""
    query = select(Draft).where(Draft.id == draft_id).options(
        selectinload(Draft.sources).selectinload(DraftPost.post))
    if lock:
        query = query.with_for_update()
    draft = session.scalar(query)
    if draft is None:
        raise NotFoundError(f"Draf #{draft_id} tidak ditemukan")
    return draft


def audit(session: Session, actor: str, action: str, entity_type: str,
          entity_id: int | None, **details: object) -> None:
    """Append an audit event (the caller's transaction makes it atomic with the action)."""
    session.add(AuditEvent(actor=actor, action=action, entity_type=entity_type,
                           entity_id=entity_id, details=details))


def _require_pending(draft: Draft) -> None:
    if draft.status == DraftStatus.DIKONFIRMASI:
        number = draft.record.tracking_number if draft.record else "?"
        raise ConflictError(f"Draf #{draft.id} sudah dikonfirmasi sebagai {number}")
    if draft.status != DraftStatus.MENUNGGU:
        raise ConflictError(f"Draf #{draft.id} berstatus {draft.status}, tidak bisa diproses")


def next_tracking_number(session: Session, prefix: str, year: int) -> str:
    """``BTG-2026-000001``: the next number of the year for the city's prefix."""
    stem = f"{prefix}-{year}-"
    last = session.scalar(select(func.max(OfficialRecord.tracking_number))
                          .where(OfficialRecord.tracking_number.like(f"{stem}%")))
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{sequence:06d}"


@dataclass(frozen=True)
class Edits:
    """Operator's changes at confirmation; None keeps the draft's value."""

    opd_code: str | None = None
    judul: str | None = None
    report_type: str | None = None


def confirm_draft(session: Session, draft_id: int, operator: str, city: CityProfile,
                  edits: Edits = Edits()) -> OfficialRecord:
    """Verify a draft: apply edits, create the official record, log decision and audit."""
    draft = get_draft(session, draft_id, lock=True)
    _require_pending(draft)
    changes = _apply_edits(draft, edits, city)
    if changes:
        audit(session, operator, AuditAction.EDIT, "draft", draft.id, changes=changes)
    now = utcnow()
    received = draft.created_at.astimezone(ZoneInfo(city.timezone)).date()
    forwarded = now.astimezone(ZoneInfo(city.timezone)).date()
    record = OfficialRecord(
        tracking_number=next_tracking_number(session, city.tracking_prefix, forwarded.year),
        draft_id=draft.id, status=RecordStatus.DITERUSKAN, report_type=draft.report_type,
        opd_code=draft.opd_code, instansi_tujuan=draft.instansi_tujuan, confirmed_by=operator,
        received_at=draft.created_at, forwarded_at=now,
        verify_due=add_working_days(received, VERIFY_DAYS),
        followup_due=add_working_days(forwarded, FOLLOWUP_DAYS),
    )
    draft.status, draft.updated_at, draft.record = DraftStatus.DIKONFIRMASI, now, record
    session.add(Decision(draft_id=draft.id, operator=operator, action="confirm",
                         report_type=draft.report_type, opd_code=draft.opd_code))
    audit(session, operator, AuditAction.CONFIRM, "draft", draft.id,
          tracking_number=record.tracking_number, opd_code=draft.opd_code)
    try:
        session.flush()
    except IntegrityError:
        raise ConflictError(f"Draf #{draft.id} sedang diproses operator lain; coba lagi") from None
    return record


def _apply_edits(draft: Draft, edits: Edits, city: CityProfile) -> dict[str, list]:
    changes: dict[str, list] = {}
    if edits.opd_code and edits.opd_code != draft.opd_code:
        changes["opd_code"] = [draft.opd_code, edits.opd_code]
        draft.opd_code = edits.opd_code
        draft.instansi_tujuan = city.opd_for(edits.opd_code).name
        kategori = choose_kategori(normalize_text(draft.isi), edits.opd_code).name
        if kategori != draft.kategori:
            changes["kategori"] = [draft.kategori, kategori]
            draft.kategori = kategori
    if edits.report_type and edits.report_type != draft.report_type:
        changes["report_type"] = [draft.report_type, edits.report_type]
        draft.report_type = edits.report_type
    if edits.judul and edits.judul.strip() != draft.judul:
        changes["judul"] = [draft.judul, edits.judul.strip()]
        draft.judul = edits.judul.strip()
    return changes


def reject_draft(session: Session, draft_id: int, operator: str, reason: str) -> Draft:
    """Reject a draft with a reason; the decision becomes a training label."""
    if not reason.strip():
        raise ConflictError("Alasan penolakan wajib diisi")
    draft = get_draft(session, draft_id, lock=True)
    _require_pending(draft)
    draft.status, draft.updated_at = DraftStatus.DITOLAK, utcnow()
    session.add(Decision(draft_id=draft.id, operator=operator, action="reject",
                         reason=reason.strip()))
    audit(session, operator, AuditAction.REJECT, "draft", draft.id, reason=reason.strip())
    session.flush()
    return draft


def audit_trail(session: Session, entity_type: str, entity_id: int) -> list[AuditEvent]:
    """Every audit event about one entity, oldest first."""
    return list(session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == entity_type,
                                 AuditEvent.entity_id == entity_id).order_by(AuditEvent.id)))
