"""The wordpress kind: REST API posts and comments, numbered pages."""

import json

import pytest

from harvest.errors import ParseError
from harvest.sources import get_kind
from tests.harvest.source_helpers import (
    base_url,
    fixture,
    harvest,
    no_robots,
    requested_urls,
    summary,
)

wordpress = get_kind("wordpress")
SITE = "https://warta-bontang.example"
POSTS = f"{SITE}/wp-json/wp/v2/posts?per_page=2&page=1&orderby=date&order=desc"
COMMENTS = f"{SITE}/wp-json/wp/v2/comments?per_page=50&page=1&orderby=date&order=desc&post=4411"


def test_posts_page_with_total_pages_header():
    page = wordpress.parse(fixture("wordpress", "posts_page1.json"), POSTS,
                           {"X-WP-Total": "3", "X-WP-TotalPages": "2"})
    assert [summary(p) for p in page.posts] == [
        {"external_id": "post-4411",
         "url": f"{SITE}/2026/11/20/warga-gunung-elai-keluhkan-air-pdam-mati/",
         "text": "Warga Gunung Elai Keluhkan Air PDAM Mati Tiga Hari\nSudah tiga hari air di RT 12 "
                 "Gunung Elai tidak mengalir. Warga terpaksa membeli air galon untuk mandi dan "
                 "memasak.\n“Kami sudah lapor ke call center tapi belum ada petugas datang,” kata "
                 "Sri, warga Gang Mawar.",
         "posted_at": "2026-11-20T09:05:00+00:00", "author": "3"},
        {"external_id": "post-4408", "url": f"{SITE}/2026/11/19/jadwal-spmb-2027/",
         "text": "Jadwal Pendaftaran SPMB SD dan SMP Negeri Bontang 2027 Dibuka Maret\nDinas "
                 "Pendidikan menyebut pendaftaran dibuka pertengahan Maret.\nOrang tua diminta "
                 "menyiapkan KK dan akta kelahiran.",
         "posted_at": "2026-11-19T23:30:00+00:00", "author": "5"},
    ]
    assert [p.has_media for p in page.posts] == [True, False]
    assert page.older_url == POSTS.replace("page=1", "page=2")


def test_last_page_has_no_older_page():
    url = POSTS.replace("page=1", "page=2")
    page = wordpress.parse(fixture("wordpress", "posts_page2.json"), url, {"X-WP-TotalPages": "2"})
    post = page.posts[0]
    assert post.text == ("Lampu Jalan di Jl. Brigjend Katamso Padam, Pengendara Was‑was\n"
                         "Sejak sepekan, deretan lampu penerangan jalan umum (PJU) padam.\n"
                         "Titik 1: depan SMPN 2\nTitik 2: simpang Ramayana")
    assert post.has_media  # an image in the content, no featured image
    assert page.older_url is None


def test_offline_paging_guesses_from_a_full_page():
    # No headers (a saved body): a full page suggests another, a short one is the last.
    assert wordpress.parse(fixture("wordpress", "posts_page1.json"), POSTS).older_url
    assert wordpress.parse(fixture("wordpress", "posts_page2.json"), POSTS).older_url is None


def test_comments_of_one_post():
    page = wordpress.parse(fixture("wordpress", "comments.json"), COMMENTS,
                           {"X-WP-TotalPages": "1"})
    assert [(p.external_id, p.author, p.posted_at.isoformat()) for p in page.posts] == [
        ("comment-9021", "Sri Wahyuni", "2026-11-20T11:02:19+00:00"),
        ("comment-9019", "Pak Darmawan", "2026-11-20T10:15:00+00:00"),
        ("comment-9018", "budi_btg", "2026-11-20T09:48:30+00:00"),
    ]
    assert page.posts[0].text == ("di gang kami jg sama min, air cuma ngalir jam 2 malam itupun "
                                  "kecil bgt. tolong PDAM turun ke lapangan.\n"
                                  "Gang Mawar RT 12 Gunung Elai")
    assert page.posts[1].text.endswith("& diumumkan di grup RT, biar warga bisa nampung dulu.")
    assert page.posts[0].url == (
        f"{SITE}/2026/11/20/warga-gunung-elai-keluhkan-air-pdam-mati/#comment-9021")
    assert page.posts[0].extra == {"post_id": 4411}
    assert page.older_url is None


def test_first_urls():
    assert wordpress.first_url({"site": SITE + "/"}) == (
        f"{SITE}/wp-json/wp/v2/posts?per_page=50&page=1&orderby=date&order=desc")
    assert wordpress.first_url({"site": SITE, "type": "comments", "post": 4411, "per_page": 50}) \
        == COMMENTS


@pytest.mark.parametrize("body", [
    b'{"code":"rest_no_route","message":"No route was found","data":{"status":404}}',
    b"<!DOCTYPE html><html><body>Situs sedang perawatan</body></html>",
    b'[{"id": "bukan angka", "link": "https://a.example/"}]',
    b'[{"id": 1, "link": "https://a.example/", "date_gmt": "kemarin"}]',
    b'[{"id": 1, "link": "javascript:alert(1)", "date_gmt": "2026-11-20T00:00:00"}]',
    b"[1, 2, 3]",
])
def test_unexpected_documents_are_parse_errors(body):
    with pytest.raises(ParseError):
        wordpress.parse(body, POSTS)


@pytest.mark.parametrize(("options", "message"), [
    ({}, "site"),
    ({"site": "warta-bontang.example"}, "URL"),
    ({"site": SITE, "type": "pages"}, "type"),
    ({"site": SITE, "post": 5}, "comments"),
    ({"site": SITE, "type": "comments", "post": "abc"}, "post"),
    ({"site": SITE, "per_page": 500}, "per_page"),
])
def test_invalid_options(options, message):
    with pytest.raises(ValueError, match=message):
        wordpress.validate(options)


def test_harvest_over_http_walks_numbered_pages(httpserver):
    no_robots(httpserver)
    path = "/wp-json/wp/v2/posts"
    query = {"per_page": "2", "orderby": "date", "order": "desc"}
    for number, name in ((1, "posts_page1.json"), (2, "posts_page2.json")):
        httpserver.expect_request(path, query_string={**query, "page": str(number)}) \
            .respond_with_data(fixture("wordpress", name), content_type="application/json",
                               headers={"X-WP-Total": "3", "X-WP-TotalPages": "2"})
    result = harvest("wordpress", site=base_url(httpserver), per_page=2)
    assert [p.external_id for p in result.posts] == ["post-4397", "post-4408", "post-4411"]
    assert result.pages == 2 and result.cursor == "2026-11-20T09:05:00+00:00"
    assert len(requested_urls(httpserver)) == 2
    # Next run: the newest page holds a stored post, so nothing older is fetched.
    again = harvest("wordpress", cursor=result.cursor, site=base_url(httpserver), per_page=2)
    assert again.pages == 1 and again.cursor == result.cursor


def test_comment_ids_never_collide_with_post_ids():
    comment = json.loads(fixture("wordpress", "comments.json"))[0]
    comment["id"] = 4411
    page = wordpress.parse(json.dumps([comment]).encode(), COMMENTS)
    assert page.posts[0].external_id == "comment-4411"
