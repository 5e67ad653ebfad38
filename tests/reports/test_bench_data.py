"""The labelled benchmark data is well-formed, and place and date quality does not regress."""

from datetime import date

from bench.bench_drafts import load_jsonl, source_post
from core.city import load_city_profile
from core.domain import FUNCTION_CODES, REPORT_TYPES
from reports.facts import analyse_post

CITY = load_city_profile("bontang")
KELURAHAN = {k.name for k in CITY.kelurahan}


def test_draft_eval_rows_are_complete_and_use_known_labels():
    rows = load_jsonl("draft_eval.jsonl")
    assert len(rows) >= 80 and len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        expected = row["expected"]
        assert expected["kelurahan"] in KELURAHAN | {None}, row["id"]
        assert expected["report_type"] in REPORT_TYPES, row["id"]
        assert (expected["opd_code"] in FUNCTION_CODES) == (
            expected["report_type"] != "bukan_laporan"), row["id"]
        assert date.fromisoformat(expected["tanggal_kejadian"]) <= date.fromisoformat(
            row["posted_at"][:10]), row["id"]
        assert all(value in row["text"] for value in row["pii"]), row["id"]


def test_merge_pairs_cover_four_kinds_in_two_splits():
    pairs = load_jsonl("merge_pairs.jsonl")
    kinds = {p["kind"] for p in pairs}
    assert kinds == {"duplikat", "parafrasa", "topik_sama_kejadian_beda", "tidak_terkait"}
    assert {p["split"] for p in pairs} == {"dev", "test"}
    assert all(p["same_incident"] == (p["kind"] in {"duplikat", "parafrasa"}) for p in pairs)


def test_place_and_date_accuracy_do_not_regress():
    rows = load_jsonl("draft_eval.jsonl")
    facts = [analyse_post(source_post(r, "https://contoh.invalid"), CITY) for r in rows]
    places = sum(f.location.kelurahan == r["expected"]["kelurahan"] for f, r in zip(
        facts, rows, strict=True))
    dates = sum(f.when.value.isoformat() == r["expected"]["tanggal_kejadian"] for f, r in zip(
        facts, rows, strict=True))
    # Measured 93/93 and 92/93 when written; the floors leave room for deliberate trade-offs.
    assert places / len(rows) >= 0.95
    assert dates / len(rows) >= 0.95
