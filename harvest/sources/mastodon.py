"""Mastodon timelines: a hashtag, an account, or an instance's public timeline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from harvest.errors import ParseError
from harvest.items import HarvestedPost, ParsedPage
from harvest.sources.base import (
    JsonSourceKind,
    absolute_http_url,
    bounded_int,
    clean_label,
    exactly_one,
    field,
    ident,
    length_then_text,
    link_header,
    matching,
    next_url_with,
    option_url,
    unique_posts,
)
from harvest.text import fragment_to_text, parse_timestamp, plain_text

TARGETS = ("hashtag", "account_id", "timeline")


def _text(status: dict[str, Any]) -> str:
    # A content warning is part of what the author wrote; keep it before the body.
    warning = plain_text(field(status, "spoiler_text", str, default=""))
    body = fragment_to_text(field(status, "content", str, default=""))
    return "\n".join(part for part in (warning, body) if part)


def _post(item: dict[str, Any]) -> HarvestedPost:
    timeline_id = ident(item)
    reblog = field(item, "reblog", dict, default=None)
    status = reblog or item  # a boost shows someone else's status: keep the original
    status_id = ident(status)
    url = absolute_http_url(status.get("url")) or absolute_http_url(status.get("uri"))
    if url is None:
        raise ParseError(f"status Mastodon {status_id} tanpa URL")
    extra: dict[str, Any] = {"timeline_id": timeline_id}
    if isinstance(status.get("language"), str):
        extra["language"] = status["language"]
    if reblog:
        extra["boosted_by"] = clean_label(field(item, "account", dict, default={}).get("acct"))
    return HarvestedPost(
        external_id=status_id, url=url, text=_text(status),
        posted_at=parse_timestamp(field(status, "created_at", str)),
        author=clean_label(field(status, "account", dict, default={}).get("acct")),
        has_media=bool(field(status, "media_attachments", list, default=[])), extra=extra,
    )


class MastodonKind(JsonSourceKind):
    """Statuses newest first; ids grow with time, so the cursor is the newest timeline id."""

    name = "mastodon"
    required_options = ("instance",)

    def validate(self, options: Mapping[str, Any]) -> None:
        super().validate(options)
        option_url(options, "instance", "")
        target = exactly_one(options, TARGETS, self.name)
        if target == "hashtag":
            matching(options, "hashtag", r"#?[\w·]{1,100}", "tagar Mastodon")
        elif target == "account_id":
            matching(options, "account_id", r"[A-Za-z0-9]{1,40}", "id akun Mastodon")
        elif options["timeline"] != "public":
            raise ValueError(f"opsi timeline hanya boleh 'public', bukan {options['timeline']!r}")
        if not isinstance(options.get("local", False), bool):
            raise ValueError("opsi local harus true atau false")
        bounded_int(options, "limit", 40, 1, 40)

    def first_url(self, options: Mapping[str, Any]) -> str:
        base = f"{option_url(options, 'instance', '')}/api/v1"
        params: dict[str, Any] = {"limit": options.get("limit", 40)}
        if options.get("local") and not options.get("account_id"):
            params["local"] = "true"
        if options.get("hashtag"):
            path = f"timelines/tag/{quote(str(options['hashtag']).lstrip('#'), safe='')}"
        elif options.get("account_id"):
            path = f"accounts/{options['account_id']}/statuses"
        else:
            path = "timelines/public"
        return next_url_with(f"{base}/{path}", **params)

    def parse_document(self, document: Any, url: str, headers: Mapping[str, str]) -> ParsedPage:
        if not isinstance(document, list) or not all(isinstance(i, dict) for i in document):
            raise ParseError(f"respons {url} bukan daftar status Mastodon")
        posts = unique_posts(_post(item) for item in document)
        older = link_header(headers, "next")
        if older is None and document and not link_header(headers, "prev"):
            # Saved bodies carry no headers: the next page starts below the oldest id shown.
            oldest = min((str(item["id"]) for item in document), key=length_then_text)
            older = next_url_with(url, max_id=oldest, min_id=None, since_id=None)
        return ParsedPage(posts=posts, older_url=older)

    def cursor_mark(self, post: HarvestedPost) -> str:
        return str(post.extra.get("timeline_id", post.external_id))

    def mark_order(self, mark: str) -> Any:
        return length_then_text(mark)


SOURCE = MastodonKind()
