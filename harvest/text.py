"""Shared text and time helpers for parsers: HTML to plain text, whitespace, timestamps."""

from __future__ import annotations

import re
import time
import warnings
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import lxml.html
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag, XMLParsedAsHTMLWarning
from lxml import etree

from harvest.errors import ParseError

_BREAK = "\x1e"
_XML_BREAK = "\ue000"  # lxml refuses control characters; a private-use one marks breaks there
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
# C0 controls (but \t \n \r), DEL and the XML-forbidden surrogates/non-characters break lxml.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_MARKUP = re.compile(r"[<&]")
#: Elements whose end is a line break in the visible text.
_BLOCKS = ("p", "div", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "tr")


def collapse_lines(text: str) -> str:
    """Collapse runs of spaces inside each line, drop blank edges, keep line breaks."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def strip_controls(text: str) -> str:
    """``text`` without control characters that no post legitimately contains."""
    return _CONTROLS.sub("", text)


def plain_text(text: str) -> str:
    """Text that is already plain (an API's ``text`` field): controls dropped, spaces collapsed."""
    return collapse_lines(strip_controls(text.replace("\r\n", "\n")))


def html_page(body: bytes | str) -> BeautifulSoup:
    """A page parsed as HTML (lxml). A feed or an XML error page where HTML was expected is
    parsed all the same, without bs4's warning: the caller finds none of its markup and says
    so in a :class:`~harvest.errors.ParseError`. So is a body that is only a URL or a file name
    (bs4 would warn that it "looks like a locator")."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        try:
            return BeautifulSoup(body, "lxml")
        except ValueError:
            # lxml refuses a declared encoding with a NUL or control character in it (a
            # damaged <meta charset>): read the bytes as UTF-8 instead, NULs replaced.
            if not isinstance(body, bytes):
                raise ParseError("halaman memuat karakter yang tidak sah untuk HTML") from None
            text = body.decode("utf-8", errors="replace").replace("\x00", "\ufffd")
            try:
                return BeautifulSoup(text, "lxml")
            except ValueError as exc:
                raise ParseError(f"halaman tidak dapat dibaca sebagai HTML: {exc}") from None


def html_to_text(node: Tag, blocks: bool = False) -> str:
    """Visible text of an element: ``<br>`` becomes a line break, markup whitespace collapses.

    With ``blocks``, the end of a paragraph, list item or similar block is a line break too.
    """
    for br in node.find_all("br"):
        br.replace_with(_BREAK)
    if blocks:
        for block in node.find_all(_BLOCKS):
            block.append(_BREAK)
    # Pretty-printed markup puts newlines inside text; only <br> marks a real line break.
    raw = node.get_text().replace("\n", " ").replace("\x00", "")
    return re.sub(r"\n{3,}", "\n\n", collapse_lines(raw.replace(_BREAK, "\n")))


def fragment_to_text(html: str) -> str:
    """Visible text of an HTML fragment (an API's rendered ``content``): breaks kept, tags gone."""
    html = strip_controls(html).replace(_XML_BREAK, "")
    if not _MARKUP.search(html):
        return collapse_lines(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return collapse_lines(html)
    for node in list(root.iter("script", "style", "template")):
        node.drop_tree()
    for node in root.iter("br", *_BLOCKS):
        node.tail = _XML_BREAK + (node.tail or "")
    raw = root.text_content().replace("\n", " ").replace(_XML_BREAK, "\n")
    return re.sub(r"\n{3,}", "\n\n", collapse_lines(raw))


def parse_timestamp(value: str, default_tz: tzinfo = UTC) -> datetime:
    """An ISO 8601 timestamp as an aware UTC datetime (naive values are taken in ``default_tz``)."""
    parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed.astimezone(UTC)


def from_epoch(seconds: float) -> datetime:
    """Seconds since the Unix epoch as an aware UTC datetime; ValueError when out of range."""
    try:
        return datetime.fromtimestamp(float(seconds), tz=UTC)
    except (OverflowError, OSError) as exc:
        raise ValueError(f"waktu di luar jangkauan: {seconds!r}") from exc


def from_struct_time(value: time.struct_time) -> datetime:
    """A UTC ``struct_time`` (as feedparser gives) as an aware UTC datetime."""
    return datetime(*value[:6], tzinfo=UTC)


def zone(name: str) -> tzinfo:
    """The time zone called ``name``; ValueError when unknown."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as exc:
        raise ValueError(f"zona waktu tidak dikenal: {name!r}") from exc


_MONTHS = {name: number for number, names in enumerate((
    ("januari", "january", "jan"), ("februari", "february", "feb", "pebruari"),
    ("maret", "march", "mar"), ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"),
    ("juli", "july", "jul"), ("agustus", "august", "agu", "agt", "ags", "aug"),
    ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
    ("november", "nov", "nop", "nopember"), ("desember", "december", "des", "dec")),
    start=1) for name in names}
_ZONES = {"wib": "Asia/Jakarta", "wita": "Asia/Makassar", "wit": "Asia/Jayapura"}
_WRITTEN = re.compile(
    r"(?:[a-z']+,?\s+)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})"
    r"(?:[,\s]+(?:pukul|jam|pkl\.?)?\s*(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?)?"
    r"\s*(wib|wita|wit)?", re.IGNORECASE)


_UNITS = {"detik": 1, "second": 1, "menit": 60, "minute": 60, "jam": 3600, "hour": 3600,
          "hari": 86400, "day": 86400, "minggu": 604800, "pekan": 604800, "week": 604800}
_AGO = re.compile(r"(\d{1,4}|se|a|an)\s*([a-z]+?)s?\s+(?:yang\s+)?(?:lalu|ago)", re.IGNORECASE)


def _time_ago(text: str, now: datetime) -> datetime | None:
    """"2 hari yang lalu", "3 jam lalu", "5 minutes ago": exact units only (no months)."""
    match = _AGO.fullmatch(text.strip())
    unit = _UNITS.get(match.group(2).lower()) if match else None
    if match is None or unit is None:
        return None
    count = int(match.group(1)) if match.group(1).isdigit() else 1
    return (now - timedelta(seconds=count * unit)).astimezone(UTC)


def _written_date(text: str, timezone: tzinfo) -> datetime | None:
    """The common "28 November 2026 14.05 WITA" shape, read without dateparser (it is slow)."""
    match = _WRITTEN.fullmatch(text.strip())
    month = _MONTHS.get(match.group(2).lower()) if match else None
    if match is None or month is None:
        return None
    day, _, year, hour, minute, second, name = match.groups()
    local = ZoneInfo(_ZONES[name.lower()]) if name else timezone
    try:
        stamp = datetime(int(year), month, int(day), int(hour or 0), int(minute or 0),
                         int(second or 0), tzinfo=local)
    except ValueError:
        return None
    return stamp.astimezone(UTC)


def parse_human_time(text: str, *, timezone: tzinfo, now: datetime,
                     languages: tuple[str, ...] = ("id", "en")) -> datetime | None:
    """A written date ("28 November 2026 14.05", "2 hari yang lalu") as UTC, or None.

    Local times are taken in ``timezone``; relative ones count back from ``now``.
    """
    quick = _written_date(text, timezone) or _time_ago(text, now)
    if quick is not None:
        return quick
    import dateparser  # slow to import; only the html kind needs it

    base = now.astimezone(timezone).replace(tzinfo=None)
    settings = {"TIMEZONE": str(timezone), "TO_TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True,
                "PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY", "RELATIVE_BASE": base}
    try:
        parsed = dateparser.parse(strip_controls(text)[:200], languages=list(languages),
                                  settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.astimezone(UTC) if parsed else None
