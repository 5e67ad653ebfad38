"""``jaring sources`` as an operator uses it: list, add, disable, status, test, parse."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.pseudonym import pseudonymise
from core.settings import get_settings, load_pseudonym_key
from harvest import store
from harvest.config import SourceConfig
from harvest.items import HarvestedPost
from jaring.cli import SAMPLE_SOURCES, main
from models import Post, PostRevision, Source
from models.db import transaction
from tests.conftest import FIXTURES
from tests.harvest.pages import channel_page

KEY = b"k" * 64


def run(capsys, *args):
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_info.value.code or 0, out, err


@pytest.fixture
def sources_file(tmp_path):
    path = tmp_path / "sumber.toml"
    path.write_text(SAMPLE_SOURCES, encoding="utf-8")
    return path


def test_add_appends_an_entry_and_keeps_the_comments(capsys, sources_file):
    code, out, _ = run(capsys, "sources", "add", "suara-warga", "--kind", "telegram",
                       "--opt", "channel=suarawargabontang", "--opt", "max_pages=3",
                       "--interval", "30", "--sources", str(sources_file))
    assert code == 0 and "ditambahkan" in out
    text = sources_file.read_text()
    assert text.startswith(SAMPLE_SOURCES.rstrip("\n"))  # comments and layout untouched
    assert 'name = "suara-warga"' in text and "max_pages = 3" in text
    code, out, _ = run(capsys, "sources", "list", "--json", "--sources", str(sources_file))
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["suara-warga"] == {
        "name": "suara-warga", "kind": "telegram", "enabled": True, "interval_minutes": 30,
        "max_pages": 3, "options": {"channel": "suarawargabontang"}}


@pytest.mark.parametrize(("args", "message"), [
    (["contoh-kanal", "--kind", "telegram", "--opt", "channel=lainlain"], "sudah ada"),
    (["baru", "--kind", "myspace"], "tidak dikenal"),
    (["baru", "--kind", "telegram", "--opt", "channel=x!"], "kanal"),
    (["baru", "--kind", "telegram"], "channel"),
    (["baru", "--kind", "telegram", "--opt", "channel"], "kunci=nilai"),
    (["Baru Sekali", "--kind", "telegram", "--opt", "channel=abcdef"], "nama sumber"),
])
def test_add_refuses_bad_entries_and_leaves_the_file_alone(capsys, sources_file, args, message):
    code, _, err = run(capsys, "sources", "add", *args, "--sources", str(sources_file))
    assert code == 1 and err.startswith("Galat:") and message in err
    assert sources_file.read_text() == SAMPLE_SOURCES


def test_disable_and_enable_edit_the_file_and_the_row(capsys, sources_file, use_db, factory):
    with transaction(factory) as session:
        store.sync_sources(session, [SourceConfig(name="contoh-kanal", kind="telegram",
                                                  channel="namakanal")])
    code, out, _ = run(capsys, "sources", "enable", "contoh-kanal", "--sources",
                       str(sources_file))
    assert code == 0 and "diaktifkan" in out and "enabled = true" in sources_file.read_text()
    run(capsys, "sources", "disable", "contoh-kanal", "--sources", str(sources_file))
    assert "enabled = false" in sources_file.read_text()
    with factory() as session:
        assert session.scalar(select(Source.enabled)) is False
    code, _, err = run(capsys, "sources", "disable", "tidak-ada", "--sources", str(sources_file))
    assert code == 1 and "tidak-ada" in err


def test_status_shows_health_in_json_and_as_a_table(capsys, sources_file, use_db, factory):
    now = datetime.now(UTC)
    config = SourceConfig(name="suara-warga", kind="telegram", channel="suarawarga")
    posts = [HarvestedPost(external_id=f"suarawarga/{i}", url=f"https://t.me/suarawarga/{i}",
                           text="Jalan rusak", posted_at=now - timedelta(days=i), author="w")
             for i in range(1, 4)]
    with transaction(factory) as session:
        row = store.sync_sources(session, [config])[0]
        store.store_posts(session, row, posts, cursor="1", key=KEY)
        store.record_failure(session, row.id, "waktu habis saat mengambil https://t.me/s/x")
    code, out, _ = run(capsys, "sources", "status", "--json", "--sources", str(sources_file))
    items = {i["name"]: i for i in json.loads(out)}
    assert code == 0 and set(items) == {"suara-warga", "contoh-kanal"}
    warga = items["suara-warga"]
    assert warga["status"] == "galat" and warga["consecutive_failures"] == 1
    assert warga["posts_7d"] == 3 and warga["per_day_7d"] == round(3 / 7, 2)
    assert "waktu habis" in warga["last_error"] and warga["newest_post_at"].endswith("Z")
    assert items["contoh-kanal"]["status"] == "nonaktif"
    code, out, _ = run(capsys, "sources", "status", "--sources", str(sources_file))
    assert code == 0 and "Kesehatan sumber" in out and "Gagal" in out and "galat" in out


def _snapshot(factory):
    with factory() as session:
        return ([(s.name, s.cursor, s.http_cache, s.last_run_at) for s in session.scalars(
            select(Source))], session.scalars(select(Post.external_id)).all(),
            session.scalars(select(PostRevision.id)).all())


def test_test_fetches_one_page_and_stores_nothing(capsys, httpserver, tmp_path, use_db,
                                                  factory):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/s/wargabtg").respond_with_data(channel_page("wargabtg", [
        (7, "Air PDAM mati di Tanjung Laut", "2026-11-20T01:00:00+00:00"),
        (8, "Lampu jalan padam di Api-Api", "2026-11-20T02:00:00+00:00")], older=7),
        content_type="text/html")
    path = tmp_path / "sumber.toml"
    path.write_text(f'[[source]]\nname = "warga"\nkind = "telegram"\nchannel = "wargabtg"\n'
                    f'base_url = "{httpserver.url_for("").rstrip("/")}"\n')
    with transaction(factory) as session:  # a source the database already knows
        store.sync_sources(session, [SourceConfig(name="warga", kind="telegram",
                                                  channel="wargabtg")])
    before = _snapshot(factory)
    code, out, _ = run(capsys, "sources", "test", "warga", "--json", "--sources", str(path))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["external_id"] for r in records] == ["wargabtg/7", "wargabtg/8"]
    assert "Kanal wargabtg" not in out and records[0]["author_pseudonym"].startswith("anon-")
    assert _snapshot(factory) == before
    assert [r.path for r, _ in httpserver.log if r.path != "/robots.txt"] == ["/s/wargabtg"]
    code, _, err = run(capsys, "sources", "test", "lain", "--sources", str(path))
    assert code == 1 and err.startswith("Galat:") and "lain" in err


def test_parse_prints_one_json_object_per_post(capsys):
    page = FIXTURES / "telegram" / "bontang_channel.html"
    expected = json.loads((FIXTURES / "telegram" / "bontang_channel.expected.json").read_text())
    code, out, _ = run(capsys, "sources", "parse", "telegram", str(page), "--url",
                       "https://t.me/s/laporbontang_warga", "--json")
    lines = out.splitlines()
    records = [json.loads(line) for line in lines]
    assert code == 0 and len(lines) == len(expected)
    key = load_pseudonym_key(get_settings())
    for record, want in zip(records, expected, strict=True):
        assert {k: record[k] for k in ("external_id", "url", "text", "posted_at")} == {
            k: want[k] for k in ("external_id", "url", "text", "posted_at")}
        assert record["posted_at"].endswith("Z")
        assert record["author_pseudonym"] == pseudonymise(want["author"], platform="telegram",
                                                          key=key)
    assert all(w["author"] not in out for w in expected if w["author"])


def test_parse_works_offline_for_a_json_kind(capsys, tmp_path):
    body = [{"id": "1090", "created_at": "2026-11-20T03:04:05.000Z", "spoiler_text": "",
             "content": "<p>Banjir lagi di <a href='#'>#bontang</a> Gunung Elai</p>",
             "url": "https://mastodon.example/@warga/1090", "media_attachments": [],
             "account": {"acct": "warga@mastodon.example"}}]
    saved = tmp_path / "timeline.json"
    saved.write_text(json.dumps(body))
    code, out, _ = run(capsys, "sources", "parse", "mastodon", str(saved), "--json")
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and record["external_id"] == "1090"
    assert record["posted_at"] == "2026-11-20T03:04:05Z" and "Banjir lagi" in record["text"]
    assert "warga@" not in out


@pytest.mark.parametrize(("args", "message"), [
    (["myspace", "halaman.html"], "tidak dikenal"),
    (["telegram", "tidak-ada.html"], "tidak dapat dibaca"),
    (["telegram", "."], "tidak dapat dibaca"),
    (["telegram", "sampah.html"], "markup"),
    (["mastodon", "sampah.html"], "bukan JSON"),
])
def test_parse_errors_are_one_clear_line(capsys, tmp_path, args, message):
    (tmp_path / "sampah.html").write_bytes(b"<html><body>Halaman login</body></html>")
    code, out, err = run(capsys, "sources", "parse", *args, "--json")
    assert code == 1 and out == "" and err.startswith("Galat:") and message in err
    assert "Traceback" not in err
