"""Labels from use, retraining on a fixed evaluation set, fallback, and active learning."""

import json
import shutil

import pytest
from sqlalchemy import select

from classify import lifecycle, store
from classify.corpus import Example, in_evaluation_set
from classify.registry import read_metadata
from classify.service import classify_pending
from models import Classification, ModelVersion
from models.db import transaction
from reports import store as reports_store
from tests.classify.conftest import CITY, POSTS, run_cli, store_posts


def _decide(factory, drafts):
    """Confirm the first draft re-routed, reject the second; returns their post texts."""
    first, second = drafts[0], drafts[1]
    with transaction(factory) as session:
        reports_store.confirm_draft(session, first.id, "sari", CITY,
                                    reports_store.Edits(opd_code="perumahan_permukiman"))
        reports_store.reject_draft(session, second.id, "sari", "bukan kewenangan pemkot")
    with factory() as session:
        return [[link.post.text for link in reports_store.get_draft(session, d.id).sources]
                for d in (first, second)]


def test_operator_decisions_become_labels(factory, drafted):
    confirmed, rejected = _decide(factory, drafted)
    with factory() as session:
        examples = store.operator_examples(session)
        assert store.count_operator_labels(session) == len(examples)
    by_text = {ex.text: ex for ex in examples}
    assert {by_text[t].opd_code for t in confirmed} == {"perumahan_permukiman"}
    assert {by_text[t].report_type for t in confirmed} == {drafted[0].report_type}
    assert {(by_text[t].report_type, by_text[t].opd_code) for t in rejected} == {
        ("bukan_laporan", "")}
    assert {ex.origin for ex in examples} == {"operator"}


def test_plan_waits_for_enough_new_labels(factory, drafted):
    _decide(factory, drafted)
    with factory() as session:
        waiting = lifecycle.plan(session, "labels", every=50)
        due = lifecycle.plan(session, "labels", every=2)
        weekly = lifecycle.plan(session, "weekly", every=50)
        with pytest.raises(Exception, match="Pemicu"):
            lifecycle.plan(session, "kapan-kapan", every=50)
    assert not waiting.should_train and waiting.new_labels >= 2
    assert due.should_train and weekly.should_train


def test_not_worse_rule():
    active = {"type": {"macro_f1": 0.80}, "opd": {"macro_f1": 0.70}}
    assert lifecycle.not_worse({"type": {"macro_f1": 0.795}, "opd": {"macro_f1": 0.75}},
                               active, 0.01)[0]
    promoted, reason = lifecycle.not_worse(
        {"type": {"macro_f1": 0.90}, "opd": {"macro_f1": 0.60}}, active, 0.01)
    assert not promoted and "opd" in reason
    assert lifecycle.not_worse({"type": {"macro_f1": 0.1}, "opd": {"macro_f1": 0.1}}, None, 0)[0]


def test_one_worse_part_keeps_the_active_part_and_promotes_the_other():
    active = {"type": {"macro_f1": 0.80}, "opd": {"macro_f1": 0.70}}
    promoted, kept, reason = lifecycle.decide(
        {"type": {"macro_f1": 0.75}, "opd": {"macro_f1": 0.72}}, active, 0.01, "v1")
    assert promoted and kept == "type"
    assert reason.startswith("bagian opd dipromosikan; bagian type tetap dari model aktif v1")
    assert "macro-F1 type turun 0.050" in reason
    assert lifecycle.decide({"type": {"macro_f1": 0.5}, "opd": {"macro_f1": 0.5}}, active,
                            0.01)[:2] == (False, None)
    assert lifecycle.decide({"type": {"macro_f1": 0.8}, "opd": {"macro_f1": 0.7}}, active,
                            0.01)[:2] == (True, None)
    assert lifecycle.decide({"type": {"macro_f1": 0.1}, "opd": {"macro_f1": 0.1}}, None,
                            0.01)[:2] == (True, None)


def test_retrain_learns_from_labels_and_records_provenance(factory, drafted, tmp_path):
    _decide(factory, drafted)
    with transaction(factory) as session:
        store.import_labels(session, [Example(
            "tolong bedah rumah untuk nenek di gang kenari, atapnya bocor semua", "pengaduan",
            "perumahan_permukiman")], "uji.csv")
    with factory() as session:
        examples, operator = lifecycle.gather(session)
    origins = {ex.origin for ex in examples}
    assert {"seed", "operator", "import:uji.csv"} <= origins and operator >= 2

    result = lifecycle.retrain(factory, tmp_path / "models", "labels", tolerance=1.0)
    assert result.promoted and result.active_before is not None
    assert result.scores["active"] is not None and result.n_evaluation > 200
    held_out = sum(in_evaluation_set(ex.text) for ex in examples)
    assert (result.n_train, result.n_evaluation) == (len(examples) - held_out, held_out)
    with factory() as session:
        row = session.scalar(select(ModelVersion).where(ModelVersion.version == result.candidate))
    assert row.is_active and row.trigger == "labels" and row.operator_labels == operator
    assert row.data_hash == result.data_hash and row.code_version
    assert row.metrics["evaluation"]["opd"]["macro_f1"] > 0.5
    assert read_metadata(tmp_path / "models" / result.candidate)["data_hash"] == row.data_hash
    markdown = lifecycle.comparison_markdown(result)
    assert "| opd | macro_f1 |" in markdown and result.candidate in markdown

    rejected = lifecycle.retrain(factory, tmp_path / "models", "weekly", tolerance=-1.0)
    assert not rejected.promoted
    with factory() as session:
        row = session.scalar(select(ModelVersion).where(
            ModelVersion.version == rejected.candidate))
        active = store.active_version(session)
    assert row.status == "rejected" and not row.is_active
    assert active.version == result.candidate
    with factory() as session:  # a run with no new labels waits for the next ones
        assert not lifecycle.plan(session, "labels", every=1).should_train


