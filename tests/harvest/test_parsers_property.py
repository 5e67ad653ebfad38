"""Random and mutated pages fed to every parser: only ParseError may escape, never a crash."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harvest.errors import ParseError
from harvest.items import ParsedPage
from harvest.sources import registry
from harvest.sources.base import SourceKind
from tests.conftest import FIXTURES, shared_path
from tests.harvest.source_helpers import HTML_OPTIONS, URLS

REAL = [("telegram", "full.html"), ("mastodon", "test_hashtag_tl.yaml"),
        ("reddit", "TestSubredditListings.test_new.json"), ("bluesky", "getAuthorFeed.json"),
        ("facebook", "TestGetPosts.test_smoketest.yaml"),
        ("youtube", "comment_continuation_response.json"), ("x_twitter", "raw_search.json"),
        ("google_news_rss", "google_news.xml")]


def configured(name: str) -> SourceKind:
    kind = registry()[name]
    return kind.with_options(HTML_OPTIONS) if name == "html" else kind


KINDS = sorted(registry())
OURS = sorted((path.parent.name, path.read_bytes()) for path in FIXTURES.glob("*/*")
              if path.suffix in (".json", ".xml", ".atom", ".html")
              and not path.name.endswith(".expected.json"))
OURS_JSON = [(kind, json.loads(body)) for kind, body in OURS if body.lstrip()[:1] in (b"{", b"[")]


def check_page(kind: SourceKind, page: ParsedPage) -> None:
    """What every successful parse promises, whatever the input."""
    for post in page.posts:
        assert post.external_id and isinstance(post.external_id, str)
        assert post.posted_at.utcoffset() == timedelta(0)
        assert urlsplit(post.url).scheme in ("http", "https") and urlsplit(post.url).netloc
        for value in (post.external_id, post.url, post.text, post.author or ""):
            value.encode("utf-8")  # no lone surrogates: the database must accept it
    for post in page.posts:
        kind.is_seen(post, kind.advance_cursor(None, page.posts))
    assert page.older_url is None or urlsplit(page.older_url).scheme in ("http", "https")


def parse_or_refuse(name: str, body: bytes) -> None:
    """Parse ``body`` as ``name``; a ParseError is an accepted answer, anything else fails."""
    kind = configured(name)
    try:
        page = kind.parse(body, URLS[name])
    except ParseError:
        return
    check_page(kind, page)


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into a JSON document (keys and indices), the root included."""
    found = [prefix]
    children = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, child in children:
        found.extend(paths(child, (*prefix, key)))
    return found


def replaced(document: Any, path: tuple, value: Any) -> Any:
    """A copy of ``document`` with the node at ``path`` replaced by ``value``."""
    if not path:
        return value
    result = copy.deepcopy(document)
    parent = result
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return result


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
    | st.sampled_from(["", "2026-13-45T99:00:00Z", "2026-11-20T01:00:00+0000", "t3_",
                       "javascript:alert(1)", "https://a.example/x", "\ud800", "at://x/y/z"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=6,
)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(name=st.sampled_from(KINDS), body=st.binary(max_size=512))
def test_random_bytes(name, body):
    parse_or_refuse(name, body)


@FAST
@given(name=st.sampled_from(KINDS), text=st.text(max_size=300))
def test_random_text(name, text):
    parse_or_refuse(name, text.encode("utf-8", "surrogatepass"))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_json_fixtures_with_one_node_replaced(data):
    kind, document = data.draw(st.sampled_from(OURS_JSON))
    path = data.draw(st.sampled_from(paths(document)))
    value = data.draw(json_values)
    body = json.dumps(replaced(document, path, value), ensure_ascii=False).encode(
        "utf-8", "surrogatepass")
    parse_or_refuse(kind, body)


@FAST
@given(data=st.data())
def test_fixtures_with_bytes_cut_flipped_or_inserted(data):
    kind, body = data.draw(st.sampled_from(OURS))
    at = data.draw(st.integers(min_value=0, max_value=len(body)))
    edit = data.draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
    if edit == "truncate":
        body = body[:at]
    elif edit == "flip":
        body = body[:at] + bytes([data.draw(st.integers(0, 255))]) + body[at + 1:]
    elif edit == "insert":
        body = body[:at] + data.draw(st.binary(min_size=1, max_size=8)) + body[at:]
    else:
        body = body[:at] + body[at + data.draw(st.integers(1, 64)):]
    parse_or_refuse(data.draw(st.sampled_from([kind, kind, *KINDS])), body)


@pytest.mark.parametrize("name", KINDS)
def test_every_fixture_through_every_kind(name):
    for _, body in OURS:
        parse_or_refuse(name, body)


@pytest.mark.parametrize(("folder", "filename"), REAL)
def test_real_recordings_through_every_kind(folder, filename):
    body = shared_path("fixtures", "real", folder, filename).read_bytes()
    for name in KINDS:
        parse_or_refuse(name, body)
