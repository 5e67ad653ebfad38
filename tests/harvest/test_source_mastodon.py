"""The mastodon kind: hashtag, account and public timelines, paged by the Link header."""

import json

import pytest
import yaml

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

mastodon = get_kind("mastodon")
TAG_URL = "https://mastodon.example/api/v1/timelines/tag/bontang?limit=40"


def recorded_tag_timeline():
    """The body and headers of the real hashtag-timeline response in the vcrpy cassette."""
    path = shared_path("fixtures", "real", "mastodon", "test_hashtag_tl.yaml")
    cassette = yaml.safe_load(path.read_text(encoding="utf-8"))
    interaction = next(i for i in cassette["interactions"]
                       if "/timelines/tag/" in i["request"]["uri"])
    headers = {name: values[0] for name, values in interaction["response"]["headers"].items()}
    return interaction["request"]["uri"], interaction["response"]["body"]["string"], headers


def test_real_recorded_hashtag_timeline():
    url, body, headers = recorded_tag_timeline()
    page = mastodon.parse(body.encode("utf-8"), url, headers)
    assert [summary(p) for p in page.posts] == [{
        "external_id": "117020593741189701",
        "url": "http://localhost:3000/@mastodonpy_test_2/117020593741189701",
        "text": "#hoot (hashtag toot)", "posted_at": "2026-08-01T13:55:55.867000+00:00",
        "author": "mastodonpy_test_2"}]
    assert page.older_url == ("http://localhost:3000/api/v1/timelines/tag/hoot"
                              "?max_id=117020593741189701")


def test_indonesian_timeline_with_a_boost_and_a_content_warning():
    page = mastodon.parse(fixture("mastodon", "tag_bontang_1.json"), TAG_URL)
    assert [summary(p) for p in page.posts] == [
        # The boost stands for the original status; the original is not repeated below it.
        {"external_id": "113520418850121009",
         "url": "https://mastodon.example/@yusuf/113520418850121009",
         "text": "Min, sampah di TPS Jl. Cut Nyak Dien udah 4 hari gak diangkut 🤢 baunya "
                 "sampai ke rumah warga. #bontang",
         "posted_at": "2026-11-20T03:10:00+00:00", "author": "yusuf"},
        {"external_id": "113520418850121011",
         "url": "https://kaltim.social/@rina_telihan/113520418850121011",
         "text": "Jalan depan SDN 005 Telihan berlubang besar, kemarin ada anak sekolah jatuh "
                 "dari motor.\nTolong segera ditambal ya 🙏\n#bontang #jalanrusak",
         "posted_at": "2026-11-20T03:55:12+00:00", "author": "rina_telihan@kaltim.social"},
        {"external_id": "113520418850121007",
         "url": "https://toot.example/@dewi_bk/113520418850121007",
         "text": "banjir rob\nAir pasang lagi, jalan di Bontang Kuala tergenang sampai betis. "
                 "Kapan tanggulnya dibangun?",
         "posted_at": "2026-11-20T01:20:00+00:00", "author": "dewi_bk@toot.example"},
    ]
    assert page.posts[0].extra["boosted_by"] == "kominfobtg"
    assert page.posts[0].extra["timeline_id"] == "113520418850121012"
    assert [p.has_media for p in page.posts] == [False, True, False]


def test_older_page_comes_from_the_link_header():
    headers = {"Link": '<https://mastodon.example/api/v1/timelines/tag/bontang?limit=40&'
                       'max_id=113520418850121007>; rel="next", <https://mastodon.example/api/v1/'
                       'timelines/tag/bontang?limit=40&min_id=113520418850121012>; rel="prev"'}
    page = mastodon.parse(fixture("mastodon", "tag_bontang_1.json"), TAG_URL, headers)
    assert page.older_url.endswith("max_id=113520418850121007")
    only_prev = {"link": '<https://mastodon.example/x?min_id=1>; rel="prev"'}
    assert mastodon.parse(fixture("mastodon", "tag_bontang_2.json"), TAG_URL,
                          only_prev).older_url is None


