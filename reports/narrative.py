"""The isi of a draft: what happened, in the third person, post by post in time order."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from core.domain import ReportType
from reports.facts import PostFacts
from reports.formal import Sentence, formal_sentences, indonesian_date

PLATFORM_NAMES = {"telegram": "Telegram", "rss": "portal berita", "wordpress": "portal berita",
                  "mastodon": "Mastodon", "reddit": "Reddit", "bluesky": "Bluesky",
                  "facebook": "Facebook", "instagram": "Instagram", "youtube": "YouTube",
                  "html": "forum daring", "x": "X (Twitter)", "twitter": "X (Twitter)",
                  "tiktok": "TikTok"}
MAX_RESTATED = 5  # more posts than this are counted, not retold
REPOST_SIMILARITY = 90  # rapidfuzz ratio of normalised texts: a repost or a copy
_OPENING = {ReportType.PENGADUAN: "warga melaporkan bahwa",
            ReportType.ASPIRASI: "warga menyampaikan aspirasi bahwa",
            ReportType.PERMINTAAN_INFORMASI: "warga menyampaikan bahwa"}
_GENERIC = {ReportType.PENGADUAN: "warga menyampaikan keluhan berikut.",
            ReportType.ASPIRASI: "warga menyampaikan aspirasi berikut.",
            ReportType.PERMINTAAN_INFORMASI: "warga meminta informasi berikut."}


def platform_name(platform: str) -> str:
    """How a platform is named in a report."""
    return PLATFORM_NAMES.get(platform, platform.capitalize())


def _lead(f: PostFacts, first: bool) -> str:
    when, where = indonesian_date(f.posted_on), platform_name(f.post.platform)
    if first:
        return f"Melalui unggahan publik di {where} pada {when}, "
    return f"Pada {when}, melalui unggahan di {where}, "


def _retell(sentences: list[Sentence], report_type: str, lead: str, first: bool) -> str:
    """One post's sentences after its lead: a statement opens "… warga melaporkan bahwa …"."""
    if sentences and sentences[0].kind == "pernyataan":
        verb = _OPENING.get(report_type, _OPENING[ReportType.PENGADUAN])
        verb = verb if first else verb.replace("warga", "warga lain", 1)
        head = f"{lead}{verb} {sentences[0].inline}."
        rest = sentences[1:]
    else:
        generic = _GENERIC.get(report_type, _GENERIC[ReportType.PENGADUAN])
        head = lead + (generic if first else generic.replace("warga", "warga lain", 1))
        rest = sentences
    return " ".join([head, *(s.text for s in rest)])


def _is_repost(f: PostFacts, earlier: list[PostFacts]) -> bool:
    return any(fuzz.ratio(f.normalized, e.normalized) >= REPOST_SIMILARITY for e in earlier)


def _chronology(facts: Sequence[PostFacts], report_type: str, names: tuple[str, ...]) -> list[str]:
    told: list[PostFacts] = []
    paragraphs, reposts, untold = [], [], 0
    for f in facts:
        if _is_repost(f, told):
            reposts.append(f)
        elif len(told) >= MAX_RESTATED:
            untold += 1
        else:
            sentences = formal_sentences(f.redaction.text, names)
            paragraphs.append(_retell(sentences, report_type, _lead(f, not told), not told))
            told.append(f)
    if reposts:
        spots = ", ".join(f"{indonesian_date(f.posted_on)} ({platform_name(f.post.platform)})"
                          for f in reposts)
        paragraphs.append(f"Unggahan dengan isi serupa juga dibagikan ulang pada {spots}.")
    if untold:
        paragraphs.append(f"Sebanyak {untold} unggahan lain menyampaikan kejadian yang sama "
                          "(tautan terlampir).")
    return paragraphs


def _closing(facts: Sequence[PostFacts]) -> str:
    platforms = sorted({platform_name(f.post.platform) for f in facts})
    spread = " dan ".join(platforms) if len(platforms) <= 2 else (
        ", ".join(platforms[:-1]) + " dan " + platforms[-1])
    return (f"Laporan ini disusun otomatis oleh Jaring dari {len(facts)} unggahan publik di "
            f"{spread} (tautan terlampir). Identitas pengunggah dirahasiakan dan data pribadi "
            "dalam unggahan telah disamarkan; mohon diverifikasi oleh operator sebelum "
            "diteruskan.")


def compose_isi(facts: Sequence[PostFacts], report_type: str, names: tuple[str, ...], *,
                date_line: str, lokasi: str | None) -> str:
    """The full isi: chronology, incident date, location and where the text came from."""
    place = lokasi or "tidak disebutkan secara jelas dalam unggahan"
    return "\n\n".join([*_chronology(facts, report_type, names), date_line,
                        f"Lokasi kejadian: {place}.", _closing(facts)])
