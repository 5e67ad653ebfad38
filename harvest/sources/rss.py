"""RSS and Atom feeds through feedparser: news sites, Google News searches, WordPress comments."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import feedparser

from harvest.errors import ParseError
from harvest.items import HarvestedPost, ParsedPage
from harvest.sources.base import (
    SourceKind,
    absolute_http_url,
    clean_label,
    header,
    option_url,
    structure_errors,
    unique_posts,
)
from harvest.text import fragment_to_text, from_struct_time

GOOGLE_NEWS_HOST = "news.google.com"
MEDIA_TYPES = ("image/", "video/", "audio/")


def _is_google_news(entry: Any, page_url: str) -> bool:
    hosts = {urlsplit(str(entry.get("link", ""))).netloc, urlsplit(page_url).netloc}
    return GOOGLE_NEWS_HOST in hosts


def _is_comment(entry: Any) -> bool:
    # WordPress comment feeds give every comment a guid/link ending in "#comment-<id>".
    return "#comment-" in str(entry.get("id", "")) + str(entry.get("link", ""))


def _headline(entry: Any) -> tuple[str, str | None]:
    """Google News titles read "Headline - Source"; split off the outlet."""
    title = fragment_to_text(str(entry.get("title", "")))
    source = entry.get("source")
    name = str(source.get("title") or "").strip() if isinstance(source, dict) else ""
    if name and title.endswith(f" - {name}"):
        return title.removesuffix(f" - {name}").strip(), name
    head, sep, tail = title.rpartition(" - ")
    if sep and not name:
        return head.strip(), tail.strip()
    return title, name or None


def _body(entry: Any) -> str:
    contents = entry.get("content") or []
    if _is_comment(entry) and contents:
        return fragment_to_text(str(contents[0].get("value", "")))
    return fragment_to_text(str(entry.get("summary", "")))


def _text(entry: Any, google: bool) -> tuple[str, dict[str, Any]]:
    if google:
        headline, source = _headline(entry)
        return headline, {"news_source": source} if source else {}
    if _is_comment(entry):
        return _body(entry), {"comment_on": fragment_to_text(str(entry.get("title", "")))}
    title, body = fragment_to_text(str(entry.get("title", ""))), _body(entry)
    if body.startswith(title):
        return body, {}
    return "\n".join(part for part in (title, body) if part), {}


def _posted_at(entry: Any, feed: Any, page_url: str):
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if entry.get(key):
            return from_struct_time(entry[key])
    if feed.get("updated_parsed"):
        return from_struct_time(feed["updated_parsed"])
    raise ParseError(f"entri feed {page_url} tanpa tanggal ({entry.get('id') or '?'})")


def _entry(entry: Any, feed: Any, page_url: str) -> HarvestedPost:
    google = _is_google_news(entry, page_url)
    text, extra = _text(entry, google)
    link = absolute_http_url(entry.get("link")) or absolute_http_url(feed.get("link")) or page_url
    posted_at = _posted_at(entry, feed, page_url)
    external_id = str(entry.get("id") or entry.get("link") or "") or hashlib.sha256(
        f"{text}|{posted_at.isoformat()}".encode()).hexdigest()[:32]
    media = any(str(e.get("type", "")).startswith(MEDIA_TYPES)
                for e in entry.get("enclosures", []) + entry.get("media_content", []))
    return HarvestedPost(external_id=external_id[:500], url=link, text=text, posted_at=posted_at,
                         author=clean_label(entry.get("author")), has_media=media, extra=extra)


class RssKind(SourceKind):
    """A feed: the whole feed is one page (feeds have no older page), stored every run."""

    name = "rss"
    required_options = ("url",)
    empty_page_is_suspicious = False  # a valid feed with no items is a legitimate answer

    def validate(self, options: Mapping[str, Any]) -> None:
        super().validate(options)
        option_url(options, "url", "")

    def first_url(self, options: Mapping[str, Any]) -> str:
        return str(options["url"])

    def parse(self, body: bytes, url: str,
              headers: Mapping[str, str] | None = None) -> ParsedPage:
        content_type = header(headers, "Content-Type") or ""
        if "xml" not in content_type and "rss" not in content_type:
            content_type = "application/xml"  # feeds served as text/html are still feeds
        # A stream, never bytes or str: feedparser would open those as a path or a URL.
        # Entries become plain text, so feedparser's HTML sanitising and link rewriting inside
        # content would be wasted work (it is most of the parse time).
        try:
            parsed = feedparser.parse(io.BytesIO(body), response_headers={
                "content-location": url, "content-type": content_type}, sanitize_html=False,
                resolve_relative_uris=False)
        except (ValueError, LookupError) as exc:
            # feedparser lets a few through: a NUL byte inside the declared encoding's name
            # ("embedded null character") reaches bytes.decode unchecked.
            raise ParseError(f"respons {url} bukan feed yang dapat dibaca: {str(exc)[:120]}"
                             ) from None
        if not parsed.entries and (parsed.bozo or not parsed.get("version")):
            problem = parsed.get("bozo_exception") or "bukan RSS/Atom"
            raise ParseError(f"respons {url} bukan feed yang dapat dibaca: {str(problem)[:120]}")
        with structure_errors(self.name, url):
            posts = [_entry(entry, parsed.feed, url) for entry in parsed.entries]
        return ParsedPage(posts=unique_posts(posts), older_url=None)


SOURCE = RssKind()