def test_saved_body_pages_below_its_oldest_status():
    page = mastodon.parse(fixture("mastodon", "tag_bontang_2.json"), TAG_URL)
    assert page.older_url == f"{TAG_URL}&max_id=113520418850121003"
    assert mastodon.parse(b"[]", TAG_URL).older_url is None


def test_cursor_follows_timeline_ids():
    page = mastodon.parse(fixture("mastodon", "tag_bontang_1.json"), TAG_URL)
    # The boost's own id is newest, though the boosted status was written earlier.
    assert mastodon.advance_cursor(None, page.posts) == "113520418850121012"
    boosted = page.posts[0]
    assert not mastodon.is_seen(boosted, "113520418850121011")
    assert mastodon.is_seen(boosted, "113520418850121012")
    # Ids of different lengths order by length first (older, shorter ids are smaller).
    assert mastodon.advance_cursor("99999999999999999", page.posts) == "113520418850121012"


@pytest.mark.parametrize("body", [
    b'{"error": "This method requires an authenticated user"}',
    b"<html><body>Login</body></html>",
    b'[{"id": "1", "created_at": "2026-11-20T00:00:00Z", "content": "x"}]',  # no url
    b'[{"id": 1, "created_at": "2026-11-20T00:00:00Z", "url": "https://a.example/1"}]',
    b'["bukan objek"]',
])
def test_unexpected_documents_are_parse_errors(body):
    with pytest.raises(ParseError):
        mastodon.parse(body, TAG_URL)


def test_first_urls():
    base = "https://mastodon.example"
    assert mastodon.first_url({"instance": base, "hashtag": "#bontang"}) == TAG_URL
    assert mastodon.first_url({"instance": base, "account_id": "1098", "limit": 20}) == (
        f"{base}/api/v1/accounts/1098/statuses?limit=20")
    assert mastodon.first_url({"instance": base, "timeline": "public", "local": True}) == (
        f"{base}/api/v1/timelines/public?limit=40&local=true")


@pytest.mark.parametrize(("options", "message"), [
    ({"hashtag": "bontang"}, "instance"),
    ({"instance": "https://m.example"}, "tepat satu"),
    ({"instance": "https://m.example", "hashtag": "a", "account_id": "1"}, "tepat satu"),
    ({"instance": "https://m.example", "timeline": "home"}, "public"),
    ({"instance": "https://m.example", "hashtag": "dua kata"}, "tagar"),
    ({"instance": "https://m.example", "hashtag": "bontang", "local": "ya"}, "local"),
])
def test_invalid_options(options, message):
    with pytest.raises(ValueError, match=message):
        mastodon.validate(options)


def test_harvest_over_http_follows_link_headers(httpserver):
    no_robots(httpserver)
    base = base_url(httpserver)
    path = "/api/v1/timelines/tag/bontang"
    pages = [("", "tag_bontang_1.json", "113520418850121007"),
             ("113520418850121007", "tag_bontang_2.json", "113520418850121003")]
    for max_id, name, older in pages:
        query = {"limit": "40", **({"max_id": max_id} if max_id else {})}
        link = f'<{base}{path}?limit=40&max_id={older}>; rel="next"'
        httpserver.expect_request(path, query_string=query).respond_with_data(
            fixture("mastodon", name), content_type="application/json", headers={"Link": link})
    httpserver.expect_request(path, query_string={"limit": "40", "max_id": "113520418850121003"}) \
        .respond_with_data("[]", content_type="application/json")
    result = harvest("mastodon", instance=base, hashtag="bontang")
    assert result.pages == 3 and len(result.posts) == 5
    assert result.cursor == "113520418850121012"
    assert result.posts[0].text.startswith("Selamat pagi #bontang")
    again = harvest("mastodon", cursor=result.cursor, instance=base, hashtag="bontang")
    assert again.pages == 1 and again.cursor == result.cursor


def test_a_boost_of_a_status_already_listed_is_not_a_second_post():
    statuses = fixture_json("mastodon", "tag_bontang_1.json")
    page = mastodon.parse(json.dumps(statuses + statuses[:1]).encode(), TAG_URL)
    assert len(page.posts) == 3