@pytest.mark.parametrize("lost", ["type", "opd"])
def test_a_part_that_did_not_lose_is_promoted_alone(factory, drafted, tmp_path, monkeypatch,
                                                     lost):
    import numpy as np

    from classify.registry import load_model

    _decide(factory, drafted)
    models = tmp_path / "models"
    first = lifecycle.retrain(factory, models, "manual", tolerance=1.0)
    assert first.promoted and first.kept_from_active is None
    real = lifecycle.scorecard
    won = "opd" if lost == "type" else "type"

    def scores(model, evaluation):  # the candidate loses one part and wins the other
        card = real(model, evaluation)
        if model.version != first.candidate:
            card[lost] = {**card[lost], "macro_f1": card[lost]["macro_f1"] - 0.2}
            card[won] = {**card[won], "macro_f1": card[won]["macro_f1"] + 0.01}
        return card

    monkeypatch.setattr(lifecycle, "scorecard", scores)
    with transaction(factory) as session:  # new labels, so the candidate learns something
        store.import_labels(session, [Example(
            f"jalan di rt {i} gang kenari berlubang besar, motor sering jatuh", "pengaduan",
            "pekerjaan_umum") for i in range(12)], "baru.csv")
    second = lifecycle.retrain(factory, models, "labels", tolerance=0.01)
    assert second.promoted and second.kept_from_active == lost
    assert f"bagian {won} dipromosikan" in second.reason and first.candidate in second.reason
    with factory() as session:
        active = store.active_version(session)
    assert active.version == second.candidate
    saved, before = load_model(models / second.candidate), load_model(models / first.candidate)
    texts = ["lampu jalan mati di gang kenari", "terima kasih atas infonya"]
    kept_part = {"type": "type_model", "opd": "opd_model"}[lost]
    assert np.allclose(getattr(saved, kept_part).predict_proba(texts),
                       getattr(before, kept_part).predict_proba(texts))
    meta = read_metadata(models / second.candidate)
    assert meta["parts"][lost] == {"from": first.candidate}
    assert meta["metrics"]["evaluation"][lost] == second.scores["active"][lost]
    assert meta["metrics"]["candidate_evaluation"] == second.scores["candidate"]
    assert f"Bagian `{lost}` versi baru ini diambil dari model aktif" in \
        lifecycle.comparison_markdown(second)
    # Both parts worse: nothing is promoted, as before.
    monkeypatch.setattr(lifecycle, "scorecard", lambda model, evaluation: {
        t: {**c, "macro_f1": c["macro_f1"] - (0 if model.version == second.candidate else 0.2)}
        for t, c in real(model, evaluation).items()})
    third = lifecycle.retrain(factory, models, "weekly", tolerance=0.01)
    assert not third.promoted and third.kept_from_active is None


def test_a_broken_active_model_does_not_stop_classification(factory, use_db, trained_model,
                                                            tmp_path):
    good = tmp_path / "baik"
    broken = tmp_path / "rusak"
    shutil.copytree(trained_model.path, good)
    shutil.copytree(trained_model.path, broken)
    meta = json.loads((broken / "metadata.json").read_text())
    meta["version"] = "rusak-1"
    (broken / "metadata.json").write_text(json.dumps(meta))
    with transaction(factory) as session:
        for path, name in ((good, trained_model.version), (broken, "rusak-1")):
            saved = type(trained_model)(name, path, {**trained_model.metadata, "version": name})
            store.register_model(session, saved, activate=True)
    (broken / "model.joblib").write_bytes(b"rusak")
    store_posts(factory, POSTS[:2])
    version, count = classify_pending(factory, tmp_path / "models")
    assert (version, count) == (trained_model.version, 2)
    with factory() as session:
        broken_row = store.get_version(session, "rusak-1")
        assert broken_row.status == "broken" and not broken_row.is_active
        assert session.query(Classification).count() == 2


def test_review_list_uncertain_puts_the_hardest_first(factory, drafted, capsys):
    code, out, err = run_cli(capsys, "review", "list", "--uncertain", "--json")
    assert code == 0, err
    rows = json.loads(out)
    scores = [row["ketidakpastian"] for row in rows]
    assert scores == sorted(scores, reverse=True) and len(rows) == len(drafted)
    assert all(0 <= s <= 1 for s in scores) and scores[0] > scores[-1]
    code, out, _ = run_cli(capsys, "review", "list", "--uncertain", "--limit", "1", "--json")
    assert [r["id"] for r in json.loads(out)] == [rows[0]["id"]]
