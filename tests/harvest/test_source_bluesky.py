"""The bluesky kind: getAuthorFeed and searchPosts on the public AppView, cursor paging."""

import json

import pytest

from harvest.errors import ParseError
from harvest.sources import get_kind
from tests.conftest import shared_path
from tests.harvest.source_helpers import (
    base_url,
    fixture,
    fixture_json,
    harvest,
    no_robots,
    summary,
)

bluesky = get_kind("bluesky")
APPVIEW = "https://public.api.bsky.app/xrpc"
FEED_URL = f"{APPVIEW}/app.bsky.feed.getAuthorFeed?actor=infobontang.bsky.social&limit=100"
SEARCH_URL = f"{APPVIEW}/app.bsky.feed.searchPosts?q=bontang&lang=id&sort=latest&limit=100"


def test_real_recorded_author_feed():
    body = shared_path("fixtures", "real", "bluesky", "getAuthorFeed.json").read_bytes()
    url = f"{APPVIEW}/app.bsky.feed.getAuthorFeed?actor=shinyakato.dev"
    page = bluesky.parse(body, url)
    assert len(page.posts) == 25
    repost = page.posts[0]
    assert summary(repost) == {
        "external_id": "at://did:plc:gggcwmwoyak6op4pkqm76ckz/app.bsky.feed.post/3jukz62npim26",
        "url": "https://bsky.app/profile/christopherpmoore.xyz/post/3jukz62npim26",
        "text": "Had a great time at the Seattle meetup! Even got a chance to chat with "
                "@rose.bsky.team and @jay.bsky.team!",
        "posted_at": "2023-04-30T06:26:07.001000+00:00", "author": "christopherpmoore.xyz"}
    assert repost.extra["reposted_by"] == "shinyakato.dev"
    assert page.posts[1].text == "Thx, yes he is! 😆" and page.posts[1].extra["reply"]
    assert page.older_url == (f"{url}&cursor=1682809172466%3A%3Abafyreihdpdn7uiqmshzb2y4o67gzy2"
                              "aeairq6phuk476k2oidhy2p5dbwu")
    # An old post reposted later sits at the repost's time in the feed, not at its own.
    old_repost = next(p for p in page.posts if p.author == "xychelsea.tv")
    assert bluesky.cursor_mark(old_repost) > old_repost.posted_at.isoformat()


def test_indonesian_author_feed():
    page = bluesky.parse(fixture("bluesky", "author_feed.json"), FEED_URL)
    assert [summary(p) for p in page.posts] == [
        {"external_id": "at://did:plc:wargaguntungexample000002/app.bsky.feed.post/3lbqa2mzt6k2d",
         "url": "https://bsky.app/profile/warga-guntung.bsky.social/post/3lbqa2mzt6k2d",
         "text": "Sudah seminggu lampu jalan di Jl. Guntung Lestari mati total. Malam gelap "
                 "banget, rawan begal. Mohon PLN/Dishub cek 🙏",
         "posted_at": "2026-11-19T22:15:00+00:00", "author": "warga-guntung.bsky.social"},
        {"external_id": "at://did:plc:infobtgexample0000000001/app.bsky.feed.post/3lbqc7wbyxs2a",
         "url": "https://bsky.app/profile/infobontang.bsky.social/post/3lbqc7wbyxs2a",
         "text": "📢 Pemadaman listrik terencana Sabtu 21/11 pukul 09.00-13.00 WITA wilayah "
                 "Bontang Selatan.",
         "posted_at": "2026-11-20T05:00:00+00:00", "author": "infobontang.bsky.social"},
        {"external_id": "at://did:plc:infobtgexample0000000001/app.bsky.feed.post/3lbqbvx2ha22k",
         "url": "https://bsky.app/profile/infobontang.bsky.social/post/3lbqbvx2ha22k",
         "text": "@warga-guntung.bsky.social sudah kami teruskan ke admin, coba juga lapor lewat "
                 "lapor.go.id ya",
         "posted_at": "2026-11-20T03:40:00+00:00", "author": "infobontang.bsky.social"},
    ]
    # The account labelled !no-unauthenticated is skipped; the repost and the same post shown
    # again are one post.
    assert not any("diam-diam" in p.url for p in page.posts)
    assert page.posts[0].extra["reposted_by"] == "infobontang.bsky.social"
    assert [p.has_media for p in page.posts] == [True, True, False]
    assert page.older_url == f"{FEED_URL}&cursor=2026-11-19T22%3A15%3A01.512Z"


