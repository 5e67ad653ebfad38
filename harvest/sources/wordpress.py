"""WordPress sites through their REST API: posts, or the comments residents leave on them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from harvest.errors import ParseError
from harvest.items import HarvestedPost, ParsedPage
from harvest.sources.base import (
    JsonSourceKind,
    absolute_http_url,
    bounded_int,
    clean_label,
    field,
    header,
    next_url_with,
    option_url,
    unique_posts,
)
from harvest.text import fragment_to_text, parse_timestamp

TYPES = ("posts", "comments")
DEFAULT_PER_PAGE = 10  # WordPress's own default when the URL does not say


def _html(item: dict[str, Any], key: str) -> str:
    value = field(item, key, (dict, str), default="")
    return field(value, "rendered", str, default="") if isinstance(value, dict) else value


def _rendered(item: dict[str, Any], key: str) -> str:
    return fragment_to_text(_html(item, key))


def _posted_at(item: dict[str, Any]):
    # date_gmt is UTC without an offset; date is the site's local time (last resort).
    value = field(item, "date_gmt", str, default="") or field(item, "date", str)
    return parse_timestamp(value)


def _post(item: dict[str, Any], page_url: str) -> HarvestedPost:
    ident = field(item, "id", int)
    comment = "author_name" in item or urlsplit(page_url).path.rstrip("/").endswith("/comments")
    if comment:
        text, author = _rendered(item, "content"), clean_label(item.get("author_name"))
    else:
        title, body = _rendered(item, "title"), _rendered(item, "content")
        text = "\n".join(part for part in (title, body) if part)
        author = clean_label(item.get("author"))
    link = absolute_http_url(item.get("link"))
    if link is None:
        raise ParseError(f"butir WordPress {ident} tanpa tautan yang sah")
    return HarvestedPost(
        external_id=f"{'comment' if comment else 'post'}-{ident}", url=link, text=text,
        posted_at=_posted_at(item), author=author,
        has_media=bool(item.get("featured_media")) or "<img" in _html(item, "content"),
        extra={"post_id": item["post"]} if comment and isinstance(item.get("post"), int) else {},
    )


def _query_int(url: str, key: str, default: int) -> int:
    value = dict(parse_qsl(urlsplit(url).query)).get(key, "")
    return int(value) if value.isdigit() else default


def _older_url(url: str, count: int, headers: Mapping[str, str]) -> str | None:
    page = _query_int(url, "page", 1)
    total = header(headers, "X-WP-TotalPages")
    if total is not None and total.strip().isdigit():
        more = page < int(total)
    else:  # offline: a full page suggests there is another
        more = count > 0 and count >= _query_int(url, "per_page", DEFAULT_PER_PAGE)
    return next_url_with(url, page=page + 1) if more else None


class WordPressKind(JsonSourceKind):
    """``/wp-json/wp/v2/{posts|comments}``, newest first, one numbered page after another."""

    name = "wordpress"
    required_options = ("site",)

    def validate(self, options: Mapping[str, Any]) -> None:
        super().validate(options)
        option_url(options, "site", "")
        kind = options.get("type", "posts")
        if kind not in TYPES:
            raise ValueError(f"opsi type harus 'posts' atau 'comments', bukan {kind!r}")
        if "post" in options:
            if kind != "comments":
                raise ValueError("opsi post hanya untuk type = 'comments'")
            bounded_int(options, "post", 0, 1, 2**63 - 1)
        bounded_int(options, "per_page", 50, 1, 100)

    def first_url(self, options: Mapping[str, Any]) -> str:
        site = option_url(options, "site", "")
        params: dict[str, Any] = {"per_page": options.get("per_page", 50), "page": 1,
                                  "orderby": "date", "order": "desc"}
        if options.get("post"):
            params["post"] = options["post"]
        return next_url_with(f"{site}/wp-json/wp/v2/{options.get('type', 'posts')}", **params)

    def parse_document(self, document: Any, url: str, headers: Mapping[str, str]) -> ParsedPage:
        if not isinstance(document, list) or not all(isinstance(i, dict) for i in document):
            raise ParseError(f"respons {url} bukan daftar WordPress (REST API dimatikan?)")
        posts = [_post(item, url) for item in document]
        return ParsedPage(posts=unique_posts(posts), older_url=_older_url(url, len(posts), headers))


SOURCE = WordPressKind()
