"""The reddit kind: subreddit new and search listings, paged by the ``after`` cursor."""

import json
from datetime import UTC, datetime

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

reddit = get_kind("reddit")
NEW_URL = "https://www.reddit.com/r/BontangKota/new.json?raw_json=1&limit=100"


def test_real_recorded_listing():
    path = shared_path("fixtures", "real", "reddit", "TestSubredditListings.test_new.json")
    interaction = json.loads(path.read_text())["interactions"][-1]
    page = reddit.parse(interaction["response"]["body"]["string"].encode(),
                        interaction["request"]["uri"])
    assert len(page.posts) == 100
    first = page.posts[0]
    assert first.external_id == "t3_48fbm9"
    assert first.text == ("[Serious] Parents of Reddit, what's the biggest lie about yourself "
                          "you've told your kids?")
    assert first.url == ("https://www.reddit.com/r/AskReddit/comments/48fbm9/"
                         "serious_parents_of_reddit_whats_the_biggest_lie/")
    assert first.posted_at == datetime(2016, 3, 1, 8, 37, 38, tzinfo=UTC)
    assert first.author == "RedHeadQc"
    assert page.older_url == ("https://oauth.reddit.com/r/askreddit/new?raw_json=1&limit=100"
                              "&after=t3_48f6io")
    # The listing is newest first, and so are its base36 ids: the cursor is the first one.
    assert reddit.advance_cursor(None, page.posts) == "48fbm9"


def test_indonesian_listing():
    page = reddit.parse(fixture("reddit", "new_page1.json"), NEW_URL)
    assert [summary(p) for p in page.posts] == [
        {"external_id": "t3_1gx7m3a",
         "url": "https://www.reddit.com/r/BontangKota/comments/1gx7m3a/pdam_mati_lagi_di_berbas_tengah/",
         "text": "PDAM mati lagi di Berbas Tengah??\nudah dari subuh gak ada air sama sekali, ada "
                 "info kapan nyala? mau mandi berangkat kerja bingung 😩",
         "posted_at": "2026-11-26T04:00:00+00:00", "author": "anak_berbas"},
        {"external_id": "t3_1gx7k9z",
         "url": "https://www.reddit.com/r/BontangKota/comments/1gx7k9z/"
                "lubang_di_jl_poros_bontang_samarinda_km/",
         "text": "Lubang di Jl. Poros Bontang-Samarinda km 5",
         "posted_at": "2026-11-26T02:30:00+00:00", "author": "kaltim_rider"},
        # A deleted account has no author; paragraphs of the self text are kept.
        {"external_id": "t3_1gx7k2q",
         "url": "https://www.reddit.com/r/BontangKota/comments/1gx7k2q/"
                "usul_bikin_jalur_sepeda_di_jl_ahmad_yani/",
         "text": "Usul: bikin jalur sepeda di Jl. Ahmad Yani\nTrotoar udah bagus, kalau ditambah "
                 "jalur sepeda pasti banyak yg gowes ke kantor.\n\nSetuju gak?",
         "posted_at": "2026-11-25T23:40:00+00:00", "author": None},
    ]
    assert page.posts[1].has_media
    assert page.posts[1].extra["link"] == "https://i.redd.it/contohlubang01.jpeg"
    assert page.older_url == f"{NEW_URL}&after=t3_1gx7k2q"
    assert reddit.parse(fixture("reddit", "new_page2.json"), NEW_URL).older_url is None


def test_cursor_compares_base36_ids():
    page = reddit.parse(fixture("reddit", "new_page1.json"), NEW_URL)
    assert reddit.advance_cursor("1gx6zz1", page.posts) == "1gx7m3a"
    assert [reddit.is_seen(p, "1gx7k9z") for p in page.posts] == [False, True, True]
    assert not reddit.is_seen(page.posts[0], "zzzzzz")  # a shorter id is an older one


def test_other_listing_children_are_ignored():
    listing = fixture_json("reddit", "new_page2.json")
    listing["data"]["children"].append({"kind": "t1", "data": {"name": "t1_abc", "body": "hai"}})
    page = reddit.parse(json.dumps(listing).encode(), NEW_URL)
    assert [p.external_id for p in page.posts] == ["t3_1gx6zz1"]


def test_search_url():
    assert reddit.first_url({"subreddit": "BontangKota", "query": "air pdam"}) == (
        "https://www.reddit.com/r/BontangKota/search.json?q=air+pdam&restrict_sr=1&sort=new"
        "&raw_json=1&limit=100")


@pytest.mark.parametrize("body", [
    b'{"message": "Too Many Requests", "error": 429}',
    b'{"kind": "Listing", "data": {"children": "bukan daftar"}}',
    b'{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"name": "t3_a"}}]}}',
    b'{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"name": "t3_a",'
    b' "permalink": "/r/x/", "created_utc": 1e300}}]}}',
    b"<html><body>blocked</body></html>",
])
def test_unexpected_documents_are_parse_errors(body):
    with pytest.raises(ParseError):
        reddit.parse(body, NEW_URL)


@pytest.mark.parametrize(("options", "message"), [
    ({}, "subreddit"),
    ({"subreddit": "r/bontang"}, "subreddit"),
    ({"subreddit": "BontangKota", "query": "  "}, "query"),
    ({"subreddit": "BontangKota", "limit": 0}, "limit"),
])
def test_invalid_options(options, message):
    with pytest.raises(ValueError, match=message):
        reddit.validate(options)


def test_harvest_over_http_follows_after(httpserver):
    no_robots(httpserver)
    path = "/r/BontangKota/new.json"
    query = {"raw_json": "1", "limit": "100"}
    httpserver.expect_request(path, query_string=query).respond_with_data(
        fixture("reddit", "new_page1.json"), content_type="application/json")
    httpserver.expect_request(path, query_string={**query, "after": "t3_1gx7k2q"}) \
        .respond_with_data(fixture("reddit", "new_page2.json"), content_type="application/json")
    result = harvest("reddit", subreddit="BontangKota", base_url=base_url(httpserver))
    assert result.pages == 2 and len(result.posts) == 4
    assert result.cursor == "1gx7m3a"
    # Permalinks name the public site, not the host that served the listing.
    assert all(p.url.startswith("https://www.reddit.com/r/BontangKota/") for p in result.posts)
    again = harvest("reddit", cursor="1gx7k9z", subreddit="BontangKota",
                    base_url=base_url(httpserver))
    assert again.pages == 1 and again.cursor == "1gx7m3a"
