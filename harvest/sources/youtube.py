"""YouTube comments through the Data API v3 ``commentThreads`` (a video or a whole channel)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

from harvest.errors import ParseError
from harvest.items import HarvestedPost, ParsedPage
from harvest.sources.base import (
    JsonSourceKind,
    bounded_int,
    clean_label,
    env_secret,
    exactly_one,
    field,
    ident,
    items_of,
    matching,
    next_url_with,
    option_url,
    unique_posts,
)
from harvest.text import fragment_to_text, parse_timestamp, plain_text

DATA_API = "https://www.googleapis.com/youtube/v3"
KEY_ENV = "JARING_YOUTUBE_API_KEY"
LIST_KIND = "youtube#commentThreadListResponse"
TARGETS = {"video_id": "videoId", "channel_id": "allThreadsRelatedToChannelId"}


def _comment(comment: dict[str, Any], thread: dict[str, Any]) -> HarvestedPost:
    comment_id = ident(comment)
    snippet = field(comment, "snippet", dict)
    video = field(snippet, "videoId", str, default="") or field(thread, "videoId", str, default="")
    if not video:
        raise ParseError(f"komentar YouTube {comment_id} tanpa videoId")
    # textOriginal is the author's own text; textDisplay (HTML by default) is the fallback.
    original = field(snippet, "textOriginal", str, default=None)
    text = plain_text(original) if original is not None else fragment_to_text(
        field(snippet, "textDisplay", str, default=""))
    extra: dict[str, Any] = {"video_id": video}
    if snippet.get("parentId"):
        extra["parent_id"] = snippet["parentId"]
    return HarvestedPost(
        external_id=comment_id,
        url=f"https://www.youtube.com/watch?v={quote(video)}&lc={quote(comment_id)}",
        text=text, posted_at=parse_timestamp(field(snippet, "publishedAt", str)),
        author=clean_label(snippet.get("authorDisplayName")), extra=extra,
    )


def _thread(item: dict[str, Any]) -> Iterator[HarvestedPost]:
    snippet = field(item, "snippet", dict)
    yield _comment(field(snippet, "topLevelComment", dict), snippet)
    replies = field(item, "replies", dict, default=None)
    for reply in items_of(replies, "comments") if replies else []:
        yield _comment(reply, snippet)


class YouTubeKind(JsonSourceKind):
    """Comment threads newest first (``order=time``), with the replies the API includes."""

    name = "youtube"

    def validate(self, options: Mapping[str, Any]) -> None:
        target = exactly_one(options, tuple(TARGETS), self.name)
        matching(options, target, r"[A-Za-z0-9_-]{6,64}", "id YouTube")
        option_url(options, "base_url", DATA_API)
        bounded_int(options, "max_results", 100, 1, 100)
        env_secret(options, "key_env", KEY_ENV)

    def request_headers(self, options: Mapping[str, Any]) -> dict[str, str]:
        # A header, never ?key=: URLs end up in logs and error messages.
        return {"X-Goog-Api-Key": env_secret(options, "key_env", KEY_ENV)}

    def first_url(self, options: Mapping[str, Any]) -> str:
        target = next(key for key in TARGETS if options.get(key))
        base = option_url(options, "base_url", DATA_API)
        return next_url_with(f"{base}/commentThreads", part="snippet,replies",
                             **{TARGETS[target]: options[target]}, order="time",
                             textFormat="plainText", maxResults=options.get("max_results", 100))

    def parse_document(self, document: Any, url: str, headers: Mapping[str, str]) -> ParsedPage:
        if field(document, "kind", str, default="") != LIST_KIND:
            error = document.get("error") if isinstance(document, dict) else None
            detail = f": {str(error.get('message', '?'))[:200]}" if isinstance(error, dict) else ""
            raise ParseError(f"respons {url} bukan daftar commentThreads YouTube{detail}")
        posts = [post for item in items_of(document, "items") for post in _thread(item)]
        token = field(document, "nextPageToken", str, default="")
        return ParsedPage(posts=unique_posts(posts),
                          older_url=next_url_with(url, pageToken=token) if token else None)


SOURCE = YouTubeKind()
