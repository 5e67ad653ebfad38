"""When an incident happened, from what the post says relative to when it was posted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

_RELATIVE: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(kemarin lusa|kmrn lusa|2 hari (yang )?lalu|dua hari (yang )?lalu)\b"), 2),
    (re.compile(r"\b(kemarin|kemaren|kmrn|kmarin)\b"), 1),
    (re.compile(r"\b(tadi malam|tadi pagi|tadi siang|tadi sore|barusan|hari ini|pagi ini)\b"), 0),
    (re.compile(r"\b(semalam|semalem|tadi mlm)\b"), 0),
)
_DAYS_AGO = re.compile(r"\b(\d{1,2})\s*(?:hari|hr)\s*(?:yang\s+|yg\s+)?lalu\b")
_SINCE_DAYS = re.compile(r"\b(?:sejak|dari|sudah|udah|udh|sdh)\s+(\d{1,2})\s*(?:hari|hr)\b")


@dataclass(frozen=True)
class IncidentDate:
    """The resolved date and where it came from (``teks`` or ``tanggal_unggah``)."""

    value: date
    source: str
    phrase: str | None = None


def resolve_incident_date(text: str, posted_at: datetime, timezone: str) -> IncidentDate:
    """Resolve relative phrases ("kemarin", "sejak 3 hari") against the local posting date."""
    local = posted_at.astimezone(ZoneInfo(timezone)).date()
    lowered = text.lower()
    since = _SINCE_DAYS.search(lowered) or _DAYS_AGO.search(lowered)
    if since and 0 < int(since.group(1)) <= 60:
        return IncidentDate(local - timedelta(days=int(since.group(1))), "teks",
                            since.group(0).strip())
    for pattern, days in _RELATIVE:
        match = pattern.search(lowered)
        if match:
            return IncidentDate(local - timedelta(days=days), "teks", match.group(0))
    return IncidentDate(local, "tanggal_unggah")
