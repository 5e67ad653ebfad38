"""Helpers for the per-kind source tests: our fixtures, a polite test client, one harvest."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from harvest.config import SourceConfig
from harvest.http import HttpPolicy, PoliteClient
from harvest.items import HarvestedPost
from harvest.run import HarvestResult, harvest_source
from tests.conftest import FIXTURES

#: The html kind parses nothing without selectors: use those of its own tests.
HTML_OPTIONS = {"url": "https://forum.example/", "post": "article.post", "text": ".post-body",
                "author": ".post-author", "time": "time", "link": "a.permalink",
                "next": "a[rel=next]", "timezone": "Asia/Makassar"}
URLS = {
    "telegram": "https://t.me/s/laporbontang_warga",
    "rss": "https://warta-bontang.example/feed/",
    "wordpress": "https://warta-bontang.example/wp-json/wp/v2/posts?per_page=2&page=1",
    "mastodon": "https://mastodon.example/api/v1/timelines/tag/bontang?limit=40",
    "reddit": "https://www.reddit.com/r/BontangKota/new.json?raw_json=1&limit=100",
    "bluesky": "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=a.bsky.social",
    "facebook": "https://graph.facebook.com/v23.0/104857600000001/posts?limit=2",
    "instagram": "https://graph.facebook.com/v23.0/17841400000000001/media?limit=2",
    "youtube": "https://www.googleapis.com/youtube/v3/commentThreads?part=snippet&videoId=x",
    "html": "https://forum.example/forum/keluhan",
}


def fixture(kind: str, name: str) -> bytes:
    """The bytes of ``tests/fixtures/<kind>/<name>``."""
    return (FIXTURES / kind / name).read_bytes()


def fixture_json(kind: str, name: str) -> Any:
    """A JSON fixture, decoded (to build variants of it in a test)."""
    return json.loads(fixture(kind, name))


def base_url(server) -> str:
    """The local test server's origin, without the trailing slash."""
    return server.url_for("").rstrip("/")


def no_robots(server) -> None:
    """Serve no robots.txt (a 404 means: no rules)."""
    server.expect_request("/robots.txt").respond_with_data("", status=404)


def harvest(kind: str, cursor: str | None = None, max_pages: int = 10,
            **options: Any) -> HarvestResult:
    """Harvest one source of ``kind`` over real HTTP with delays and retries turned down."""
    policy = HttpPolicy(user_agent="JaringTest/1.0 (+tests)", timeout_seconds=5,
                        delay_seconds=0, backoff_seconds=0.01, max_retries=0)
    config = SourceConfig(name=f"uji-{kind}", kind=kind, **options)
    with PoliteClient(policy) as client:
        return harvest_source(client, config, cursor, max_pages)


def summary(post: HarvestedPost) -> dict[str, Any]:
    """The fields every kind must get right, with the time as ISO text in UTC."""
    return {"external_id": post.external_id, "url": post.url, "text": post.text,
            "posted_at": post.posted_at.isoformat(), "author": post.author}


def query_of(url: str) -> dict[str, str]:
    """The query parameters of ``url`` (to make the test server expect exactly them)."""
    return dict(parse_qsl(urlsplit(url).query))


def requested_urls(server) -> list[str]:
    """Every URL the test server was asked for (path and query), robots.txt excluded."""
    return [request.full_path.rstrip("?") for request, _ in server.log
            if request.path != "/robots.txt"]
