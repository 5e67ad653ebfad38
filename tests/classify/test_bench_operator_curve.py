"""bench/operator_curve.py on a small labelled sample written here (no shared data)."""

import numpy as np

from bench import operator_curve as oc
from classify.corpus import Example

TOPICS = {
    "pekerjaan_umum": "jalan {i} rusak berlubang parah di rt {i}, aspal mengelupas",
    "kesehatan": "antrean puskesmas {i} lama sekali, obat kosong dan dokter tidak ada",
    "pendidikan": "sekolah {i} memungut biaya seragam, guru jarang masuk kelas",
}


def _city(n_per: int) -> list[dict[str, str]]:
    return [{"text": text.format(i=i), "opd_code": code, "report_type": "pengaduan"}
            for code, text in TOPICS.items() for i in range(n_per)]


def _seed() -> list[Example]:
    return [Example(text.format(i=100 + i), "pengaduan", code)
            for code, text in TOPICS.items() for i in range(4)]


def test_both_orders_start_from_the_seed_model_and_end_on_every_row(monkeypatch):
    monkeypatch.setattr(oc, "read", lambda _name: _city(10))
    seen = []
    curves = oc.run("opd", [6, 12], _seed(), log=seen.append, round_size=4)
    arrival, uncertain = curves["arrival"], curves["uncertain"]
    assert len(seen) == 5  # one line per fold
    assert sorted(arrival.truth) == [0, 6, 12, oc.ALL] and sorted(uncertain.truth) == [0, 6, 12]
    # Every step scores every held-out row once, pooled over the five folds.
    assert all(len(truth) == 30 for truth in arrival.truth.values())
    assert arrival.predicted[0] == uncertain.predicted[0]
    assert sorted(arrival.truth[0]) == sorted(r["opd_code"] for r in _city(10))
    lines = oc.lines("opd", curves)
    assert len(lines) == 7 and "labels  all" in lines[3]
    assert all("city prior macro-F1" in line for line in lines)


def test_the_old_rule_is_replayed_and_put_back(monkeypatch):
    from classify import selection

    monkeypatch.setattr(oc, "read", lambda _name: _city(8))
    chosen = []
    real = oc.train_part

    def spy(target, rows, **kwargs):
        model = real(target, rows, **kwargs)
        chosen.append((len(rows), model[-1].prior_selection_["scheme"]))
        return model

    monkeypatch.setattr(oc, "train_part", spy)
    monkeypatch.setattr(selection, "MIN_SOURCE_ROWS", 10)  # this sample's size of a source
    curves = oc.run("opd", [12], _seed(), log=lambda _line: None,
                    orders=("cross-validated",))
    assert list(curves) == ["cross-validated"] and sorted(curves["cross-validated"].truth) == [
        0, 12, oc.ALL]
    schemes = {scheme for n, scheme in chosen if n > len(_seed())}
    assert schemes == {selection.CROSS_VALIDATION}  # 12+ operator rows, cross-validated
    assert selection.MIN_CROSS_VALIDATION_ROWS == 1_000


def test_a_city_sample_is_drawn_the_same_way_each_time(monkeypatch):
    monkeypatch.setattr(oc, "read", lambda _name: _city(10))
    first = oc._rows("opd", "kota", sample=12, sample_seed=3)
    assert len(first) == 12 and first == oc._rows("opd", "kota", sample=12, sample_seed=3)
    assert {ex.origin for ex in first} == {oc.ORIGIN}
    assert len(oc._rows("opd", "kota")) == 30


def test_the_uncertain_order_labels_the_closest_calls_first():
    class Model:
        classes_ = np.array(["a", "b", "c"], dtype=object)

        def predict_proba(self, texts):
            return np.array([{"sure": [0.9, 0.05, 0.05], "torn": [0.45, 0.44, 0.11],
                              "leaning": [0.6, 0.3, 0.1]}[t] for t in texts])

        def __getitem__(self, _index):
            return self

    pool = [Example(t, "pengaduan", "a") for t in ("sure", "torn", "leaning", "torn")]
    assert oc._most_uncertain(Model(), "opd", pool, 3) == [1, 3, 2]


def test_report_types_are_scored_among_the_report_types_only():
    class Model:
        classes_ = np.array(["aspirasi", "bukan_laporan", "pengaduan"], dtype=object)

        def predict_proba(self, texts):
            return np.array([[0.2, 0.7, 0.1]] * len(texts))

        def __getitem__(self, _index):
            return self

    rows = [Example("x", "aspirasi", ""), Example("y", "pengaduan", "")]
    predicted, top3, _adapted = oc._score(Model(), "type", rows)
    assert predicted == ["aspirasi", "aspirasi"] and top3 == [True, True]


def test_the_gate_run_replays_both_promotion_rules(monkeypatch):
    rows = _city(14)
    for i, row in enumerate(rows):
        row["report_type"] = "pengaduan" if i % 3 else "permintaan_informasi"
    monkeypatch.setattr(oc, "read", lambda _name: rows)
    greetings = [Example(f"selamat pagi warga {i}, semoga sehat selalu", "bukan_laporan", "")
                 for i in range(20)]
    monkeypatch.setattr(oc, "load_seed", lambda: _seed() * 5 + greetings)
    seen = []
    oc.gate_run(hold_back=12, every=15, log=seen.append)
    assert seen[0].startswith("gate: 30 posts labelled") and "seed model" in seen[0]
    rounds = seen[1:]
    assert len(rounds) == 4  # 15 and 30 labels, each under both rules
    assert [line.split()[0] for line in rounds] == ["15", "15", "30", "30"]
    assert {"per part", "all or nothing"} == {
        "per part" if "per part" in line else "all or nothing" for line in rounds}
    assert all(("promoted" in line) or ("rejected" in line) for line in rounds)
