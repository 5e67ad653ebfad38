"""The default model: trained from the shipped seed corpus, saved, loaded, refusing damage."""

import collections
import json

import pytest

from classify.corpus import load_seed, read_examples
from classify.registry import load_model, read_metadata
from classify.train import train_classifier
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


def test_predictions_follow_the_text(trained_model):
    model = load_model(trained_model.path)
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


def test_saved_model_has_provenance(trained_model):
    meta = read_metadata(trained_model.path)
    assert meta["version"] == trained_model.version
    assert len(meta["data_hash"]) == 64 and meta["code_version"]
    assert set(meta["labels"]["type"]) == set(REPORT_TYPES)
    assert "scikit-learn" in meta["libraries"]


def test_damaged_model_is_refused_not_unpickled(trained_model, tmp_path):
    import shutil

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


def test_metadata_is_json(trained_model):
    assert json.loads((trained_model.path / "metadata.json").read_text())["format"] == 1
