"""The facebook kind: Graph API page posts (comments inline) or one post's comments."""

import gzip
import json

import pytest
import yaml

from harvest.errors import ParseError
from harvest.sources import get_kind
from tests.conftest import shared_path
from tests.harvest.source_helpers import (
    base_url,
    fixture,
    harvest,
    no_robots,
    query_of,
    requested_urls,
    summary,
)

facebook = get_kind("facebook")
GRAPH = "https://graph.facebook.com/v23.0"
PAGE = "104857600000001"
POSTS_URL = f"{GRAPH}/{PAGE}/posts?limit=2&fields=id%2Cmessage"
COMMENTS_URL = f"{GRAPH}/{PAGE}_912345678901234/comments?limit=2&fields=id%2Cmessage"
TOKEN = "EAAGtokenrahasia"


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv("JARING_FACEBOOK_TOKEN", TOKEN)
    return TOKEN


def test_page_posts_with_their_comments():
    page = facebook.parse(fixture("facebook", "page_posts_1.json"), POSTS_URL)
    rows = [(p.external_id, p.extra["object"], p.author, p.posted_at.strftime("%d %H:%M:%S"))
            for p in page.posts]
    city = "Info Kota Bontang (contoh)"
    assert rows == [
        (f"{PAGE}_912345678901234", "post", city, "20 01:00:00"),
        ("912345678901234_2233445566778801", "comment", "Rudi Hartono", "20 04:12:09"),
        ("912345678901234_2233445566778802", "comment", None, "20 03:30:00"),
        ("912345678901234_2233445566778803", "comment", "Maya Sari", "20 02:05:41"),
        (f"{PAGE}_912345678900001", "post", city, "19 09:30:00"),
        ("912345678900001_2233445566770001", "comment", "Ani Kurniawati", "19 11:00:00"),
    ]
    assert summary(page.posts[1]) == {
        "external_id": "912345678901234_2233445566778801",
        "url": f"https://www.facebook.com/{PAGE}/posts/912345678901234/?comment_id=2233445566778801",
        "text": "min di Api-Api gang 3 udah 3 hari gak ngalir loh, bukan baru hari ini 😤",
        "posted_at": "2026-11-20T04:12:09+00:00", "author": "Rudi Hartono"}
    assert page.posts[1].extra["parent_id"] == f"{PAGE}_912345678901234"
    assert page.posts[0].has_media and not page.posts[4].has_media


def test_older_page_keeps_our_host_and_drops_the_token():
    page = facebook.parse(fixture("facebook", "page_posts_1.json"), POSTS_URL)
    assert page.older_url == f"{POSTS_URL}&after=QVFIUnBvc3RzYWZ0ZXI"
    assert "access_token" not in page.older_url
    last = facebook.parse(fixture("facebook", "page_posts_2.json"), page.older_url)
    assert last.older_url is None
    assert last.posts[0].text == "" and last.posts[0].has_media  # a photo without a caption


def test_comments_of_one_post():
    page = facebook.parse(fixture("facebook", "post_comments.json"), COMMENTS_URL)
    assert [p.external_id for p in page.posts] == [
        "912345678901234_2233445566778801", "912345678901234_2233445566778802"]
    assert all(p.extra["object"] == "comment" for p in page.posts)
    assert page.older_url == f"{COMMENTS_URL}&after=QVFIUmMxYWZ0ZXI"


def test_real_recording_is_a_scraped_page_and_not_accepted():
    # The shared recording is logged-out m.facebook.com HTML; Jaring only reads the Graph API.
    path = shared_path("fixtures", "real", "facebook", "TestGetPosts.test_smoketest.yaml")
    cassette = yaml.safe_load(path.read_text(encoding="utf-8"))
    response = cassette["interactions"][0]["response"]
    html = gzip.decompress(response["body"]["string"])
    assert b"<html" in html[:2000].lower()
    with pytest.raises(ParseError, match="bukan JSON"):
        facebook.parse(html, cassette["interactions"][0]["request"]["uri"])


