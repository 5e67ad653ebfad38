"""The rss kind: news feeds, Google News searches, WordPress comment feeds, Atom."""

from datetime import UTC, datetime

import pytest

from harvest.errors import ParseError
from harvest.sources import get_kind
from tests.conftest import shared_path
from tests.harvest.source_helpers import base_url, fixture, harvest, no_robots, summary

rss = get_kind("rss")
FEED_URL = "https://warta-bontang.example/feed/"


def test_real_google_news_feed():
    body = shared_path("fixtures", "real", "google_news_rss", "google_news.xml").read_bytes()
    page = rss.parse(body, "https://news.google.com/news?pz=1&ned=uk&hl=en&q=topic:x&output=rss")
    assert len(page.posts) == 10 and page.older_url is None
    first = page.posts[0]
    assert first.text == "Russia election loser 'outraged' as Putin loses patience with protesters"
    assert first.extra["news_source"] == "Telegraph.co.uk"
    assert first.posted_at == datetime(2012, 3, 6, 10, 52, 50, tzinfo=UTC)
    assert first.external_id.startswith("tag:news.google.com,2005:cluster=http://www.telegraph")
    assert first.url.startswith("http://news.google.com/news/url?")
    assert all(p.text and "<" not in p.text for p in page.posts)


def test_indonesian_news_feed():
    page = rss.parse(fixture("rss", "berita_bontang.xml"), FEED_URL)
    assert [summary(p) for p in page.posts] == [
        {"external_id": "https://warta-bontang.example/?p=4411",
         "url": "https://warta-bontang.example/2026/11/20/warga-gunung-elai-keluhkan-air-pdam-mati/",
         "text": "Warga Gunung Elai Keluhkan Air PDAM Mati Tiga Hari\nSudah tiga hari air di RT 12 "
                 "Gunung Elai tidak mengalir. Warga terpaksa membeli air galon untuk mandi dan "
                 "memasak.\nThe post Warga Gunung Elai Keluhkan Air PDAM Mati Tiga Hari appeared "
                 "first on Warta Bontang.",
         "posted_at": "2026-11-20T09:05:00+00:00", "author": "Redaksi Warta"},
        {"external_id": "https://warta-bontang.example/?p=4408",
         "url": "https://warta-bontang.example/2026/11/19/jadwal-spmb-2027/",
         "text": "Jadwal Pendaftaran SPMB SD dan SMP Negeri Bontang 2027 Dibuka Maret\nDinas "
                 "Pendidikan menyebut pendaftaran dibuka pertengahan Maret; orang tua diminta "
                 "menyiapkan KK dan akta kelahiran.",
         "posted_at": "2026-11-19T23:30:00+00:00", "author": "Rahmat Hidayat"},
        # A relative link is made absolute; +0800 becomes UTC; a summary repeating the title
        # is not doubled.
        {"external_id": "https://warta-bontang.example/?p=4397",
         "url": "https://warta-bontang.example/2026/11/18/lampu-jalan-katamso-padam/",
         "text": "Lampu Jalan di Jl. Brigjend Katamso Padam, Pengendara Was-was. Sejak sepekan, "
                 "deretan lampu penerangan jalan umum (PJU) padam.",
         "posted_at": "2026-11-18T06:45:10+00:00", "author": "Redaksi Warta"},
    ]
    assert [p.has_media for p in page.posts] == [True, False, False]


def test_wordpress_comment_feed_keeps_the_comment_not_the_title():
    page = rss.parse(fixture("rss", "komentar_wp.xml"), "https://warta-bontang.example/comments/feed/")
    first = page.posts[0]
    assert first.external_id.endswith("#comment-9021")
    assert first.text == ("di gang kami jg sama min, air cuma ngalir jam 2 malam itupun kecil bgt. "
                          "tolong PDAM turun ke lapangan.\nGang Mawar RT 12 Gunung Elai")
    assert first.author == "Sri Wahyuni"
    assert first.extra["comment_on"].startswith("Komentar pada Warga Gunung Elai")
    assert page.posts[1].text.startswith("kalau anak pindahan dari luar kota syaratnya apa aja")


