"""The Telegram parser on a real recorded page and on our Indonesian page in the same markup."""

import json
from datetime import UTC, datetime

import pytest

from harvest.errors import ParseError
from harvest.sources import get_kind
from tests.conftest import FIXTURES, shared_path

telegram = get_kind("telegram")
PAGE_URL = "https://t.me/s/laporbontang_warga"


def test_real_recorded_page():
    path = shared_path("fixtures", "real", "telegram", "full.html")
    page = telegram.parse(path.read_bytes(), "https://t.me/s/topwar_official?before=71009")
    assert len(page.posts) == 12
    first = page.posts[0]
    assert first.external_id == "topwar_official/70989"
    assert first.url == "https://t.me/topwar_official/70989"
    assert first.posted_at == datetime(2023, 2, 28, 7, 47, 53, tzinfo=UTC)
    assert first.text.startswith("В Санкт-Петербурге в небо над городом подняли истребители")
    assert "\n" in first.text and "  " not in first.text
    assert first.has_media
    assert page.older_url == "https://t.me/s/topwar_official?before=70989"
    ids = [int(p.external_id.split("/")[1]) for p in page.posts]
    assert ids == sorted(ids)


def test_indonesian_page_matches_expected_posts():
    html = (FIXTURES / "telegram" / "bontang_channel.html").read_bytes()
    expected = json.loads((FIXTURES / "telegram" / "bontang_channel.expected.json").read_text())
    page = telegram.parse(html, PAGE_URL)
    got = [{"external_id": p.external_id, "url": p.url,
            "posted_at": p.posted_at.isoformat().replace("+00:00", "Z"), "text": p.text,
            "author": p.author, "has_media": p.has_media} for p in page.posts]
    assert got == expected
    assert page.older_url and "before=" in page.older_url


def test_reply_quote_is_not_part_of_the_text():
    html = (FIXTURES / "telegram" / "bontang_channel.html").read_bytes()
    expected = json.loads((FIXTURES / "telegram" / "bontang_channel.expected.json").read_text())
    page = telegram.parse(html, PAGE_URL)
    texts = {p.text for p in page.posts}
    assert texts == {e["text"] for e in expected}


@pytest.mark.parametrize("body", [
    b"",
    b"<html><body><p>Halaman login</p></body></html>",
    b"\x00\xff\xfe garbage",
    b'{"json": "bukan html"}',
])
def test_pages_without_channel_history_are_parse_errors(body):
    with pytest.raises(ParseError):
        telegram.parse(body, PAGE_URL)


def test_message_without_time_is_a_parse_error():
    body = (b'<section class="tgme_channel_history"><div class="tgme_widget_message" '
            b'data-post="abc/1"><div class="tgme_widget_message_text js-message_text">Hai</div>'
            b"</div></section>")
    with pytest.raises(ParseError, match="tanpa waktu"):
        telegram.parse(body, PAGE_URL)


def test_empty_history_is_a_valid_empty_page():
    page = telegram.parse(b'<section class="tgme_channel_history"></section>', PAGE_URL)
    assert page.posts == () and page.older_url is None


@pytest.mark.parametrize("damage", [b"ut\x00f-8", b"u\x01tf-8"], ids=["nul", "control"])
def test_a_damaged_declared_encoding_still_gives_the_posts(damage):
    """lxml refuses an encoding name with a NUL or control character (a ValueError, not a
    ParseError, escaped the parser): the page is read as UTF-8 and its posts come out whole."""
    html = (FIXTURES / "telegram" / "bontang_channel.html").read_bytes()
    damaged = html.replace(b'charset="utf-8"', b'charset="' + damage + b'"', 1)
    assert damaged != html
    assert telegram.parse(damaged, PAGE_URL).posts == telegram.parse(html, PAGE_URL).posts
