"""``jaring draft``, ``jaring privacy`` and ``jaring records`` as an operator runs them."""

import csv
import io
import json
import stat

import pytest
from sqlalchemy import func, select

from models import AuditEvent, Base, OfficialRecord, Post
from tests.conftest import without_versions
from tests.reports.conftest import CITY, run_cli
from tests.reports.test_service import AIR, BPBD, FLOOD, FLOOD_AGAIN, MORNING, NIGHT, OTHER

PREVIEW = ["draft", "preview", "--posted-at", "2026-11-20T09:30:00+08:00", "--json", "--text",
           "Assalamualaikum min, banyu PDAM di berbas tengah mati sejak 3 hari 😭 hubungi sy "
           "0812 5533 7781"]


def test_preview_prints_the_draft_and_stores_nothing(capsys, tmp_path):
    code, out, err = run_cli(capsys, *PREVIEW)
    assert code == 0, err
    draft = json.loads(out)
    # report type and OPD are the classifier's (tested in tests/classify); their fields are here
    assert draft["akan_dibuat"] == (draft["report_type"] != "bukan_laporan")
    assert draft["instansi_tujuan"] == CITY.opd_for(draft["opd_code"]).name
    assert draft["lokasi"]["kelurahan"] == "Berbas Tengah"
    assert draft["lokasi"]["kecamatan"] == "Bontang Selatan"
    assert draft["tanggal_kejadian"] == "2026-11-17"
    assert draft["privacy"] == "rahasia" and draft["redactions"][0]["kind"] == "telepon"
    assert set(draft) >= {"judul", "isi", "kategori", "instansi_tujuan"}
    assert "5533" not in without_versions(out) and "Belum ada model aktif" in err
    assert "Belum ada model aktif" in err
    assert not (tmp_path / "data").exists()  # no database, no key, nothing written


def _row_counts(factory) -> dict[str, int]:
    with factory() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


def test_preview_uses_the_active_model_read_only(capsys, factory, use_db, active_model):
    before = _row_counts(factory)
    code, out, err = run_cli(capsys, *PREVIEW)
    assert code == 0 and json.loads(out)["model_version"] == active_model.version
    assert "Belum ada model aktif" not in err
    assert _row_counts(factory) == before


@pytest.mark.parametrize(("args", "message"), [
    (["draft", "preview", "--text", "x", "--posted-at", "kemarin"], "ISO 8601"),
    (["draft", "preview", "--text", " ", "--posted-at", "2026-11-20T09:30"], "kosong"),
    (["draft", "preview", "--text", "x", "--posted-at", "2026-11-20", "--platform", "fax"],
     "Platform"),
])
def test_bad_preview_input_is_one_clear_line(capsys, args, message):
    code, _, err = run_cli(capsys, *args)
    assert code == 1 and err.startswith("Galat:") and message in err


@pytest.fixture
def drafted(factory, use_db, pipeline):
    pipeline([(1, FLOOD + " hubungi sy 0812 5533 7781", NIGHT, BPBD),
              (2, FLOOD_AGAIN, MORNING, BPBD), (3, OTHER, NIGHT, AIR)])
    return factory


def test_privacy_export_prints_masked_json_and_writes_the_full_copy(drafted, capsys, tmp_path):
    out_file = tmp_path / "untuk-subjek.json"
    code, out, err = run_cli(capsys, "privacy", "export", "--post-url",
                             "https://t.me/wargabtg/1", "--operator", "sari", "--out",
                             str(out_file))
    assert code == 0, err
    shown = json.loads(out)
    assert shown["ditemukan"] and "5533" not in without_versions(out)
    assert "0812 5533 7781" in out_file.read_text()
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    with drafted() as session:
        event = session.scalar(select(AuditEvent))
    assert (event.actor, event.action, event.details["to_file"]) == ("sari", "privasi_ekspor",
                                                                     True)


def test_privacy_forget_then_refusal_for_an_official_record(drafted, capsys):
    code, out, _ = run_cli(capsys, "privacy", "forget", "--post-url", "https://t.me/wargabtg/2",
                           "--operator", "sari")
    assert code == 0 and "1 unggahan dihapus" in out and "ditulis ulang" in out
    code, out, _ = run_cli(capsys, "review", "confirm", "2", "--operator", "sari")
    assert code == 0
    code, _, err = run_cli(capsys, "privacy", "forget", "--post-url", "https://t.me/wargabtg/3",
                           "--operator", "sari")
    assert code == 1 and err.startswith("Galat:") and "catatan resmi BTG-" in err
    with drafted() as session:
        assert session.scalar(select(func.count()).select_from(Post)) == 2
        refusals = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "privasi_hapus", AuditEvent.entity_type == "post")).all()
    assert len(refusals) == 2 and refusals[-1].details["refused_for"]


@pytest.mark.parametrize("args", [
    ("privacy", "export", "--post-url", "https://t.me/wargabtg/1"),  # no operator
    ("privacy", "forget", "--post-url", "bukan-tautan", "--operator", "sari"),
    ("records", "export", "--format", "xml", "--operator", "sari"),
    ("records", "list", "--status", "entah"),
])
def test_bad_privacy_and_records_commands_fail_clearly(drafted, capsys, args):
    code, _, err = run_cli(capsys, *args)
    assert code == 1 and err.startswith("Galat:")
    with drafted() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0
        assert session.scalar(select(func.count()).select_from(Post)) == 3


def test_records_list_and_export(drafted, capsys, tmp_path):
    code, out, _ = run_cli(capsys, "records", "list", "--json")
    assert code == 0 and json.loads(out) == []
    for draft_id in (1, 2):
        assert run_cli(capsys, "review", "confirm", str(draft_id), "--operator", "sari")[0] == 0
    code, out, _ = run_cli(capsys, "records", "list", "--json")
    listed = json.loads(out)
    assert [r["tenggat"] for r in listed] == ["dalam tenggat"] * 2
    assert sorted(r["jumlah_bukti"] for r in listed) == [1, 2]
    code, out, _ = run_cli(capsys, "records", "export", "--format", "csv", "--operator", "sari")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["Tracking ID"] for r in rows] == [r["tracking_number"]
                                                               for r in listed]
    target = tmp_path / "ekspor" / "catatan.json"
    code, _, err = run_cli(capsys, "records", "export", "--format", "json", "--out", str(target),
                           "--operator", "sari")
    assert code == 0 and "2 catatan resmi diekspor" in err
    assert len(json.loads(target.read_text())) == 2
    with drafted() as session:
        exports = session.scalar(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action == "ekspor_catatan"))
        assert exports == 2
        assert session.scalar(select(func.count()).select_from(OfficialRecord)) == 2


def test_review_shows_evidence_count_and_every_link(drafted, capsys):
    code, out, _ = run_cli(capsys, "review", "list", "--json")
    counts = {r["id"]: r["jumlah_bukti"] for r in json.loads(out)}
    flood = max(counts, key=counts.get)
    assert counts[flood] == 2
    code, out, _ = run_cli(capsys, "review", "show", str(flood))
    assert code == 0 and "Lampiran (2 unggahan sumber)" in out
    assert "https://t.me/wargabtg/1" in out and "https://t.me/wargabtg/2" in out
    assert "5533" not in without_versions(out)
