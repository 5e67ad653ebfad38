"""What every source kind provides, and the helpers all kinds share (JSON, paging, options)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dotenv import dotenv_values

from harvest.errors import ParseError
from harvest.items import HarvestedPost, ParsedPage
from harvest.text import strip_controls

_MISSING = object()
_LINK = re.compile(r'<([^>]*)>((?:\s*;\s*[^;,]+)*)')
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: Structural surprises in a decoded document that mean "not the format we know".
STRUCTURE_ERRORS = (KeyError, IndexError, TypeError, AttributeError, ValueError, OverflowError,
                    RecursionError)


class SourceKind:
    """A platform: knows its URLs and markup; fetching and storing live elsewhere."""

    name: str = ""
    #: Options a source entry of this kind must / may have (besides name, kind, enabled...).
    required_options: tuple[str, ...] = ()
    #: Whether an empty newest page, after the source once had posts, means the markup changed.
    #: True for scraped markup; False where the parser already checked the document's structure
    #: and "nothing matches" is a legitimate answer (an API or feed search with no new hits).
    empty_page_is_suspicious: bool = True

    def validate(self, options: Mapping[str, Any]) -> None:
        """Raise ValueError when the options of a source entry are unusable."""
        missing = [key for key in self.required_options if not options.get(key)]
        if missing:
            raise ValueError(f"kolom wajib untuk jenis {self.name}: {', '.join(missing)}")

    def with_options(self, options: Mapping[str, Any]) -> SourceKind:
        """This kind bound to one source's options (only kinds whose parser needs them differ)."""
        return self

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

    def cursor_mark(self, post: HarvestedPost) -> str:
        """Where ``post`` sits in the platform's order (default: its posting time)."""
        return post.posted_at.isoformat()

    def mark_order(self, mark: str) -> Any:
        """A sort key for cursor marks (default: the ISO text sorts like the time)."""
        return mark

    def is_seen(self, post: HarvestedPost, cursor: str | None) -> bool:
        """Whether ``post`` is at or before the stored cursor."""
        if cursor is None:
            return False
        return self.mark_order(self.cursor_mark(post)) <= self.mark_order(cursor)

    def advance_cursor(self, cursor: str | None, posts: Iterable[HarvestedPost]) -> str | None:
        """The cursor after ``posts`` are stored: the furthest mark, never moving back."""
        marks = [self.cursor_mark(p) for p in posts]
        if cursor is not None:
            marks.append(cursor)
        return max(marks, key=self.mark_order, default=None)


class JsonSourceKind(SourceKind):
    """A kind whose pages are JSON documents; structural surprises become ParseError."""

    empty_page_is_suspicious = False

    def parse(self, body: bytes, url: str,
              headers: Mapping[str, str] | None = None) -> ParsedPage:
        document = load_json(body, url)
        with structure_errors(self.name, url):
            return self.parse_document(document, url, headers or {})

    def parse_document(self, document: Any, url: str, headers: Mapping[str, str]) -> ParsedPage:
        """Turn one decoded JSON page into posts and the older page's URL."""
        raise NotImplementedError


def length_then_text(mark: str) -> tuple[int, str]:
    """Sort key of platform ids that grow with time (decimal snowflakes, base36, flake ids)."""
    return len(mark), mark


# --- decoding ---------------------------------------------------------------------------------

def load_json(body: bytes, url: str) -> Any:
    """Decode a UTF-8 JSON body; anything else (HTML, truncated, bad bytes) is a ParseError."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"respons {url} bukan UTF-8 yang sah (byte {exc.start})") from None
    if text.lstrip()[:1] not in ("{", "["):
        start = text.lstrip()[:40]
        raise ParseError(f"respons {url} bukan JSON (diawali {start!r})")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"respons {url} bukan JSON yang sah: {str(exc)[:120]}") from None


@contextmanager
def structure_errors(what: str, url: str) -> Iterator[None]:
    """Turn a decoded document's structural surprises into one clear ParseError."""
    try:
        yield
    except STRUCTURE_ERRORS as exc:
        detail = f"{exc.__class__.__name__}: {str(exc)[:120]}"
        raise ParseError(f"struktur respons {what} tidak dikenal di {url} ({detail})") from None


