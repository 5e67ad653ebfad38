"""Telegram public channels through their web preview, ``https://t.me/s/<channel>``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from harvest.errors import ParseError
from harvest.items import HarvestedPost, ParsedPage
from harvest.sources.base import SourceKind
from harvest.text import html_page, html_to_text, parse_timestamp

CHANNEL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,63}$")
MEDIA_CLASSES = ("tgme_widget_message_photo_wrap", "tgme_widget_message_video_player",
                 "tgme_widget_message_document_wrap")


def _message_id(data_post: str) -> int:
    try:
        return int(data_post.rsplit("/", 1)[1])
    except (IndexError, ValueError):
        raise ParseError(f"data-post tidak dikenal: {data_post!r}") from None


def _own_text(message: Tag) -> str:
    # A reply quotes another message in its own text block; keep only this message's text.
    for node in message.select(".tgme_widget_message_text.js-message_text"):
        if node.find_parent(class_="tgme_widget_message_reply") is None:
            return html_to_text(node)
    return ""


def _author(message: Tag) -> str | None:
    node = message.select_one(".tgme_widget_message_from_author") or message.select_one(
        ".tgme_widget_message_owner_name")
    return node.get_text(" ", strip=True) if node else None


def _parse_message(message: Tag, page_url: str) -> HarvestedPost:
    data_post = message["data-post"]
    _message_id(data_post)
    link = message.select_one("a.tgme_widget_message_date")
    time_tag = link.find("time") if link else None
    if time_tag is None or not time_tag.get("datetime"):
        raise ParseError(f"pesan {data_post} tanpa waktu")
    try:
        posted_at = parse_timestamp(time_tag["datetime"])
    except ValueError:
        raise ParseError(f"waktu pesan {data_post} tidak sah") from None
    url = urljoin(page_url, link.get("href") or f"https://t.me/{data_post}")
    return HarvestedPost(
        external_id=data_post, url=url, text=_own_text(message), posted_at=posted_at,
        author=_author(message),
        has_media=any(message.select_one(f".{cls}") for cls in MEDIA_CLASSES),
        extra={"forwarded": message.select_one(".tgme_widget_message_forwarded_from") is not None},
    )


def _older_url(soup: BeautifulSoup, page_url: str) -> str | None:
    prev = soup.select_one('link[rel="prev"][href]')
    if prev:
        return urljoin(page_url, prev["href"])
    more = soup.select_one("a.tme_messages_more[data-before]")
    return urljoin(page_url, more["href"]) if more and more.get("href") else None


class TelegramKind(SourceKind):
    """A public channel; message ids grow with time, so the cursor is the newest id."""

    name = "telegram"
    required_options = ("channel",)

    def validate(self, options: Mapping[str, Any]) -> None:
        super().validate(options)
        if not CHANNEL_RE.match(str(options["channel"])):
            raise ValueError(f"nama kanal Telegram tidak sah: {options['channel']!r}")

    def first_url(self, options: Mapping[str, Any]) -> str:
        base = str(options.get("base_url") or "https://t.me").rstrip("/")
        return f"{base}/s/{options['channel']}"

    def parse(self, body: bytes, url: str,
              headers: Mapping[str, str] | None = None) -> ParsedPage:
        soup = html_page(body)
        history = soup.select_one("section.tgme_channel_history, .tgme_channel_history")
        if history is None:
            raise ParseError(f"halaman {url} bukan riwayat kanal Telegram (markup berubah?)")
        messages = [m for m in history.select("div.tgme_widget_message[data-post]")
                    if "service_message" not in (m.get("class") or [])]
        posts = tuple(_parse_message(m, url) for m in messages)
        return ParsedPage(posts=posts, older_url=_older_url(soup, url) if posts else None)

    def is_seen(self, post: HarvestedPost, cursor: str | None) -> bool:
        return cursor is not None and _message_id(post.external_id) <= int(cursor)

    def advance_cursor(self, cursor: str | None, posts: Iterable[HarvestedPost]) -> str | None:
        ids = [_message_id(p.external_id) for p in posts]
        if cursor is not None:
            ids.append(int(cursor))
        return str(max(ids)) if ids else None


SOURCE = TelegramKind()
