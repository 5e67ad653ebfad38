"""When an incident happened, from what the post says relative to when it was posted.

Phrases are found with patterns written for informal Indonesian ("kmrn", "sejak 3 hr", "Senin
lalu", "tgl 5"), turned into a phrase dateparser's Indonesian parser understands and resolved
against the local posting time (``RELATIVE_BASE``, past dates preferred). A few phrases need
rules dateparser has no notion of: "tadi malam" and "semalam" mean the evening before the
posting date (at any hour: "tonight" is "malam ini").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import dateparser

MAX_AGE_DAYS = 92  # an older date is more likely a misreading than the incident
_NUMBERS = {"se": 1, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
            "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10}
_UNITS = {"hari": "hari", "hr": "hari", "minggu": "minggu", "mgg": "minggu", "pekan": "minggu",
          "bulan": "bulan", "bln": "bulan"}
_MONTHS = (r"januari|jan|februari|feb|pebruari|maret|mar|april|apr|mei|juni|jun|juli|jul|"
           r"agustus|agu|agt|ags|september|sept|sep|oktober|okt|november|nov|nop|desember|des")
_WEEKDAYS = {"senin": "senin", "selasa": "selasa", "rabu": "rabu", "kamis": "kamis",
             "jumat": "jumat", "jum'at": "jumat", "jumaat": "jumat", "sabtu": "sabtu",
             "minggu": "minggu", "ahad": "minggu"}
_WEEKDAY_NUMBERS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "sabtu": 5,
                    "minggu": 6}
_SETTINGS_BASE = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                  "DATE_ORDER": "DMY"}

_COUNT = r"(\d{1,2}|" + "|".join(_NUMBERS) + r")\s*(" + "|".join(_UNITS) + r")"
_SINCE = re.compile(rf"\b(?:sejak|dari|sudah|udah|udh|sdh|selama|hampir)\s+{_COUNT}\b")
_AGO = re.compile(rf"\b{_COUNT}\s*(?:yang\s+|yg\s+)?(?:lalu|yll|kemarin|kemaren|kmrn)\b")
_BEFORE_YESTERDAY = re.compile(r"\b(?:kemarin|kemaren|kmrn|kmarin)\s+lusa\b")
_YESTERDAY = re.compile(r"\b(?:kemarin|kemaren|kmrn|kmarin)\b")
_LAST_NIGHT = re.compile(r"\b(?:tadi\s+malam|tadi\s+mlm|semalam|semalem|kemarin\s+malam)\b")
_TODAY = re.compile(r"\b(?:tadi\s+(?:subuh|pagi|siang|sore)|(?:pagi|siang|sore|malam)\s+ini|"
                    r"hari\s+ini|barusan|baru\s+saja)\b")
_LAST_WEEK = re.compile(r"\b(?:minggu|pekan)\s+(?:lalu|kemarin|kemaren|kmrn)\b")
_WEEKDAY = re.compile(
    r"(?<!tiap )(?<!setiap )\b(?P<hari>hari\s+)?(?P<day>" + "|".join(_WEEKDAYS) + r")\b"
    r"(?:\s+(?P<after>lalu|kemarin|kemaren|kmrn|malam|pagi|siang|sore|subuh|ini|depan|"
    r"besok|nanti))?(?P<dated>,?\s*(?:tgl|tanggal)?\.?\s*\d)?")
_DAY_OF_MONTH = re.compile(
    rf"\b(?:tgl|tanggal|tg)\.?\s*(\d{{1,2}})(?:\s*[-/]\s*(\d{{1,2}})(?:\s*[-/]\s*(\d{{2,4}}))?|"
    rf"\s+({_MONTHS})\b\.?(?:\s+(\d{{4}}))?)?(?![\d/-])")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS})\b\.?(?:\s+(\d{{4}}))?")
_NUMERIC = re.compile(r"\b(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})\b")


@dataclass(frozen=True)
class IncidentDate:
    """The resolved date and where it came from (``teks`` or ``tanggal_unggah``)."""

    value: date
    source: str
    phrase: str | None = None


def _parse(phrase: str, base: datetime) -> date | None:
    parsed = dateparser.parse(phrase, languages=["id"],
                              settings={**_SETTINGS_BASE, "RELATIVE_BASE": base})
    return parsed.date() if parsed else None


def _count(match: re.Match, base: datetime) -> date | None:
    amount = match.group(1)
    number = int(amount) if amount.isdigit() else _NUMBERS[amount]
    return _parse(f"{number} {_UNITS[match.group(2)]} yang lalu", base) if number else None


def _weekday(match: re.Match, base: datetime) -> date | None:
    day, after = _WEEKDAYS[match.group("day")], match.group("after")
    if after in {"ini", "depan", "besok", "nanti"} or match.group("dated"):
        return None  # a coming day, or one the date right after it names
    if day == "minggu" and not (match.group("hari") or after in {"pagi", "siang", "sore",
                                                                    "malam", "subuh"}):
        return None  # "minggu" alone is usually "week" ("tiap minggu begini")
    if _WEEKDAY_NUMBERS[day] == base.weekday() and after not in {"lalu", "kemarin", "kemaren",
                                                                  "kmrn"}:
        return base.date()  # "hari Minggu" posted on a Sunday is today, not a week ago
    return _parse(day, base)


def _day_of_month(match: re.Match, base: datetime) -> date | None:
    day, month_number, year, month_name, year2 = match.groups()
    if month_number:
        return _calendar(base, int(day), int(month_number), year)
    if month_name:
        return _parse(" ".join(p for p in (day, month_name, year2) if p), base)
    return _latest_day(base, int(day))


def _day_month(match: re.Match, base: datetime) -> date | None:
    return _parse(" ".join(p for p in match.groups() if p), base)


def _numeric(match: re.Match, base: datetime) -> date | None:
    day, month, year = match.groups()
    return _calendar(base, int(day), int(month), year)


def _calendar(base: datetime, day: int, month: int, year: str | None) -> date | None:
    full_year = base.year if not year else int(year) + (2000 if len(year) == 2 else 0)
    try:
        value = date(full_year, month, day)
    except ValueError:
        return None
    if not year and value > base.date():
        return _calendar(base, day, month, str(base.year - 1))
    return value


def _latest_day(base: datetime, day: int) -> date | None:
    """The latest date with day-of-month ``day`` not after the posting date ("tgl 5")."""
    year, month = base.year, base.month
    for _ in range(3):
        try:
            value = date(year, month, day)
        except ValueError:
            value = None
        if value and value <= base.date():
            return value
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return None


def _fixed(days: int) -> Callable[[re.Match, datetime], date]:
    return lambda _match, base: base.date() - timedelta(days=days)


_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match, datetime], date | None]], ...] = (
    (_SINCE, _count), (_AGO, _count), (_BEFORE_YESTERDAY, _fixed(2)),
    (_LAST_WEEK, _fixed(7)), (_LAST_NIGHT, _fixed(1)), (_DAY_OF_MONTH, _day_of_month),
    (_DAY_MONTH, _day_month), (_NUMERIC, _numeric), (_WEEKDAY, _weekday),
    (_YESTERDAY, lambda _m, base: _parse("kemarin", base)), (_TODAY, _fixed(0)),
)


def _candidates(text: str, base: datetime) -> list[tuple[date, int, str]]:
    """Every date phrase in ``text`` with its resolved date and position; overlaps skipped."""
    found: list[tuple[date, int, str]] = []
    taken: list[range] = []
    for pattern, resolve in _RULES:
        for match in pattern.finditer(text):
            if any(match.start() in span or match.end() - 1 in span for span in taken):
                continue
            taken.append(range(match.start(), match.end()))
            value = resolve(match, base)
            if value is not None:
                found.append((value, match.start(), match.group(0).strip()))
    return found


def resolve_incident_date(text: str, posted_at: datetime, timezone: str) -> IncidentDate:
    """The incident date a post states relative to its local posting time, else that date.

    When several phrases name dates ("sudah 3 hari ... kemarin lapor"), the earliest one is
    when the incident began. Dates after the posting date or older than ``MAX_AGE_DAYS`` are
    ignored.
    """
    local = posted_at.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    oldest = local.date() - timedelta(days=MAX_AGE_DAYS)
    valid = [c for c in _candidates(text.lower(), local) if oldest <= c[0] <= local.date()]
    if not valid:
        return IncidentDate(local.date(), "tanggal_unggah")
    value, _, phrase = min(valid, key=lambda c: (c[0], c[1]))
    return IncidentDate(value, "teks", phrase)
