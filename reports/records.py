"""Official records: listing with deadline status, and export in LAPOR!'s columns."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.city import CityProfile
from core.domain import RecordStatus
from models import Draft, DraftPost, OfficialRecord
from reports.deadlines import deadline_status
from reports.narrative import platform_name

# LAPOR!'s export columns first (Tracking ID … Status), then what Jaring adds.
EXPORT_COLUMNS = ("Tracking ID", "Tanggal Laporan", "Klasifikasi", "Kategori", "Judul Laporan",
                  "Isi Laporan", "Tipe Laporan", "Sumber Laporan", "Lampiran",
                  "Instansi Terdisposisi", "Status Laporan", "Tanggal Kejadian", "Lokasi",
                  "Batas Tindak Lanjut", "Status Tenggat")
KLASIFIKASI = {"pengaduan": "Pengaduan", "aspirasi": "Aspirasi",
               "permintaan_informasi": "Permintaan Informasi", "bukan_laporan": "Bukan Laporan"}
TIPE = {"rahasia": "Rahasia", "anonim": "Anonim", "biasa": "Biasa"}
STATUS = {RecordStatus.DITERUSKAN: "Diteruskan ke instansi",
          RecordStatus.DITINDAKLANJUTI: "Ditindaklanjuti", RecordStatus.SELESAI: "Selesai",
          RecordStatus.DIARSIPKAN: "Diarsipkan"}
CLOSED = (RecordStatus.SELESAI, RecordStatus.DIARSIPKAN)
FORMATS = ("csv", "json")


def list_records(session: Session, status: str | None = None) -> list[OfficialRecord]:
    """Official records, oldest first, with their drafts and evidence loaded."""
    query = select(OfficialRecord).options(
        selectinload(OfficialRecord.draft).selectinload(Draft.sources)
        .selectinload(DraftPost.post))
    if status:
        query = query.where(OfficialRecord.status == status)
    return list(session.scalars(query.order_by(OfficialRecord.id)))


def record_deadline(record: OfficialRecord, today: date) -> str:
    """Where the OPD's follow-up stands against its working-day deadline."""
    return deadline_status(record.followup_due, today, done=record.status in CLOSED)


def export_row(record: OfficialRecord, city: CityProfile, today: date) -> dict[str, str]:
    """One record in LAPOR!'s export columns."""
    draft, zone = record.draft, ZoneInfo(city.timezone)
    platforms = sorted({platform_name(link.post.platform) for link in draft.sources})
    return {
        "Tracking ID": record.tracking_number,
        "Tanggal Laporan": record.received_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        "Klasifikasi": KLASIFIKASI.get(record.report_type, record.report_type),
        "Kategori": draft.kategori, "Judul Laporan": draft.judul, "Isi Laporan": draft.isi,
        "Tipe Laporan": TIPE.get(draft.privacy, draft.privacy),
        "Sumber Laporan": f"Media sosial ({', '.join(platforms)}) melalui Jaring",
        "Lampiran": "\n".join(link.post.url for link in draft.sources),
        "Instansi Terdisposisi": record.instansi_tujuan,
        "Status Laporan": STATUS.get(record.status, record.status),
        "Tanggal Kejadian": draft.tanggal_kejadian.isoformat(), "Lokasi": draft.lokasi or "",
        "Batas Tindak Lanjut": record.followup_due.isoformat(),
        "Status Tenggat": record_deadline(record, today),
    }


def export_records(rows: list[dict[str, str]], fmt: str) -> str:
    """The rows as CSV (LAPOR!'s column names as header) or as a JSON array."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
