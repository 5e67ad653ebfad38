"""Instagram through the Graph API: comments on a business account's media."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from harvest.items import HarvestedPost, ParsedPage
from harvest.sources._graph import GraphSourceKind, graph_node_url, nested
from harvest.sources.base import (
    absolute_http_url,
    clean_label,
    exactly_one,
    field,
    ident,
    items_of,
    matching,
)
from harvest.text import parse_timestamp, plain_text

COMMENT_FIELDS = "id,text,timestamp,username"
MEDIA_FIELDS = "id,caption,permalink,timestamp,username,media_type"
#: Comments shown with each media item of the account's media list.
COMMENTS_EDGE = f"comments.limit(50){{{COMMENT_FIELDS},replies{{{COMMENT_FIELDS}}}}}"


def _comment(item: dict[str, Any], permalink: str | None, media_id: str | None,
             page_url: str) -> HarvestedPost:
    object_id = ident(item)
    # Instagram shows one comment at <media permalink>c/<comment id>/.
    if permalink:
        url = f"{permalink.rstrip('/')}/c/{object_id}/"
    else:
        url = graph_node_url(page_url, object_id)
    return HarvestedPost(
        external_id=object_id, url=url, text=plain_text(field(item, "text", str, default="")),
        posted_at=parse_timestamp(field(item, "timestamp", str)),
        author=clean_label(item.get("username")),
        extra={"object": "comment", "media_id": media_id} if media_id else {"object": "comment"},
    )


def _thread(item: dict[str, Any], permalink: str | None, media_id: str | None,
            page_url: str) -> Iterator[HarvestedPost]:
    yield _comment(item, permalink, media_id, page_url)
    for reply in nested(item, "replies"):
        yield _comment(reply, permalink, media_id, page_url)


def _media(item: dict[str, Any], page_url: str) -> Iterator[HarvestedPost]:
    object_id = ident(item)
    permalink = absolute_http_url(item.get("permalink"))
    # The account's own caption is kept too: it is what the comments answer.
    yield HarvestedPost(
        external_id=object_id, url=permalink or graph_node_url(page_url, object_id),
        text=plain_text(field(item, "caption", str, default="")),
        posted_at=parse_timestamp(field(item, "timestamp", str)),
        author=clean_label(item.get("username")), has_media=True, extra={"object": "media"},
    )
    for comment in nested(item, "comments"):
        yield from _thread(comment, permalink, object_id, page_url)


def _media_permalink(document: Any) -> str | None:
    """The commented media's permalink: every comment of a ``/comments`` page shares it."""
    for item in items_of(document, "data"):
        permalink = absolute_http_url(field(item, "media", dict, default={}).get("permalink"))
        if permalink:
            return permalink
    return None


def _media_comment(item: dict[str, Any], permalink: str | None,
                   page_url: str) -> Iterator[HarvestedPost]:
    media_id = field(field(item, "media", dict, default={}), "id", str, default=None)
    yield from _thread(item, permalink, media_id, page_url)


class InstagramKind(GraphSourceKind):
    """``/{ig-user-id}/media`` with comments inline, or ``/{ig-media-id}/comments``."""

    name = "instagram"
    token_env = "JARING_INSTAGRAM_TOKEN"

    def validate(self, options: Mapping[str, Any]) -> None:
        target = exactly_one(options, ("user_id", "media_id"), self.name)
        matching(options, target, r"\d{1,30}", "id Instagram")
        super().validate(options)

    def first_url(self, options: Mapping[str, Any]) -> str:
        if options.get("media_id"):
            return self.graph_url(options, f"{options['media_id']}/comments",
                                  fields=f"{COMMENT_FIELDS},media{{id,permalink}},"
                                         f"replies{{{COMMENT_FIELDS}}}")
        return self.graph_url(options, f"{options['user_id']}/media",
                              fields=f"{MEDIA_FIELDS},{COMMENTS_EDGE}")

    def parse_document(self, document: Any, url: str, headers: Mapping[str, str]) -> ParsedPage:
        if url.split("?", 1)[0].rstrip("/").endswith("/comments"):
            permalink = _media_permalink(document) if isinstance(document, dict) else None
            return self.walk(document, url, lambda item: _media_comment(item, permalink, url))
        return self.walk(document, url, lambda item: _media(item, url))


SOURCE = InstagramKind()
