"""The helpers every kind shares: JSON loading, paging URLs, Link headers, text and times."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from harvest.errors import ParseError
from harvest.sources import registry
from harvest.sources.base import (
    field,
    length_then_text,
    link_header,
    load_json,
    next_url_with,
)
from harvest.text import fragment_to_text, parse_human_time, parse_timestamp, plain_text

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 11, 28, 4, 0, tzinfo=UTC)


def test_every_kind_registers_under_its_own_module_name():
    assert sorted(registry()) == ["bluesky", "facebook", "html", "instagram", "mastodon",
                                  "reddit", "rss", "telegram", "wordpress", "youtube"]
    assert all(type(kind).__module__ == f"harvest.sources.{name}"
               for name, kind in registry().items())


@pytest.mark.parametrize(("body", "message"), [
    (b"\xff\xfe{}", "UTF-8"),
    (b"<!DOCTYPE html><html>", "bukan JSON"),
    (b'{"a": [1, 2', "bukan JSON yang sah"),
    (b"[" * 100_000, "bukan JSON yang sah"),
    (b"", "bukan JSON"),
])
def test_load_json_refuses_what_is_not_json(body, message):
    with pytest.raises(ParseError, match=message):
        load_json(body, "https://a.example/x")


def test_load_json_accepts_a_byte_order_mark():
    assert load_json(b'\xef\xbb\xbf{"a": 1}', "u") == {"a": 1}


def test_field_checks_types_and_defaults():
    assert field({"a": "x"}, "a") == "x"
    assert field({"a": None}, "a", str, default="") == ""
    with pytest.raises(ParseError, match="'a'"):
        field({"a": 1}, "a", str)
    with pytest.raises(ParseError):
        field({"n": True}, "n", (int, float))  # a boolean is not a number here
    with pytest.raises(ParseError, match="objek"):
        field(["a"], "a")


def test_next_url_with_sets_replaces_and_removes_parameters():
    url = "https://a.example/api?limit=40&max_id=5&access_token=rahasia#top"
    assert next_url_with(url, max_id=3, access_token=None) == (
        "https://a.example/api?limit=40&max_id=3")
    assert next_url_with("https://a.example/api", q="air pdam") == (
        "https://a.example/api?q=air+pdam")


def test_link_header_finds_a_relation_in_any_case():
    value = ('<https://m.example/api?max_id=7>; rel="next", '
             '<https://m.example/api?min_id=9>; rel="prev"')
    assert link_header({"link": value}) == "https://m.example/api?max_id=7"
    assert link_header({"Link": value}, "prev") == "https://m.example/api?min_id=9"
    assert link_header({"Link": '<https://x.example/>; rel="prev"'}) is None
    assert link_header(None) is None


def test_platform_ids_order_by_length_then_text():
    ids = ["99", "100", "1gx7k2q", "zzz", "1gx7m3a"]
    assert sorted(ids, key=length_then_text) == ["99", "100", "zzz", "1gx7k2q", "1gx7m3a"]


def test_fragment_to_text_keeps_breaks_and_drops_markup():
    html = ("<p>Air&nbsp;mati   di <a href='#'>#Guntung</a><br>sejak pagi</p>"
            "<script>alert(1)</script><ul><li>RT 1</li><li>RT 2</li></ul>")
    assert fragment_to_text(html) == "Air mati di #Guntung\nsejak pagi\nRT 1\nRT 2"
    assert fragment_to_text("tanpa markup\x00, dua  spasi") == "tanpa markup, dua spasi"
    assert fragment_to_text("<<<") == "<<<"


def test_plain_text_drops_controls_and_lone_surrogates():
    assert plain_text("halo\ud800 warga\x07\r\nBontang ") == "halo warga\nBontang"


def test_timestamps_with_basic_offsets_and_naive_local_times():
    assert parse_timestamp("2026-11-20T03:15:00+0000") == datetime(2026, 11, 20, 3, 15, tzinfo=UTC)
    assert parse_timestamp("2026-11-20T11:15:00", default_tz=WITA) == datetime(
        2026, 11, 20, 3, 15, tzinfo=UTC)


@pytest.mark.parametrize(("written", "expected"), [
    ("28 November 2026 14.05", "2026-11-28T06:05:00+00:00"),
    ("Kamis, 28 Nov 2026 pukul 14:05 WITA", "2026-11-28T06:05:00+00:00"),
    ("28 Nov 2026, 14:05 WIB", "2026-11-28T07:05:00+00:00"),
    ("3 Agustus 2026", "2026-08-02T16:00:00+00:00"),
    ("2 hari yang lalu", "2026-11-26T04:00:00+00:00"),
    ("3 jam lalu", "2026-11-28T01:00:00+00:00"),
    ("2 years ago", "2024-11-28T04:00:00+00:00"),  # no exact unit: dateparser reads it
    ("kemarin", "2026-11-27T04:00:00+00:00"),
])
def test_human_times(written, expected):
    parsed = parse_human_time(written, timezone=WITA, now=NOW)
    assert parsed is not None and parsed.isoformat() == expected


@pytest.mark.parametrize("written", ["31 Februari 2026", "kapan-kapan", ""])
def test_unreadable_human_times_are_none(written):
    assert parse_human_time(written, timezone=WITA, now=NOW) is None
