"""The instagram kind: Graph API comments on a business account's media."""

import pytest

from harvest.errors import ParseError
from harvest.sources import get_kind
from tests.harvest.source_helpers import (
    base_url,
    fixture,
    harvest,
    no_robots,
    query_of,
    requested_urls,
    summary,
)

instagram = get_kind("instagram")
GRAPH = "https://graph.facebook.com/v23.0"
USER = "17841400000000001"
MEDIA = "18031234567890001"
MEDIA_URL = f"{GRAPH}/{USER}/media?limit=2&fields=id"
COMMENTS_URL = f"{GRAPH}/{MEDIA}/comments?limit=50&fields=id"
TOKEN = "IGQtokenrahasia"


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv("JARING_INSTAGRAM_TOKEN", TOKEN)
    return TOKEN


def test_media_list_with_comments_and_replies():
    page = instagram.parse(fixture("instagram", "user_media_1.json"), MEDIA_URL)
    assert [summary(p) for p in page.posts] == [
        {"external_id": MEDIA, "url": "https://www.instagram.com/p/DCxAmPlE01a/",
         "text": "Car Free Day kembali hadir Minggu ini di Jl. Awang Long 🚴\u200d♀️🏃 Yuk "
                 "ramaikan! #bontang #cfd",
         "posted_at": "2026-11-19T23:00:00+00:00", "author": "infokotabontang.contoh"},
        {"external_id": "17900000000000011",
         "url": "https://www.instagram.com/p/DCxAmPlE01a/c/17900000000000011/",
         "text": "min CFD nya jam berapa sampai jam berapa? parkir motor di mana ya",
         "posted_at": "2026-11-20T01:22:10+00:00", "author": "dinda.rahma_"},
        {"external_id": "17900000000000012",
         "url": "https://www.instagram.com/p/DCxAmPlE01a/c/17900000000000012/",
         "text": "@dinda.rahma_ jam 06.00-09.00 kak, parkir di halaman Stadion Taman Prestasi",
         "posted_at": "2026-11-20T01:40:00+00:00", "author": "infokotabontang.contoh"},
        {"external_id": "17900000000000013",
         "url": "https://www.instagram.com/p/DCxAmPlE01a/c/17900000000000013/",
         "text": "Tolong trotoar di sepanjang Awang Long diperbaiki dulu min, banyak paving yang "
                 "copot, bahaya buat anak2 🙏",
         "posted_at": "2026-11-20T00:05:00+00:00", "author": "pak_jaya.btg"},
        {"external_id": "18031234567890000", "url": "https://www.instagram.com/p/DCwAmPlE00z/",
         "text": "Jadwal pelayanan adminduk keliling minggu ini: Senin di Kelurahan Belimbing, "
                 "Rabu di Kelurahan Kanaan.",
         "posted_at": "2026-11-18T02:00:00+00:00", "author": "infokotabontang.contoh"},
    ]
    assert [p.extra["object"] for p in page.posts] == [
        "media", "comment", "comment", "comment", "media"]
    assert page.posts[1].extra["media_id"] == MEDIA
    assert page.older_url == f"{MEDIA_URL}&after=QVFIUm1lZGlhYWZ0ZXI"
    assert "access_token" not in page.older_url


def test_comments_of_one_media_share_its_permalink():
    page = instagram.parse(fixture("instagram", "media_comments.json"), COMMENTS_URL)
    assert [p.url for p in page.posts] == [
        "https://www.instagram.com/p/DCxAmPlE01a/c/17900000000000011/",
        "https://www.instagram.com/p/DCxAmPlE01a/c/17900000000000012/",
        # Its media object came without a permalink: the page's other comments give it.
        "https://www.instagram.com/p/DCxAmPlE01a/c/17900000000000013/",
    ]
    assert page.older_url is None


def test_comment_without_any_permalink_points_at_its_graph_object():
    body = (b'{"data": [{"id": "179", "text": "halo", "timestamp": "2026-11-20T00:00:00+0000",'
            b' "username": "a"}]}')
    page = instagram.parse(body, COMMENTS_URL)
    assert page.posts[0].url == f"{GRAPH}/179"


@pytest.mark.parametrize("body", [
    b'{"error": {"message": "Invalid OAuth access token", "code": 190}}',
    b'{"data": [{"id": "1", "caption": "x", "timestamp": "2026-13-45T00:00:00+0000"}]}',
    b'{"data": [{"id": "1", "timestamp": "2026-11-20T00:00:00+0000", "comments": {"data": 5}}]}',
    b"not json",
])
def test_unexpected_documents_are_parse_errors(body):
    with pytest.raises(ParseError):
        instagram.parse(body, MEDIA_URL)


def test_missing_token_is_refused_at_validation():
    with pytest.raises(ValueError, match="JARING_INSTAGRAM_TOKEN"):
        instagram.validate({"user_id": USER})


@pytest.mark.parametrize(("options", "message"), [
    ({}, "tepat satu"),
    ({"user_id": USER, "media_id": MEDIA}, "tepat satu"),
    ({"media_id": "abc"}, "id Instagram"),
    ({"user_id": USER, "limit": 1000}, "limit"),
])
def test_invalid_options(options, message, token):
    with pytest.raises(ValueError, match=message):
        instagram.validate(options)


def test_harvest_over_http_with_the_token_header(httpserver, token):
    no_robots(httpserver)
    options = {"user_id": USER, "limit": 2, "base_url": f"{base_url(httpserver)}/v23.0"}
    instagram.validate(options)
    first = query_of(instagram.first_url(options))
    assert "comments.limit(50)" in first["fields"]
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    path = f"/v23.0/{USER}/media"
    httpserver.expect_request(path, headers=bearer, query_string=first).respond_with_data(
        fixture("instagram", "user_media_1.json"), content_type="application/json")
    httpserver.expect_request(path, headers=bearer, query_string={
        **first, "after": "QVFIUm1lZGlhYWZ0ZXI"}).respond_with_data(
        fixture("instagram", "user_media_2.json"), content_type="application/json")
    result = harvest("instagram", **options)
    assert result.pages == 2 and len(result.posts) == 7
    assert result.posts[0].text == "Selamat Hari Guru Nasional 🙏"
    assert result.cursor == "2026-11-20T01:40:00+00:00"
    assert not any(TOKEN in url for url in requested_urls(httpserver))
