"""The default model: trained from the shipped seed corpus, saved, loaded, refusing damage."""

import collections
import json
import shutil

import numpy as np
import pytest

from classify.corpus import (
    EVALUATION_PERCENT,
    load_seed,
    read_examples,
    split_for_evaluation,
)
from classify.model import REVIEW_LABEL, Prediction, Thresholds
from classify.registry import FORMAT, load_model, read_metadata
from classify.train import train_classifier, train_part
from core.domain import FUNCTION_CODES, REPORT_TYPES
from core.errors import ConfigError


def test_seed_corpus_covers_every_type_and_function():
    examples = load_seed()
    assert len(examples) >= 1500
    types = collections.Counter(ex.report_type for ex in examples)
    codes = collections.Counter(ex.opd_code for ex in examples if ex.opd_code)
    assert set(types) == set(REPORT_TYPES) and min(types.values()) >= 150
    assert set(codes) == set(FUNCTION_CODES) and min(codes.values()) >= 30
    assert all(not ex.opd_code for ex in examples if ex.report_type == "bukan_laporan")
    texts = [" ".join(ex.text.lower().split()) for ex in examples]
    assert len(set(texts)) == len(texts)


def test_evaluation_share_is_fixed_by_hash():
    training, evaluation = split_for_evaluation(load_seed())
    share = len(evaluation) / (len(training) + len(evaluation))
    assert abs(share - EVALUATION_PERCENT / 100) < 0.04
    again = split_for_evaluation(list(reversed(load_seed())))[1]
    assert {ex.text for ex in again} == {ex.text for ex in evaluation}


@pytest.fixture(scope="module")
def model(trained_model):
    return load_model(trained_model.path)


def test_predictions_follow_the_text(model):
    texts = [
        "jln di tj laut rusak parah lubangnya dalam bgt tolong diperbaiki pak",
        "air pdam mati udh 3 hari, kami mau mandi pakai apa",
        "min kapan pendaftaran ppdb smp dibuka? syaratnya apa aja",
        "selamat pagi warga bontang, semoga harinya menyenangkan",
        "listrik padam terus tiap malam, pln tolong diperhatikan",
    ]
    preds = model.predict(texts)
    assert [p.report_type for p in preds] == [
        "pengaduan", "pengaduan", "permintaan_informasi", "bukan_laporan", "pengaduan"]
    assert [p.opd_code for p in preds[:3]] == ["pekerjaan_umum", "air_minum", "pendidikan"]
    assert preds[4].opd_code == "listrik"
    for pred in preds:
        assert abs(sum(pred.type_probabilities.values()) - 1) < 1e-3
        assert len(pred.opd_top3) == 3 and 0 < pred.confidence <= 1
        assert 0 <= pred.report_probability <= 1


def test_unsure_posts_are_marked_for_review_not_guessed(model):
    sure, = model.predict(["air pdam mati udh 3 hari di tanjung laut, tolong min"])
    assert not sure.needs_review and sure.review_label == ""
    strict = Thresholds(review=0.999)
    model.thresholds = strict
    try:
        unsure, = model.predict(["air pdam mati udh 3 hari di tanjung laut, tolong min"])
    finally:
        model.thresholds = Thresholds()
    assert unsure.needs_review and unsure.review_label == REVIEW_LABEL
    assert "instansi tujuan tidak pasti" in unsure.review_reasons


def test_borderline_report_is_kept_for_review():
    # A post the gate puts just under 0.5 stays a report, marked, instead of being dropped.
    tp = np.array([0.3, 0.55, 0.1, 0.05])  # aspirasi, bukan, pengaduan, informasi
    classes = ["aspirasi", "bukan_laporan", "pengaduan", "permintaan_informasi"]
    from classify.model import ReportClassifier

    report_p = 1.0 - tp[1]
    pred = ReportClassifier(None, None)._prediction(
        classes, tp, report_p, list(FUNCTION_CODES), np.full(len(FUNCTION_CODES), 0.05), 1.0)
    assert pred.report_type == "aspirasi" and pred.needs_review
    assert "mungkin bukan laporan" in pred.review_reasons
    dropped = ReportClassifier(None, None, thresholds=Thresholds(min_report=0.5))._prediction(
        classes, tp, report_p, list(FUNCTION_CODES), np.full(len(FUNCTION_CODES), 0.05), 1.0)
    assert dropped.report_type == "bukan_laporan"


@pytest.mark.parametrize("text", ["", "🎉🎊✨😂😂", "?!?!", "x" * 100_000,
                                  "jalan rusak parah tolong " * 5_000])
