"""Facebook Pages through the Graph API: a Page's posts with their comments, or one post's."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from harvest.items import HarvestedPost, ParsedPage
from harvest.sources._graph import GraphSourceKind, nested
from harvest.sources.base import (
    absolute_http_url,
    clean_label,
    exactly_one,
    field,
    ident,
    matching,
)
from harvest.text import parse_timestamp, plain_text

WEB = "https://www.facebook.com"
COMMENT_FIELDS = "id,message,created_time,from,permalink_url"
POST_FIELDS = "id,message,created_time,from,permalink_url,full_picture"
#: Comments shown with each post: replies included, newest first.
COMMENTS_EDGE = ("comments.filter(stream).order(reverse_chronological).limit(50)"
                 f"{{{COMMENT_FIELDS}}}")


def _object(item: dict[str, Any], kind: str, parent: str | None) -> HarvestedPost:
    object_id = ident(item)
    url = absolute_http_url(item.get("permalink_url")) or f"{WEB}/{object_id}"
    extra: dict[str, Any] = {"object": kind}
    if parent:
        extra["parent_id"] = parent
    return HarvestedPost(
        external_id=object_id, url=url, text=plain_text(field(item, "message", str, default="")),
        posted_at=parse_timestamp(field(item, "created_time", str)),
        author=clean_label(field(item, "from", dict, default={}).get("name")),
        has_media=bool(item.get("full_picture")), extra=extra,
    )


def _posts_and_comments(item: dict[str, Any]) -> Iterator[HarvestedPost]:
    yield _object(item, "post", None)
    for comment in nested(item, "comments"):  # present when the source asks for comments
        yield _object(comment, "comment", item["id"])


class FacebookKind(GraphSourceKind):
    """``/{page-id}/posts`` (comments inline when asked) or ``/{post-id}/comments``."""

    name = "facebook"
    token_env = "JARING_FACEBOOK_TOKEN"

    def validate(self, options: Mapping[str, Any]) -> None:
        target = exactly_one(options, ("page_id", "post_id"), self.name)
        if target == "page_id":
            matching(options, "page_id", r"[A-Za-z0-9.]{1,100}", "id Halaman Facebook")
        else:
            matching(options, "post_id", r"\d{1,30}(_\d{1,30})?", "id kiriman Facebook")
        if not isinstance(options.get("comments", False), bool):
            raise ValueError("opsi comments harus true atau false")
        if options.get("comments") and target == "post_id":
            raise ValueError("opsi comments hanya untuk page_id (post_id sudah berisi komentar)")
        super().validate(options)

    def first_url(self, options: Mapping[str, Any]) -> str:
        if options.get("post_id"):
            return self.graph_url(options, f"{options['post_id']}/comments",
                                  fields=COMMENT_FIELDS, filter="stream",
                                  order="reverse_chronological")
        fields = f"{POST_FIELDS},{COMMENTS_EDGE}" if options.get("comments") else POST_FIELDS
        return self.graph_url(options, f"{options['page_id']}/posts", fields=fields)

    def parse_document(self, document: Any, url: str, headers: Mapping[str, str]) -> ParsedPage:
        comments_page = url.split("?", 1)[0].rstrip("/").endswith("/comments")
        if comments_page:
            return self.walk(document, url, lambda item: iter([_object(item, "comment", None)]))
        return self.walk(document, url, _posts_and_comments)


SOURCE = FacebookKind()
