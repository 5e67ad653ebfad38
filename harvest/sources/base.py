"""What every source kind provides: its first URL, a pure parser and its cursor rule."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from harvest.items import HarvestedPost, ParsedPage


class SourceKind:
    """A platform: knows its URLs and markup; fetching and storing live elsewhere."""

    name: str = ""
    #: Options a source entry of this kind must / may have (besides name, kind, enabled...).
    required_options: tuple[str, ...] = ()

    def validate(self, options: Mapping[str, Any]) -> None:
        """Raise ValueError when the options of a source entry are unusable."""
        missing = [key for key in self.required_options if not options.get(key)]
        if missing:
            raise ValueError(f"kolom wajib untuk jenis {self.name}: {', '.join(missing)}")

    def request_headers(self, options: Mapping[str, Any]) -> dict[str, str]:
        """Extra request headers for this source (e.g. a token read from the environment)."""
        return {}

    def first_url(self, options: Mapping[str, Any]) -> str:
        """The URL of the newest page."""
        raise NotImplementedError

    def parse(self, body: bytes, url: str,
              headers: Mapping[str, str] | None = None) -> ParsedPage:
        """Parse one response body; raise ParseError when the structure is not recognised.

        ``headers`` are the response headers when fetched live (paging through ``Link``);
        offline parsing (``jaring sources parse``) passes none.
        """
        raise NotImplementedError

    def is_seen(self, post: HarvestedPost, cursor: str | None) -> bool:
        """Whether ``post`` is at or before the stored cursor (default: by posting time)."""
        return cursor is not None and post.posted_at.isoformat() <= cursor

    def advance_cursor(self, cursor: str | None, posts: Iterable[HarvestedPost]) -> str | None:
        """The cursor after ``posts`` are stored (default: the newest posting time)."""
        marks = [p.posted_at.isoformat() for p in posts]
        return max([*marks, cursor] if cursor else marks, default=cursor)
