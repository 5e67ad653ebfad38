"""Shared text helpers for parsers: HTML to plain text, whitespace, timestamps."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bs4 import Tag

_BREAK = "\x1e"
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def collapse_lines(text: str) -> str:
    """Collapse runs of spaces inside each line, drop blank edges, keep line breaks."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def html_to_text(node: Tag) -> str:
    """Visible text of an element: ``<br>`` becomes a line break, markup whitespace collapses."""
    for br in node.find_all("br"):
        br.replace_with(_BREAK)
    # Pretty-printed markup puts newlines inside text; only <br> marks a real line break.
    raw = node.get_text().replace("\n", " ").replace("\x00", "")
    return collapse_lines(raw.replace(_BREAK, "\n"))


def parse_timestamp(value: str) -> datetime:
    """An ISO 8601 timestamp as an aware UTC datetime (naive values are taken as UTC)."""
    parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
