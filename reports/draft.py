"""Drafting a LAPOR!-style report from a classified post (pure: nothing is stored here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from classify.model import Prediction
from classify.normalize import normalize_text
from core.city import CityProfile
from core.domain import Privacy, ReportType
from reports.dates import resolve_incident_date
from reports.formal import indonesian_date, restate
from reports.kategori import choose_kategori
from reports.locate import find_location
from reports.redact import redact

JUDUL_MAX = 100
PLATFORM_NAMES = {"telegram": "Telegram", "rss": "portal berita", "wordpress": "portal berita",
                  "mastodon": "Mastodon", "reddit": "Reddit", "bluesky": "Bluesky",
                  "facebook": "Facebook", "instagram": "Instagram", "youtube": "YouTube",
                  "html": "forum daring"}
_OPENING = {
    ReportType.PENGADUAN: "Warga melaporkan bahwa",
    ReportType.ASPIRASI: "Warga menyampaikan aspirasi sebagai berikut:",
    ReportType.PERMINTAAN_INFORMASI: "Warga meminta informasi sebagai berikut:",
}


@dataclass(frozen=True)
class SourcePost:
    """The parts of a post that drafting needs."""

    text: str
    posted_at: datetime
    platform: str
    url: str


@dataclass(frozen=True)
class DraftContent:
    """Every LAPOR! field of a draft, ready to store or preview."""

    judul: str
    isi: str
    tanggal_kejadian: date
    tanggal_kejadian_sumber: str
    lokasi: str | None
    kelurahan: str | None
    kecamatan: str | None
    report_type: str
    opd_code: str
    instansi_tujuan: str
    kategori: str
    privacy: str
    confidence: float
    source_urls: tuple[str, ...]
    suggestions: tuple[tuple[str, float], ...] = ()
    redactions: tuple[dict, ...] = field(default=())


def _judul(masalah: str, report_type: str, kategori: str, place: str | None, city: str) -> str:
    if report_type == ReportType.ASPIRASI:
        head = f"Aspirasi warga terkait {kategori.lower()}"
    elif report_type == ReportType.PERMINTAAN_INFORMASI:
        head = f"Permintaan informasi terkait {kategori.lower()}"
    else:
        head = masalah
    judul = f"{head} di {place or city}"
    return judul if len(judul) <= JUDUL_MAX else judul[: JUDUL_MAX - 1].rsplit(" ", 1)[0] + "…"


def _isi(post: SourcePost, report_type: str, body: str, when, lokasi: str | None,
         timezone: str) -> str:
    platform = PLATFORM_NAMES.get(post.platform, post.platform)
    posted = indonesian_date(post.posted_at.astimezone(ZoneInfo(timezone)).date())
    opening = _OPENING.get(ReportType(report_type), "Warga melaporkan bahwa")
    date_note = (f"berdasarkan keterangan \"{when.phrase}\" dalam unggahan" if when.source == "teks"
                 else "berdasarkan tanggal unggahan, karena unggahan tidak menyebut tanggal")
    return "\n\n".join([
        f"Melalui unggahan publik di {platform} pada {posted}, {opening[0].lower()}{opening[1:]} "
        f"{body}",
        f"Tanggal kejadian: {indonesian_date(when.value)} ({date_note}).",
        f"Lokasi kejadian: {lokasi or 'tidak disebutkan secara jelas dalam unggahan'}.",
        "Laporan ini disusun otomatis oleh Jaring dari 1 unggahan publik (tautan terlampir). "
        "Identitas pengunggah dirahasiakan dan data pribadi dalam unggahan telah disamarkan; "
        "mohon diverifikasi oleh operator sebelum diteruskan.",
    ])


def draft_report(post: SourcePost, prediction: Prediction, city: CityProfile) -> DraftContent:
    """Draft a formal report from one post and the classifier's verdict."""
    redacted = redact(post.text, public_handles=city.public_handles)
    location = find_location(redacted.text, city)
    when = resolve_incident_date(redacted.text, post.posted_at, city.timezone)
    kategori = choose_kategori(normalize_text(redacted.text), prediction.opd_code)
    names = tuple(k.name for k in city.kelurahan) + tuple(k.name for k in city.kecamatan) + (
        tuple(p.name for p in city.places))
    lokasi = location.describe(city.name)
    place = location.kelurahan or location.street or location.place or location.kecamatan
    return DraftContent(
        judul=_judul(kategori.masalah, prediction.report_type, kategori.name, place, city.name),
        isi=_isi(post, prediction.report_type, restate(redacted.text, names), when, lokasi,
                 city.timezone),
        tanggal_kejadian=when.value, tanggal_kejadian_sumber=when.source, lokasi=lokasi,
        kelurahan=location.kelurahan, kecamatan=location.kecamatan,
        report_type=prediction.report_type, opd_code=prediction.opd_code,
        instansi_tujuan=city.opd_for(prediction.opd_code).name, kategori=kategori.name,
        privacy=Privacy.RAHASIA, confidence=prediction.confidence, source_urls=(post.url,),
        suggestions=prediction.opd_top3, redactions=tuple(redacted.log()),
    )
