"""The one module of ``reports`` that touches the database: drafts, decisions, records, audit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from core.city import CityProfile
from core.domain import AuditAction, DraftStatus, RecordStatus
from core.errors import ConflictError, NotFoundError
from models import AuditEvent, Classification, Decision, Draft, DraftPost, OfficialRecord, Post
from models.base import utcnow
from reports.deadlines import FOLLOWUP_DAYS, VERIFY_DAYS, add_working_days
from reports.draft import DraftContent


def drafts_needed(session: Session, model_version: str) -> list[tuple[Post, Classification]]:
    """Posts classified as reports by ``model_version`` that are in no draft yet."""
    in_draft = select(DraftPost.post_id)
    query = (
        select(Post, Classification)
        .join(Classification, Classification.post_id == Post.id)
        .where(Classification.model_version == model_version,
               Classification.report_type != "bukan_laporan", Post.id.not_in(in_draft))
        .order_by(Post.posted_at, Post.id)
    )
    return [(post, cls) for post, cls in session.execute(query)]


def create_draft(session: Session, content: DraftContent, posts: Sequence[Post],
                 model_version: str) -> Draft:
    """Store a draft with its evidence posts (the caller commits)."""
    draft = Draft(
        judul=content.judul, isi=content.isi, tanggal_kejadian=content.tanggal_kejadian,
        tanggal_kejadian_sumber=content.tanggal_kejadian_sumber, lokasi=content.lokasi,
        kelurahan=content.kelurahan, kecamatan=content.kecamatan,
        report_type=content.report_type, opd_code=content.opd_code,
        instansi_tujuan=content.instansi_tujuan, kategori=content.kategori,
        privacy=content.privacy, confidence=content.confidence, model_version=model_version,
        suggestions=[list(s) for s in content.suggestions], redactions=list(content.redactions),
        status=DraftStatus.MENUNGGU,
    )
    draft.sources = [DraftPost(post_id=post.id) for post in posts]
    session.add(draft)
    session.flush()
    return draft


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