def test_search_results():
    page = bluesky.parse(fixture("bluesky", "search_posts.json"), SEARCH_URL)
    assert [(p.author, p.posted_at.isoformat()) for p in page.posts] == [
        ("laras.bsky.social", "2026-11-20T07:12:00+00:00"),
        ("warga-guntung.bsky.social", "2026-11-20T06:58:00+00:00"),
    ]
    assert page.posts[0].text.startswith("Kak, pembuatan KTP-el buat anak yang baru 17 tahun")
    assert page.older_url == f"{SEARCH_URL}&cursor=25"


def test_cursor_uses_feed_time():
    page = bluesky.parse(fixture("bluesky", "author_feed.json"), FEED_URL)
    assert bluesky.advance_cursor(None, page.posts) == "2026-11-20T06:30:00+00:00"
    # The reposted post was written before this cursor but reposted after it: not yet seen.
    assert not bluesky.is_seen(page.posts[0], "2026-11-20T06:00:00+00:00")
    assert bluesky.is_seen(page.posts[1], "2026-11-20T06:00:00+00:00")


def test_pinned_posts_do_not_stop_the_walk():
    document = fixture_json("bluesky", "author_feed.json")
    pinned = {"post": document["feed"][1]["post"],
              "reason": {"$type": "app.bsky.feed.defs#reasonPin"}}
    document["feed"].insert(0, pinned)
    page = bluesky.parse(json.dumps(document).encode(), FEED_URL)
    assert len(page.posts) == 3 and "feed_time" in page.posts[1].extra
    assert page.posts[1].extra["feed_time"] == "2026-11-20T05:00:00+00:00"


def test_an_empty_page_ends_the_walk_even_with_a_cursor():
    assert bluesky.parse(b'{"feed": [], "cursor": "abc"}', FEED_URL).older_url is None


@pytest.mark.parametrize("body", [
    b'{"error": "InvalidRequest", "message": "Profile not found"}',
    b'{"feed": [{"post": {"uri": "at://did:plc:x/app.bsky.feed.like/1", "author": {},'
    b' "record": {"createdAt": "2026-11-20T00:00:00Z"}}}]}',
    b'{"posts": [{"uri": "at://did:plc:x/app.bsky.feed.post/1", "author": {"handle": "a"},'
    b' "record": {"text": "x"}}]}',
    b'{"feed": "x"}',
    b"<html></html>",
])
def test_unexpected_documents_are_parse_errors(body):
    with pytest.raises(ParseError):
        bluesky.parse(body, FEED_URL)


@pytest.mark.parametrize(("options", "message"), [
    ({}, "tepat satu"),
    ({"actor": "a.bsky.social", "query": "banjir"}, "tepat satu"),
    ({"actor": "bukan akun!"}, "akun Bluesky"),
    ({"query": "banjir", "lang": "indonesia"}, "bahasa"),
    ({"query": "banjir", "base_url": "bsky"}, "base_url"),
])
def test_invalid_options(options, message):
    with pytest.raises(ValueError, match=message):
        bluesky.validate(options)


def test_harvest_over_http_follows_the_cursor(httpserver):
    no_robots(httpserver)
    path = "/xrpc/app.bsky.feed.searchPosts"
    query = {"q": "bontang", "lang": "id", "sort": "latest", "limit": "100"}
    httpserver.expect_request(path, query_string=query).respond_with_data(
        fixture("bluesky", "search_posts.json"), content_type="application/json")
    older = fixture_json("bluesky", "author_feed.json")["feed"][1]["post"]
    httpserver.expect_request(path, query_string={**query, "cursor": "25"}).respond_with_json(
        {"posts": [older]})
    result = harvest("bluesky", query="bontang", base_url=base_url(httpserver))
    assert result.pages == 2
    assert [p.posted_at.isoformat() for p in result.posts] == [
        "2026-11-20T05:00:00+00:00", "2026-11-20T06:58:00+00:00", "2026-11-20T07:12:00+00:00"]
    assert result.cursor == "2026-11-20T07:12:00+00:00"
