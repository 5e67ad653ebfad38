"""The youtube kind: Data API v3 commentThreads, nextPageToken paging, key in a header."""

import pytest

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

youtube = get_kind("youtube")
VIDEO = "Xb7kT2mQ9aE"
URL = (f"https://www.googleapis.com/youtube/v3/commentThreads?part=snippet%2Creplies"
       f"&videoId={VIDEO}&order=time&textFormat=plainText&maxResults=100")
KEY = "AIzaKunciRahasia"


@pytest.fixture
def key(monkeypatch):
    monkeypatch.setenv("JARING_YOUTUBE_API_KEY", KEY)
    return KEY


def test_comment_threads_with_replies():
    page = youtube.parse(fixture("youtube", "comment_threads_1.json"), URL)
    assert [summary(p) for p in page.posts] == [
        {"external_id": "UgzK3xExAmPlE1aBcD4AaABAg",
         "url": f"https://www.youtube.com/watch?v={VIDEO}&lc=UgzK3xExAmPlE1aBcD4AaABAg",
         "text": "Pak Wali, tolong jalan di Loktuan depan pasar itu diperbaiki, tiap hujan jadi "
                 "kolam ikan 🐟🐟\nsudah bertahun2 begini",
         "posted_at": "2026-11-20T08:15:00+00:00", "author": "@andi_loktuan"},
        {"external_id": "UgzK3xExAmPlE1aBcD4AaABAg.AB12cd34EF5",
         "url": f"https://www.youtube.com/watch?v={VIDEO}&lc=UgzK3xExAmPlE1aBcD4AaABAg.AB12cd34EF5",
         "text": "Terima kasih masukannya, sudah kami teruskan ke Dinas PUPR.",
         "posted_at": "2026-11-20T09:00:00+00:00", "author": "@BontangTVcontoh"},
        {"external_id": "UgwQ7yExAmPlE2xYz9B4AaABAg",
         "url": f"https://www.youtube.com/watch?v={VIDEO}&lc=UgwQ7yExAmPlE2xYz9B4AaABAg",
         "text": "Kapan pendaftaran beasiswa mahasiswa Bontang dibuka? & syaratnya masih sama kyk "
                 "tahun lalu?",
         "posted_at": "2026-11-20T07:02:31+00:00", "author": "@mamanya.kevin"},
    ]
    assert page.posts[1].extra == {"video_id": VIDEO, "parent_id": "UgzK3xExAmPlE1aBcD4AaABAg"}
    assert page.older_url == f"{URL}&pageToken=QURTSl9pMkFFeGFtcGxlVG9rZW4"
    assert youtube.parse(fixture("youtube", "comment_threads_2.json"), URL).older_url is None


def test_display_text_is_the_fallback_when_the_original_is_withheld():
    body = fixture("youtube", "comment_threads_2.json").replace(
        b'"textOriginal": "wkwk videonya mantap \xf0\x9f\x94\xa5\xf0\x9f\x94\xa5",', b"")
    page = youtube.parse(body.replace(b'"textDisplay": "wkwk', b'"textDisplay": "<b>wkwk</b>'), URL)
    assert page.posts[0].text == "wkwk videonya mantap 🔥🔥"


def test_real_recording_is_the_web_client_format_and_not_accepted():
    # The shared recording is youtubei/v1/next (the web player's API); Jaring reads the Data API.
    body = shared_path("fixtures", "real", "youtube",
                       "comment_continuation_response.json").read_bytes()
    with pytest.raises(ParseError, match="commentThreads"):
        youtube.parse(body, "https://www.youtube.com/youtubei/v1/next")


def test_api_error_is_a_parse_error_with_its_message():
    body = (b'{"error": {"code": 403, "message": "The video identified by the videoId parameter '
            b'has disabled comments.", "errors": [{"reason": "commentsDisabled"}]}}')
    with pytest.raises(ParseError, match="disabled comments"):
        youtube.parse(body, URL)


@pytest.mark.parametrize("body", [
    b'{"kind": "youtube#commentThreadListResponse", "items": [{"snippet": {}}]}',
    b'{"kind": "youtube#commentThreadListResponse", "items": [{"snippet": {"topLevelComment":'
    b' {"id": "a", "snippet": {"publishedAt": "2026-11-20T00:00:00Z"}}}}]}',
    b'{"kind": "youtube#commentThreadListResponse", "items": {}}',
    b"[]",
])
def test_unexpected_documents_are_parse_errors(body):
    with pytest.raises(ParseError):
        youtube.parse(body, URL)


def test_key_travels_in_a_header(key):
    options = {"video_id": VIDEO}
    youtube.validate(options)
    assert youtube.request_headers(options) == {"X-Goog-Api-Key": KEY}
    assert youtube.first_url(options) == URL
    channel = youtube.first_url({"channel_id": "UCexampleBontangTV00000a", "max_results": 50})
    assert "allThreadsRelatedToChannelId=UCexampleBontangTV00000a" in channel


def test_missing_key_is_refused_at_validation():
    with pytest.raises(ValueError, match="JARING_YOUTUBE_API_KEY"):
        youtube.validate({"video_id": VIDEO})


@pytest.mark.parametrize(("options", "message"), [
    ({}, "tepat satu"),
    ({"video_id": VIDEO, "channel_id": "UCx0000000"}, "tepat satu"),
    ({"video_id": "a b"}, "id YouTube"),
    ({"video_id": VIDEO, "max_results": 101}, "max_results"),
])
def test_invalid_options(options, message, key):
    with pytest.raises(ValueError, match=message):
        youtube.validate(options)


def test_harvest_over_http_with_the_key_header(httpserver, key):
    no_robots(httpserver)
    options = {"video_id": VIDEO, "base_url": f"{base_url(httpserver)}/youtube/v3"}
    first = query_of(youtube.first_url(options))
    path, header = "/youtube/v3/commentThreads", {"X-Goog-Api-Key": KEY}
    httpserver.expect_request(path, headers=header, query_string=first).respond_with_data(
        fixture("youtube", "comment_threads_1.json"), content_type="application/json")
    httpserver.expect_request(path, headers=header, query_string={
        **first, "pageToken": "QURTSl9pMkFFeGFtcGxlVG9rZW4"}).respond_with_data(
        fixture("youtube", "comment_threads_2.json"), content_type="application/json")
    result = harvest("youtube", **options)
    assert result.pages == 2 and len(result.posts) == 4
    assert result.cursor == "2026-11-20T09:00:00+00:00"
    assert not any(KEY in url for url in requested_urls(httpserver))
