"""Turning drafts into what operators see: JSON objects and rich tables, redacted only."""

from __future__ import annotations

from typing import Any

from models import Draft

TYPE_LABELS = {"pengaduan": "Pengaduan", "aspirasi": "Aspirasi",
               "permintaan_informasi": "Permintaan informasi", "bukan_laporan": "Bukan laporan"}


def draft_summary(draft: Draft) -> dict[str, Any]:
    """The fields of a draft in a queue listing."""
    return {
        "id": draft.id, "status": draft.status, "judul": draft.judul,
        "report_type": draft.report_type, "opd_code": draft.opd_code,
        "instansi_tujuan": draft.instansi_tujuan, "kategori": draft.kategori,
        "kelurahan": draft.kelurahan, "kecamatan": draft.kecamatan,
        "tanggal_kejadian": draft.tanggal_kejadian.isoformat(),
        "confidence": draft.confidence, "privacy": draft.privacy,
        "created_at": draft.created_at.isoformat(),
        "sumber": [link.post.url for link in draft.sources],
        "jumlah_bukti": len(draft.sources),
        "perlu_ditinjau": bool(draft.review_reasons),
        "alasan_tinjau": list(draft.review_reasons or []),
        "tracking_number": draft.record.tracking_number if draft.record else None,
    }


def draft_detail(draft: Draft, audit_events: list) -> dict[str, Any]:
    """Every field of a draft, its suggestions, redaction log, record and audit trail."""
    record = draft.record
    return {
        **draft_summary(draft),
        "isi": draft.isi, "lokasi": draft.lokasi,
        "tanggal_kejadian_sumber": draft.tanggal_kejadian_sumber,
        "model_version": draft.model_version,
        "saran_opd": [{"opd_code": c, "probability": p} for c, p in draft.suggestions],
        "redactions": draft.redactions,
        "bukti": [{"url": link.post.url, "platform": link.post.platform,
                   "diunggah": link.post.posted_at.isoformat(),
                   "ditautkan": link.added_at.isoformat(), "kemiripan": link.match_score}
                  for link in draft.sources],
        "record": None if record is None else {
            "tracking_number": record.tracking_number, "status": record.status,
            "instansi_tujuan": record.instansi_tujuan, "confirmed_by": record.confirmed_by,
            "forwarded_at": record.forwarded_at.isoformat(),
            "verify_due": record.verify_due.isoformat(),
            "followup_due": record.followup_due.isoformat(),
        },
        "audit": [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                   "details": e.details} for e in audit_events],
    }
