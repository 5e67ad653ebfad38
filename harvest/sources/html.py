"""Any HTML page (forums, sites without a feed) read with CSS selectors from the source entry."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import soupsieve
from bs4 import Tag

from core.city import load_city_profile
from core.settings import get_settings
from harvest.errors import ParseError
from harvest.items import HarvestedPost, ParsedPage
from harvest.sources.base import (
    SourceKind,
    absolute_http_url,
    header,
    option_url,
    structure_errors,
    unique_posts,
)
from harvest.text import html_page, html_to_text, parse_human_time, parse_timestamp, zone

SELECTOR_OPTIONS = ("post", "text", "author", "time", "link", "next")


@dataclass(frozen=True)
class Selectors:
    """Where one site keeps its posts; ``post`` is searched in the page, the others in a post."""

    post: str
    text: str
    author: str | None = None
    time: str | None = None
    link: str | None = None
    next: str | None = None
    allow_empty: bool = False
    timezone: str = "UTC"


def _selectors(options: Mapping[str, Any]) -> Selectors:
    values = {key: options[key] for key in SELECTOR_OPTIONS if options.get(key)}
    for key, selector in values.items():
        try:
            soupsieve.compile(str(selector))
        except soupsieve.SelectorSyntaxError as exc:
            reason = str(exc).splitlines()[0]
            raise ValueError(f"selektor {key} tidak sah: {selector!r} ({reason})") from None
    if not isinstance(options.get("allow_empty", False), bool):
        raise ValueError("opsi allow_empty harus true atau false")
    timezone = str(options.get("timezone") or load_city_profile(get_settings().city_profile)
                   .timezone)
    zone(timezone)
    return Selectors(**{k: str(v) for k, v in values.items()},
                     allow_empty=bool(options.get("allow_empty", False)), timezone=timezone)


def _href(node: Tag | None, page_url: str) -> str | None:
    if node is None:
        return None
    target = node if node.get("href") else node.select_one("a[href]")
    href = target.get("href") if target is not None else None
    return absolute_http_url(urljoin(page_url, str(href))) if href else None


def _fetched_at(headers: Mapping[str, str] | None) -> datetime:
    value = header(headers, "Date")
    try:
        return parsedate_to_datetime(value).astimezone(UTC) if value else datetime.now(UTC)
    except (TypeError, ValueError):
        return datetime.now(UTC)


def _time(node: Tag | None, tz: tzinfo, fetched: datetime) -> datetime:
    if node is None:
        raise ParseError("elemen waktu tidak ditemukan dalam kiriman (markup berubah?)")
    value = str(node.get("datetime") or "").strip()
    if value:
        try:
            return parse_timestamp(value, default_tz=tz)
        except ValueError:
            pass
    written = node.get_text(" ", strip=True) or value
    parsed = parse_human_time(written, timezone=tz, now=fetched)
    if parsed is None:
        raise ParseError(f"waktu tidak terbaca: {written[:60]!r}")
    return parsed


def _post(chosen: Selectors, node: Tag, url: str, fetched: datetime) -> HarvestedPost | None:
    text_node = node.select_one(chosen.text)
    if text_node is None:
        return None  # e.g. a deleted post's placeholder
    text = html_to_text(text_node, blocks=True)
    extra: dict[str, Any] = {}
    if chosen.time:
        posted_at = _time(node.select_one(chosen.time), zone(chosen.timezone), fetched)
    else:
        posted_at, extra["time_estimated"] = fetched, True
    link = _href(node.select_one(chosen.link), url) if chosen.link else None
    author_node = node.select_one(chosen.author) if chosen.author else None
    author = " ".join(author_node.get_text(" ").split()) if author_node is not None else ""
    # Without a link, the page and the text identify the post (it changes id if either moves).
    digest = hashlib.sha256(f"{url}\n{text}".encode()).hexdigest()[:32]
    return HarvestedPost(
        external_id=link or f"sha256:{digest}", url=link or url, text=text, posted_at=posted_at,
        author=author or None, has_media=text_node.select_one("img, video") is not None,
        extra=extra,
    )


class HtmlKind(SourceKind):
    """A page of posts found by CSS selectors; its older page is the ``next`` link."""

    name = "html"
    required_options = ("url", "post", "text")

    def __init__(self, selectors: Selectors | None = None) -> None:
        self.selectors = selectors

    def validate(self, options: Mapping[str, Any]) -> None:
        super().validate(options)
        option_url(options, "url", "")
        _selectors(options)

    def with_options(self, options: Mapping[str, Any]) -> HtmlKind:
        return HtmlKind(_selectors(options))

    def first_url(self, options: Mapping[str, Any]) -> str:
        return option_url(options, "url", "")

    def parse(self, body: bytes, url: str,
              headers: Mapping[str, str] | None = None) -> ParsedPage:
        chosen = self.selectors
        if chosen is None:
            raise ParseError("jenis html memerlukan selektor dari entri sumbernya "
                             "(post, text, ...): gunakan with_options(opsi)")
        soup = html_page(body)
        containers = soup.select(chosen.post)
        if not containers and not chosen.allow_empty:
            raise ParseError(f"selektor post {chosen.post!r} tidak menemukan apa pun di {url} "
                             "(markup berubah?)")
        with structure_errors(self.name, url):
            posts = [_post(chosen, node, url, _fetched_at(headers)) for node in containers]
        found = [post for post in posts if post is not None]
        if containers and not found:
            raise ParseError(f"selektor text {chosen.text!r} tidak menemukan teks di {url}")
        older = _href(soup.select_one(chosen.next), url) if chosen.next and found else None
        return ParsedPage(posts=unique_posts(found), older_url=older)


SOURCE = HtmlKind()