def test_google_news_search_feed_splits_headline_and_outlet():
    url = "https://news.google.com/rss/search?q=bontang+banjir&hl=id&gl=ID&ceid=ID:id"
    page = rss.parse(fixture("rss", "google_news_bontang.xml"), url)
    assert [(p.text, p.extra["news_source"]) for p in page.posts] == [
        ("Hujan Deras Semalaman, Lima Kelurahan di Bontang Terendam Banjir", "Kaltim Harian"),
        ("Warga Tanjung Laut Indah Minta Drainase Dinormalisasi", "Bontang Pos"),
        # The outlet's own name contains " - ": the <source> element says where it starts.
        ("BPBD: Waspada Banjir Rob di Pesisir Bontang Kuala", "Suara Etam - Kaltim"),
    ]
    assert page.posts[0].url.startswith("https://news.google.com/rss/articles/CBMi")
    assert page.posts[0].external_id == (
        "CBMiZ2h0dHBzOi8va2FsdGltLWhhcmlhbi5leGFtcGxlL2JlcmFzaS9iYW5qaXItYm9udGFuZ9IBAA")


def test_atom_feed_times_and_authors():
    page = rss.parse(fixture("rss", "suara_loktuan.atom"), "https://suara-loktuan.example/feed.atom")
    assert [summary(p) for p in page.posts] == [
        {"external_id": "tag:suara-loktuan.example,2026:/posts/118",
         "url": "https://suara-loktuan.example/2026/11/usul-lampu-taman",
         "text": "Usul: taman di samping masjid dikasih lampu\nAnak-anak sering main sampai "
                 "magrib, tapi tamannya gelap. Semoga kelurahan bisa pasang 2-3 lampu taman ya 🙏",
         "posted_at": "2026-11-19T23:00:00+00:00", "author": "Bu Nurhayati"},
        {"external_id": "tag:suara-loktuan.example,2026:/posts/117",
         "url": "https://suara-loktuan.example/2026/11/kerja-bakti",
         "text": "Kerja bakti Minggu pagi\nKumpul jam 7 di pos ronda RT 05, bawa parang dan "
                 "karung. Terima kasih!",
         "posted_at": "2026-11-17T10:00:00+00:00", "author": None},
    ]


@pytest.mark.parametrize("body", [
    b"",
    b"<html><body><p>Halaman login</p></body></html>",
    b'{"items": []}',
    b"\xff\xfe\x00 sampah",
    # A NUL byte inside the declared encoding's name (found by the property test): feedparser
    # raises ValueError("embedded null character") instead of reporting it.
    b'<?xml version="1.0" encoding="UT\x00-8"?><rss version="2.0"><channel><item><title>a'
    b"</title></item></channel></rss>",
])
def test_bodies_that_are_not_feeds_are_parse_errors(body):
    with pytest.raises(ParseError, match="bukan feed"):
        rss.parse(body, FEED_URL)


def test_an_empty_feed_is_a_valid_empty_page():
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Kosong</title></channel></rss>'
    assert rss.parse(body, FEED_URL).posts == ()


def test_an_entry_without_any_date_is_a_parse_error():
    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
            b"<item><title>Tanpa tanggal</title><link>https://a.example/1</link></item>"
            b"</channel></rss>")
    with pytest.raises(ParseError, match="tanpa tanggal"):
        rss.parse(body, FEED_URL)


def test_a_local_path_in_the_body_is_never_opened():
    # feedparser opens files and URLs given as str/bytes; the parser must pass a stream.
    with pytest.raises(ParseError):
        rss.parse(b"/etc/hostname", FEED_URL)


@pytest.mark.parametrize(("options", "message"), [
    ({}, "url"),
    ({"url": "ftp://warta.example/feed"}, "http"),
])
def test_invalid_options(options, message):
    with pytest.raises(ValueError, match=message):
        rss.validate(options)


def test_harvest_over_http_stores_the_whole_feed_each_run(httpserver):
    no_robots(httpserver)
    httpserver.expect_request("/feed/").respond_with_data(
        fixture("rss", "berita_bontang.xml"), content_type="application/rss+xml; charset=UTF-8")
    url = f"{base_url(httpserver)}/feed/"
    first = harvest("rss", url=url)
    assert first.pages == 1 and len(first.posts) == 3
    assert first.cursor == "2026-11-20T09:05:00+00:00"
    # The relative link resolves against the server the feed came from.
    assert first.posts[0].url == f"{base_url(httpserver)}/2026/11/18/lampu-jalan-katamso-padam/"
    again = harvest("rss", cursor=first.cursor, url=url)
    assert again.pages == 1 and again.cursor == first.cursor
    assert {p.external_id for p in again.posts} == {p.external_id for p in first.posts}
