"""The html kind: any page read with CSS selectors from the source entry."""

from datetime import UTC, datetime, timedelta

import pytest

from harvest.errors import ParseError
from harvest.sources import get_kind
from tests.harvest.source_helpers import base_url, fixture, harvest, no_robots, summary

html = get_kind("html")
SITE = "https://forum-warga-bontang.example"
OPTIONS = {"url": f"{SITE}/forum/keluhan", "post": "article.post", "text": ".post-body",
           "author": ".post-author", "time": "time", "link": "a.permalink",
           "next": "a[rel=next]", "timezone": "Asia/Makassar"}
forum = html.with_options(OPTIONS)
FETCHED = {"Date": "Sat, 21 Nov 2026 02:00:00 GMT"}


def test_forum_page():
    page = forum.parse(fixture("html", "forum_keluhan_1.html"), f"{SITE}/forum/keluhan")
    assert [summary(p) for p in page.posts] == [
        {"external_id": f"{SITE}/t/1203-parit-mampet-di-berbas-pantai#p4411",
         "url": f"{SITE}/t/1203-parit-mampet-di-berbas-pantai#p4411",
         "text": "Assalamualaikum. Parit di RT 08 Berbas Pantai mampet total, air got meluap ke "
                 "jalan tiap pasang naik.\nSudah lapor ke Pak RT tapi katanya harus ke "
                 "kelurahan.\nMohon dibantu ya 🙏",
         "posted_at": "2026-11-20T02:15:00+00:00", "author": "Hj. Rosmiati"},
        # No datetime attribute: "19 November 2026 21.40" is read as WITA (UTC+8).
        {"external_id": f"{SITE}/t/1199-usul-lapangan-futsal#p4405",
         "url": f"{SITE}/t/1199-usul-lapangan-futsal#p4405",
         "text": "Usul aja, lapangan di dekat SD 007 Tanjung Laut dijadikan lapangan futsal "
                 "umum, biar anak2 gak main di jalan.",
         "posted_at": "2026-11-19T13:40:00+00:00", "author": "anak muda tanjung laut"},
    ]
    assert [p.has_media for p in page.posts] == [True, False]
    assert page.older_url == f"{SITE}/forum/keluhan?page=2"


def test_relative_dates_count_back_from_the_fetch():
    page = forum.parse(fixture("html", "forum_keluhan_2.html"), f"{SITE}/forum/keluhan?page=2",
                       FETCHED)
    assert page.posts[0].posted_at.isoformat() == "2026-11-19T02:00:00+00:00"  # 2 hari yang lalu
    assert page.posts[0].text.startswith("Min, mau tanya trayek angkot C masih jalan gak sih?")
    assert page.older_url is None


def test_without_link_and_time_the_id_is_a_stable_hash():
    bare = html.with_options({"url": SITE, "post": "article.post", "text": ".post-body"})
    body = fixture("html", "forum_keluhan_1.html")
    first, again = (bare.parse(body, f"{SITE}/forum/keluhan", FETCHED) for _ in range(2))
    assert [p.external_id for p in first.posts] == [p.external_id for p in again.posts]
    assert first.posts[0].external_id.startswith("sha256:")
    assert first.posts[0].url == f"{SITE}/forum/keluhan"
    assert first.posts[0].posted_at.isoformat() == "2026-11-21T02:00:00+00:00"
    assert first.posts[0].extra == {"time_estimated": True}


def test_changed_markup_is_a_parse_error():
    body = b"<html><body><div class='thread-v2'>Forum baru</div></body></html>"
    with pytest.raises(ParseError, match="markup berubah"):
        forum.parse(body, f"{SITE}/forum/keluhan")


def test_allow_empty_accepts_a_page_without_posts():
    quiet = html.with_options({**OPTIONS, "allow_empty": True})
    page = quiet.parse(b"<html><body><p>Belum ada kiriman</p></body></html>", SITE)
    assert page.posts == () and page.older_url is None


def test_posts_without_text_element_fail_only_when_all_do():
    wrong_text = html.with_options({**OPTIONS, "text": ".isi-kiriman"})
    with pytest.raises(ParseError, match="selektor text"):
        wrong_text.parse(fixture("html", "forum_keluhan_1.html"), SITE)


def test_unreadable_time_is_a_parse_error():
    body = (b"<article class='post'><time>kapan-kapan</time><div class='post-body'>x</div>"
            b"</article>")
    with pytest.raises(ParseError, match="waktu tidak terbaca"):
        forum.parse(body, SITE)


def test_the_unconfigured_kind_asks_for_selectors():
    with pytest.raises(ParseError, match="selektor"):
        html.parse(fixture("html", "forum_keluhan_1.html"), SITE)


@pytest.mark.parametrize(("options", "message"), [
    ({"post": "article", "text": "p"}, "url"),
    ({**OPTIONS, "post": "article[["}, "selektor post"),
    ({**OPTIONS, "timezone": "Mars/Olympus"}, "zona waktu"),
    ({**OPTIONS, "allow_empty": "ya"}, "allow_empty"),
])
def test_invalid_options(options, message):
    with pytest.raises(ValueError, match=message):
        html.validate(options)


def test_default_timezone_is_the_city_profiles():
    options = {key: value for key, value in OPTIONS.items() if key != "timezone"}
    assert html.with_options(options).selectors.timezone == "Asia/Makassar"


def test_harvest_over_http_follows_the_next_link(httpserver):
    no_robots(httpserver)
    httpserver.expect_request("/forum/keluhan", query_string="").respond_with_data(
        fixture("html", "forum_keluhan_1.html"), content_type="text/html; charset=utf-8")
    httpserver.expect_request("/forum/keluhan", query_string="page=2").respond_with_data(
        fixture("html", "forum_keluhan_2.html"), content_type="text/html; charset=utf-8")
    before = datetime.now(UTC)
    result = harvest("html", **{**OPTIONS, "url": f"{base_url(httpserver)}/forum/keluhan"})
    assert result.pages == 2
    by_author = {p.author: p for p in result.posts}
    assert set(by_author) == {"Bang Ucok", "anak muda tanjung laut", "Hj. Rosmiati"}
    assert by_author["Hj. Rosmiati"].url == (
        f"{base_url(httpserver)}/t/1203-parit-mampet-di-berbas-pantai#p4411")
    # "2 hari yang lalu" counts back from the server's Date header (whole seconds).
    relative = by_author["Bang Ucok"].posted_at
    two_days = timedelta(days=2)
    assert before - two_days - timedelta(seconds=2) <= relative <= datetime.now(UTC) - two_days


@pytest.mark.parametrize("body", ["https://contoh.go.id/halaman", "index.html",
                                  "<?xml version='1.0'?><rss><channel/></rss>"])
def test_a_body_that_is_no_html_page_parses_without_warnings(body):
    import warnings

    from harvest.text import html_page

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        page = html_page(body)
    assert not page.select("article")