def field(obj: Any, key: str, kind: type | tuple[type, ...] = str, default: Any = _MISSING) -> Any:
    """``obj[key]`` checked to be of ``kind``; missing or null gives ``default`` if one is given."""
    if not isinstance(obj, dict):
        raise ParseError(f"diharapkan objek JSON dengan kunci {key!r}, "
                         f"didapat {type(obj).__name__}")
    value = obj.get(key)
    if value is None and default is not _MISSING:
        return default
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ParseError(f"kunci {key!r} hilang atau bukan {_kind_name(kind)}")
    return value


def ident(obj: Any, key: str = "id") -> str:
    """A non-empty id string at ``obj[key]`` (an empty id could not tell posts apart)."""
    value = field(obj, key, str).strip()
    if not value:
        raise ParseError(f"kunci {key!r} kosong")
    return value


def items_of(obj: Any, key: str) -> list[dict[str, Any]]:
    """The list of objects at ``obj[key]`` (every element checked to be an object)."""
    values = field(obj, key, list)
    if not all(isinstance(value, dict) for value in values):
        raise ParseError(f"daftar {key!r} berisi unsur yang bukan objek")
    return values


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return "/".join(k.__name__ for k in kinds)


def clean_label(value: Any) -> str | None:
    """An author name or handle as text, or None when absent."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = strip_controls(str(value)).strip()
    return text or None


def unique_posts(posts: Iterable[HarvestedPost]) -> tuple[HarvestedPost, ...]:
    """Posts with repeated external ids dropped (first kept), e.g. a boost of a shown post."""
    seen: dict[str, HarvestedPost] = {}
    for post in posts:
        seen.setdefault(post.external_id, post)
    return tuple(seen.values())


# --- URLs and paging --------------------------------------------------------------------------

def next_url_with(url: str, **params: Any) -> str:
    """``url`` with query parameters set (``None`` removes one); other parameters are kept."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def header(headers: Mapping[str, str] | None, name: str) -> str | None:
    """A response header by case-insensitive name (plain dicts and httpx headers alike)."""
    if not headers:
        return None
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return value


def link_header(headers: Mapping[str, str] | None, rel: str = "next") -> str | None:
    """The URL of the ``Link`` header entry with relation ``rel`` (RFC 8288), if any."""
    value = header(headers, "Link")
    for target, params in _LINK.findall(value or ""):
        for param in params.split(";"):
            key, _, val = param.strip().partition("=")
            if key.strip().lower() == "rel" and rel in val.strip().strip('"').lower().split():
                return target.strip()
    return None


def absolute_http_url(value: Any) -> str | None:
    """``value`` if it is an absolute http(s) URL, else None."""
    if not isinstance(value, str):
        return None
    value = strip_controls(value).strip()
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else None


# --- options ----------------------------------------------------------------------------------

def option_url(options: Mapping[str, Any], key: str, default: str) -> str:
    """An http(s) base URL option without its trailing slash; ValueError when malformed."""
    value = options.get(key, default)
    if absolute_http_url(value) is None:
        raise ValueError(f"opsi {key} harus URL http(s) lengkap, bukan {value!r}")
    return str(value).rstrip("/")


def exactly_one(options: Mapping[str, Any], keys: tuple[str, ...], kind: str) -> str:
    """The one option of ``keys`` that is set; ValueError when none or several are."""
    present = [key for key in keys if options.get(key) not in (None, "")]
    if len(present) != 1:
        raise ValueError(f"jenis {kind} memerlukan tepat satu dari: {', '.join(keys)}")
    return present[0]


def matching(options: Mapping[str, Any], key: str, pattern: str, what: str) -> str:
    """Option ``key`` as text, checked against ``pattern``; ValueError naming ``what``."""
    value = str(options.get(key, ""))
    if not re.fullmatch(pattern, value):
        raise ValueError(f"{what} tidak sah: {options.get(key)!r}")
    return value


def bounded_int(options: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    """An integer option within ``low..high``; ValueError otherwise."""
    value = options.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"opsi {key} harus bilangan bulat {low}-{high}, bukan {value!r}")
    return value


def env_secret(options: Mapping[str, Any], option: str, default_env: str) -> str:
    """The secret in the environment variable the source names (or ``.env``, as settings are)."""
    name = str(options.get(option) or default_env)
    if not _ENV_NAME.match(name):
        raise ValueError(f"opsi {option} harus nama variabel lingkungan, bukan {name!r}")
    value = (os.environ.get(name) or dotenv_values(".env").get(name) or "").strip()
    if not value:
        raise ValueError(f"token tidak ditemukan di variabel lingkungan {name}")
    return value