def test_graph_error_is_a_parse_error_with_its_message():
    body = json.dumps({"error": {"message": "Error validating access token: Session has expired",
                                 "type": "OAuthException", "code": 190}}).encode()
    with pytest.raises(ParseError, match="Session has expired"):
        facebook.parse(body, POSTS_URL)


@pytest.mark.parametrize("body", [
    b'{"data": {"id": "1"}}',
    b'{"data": [{"id": "1_2", "created_time": "kemarin"}]}',
    b'{"data": [{"message": "tanpa id", "created_time": "2026-11-20T00:00:00+0000"}]}',
    b'{"data": [], "paging": {"next": "https://graph.facebook.com/v23.0/x?access_token=a"}}',
])
def test_unexpected_documents_are_parse_errors(body):
    with pytest.raises(ParseError):
        facebook.parse(body, POSTS_URL)


def test_token_travels_in_a_header(token):
    options = {"page_id": PAGE}
    facebook.validate(options)
    assert facebook.request_headers(options) == {"Authorization": f"Bearer {TOKEN}"}
    assert TOKEN not in facebook.first_url(options)


def test_missing_token_is_refused_at_validation():
    with pytest.raises(ValueError, match="token tidak ditemukan di variabel lingkungan "
                                         "JARING_FACEBOOK_TOKEN"):
        facebook.validate({"page_id": PAGE})


def test_token_from_the_env_file_like_other_settings(tmp_path):
    (tmp_path / ".env").write_text(f"JARING_FACEBOOK_TOKEN={TOKEN}\n")  # tests run in tmp_path
    facebook.validate({"page_id": PAGE})
    assert facebook.request_headers({"page_id": PAGE}) == {"Authorization": f"Bearer {TOKEN}"}


def test_token_variable_can_be_named(monkeypatch):
    monkeypatch.setenv("TOKEN_HALAMAN_PEMKOT", "abc")
    options = {"page_id": PAGE, "token_env": "TOKEN_HALAMAN_PEMKOT"}
    facebook.validate(options)
    assert facebook.request_headers(options)["Authorization"] == "Bearer abc"


def test_first_urls():
    posts = facebook.first_url({"page_id": PAGE, "comments": True})
    assert posts.startswith(f"{GRAPH}/{PAGE}/posts?limit=25&fields=id%2Cmessage")
    assert "comments.filter%28stream%29.order%28reverse_chronological%29" in posts
    assert "comments" not in facebook.first_url({"page_id": PAGE}).split("?")[1]
    assert facebook.first_url({"post_id": f"{PAGE}_912345678901234"}).startswith(
        f"{GRAPH}/{PAGE}_912345678901234/comments?")


@pytest.mark.parametrize(("options", "message"), [
    ({}, "tepat satu"),
    ({"page_id": PAGE, "post_id": "1_2"}, "tepat satu"),
    ({"page_id": "halaman kota!"}, "Halaman"),
    ({"post_id": "abc"}, "kiriman"),
    ({"post_id": "1_2", "comments": True}, "comments"),
    ({"page_id": PAGE, "comments": "ya"}, "comments"),
    ({"page_id": PAGE, "token_env": "bukan-nama"}, "token_env"),
])
def test_invalid_options(options, message, token):
    with pytest.raises(ValueError, match=message):
        facebook.validate(options)


def test_harvest_over_http_sends_the_token_only_in_a_header(httpserver, token):
    no_robots(httpserver)
    base = f"{base_url(httpserver)}/v23.0"
    options = {"page_id": PAGE, "comments": True, "limit": 2, "base_url": base}
    first = query_of(facebook.first_url(options))
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    path = f"/v23.0/{PAGE}/posts"
    httpserver.expect_request(path, headers=bearer, query_string=first).respond_with_data(
        fixture("facebook", "page_posts_1.json"), content_type="application/json")
    httpserver.expect_request(path, headers=bearer, query_string={
        **first, "after": "QVFIUnBvc3RzYWZ0ZXI"}).respond_with_data(
        fixture("facebook", "page_posts_2.json"), content_type="application/json")
    result = harvest("facebook", **options)
    assert result.pages == 2 and len(result.posts) == 7
    assert result.cursor == "2026-11-20T04:12:09+00:00"
    assert not any(TOKEN in url for url in requested_urls(httpserver))
