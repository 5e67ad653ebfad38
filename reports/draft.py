"""Drafting a LAPOR!-style report from the posts about one incident (pure: nothing is stored)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from classify.model import Prediction
from core.city import CityProfile
from core.domain import Privacy, ReportType
from reports.dates import IncidentDate
from reports.facts import PostFacts, SourcePost, analyse_post
from reports.formal import indonesian_date
from reports.kategori import choose_kategori
from reports.locate import Location
from reports.narrative import compose_isi

__all__ = ["DraftContent", "SourcePost", "draft_incident", "draft_report"]

JUDUL_MAX = 100


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
    street: str | None = None
    place: str | None = None
    tanggal_kejadian_frasa: str | None = None
    #: Why the classifier was unsure; a non-empty tuple puts the draft under "perlu ditinjau".
    review_reasons: tuple[str, ...] = ()


@lru_cache(maxsize=4)
def proper_names(city: CityProfile) -> tuple[str, ...]:
    """Names the formal text writes with capitals: places, kelurahan, kecamatan, OPDs."""
    names = [city.name, *(k.name for k in city.kelurahan), *(k.name for k in city.kecamatan),
             *(f"Kelurahan {k.name}" for k in city.kelurahan),
             *(f"Kecamatan {k.name}" for k in city.kecamatan),
             *(p.name for p in city.places), *(o.short_name for o in city.opds.values()),
             *(o.name for o in city.opds.values())]
    return tuple(n for n in names if n and "/" not in n)


def _judul(masalah: str, report_type: str, kategori: str, location: Location,
           city: str) -> str:
    """Problem and place; a shorter name of the place when the full one does not fit."""
    if report_type == ReportType.ASPIRASI:
        head = f"Aspirasi warga terkait {kategori.lower()}"
    elif report_type == ReportType.PERMINTAAN_INFORMASI:
        head = f"Permintaan informasi terkait {kategori.lower()}"
    else:
        head = masalah
    spot = location.street or location.place
    places = [location.short, location.kelurahan, spot,
              re.sub(r"\s*\(.*?\)", "", spot or ""), city]  # "Stadion X (Lang-Lang)" → "Stadion X"
    for place in filter(None, places):
        if len(judul := f"{head} di {place}") <= JUDUL_MAX:
            return judul
    return judul[: JUDUL_MAX - 1].rsplit(" ", 1)[0].rstrip(",") + "…"


def incident_location(facts: Sequence[PostFacts]) -> Location:
    """The place most posts name (the earliest among equals), street and place filled in."""
    named = [f.location for f in facts if f.location.kelurahan]
    if named:
        top = Counter(loc.kelurahan for loc in named).most_common(1)[0][0]
        base = next(loc for loc in named if loc.kelurahan == top)
    else:
        base = next((f.location for f in facts if f.location.kecamatan), Location())
    street = base.street or next((f.location.street for f in facts if f.location.street
                                  and f.location.kelurahan in (None, base.kelurahan)), None)
    place = base.place or next((f.location.place for f in facts if f.location.place
                                and f.location.kelurahan in (None, base.kelurahan)), None)
    return Location(street=street, place=place, kelurahan=base.kelurahan,
                    kecamatan=base.kecamatan)


def incident_date(facts: Sequence[PostFacts]) -> tuple[IncidentDate, PostFacts]:
    """The earliest date a post states, else the earliest posting date; and which post."""
    stated = [f for f in facts if f.when.source == "teks"]
    chosen = min(stated or facts, key=lambda f: (f.when.value, f.post.posted_at))
    return chosen.when, chosen


def draft_incident(facts: Sequence[PostFacts], prediction: Prediction,
                   city: CityProfile) -> DraftContent:
    """Draft one formal report from every post about one incident (oldest first)."""
    facts = sorted(facts, key=lambda f: f.post.posted_at)
    location = incident_location(facts)
    when, dated = incident_date(facts)
    kategori = choose_kategori(" ".join(f.normalized for f in facts), prediction.opd_code)
    lokasi = location.describe(city.name)
    isi = compose_isi(facts, prediction.report_type, proper_names(city),
                      date_line=_date_line(when, dated, len(facts)), lokasi=lokasi)
    return DraftContent(
        judul=_judul(kategori.problem(" ".join(f.normalized for f in facts)),
                     prediction.report_type, kategori.name, location, city.name),
        isi=isi, tanggal_kejadian=when.value, tanggal_kejadian_sumber=when.source,
        tanggal_kejadian_frasa=when.phrase, lokasi=lokasi, kelurahan=location.kelurahan,
        kecamatan=location.kecamatan, street=location.street, place=location.place,
        report_type=prediction.report_type, opd_code=prediction.opd_code,
        instansi_tujuan=city.opd_for(prediction.opd_code).name, kategori=kategori.name,
        privacy=Privacy.RAHASIA, confidence=prediction.confidence,
        review_reasons=prediction.review_reasons if prediction.needs_review else (),
        source_urls=tuple(f.post.url for f in facts), suggestions=prediction.opd_top3,
        redactions=tuple({**entry, "sumber": i} for i, f in enumerate(facts)
                         for entry in f.redaction.log()),
    )


def _date_line(when: IncidentDate, dated: PostFacts, count: int) -> str:
    which = "unggahan" if count == 1 else f"unggahan {indonesian_date(dated.posted_on)}"
    if when.source == "teks":
        note = f"berdasarkan keterangan \"{when.phrase}\" dalam {which}"
    else:
        note = "berdasarkan tanggal unggahan, karena unggahan tidak menyebut tanggal kejadian"
    return f"Tanggal kejadian: {indonesian_date(when.value)} ({note})."


def draft_report(post: SourcePost, prediction: Prediction, city: CityProfile) -> DraftContent:
    """Draft a formal report from one post and the classifier's verdict."""
    return draft_incident([analyse_post(post, city)], prediction, city)