def test_odd_input_gets_a_prediction_not_a_crash(model, text):
    pred, = model.predict([text])
    assert pred.report_type in REPORT_TYPES and pred.opd_code in FUNCTION_CODES


def test_wordless_and_foreign_texts_are_not_reports_or_are_marked(model):
    empty, emoji = model.predict(["", "🎉🎊✨"])
    assert not empty.is_report and not emoji.is_report
    english, chinese = model.predict(["The quick brown fox jumps over the lazy dog today",
                                      "我们的城市很漂亮，今天天气很好"])
    for pred in (english, chinese):
        assert not pred.is_report or pred.needs_review
    assert "kosakata tidak dikenali" in english.review_reasons


def test_prediction_round_trips_through_storage(model):
    pred, = model.predict(["tolong pak, blanko ktp habis terus di disdukcapil"])
    stored = json.loads(json.dumps(pred.probabilities()))
    again = Prediction.from_stored(pred.report_type, pred.report_type_probability,
                                   pred.opd_code, pred.opd_probability, stored)
    assert again == pred


def test_a_function_without_examples_is_reached_through_its_profile():
    seed = [ex for ex in load_seed() if ex.opd_code != "kependudukan"]
    router = train_part("opd", seed)
    assert "kependudukan" in router.classes_
    texts = ["blanko ktp habis terus, akta kelahiran anak sy blm jadi 2 bulan",
             "mau urus kartu keluarga baru dan surat pindah domisili ke disdukcapil"]
    proba = router.predict_proba(texts)
    classes = list(router.classes_)
    for row in proba:
        assert "kependudukan" in [classes[i] for i in np.argsort(-row)[:3]]
    assert classes[int(np.argmax(proba[0]))] == "kependudukan"


def test_saved_model_has_provenance(trained_model):
    meta = read_metadata(trained_model.path)
    assert meta["format"] == FORMAT and meta["version"] == trained_model.version
    assert len(meta["data_hash"]) == 64 and meta["code_version"]
    assert len(meta["lexicon_sha256"]) == 64 and meta["city"] == "bontang"
    assert set(meta["labels"]["type"]) == set(REPORT_TYPES)
    assert set(meta["labels"]["opd"]) == set(FUNCTION_CODES)
    assert meta["parts"]["opd"]["n_examples"] > 1000
    assert "scikit-learn" in meta["libraries"]


def test_damaged_model_is_refused_not_unpickled(trained_model, tmp_path):
    copy = tmp_path / "rusak"
    shutil.copytree(trained_model.path, copy)
    with (copy / "model.joblib").open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00" * 16)
    with pytest.raises(ConfigError, match="checksum"):
        load_model(copy)
    (copy / "metadata.json").write_text("{not json")
    with pytest.raises(ConfigError, match="rusak"):
        load_model(copy)
    (copy / "metadata.json").write_text("[]")
    with pytest.raises(ConfigError, match="tidak lengkap"):
        load_model(copy)


def test_training_needs_enough_labels(tmp_path):
    data = tmp_path / "sedikit.csv"
    data.write_text("text,report_type,opd_code\nhalo,bukan_laporan,\njalan rusak,pengaduan,"
                    "pekerjaan_umum\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="kurang dari"):
        train_classifier(read_examples(data))


@pytest.mark.parametrize(("content", "message"), [
    ("judul,isi\na,b\n", "perlu kolom"),
    ("text,report_type\nhalo,keluhan\n", "tidak dikenal"),
    ("text,opd_code\nhalo,dinas_x\n", "tidak dikenal"),
])
def test_bad_label_files_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "data.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        read_examples(path)


def test_a_file_without_the_target_column_is_refused(tmp_path):
    path = tmp_path / "jenis.csv"
    path.write_text("text,report_type\njalan rusak,pengaduan\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="opd_code"):
        read_examples(path, require="opd")
    binary = tmp_path / "biner.csv"
    binary.write_bytes(b"\xff\xfe\x00text\x00")
    with pytest.raises(ConfigError, match="UTF-8"):
        read_examples(binary)


def test_the_same_data_and_code_train_the_same_model():
    """A model version names its data hash and code version: training again on them gives the
    same probabilities (an unseeded liblinear drew its row order from numpy's global state)."""
    from classify.corpus import load_seed

    rows = load_seed()
    texts = [ex.text for ex in rows[::7]]
    first, _ = train_classifier(rows)
    np.random.random(10)  # whatever else the process drew in between
    second, _ = train_classifier(rows)
    for a, b in zip(first._probabilities(texts), second._probabilities(texts), strict=True):
        np.testing.assert_array_equal(a, b)
