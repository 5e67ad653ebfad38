"""Bluesky through the public AppView: an account's feed, or a post search."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harvest.errors import ParseError
from harvest.items import HarvestedPost, ParsedPage
from harvest.sources.base import (
    JsonSourceKind,
    bounded_int,
    clean_label,
    exactly_one,
    field,
    items_of,
    matching,
    next_url_with,
    option_url,
    unique_posts,
)
from harvest.text import parse_timestamp, plain_text

PUBLIC_APPVIEW = "https://public.api.bsky.app"
WEB = "https://bsky.app"
#: Authors who asked not to be shown to logged-out viewers.
NO_UNAUTHENTICATED = "!no-unauthenticated"
PIN = "app.bsky.feed.defs#reasonPin"
MEDIA_EMBEDS = ("app.bsky.embed.images", "app.bsky.embed.video", "app.bsky.embed.recordWithMedia")


def _hidden(author: dict[str, Any]) -> bool:
    labels = field(author, "labels", list, default=[])
    return any(isinstance(label, dict) and label.get("val") == NO_UNAUTHENTICATED
               for label in labels)


def _permalink(uri: str, author: dict[str, Any]) -> str:
    parts = uri.removeprefix("at://").split("/")
    if len(parts) != 3 or parts[1] != "app.bsky.feed.post" or not parts[2]:
        raise ParseError(f"URI kiriman Bluesky tidak dikenal: {uri!r}")
    handle = field(author, "handle", str, default="")
    actor = handle if handle and handle != "handle.invalid" else parts[0]
    return f"{WEB}/profile/{actor}/post/{parts[2]}"


def _post(post: dict[str, Any], reason: dict[str, Any] | None) -> HarvestedPost:
    uri = field(post, "uri", str)
    author, record = field(post, "author", dict), field(post, "record", dict)
    created = parse_timestamp(field(record, "createdAt", str))
    indexed_at = field(post, "indexedAt", str, default="")
    indexed = parse_timestamp(indexed_at) if indexed_at else created
    # The feed is ordered by the repost's time for reposts, else by the earlier of the two.
    if reason:
        feed_time = parse_timestamp(field(reason, "indexedAt", str))
    else:
        feed_time = min(created, indexed)
    embed = field(post, "embed", dict, default={})
    extra: dict[str, Any] = {"feed_time": feed_time.isoformat(), "reply": "reply" in record}
    if reason:
        extra["reposted_by"] = clean_label(field(reason, "by", dict, default={}).get("handle"))
    return HarvestedPost(
        external_id=uri, url=_permalink(uri, author),
        text=plain_text(field(record, "text", str, default="")), posted_at=created,
        author=clean_label(author.get("handle")),
        has_media=str(embed.get("$type", "")).startswith(MEDIA_EMBEDS), extra=extra,
    )


def _entries(document: Any, url: str) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    if isinstance(document, dict) and "feed" in document:  # getAuthorFeed
        return [(field(item, "post", dict), field(item, "reason", dict, default=None))
                for item in items_of(document, "feed")]
    if isinstance(document, dict) and "posts" in document:  # searchPosts
        return [(post, None) for post in items_of(document, "posts")]
    raise ParseError(f"respons {url} bukan feed atau hasil pencarian Bluesky")


class BlueskyKind(JsonSourceKind):
    """``getAuthorFeed`` or ``searchPosts``; the cursor is the newest feed time seen."""

    name = "bluesky"

    def validate(self, options: Mapping[str, Any]) -> None:
        target = exactly_one(options, ("actor", "query"), self.name)
        if target == "actor":
            matching(options, "actor", r"(did:[a-z]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9.-]{3,253})",
                     "akun Bluesky")
        elif not str(options["query"]).strip():
            raise ValueError("opsi query tidak boleh kosong")
        if "lang" in options:
            matching(options, "lang", r"[a-z]{2,3}", "kode bahasa")
        option_url(options, "base_url", PUBLIC_APPVIEW)
        bounded_int(options, "limit", 100, 1, 100)

    def first_url(self, options: Mapping[str, Any]) -> str:
        base = f"{option_url(options, 'base_url', PUBLIC_APPVIEW)}/xrpc"
        limit = options.get("limit", 100)
        if options.get("actor"):
            return next_url_with(f"{base}/app.bsky.feed.getAuthorFeed", actor=options["actor"],
                                 limit=limit)
        return next_url_with(f"{base}/app.bsky.feed.searchPosts", q=options["query"],
                             lang=options.get("lang", "id"), sort="latest", limit=limit)

    def parse_document(self, document: Any, url: str, headers: Mapping[str, str]) -> ParsedPage:
        entries = _entries(document, url)
        posts = [_post(post, reason) for post, reason in entries
                 if not _hidden(field(post, "author", dict))
                 and field(reason or {}, "$type", str, default="") != PIN]
        cursor = field(document, "cursor", str, default=None)
        older = next_url_with(url, cursor=cursor) if cursor and entries else None
        return ParsedPage(posts=unique_posts(posts), older_url=older)

    def cursor_mark(self, post: HarvestedPost) -> str:
        return str(post.extra.get("feed_time") or post.posted_at.isoformat())


SOURCE = BlueskyKind()
