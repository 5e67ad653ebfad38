"""Reddit subreddit listings: the newest submissions, or a search inside the subreddit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from harvest.errors import ParseError
from harvest.items import HarvestedPost, ParsedPage
from harvest.sources.base import (
    JsonSourceKind,
    absolute_http_url,
    bounded_int,
    clean_label,
    field,
    ident,
    items_of,
    length_then_text,
    matching,
    next_url_with,
    option_url,
    unique_posts,
)
from harvest.text import from_epoch, plain_text

PUBLIC_SITE = "https://www.reddit.com"
SUBMISSION = "t3"
DELETED_AUTHORS = {"[deleted]", "[removed]"}
MEDIA_HINTS = {"image", "hosted:video", "rich:video"}


def _submission(data: dict[str, Any]) -> HarvestedPost:
    fullname = ident(data, "name")
    if not fullname.startswith(f"{SUBMISSION}_") or fullname == f"{SUBMISSION}_":
        raise ParseError(f"id kiriman Reddit tidak dikenal: {fullname!r}")
    title = plain_text(field(data, "title", str, default=""))
    body = plain_text(field(data, "selftext", str, default=""))
    author = clean_label(data.get("author"))
    # Permalinks always point at the public site, whichever host served the listing.
    url = absolute_http_url(urljoin(PUBLIC_SITE, field(data, "permalink", str)))
    if url is None:
        raise ParseError(f"kiriman Reddit {fullname} tanpa permalink yang sah")
    extra: dict[str, Any] = {"subreddit": data.get("subreddit")}
    if not data.get("is_self") and absolute_http_url(data.get("url")):
        extra["link"] = data["url"]
    return HarvestedPost(
        external_id=fullname,
        url=url,
        text="\n".join(part for part in (title, body) if part),
        posted_at=from_epoch(field(data, "created_utc", (int, float))),
        author=None if author in DELETED_AUTHORS else author,
        has_media=bool(data.get("is_video") or data.get("is_gallery")
                       or data.get("post_hint") in MEDIA_HINTS),
        extra=extra,
    )


class RedditKind(JsonSourceKind):
    """``/r/<sub>/new.json`` or ``search.json?sort=new``; base36 ids grow with time."""

    name = "reddit"
    required_options = ("subreddit",)

    def validate(self, options: Mapping[str, Any]) -> None:
        super().validate(options)
        matching(options, "subreddit", r"[A-Za-z0-9][A-Za-z0-9_]{1,20}", "nama subreddit")
        if "query" in options and not str(options["query"]).strip():
            raise ValueError("opsi query tidak boleh kosong")
        option_url(options, "base_url", PUBLIC_SITE)
        bounded_int(options, "limit", 100, 1, 100)

    def first_url(self, options: Mapping[str, Any]) -> str:
        base = f"{option_url(options, 'base_url', PUBLIC_SITE)}/r/{options['subreddit']}"
        params: dict[str, Any] = {"raw_json": 1, "limit": options.get("limit", 100)}
        if options.get("query"):
            return next_url_with(f"{base}/search.json", q=options["query"], restrict_sr=1,
                                 sort="new", **params)
        return next_url_with(f"{base}/new.json", **params)

    def parse_document(self, document: Any, url: str, headers: Mapping[str, str]) -> ParsedPage:
        if field(document, "kind", str, default="") != "Listing":
            raise ParseError(f"respons {url} bukan Listing Reddit")
        data = field(document, "data", dict)
        posts = [_submission(field(child, "data", dict)) for child in items_of(data, "children")
                 if child.get("kind") == SUBMISSION]
        after = field(data, "after", str, default=None)
        return ParsedPage(posts=unique_posts(posts),
                          older_url=next_url_with(url, after=after) if after else None)

    def cursor_mark(self, post: HarvestedPost) -> str:
        return post.external_id.removeprefix(f"{SUBMISSION}_")

    def mark_order(self, mark: str) -> Any:
        return length_then_text(mark)


SOURCE = RedditKind()
