"""Settings chosen on held-out training rows: the router's prior weight, the type offsets."""

import numpy as np
import pytest

from classify import selection
from classify.corpus import Example
from classify.estimators import HierarchicalClassifier, shift
from classify.pipeline import PRIOR_WEIGHT, build_pipeline
from classify.train import default_examples, train_part, training_rows

# A source whose own routing convention contradicts the portable profiles: this agency sends
# road and street-light complaints to its transport office, never to public works.
ROADS = ["jalan rusak berlubang di {}", "lampu jalan mati sudah seminggu di {}",
         "aspal jalan {} mengelupas parah", "jembatan di {} retak mohon diperbaiki"]
SCHOOLS = ["sekolah di {} kekurangan guru", "pungutan uang seragam di sd {}",
           "ppdb zonasi {} tidak adil", "gedung sekolah {} bocor saat hujan"]
PLACES = [f"kampung {name}" for name in ("mawar", "melati", "kenanga", "anggrek", "dahlia",
                                           "teratai", "cempaka", "flamboyan", "seroja", "tulip")]


def _source(origin: str, road_code: str, n_places: int = 10, copies: int = 3) -> list[Example]:
    rows = []
    for copy in range(copies):
        for place in PLACES[:n_places]:
            where = f"{place} rt {copy + 1}"
            rows += [Example(t.format(where), "pengaduan", road_code, origin) for t in ROADS]
            rows += [Example(t.format(where), "pengaduan", "pendidikan", origin) for t in SCHOOLS]
    return rows


def _seed_like(n: int) -> list[Example]:
    return [Example(f"contoh seed {i}", "pengaduan", "sosial" if i % 2 else "kesehatan")
            for i in range(n)]


def test_seed_alone_keeps_the_designed_default():
    rows = _seed_like(40) + _source("kecil.csv", "perhubungan", n_places=2, copies=1)
    scheme, used, folds = selection.validation_folds(rows, [ex.opd_code for ex in rows])
    assert (scheme, used, folds) == (selection.DEFAULT, (), [])


def test_one_source_of_a_few_hundred_rows_keeps_the_designed_default():
    # Seventy settings scored on thirds of a few hundred rows differ mostly by chance.
    rows = _seed_like(40) + _source("kota.csv", "perhubungan", copies=12)
    assert 200 <= len(rows) - 40 < selection.MIN_CROSS_VALIDATION_ROWS
    scheme, used, folds = selection.validation_folds(rows, [ex.opd_code for ex in rows])
    assert (scheme, used, folds) == (selection.DEFAULT, (), [])
    choice = selection.choose_blend(rows, [ex.opd_code for ex in rows], _make, PRIOR_WEIGHT)
    assert (choice.weight, choice.reference_weight, choice.scheme) == (
        PRIOR_WEIGHT, 0.0, selection.DEFAULT)


def test_one_large_source_is_cross_validated_with_the_seed_always_training():
    rows = _seed_like(40) + _source("kota.csv", "perhubungan", copies=13)
    labels = [ex.opd_code for ex in rows]
    scheme, used, folds = selection.validation_folds(rows, labels)
    assert scheme == selection.CROSS_VALIDATION and used == ("kota.csv",) and len(folds) == 3
    seed_rows = set(range(40))
    tested = sorted(int(i) for _, test in folds for i in test)
    assert tested == list(range(40, len(rows)))  # every source row is held out exactly once
    for train, test in folds:
        assert seed_rows <= set(train.tolist()) and not set(train.tolist()) & set(test.tolist())


def test_several_sources_leave_one_source_out():
    rows = (_seed_like(20) + _source("a.csv", "perhubungan")
            + _source("b.csv", "pekerjaan_umum") + _source("c.csv", "perhubungan", 2, 1))
    scheme, used, folds = selection.validation_folds(rows, [ex.opd_code for ex in rows])
    assert scheme == selection.LEAVE_ONE_OUT and used == ("a.csv", "b.csv")  # c.csv is small
    origins = np.array([ex.origin for ex in rows])
    for name, (train, test) in zip(used, folds, strict=True):
        assert set(origins[test]) == {name} and name not in set(origins[train])


def _make(weight: float = PRIOR_WEIGHT, offsets=None):
    return build_pipeline("opd", prior_weight=weight)


def test_a_source_that_contradicts_the_profiles_gets_little_prior():
    rows = _source("nasional.csv", "perhubungan", copies=13)
    labels = [ex.opd_code for ex in rows]
    choice = selection.choose_blend(rows, labels, _make, PRIOR_WEIGHT)
    assert choice.scheme == selection.CROSS_VALIDATION
    # Without seed rows there is no seed router: only the prior's weight is tried.
    assert set(choice.scores) == {(w, 0.0) for w in selection.PRIOR_WEIGHTS}
    assert choice.reference_weight == 0.0
    assert choice.scores[(choice.weight, 0.0)] == max(choice.scores.values())
    # The profiles send roads to public works; this source's own labels say transport.
    assert choice.scores[(0.0, 0.0)] > choice.scores[(0.8, 0.0)] and choice.weight < 0.8


def test_an_unseen_city_leans_on_the_profiles():
    # City A routes roads to public works, city B to transport: held out, each city's roads
    # are a code the other never used for them, and only the profiles know public works.
    rows = _source("a.csv", "pekerjaan_umum") + _source("b.csv", "perhubungan")
    choice = selection.choose_blend(rows, [ex.opd_code for ex in rows], _make, PRIOR_WEIGHT)
    assert choice.scheme == selection.LEAVE_ONE_OUT
    assert choice.scores[(0.8, 0.0)] > choice.scores[(0.0, 0.0)]


def test_training_records_the_chosen_weight():
    examples = default_examples()[:300] + _source("nasional.csv", "perhubungan", copies=13)
    router = train_part("opd", examples)[-1]
    chosen = router.prior_selection_
    assert router.prior_weight == chosen["weight"] and chosen["scheme"] == "cross-validation"
    assert router.reference_weight == chosen["reference_weight"]
    assert chosen["sources"] == ["nasional.csv"]
    # The seed rows get a router of their own only when the blend gives it a share.
    assert (router.reference_ is not None) == (router.reference_weight > 0)
    assert len(chosen["macro_f1_by_setting"]) == len(selection.blend_settings(True))
    fixed = train_part("opd", examples, prior_weight=0.3)[-1]
    assert (fixed.prior_weight, fixed.reference_weight) == (0.3, 0.0)


def _convention(origin: str, road_code: str, copies: int) -> list[Example]:
    # Words no profile knows ("zorbat", "quplen"): only labels tell where they go.
    rows = []
    for copy in range(copies):
        for place in PLACES:
            where = f"{place} rt {copy + 1}"
            rows += [Example(f"keluhan zorbat di {where} {tail}", "pengaduan", road_code, origin)
                     for tail in ("parah", "lagi", "tolong")]
            rows += [Example(f"keluhan quplen di {where} {tail}", "pengaduan", "pendidikan",
                             origin) for tail in ("parah", "lagi", "tolong")]
    return rows


def test_the_seed_router_keeps_the_seed_convention_audible():
    # The seed sends "zorbat" to health; a large source sends it to social affairs. An unseen
    # source that follows the seed is routed right only when the seed keeps a voice of its own.
    # The seed covers every code (a label it lacked would defer to the prior, see
    # PriorBlendClassifier._reference_over_classes) and says where "zorbat" goes.
    seed = training_rows(default_examples(), "opd")[::3]
    rows = (seed + _convention(selection.SEED_ORIGIN, "kesehatan", 1)
            + _convention("besar.csv", "sosial", 8) + _convention("kecil.csv", "kesehatan", 4))
    choice = selection.choose_blend(rows, [ex.opd_code for ex in rows], _make, PRIOR_WEIGHT)
    assert choice.scheme == selection.LEAVE_ONE_OUT
    assert set(choice.scores) == set(selection.blend_settings(True))
    assert choice.reference_weight > 0
    assert choice.scores[(choice.weight, choice.reference_weight)] > max(
        score for (w, v), score in choice.scores.items() if v == 0)
    # train_part chooses with the city's profiles (this test's _make has the lexicon alone), so
    # it may settle a tie on another share; the seed still keeps a voice of its own.
    router = train_part("opd", rows)[-1]
    assert router.reference_weight > 0
    assert router.reference_ is not None


def test_offsets_shift_the_decision_and_keep_each_rows_total():
    proba = np.array([[0.7, 0.2, 0.1], [0.5, 0.3, 0.2], [0.0, 0.0, 0.0]])
    classes = np.array(["pengaduan", "aspirasi", "permintaan_informasi"], dtype=object)
    assert shift(proba, classes, None) is proba
    moved = shift(proba, classes, (("aspirasi", np.log(4.0)), ("tidak_ada", 9.0)))
    assert np.allclose(moved.sum(axis=1), [1.0, 1.0, 0.0])
    assert list(classes[moved[:2].argmax(axis=1)]) == ["aspirasi", "aspirasi"]
    assert np.allclose(moved[0], np.array([0.7, 0.8, 0.1]) / 1.6)
    assert np.allclose(shift(proba * 0.5, classes, (("aspirasi", 1.0),)).sum(axis=1),
                       [0.5, 0.5, 0.0])


def _typed(origin: str, n_complaints: int, n_questions: int) -> list[Example]:
    # In this channel questions read like complaints: they share the complaint's words and
    # differ only by a polite closing, so a model trained mostly on complaints under-calls them.
    complaints = [Example(f"{ROADS[i % 4].format(PLACES[i % 10])} nomor {i} tolong",
                          "pengaduan", "", origin) for i in range(n_complaints)]
    questions = [Example(f"{ROADS[i % 4].format(PLACES[i % 10])} nomor {i} kapan ya",
                         "permintaan_informasi", "", origin) for i in range(n_questions)]
    return complaints + questions


def test_type_offsets_need_labels_from_outside_the_seed():
    rows = training_rows(default_examples()[:200], "type")
    found = selection.choose_type_settings(rows, [ex.report_type for ex in rows],
                                           lambda: build_pipeline("type"))
    assert found == {"offsets": [], "reference_gate_weight": 1.0, "scheme": selection.DEFAULT}


def test_type_offsets_are_chosen_on_the_channel_and_stored():
    examples = default_examples()[:200] + _typed("kanal.csv", 240, 24)
    part = train_part("type", examples)
    found = part[-1].offset_selection_
    assert found["scheme"] == selection.CROSS_VALIDATION
    assert found["macro_f1"]["with"] >= found["macro_f1"]["without"]
    assert tuple(found["offsets"]) == (part[-1].class_offsets or ())
    for label, value in found["offsets"]:
        assert label in part.classes_ and label != "bukan_laporan"
        assert value in selection.OFFSETS


def test_offsets_move_the_report_types_but_not_the_gate():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["jalan rusak parah", "selamat pagi semua", "kapan jalan diperbaiki",
             "terima kasih admin", "usul taman baru", "jalan berlubang lagi"] * 6
    labels = ["pengaduan", "bukan_laporan", "permintaan_informasi", "bukan_laporan",
              "aspirasi", "pengaduan"] * 6
    X = TfidfVectorizer().fit_transform(texts)
    plain = HierarchicalClassifier().fit(X, labels)
    moved = HierarchicalClassifier(class_offsets=(("aspirasi", 3.0),)).fit(X, labels)
    column = list(plain.classes_).index("bukan_laporan")
    p, q = plain.predict_proba(X), moved.predict_proba(X)
    assert np.allclose(p[:, column], q[:, column])  # the gate is where it was
    assert np.allclose(moved.negative_probability(X), q[:, column])
    assert np.allclose(q.sum(axis=1), 1.0)
    aspirasi = list(plain.classes_).index("aspirasi")
    assert (q[:, aspirasi] >= p[:, aspirasi] - 1e-12).all()
    assert (q[:, aspirasi] > p[:, aspirasi]).any()


@pytest.mark.parametrize("questions", [1, 2])
def test_a_label_missing_from_a_fold_does_not_break_the_offsets(questions):
    # One or two questions among 240 complaints, no seed: some fold trains without them.
    rows = _typed("kanal.csv", 240, questions)
    labels = [ex.report_type for ex in rows]
    found = selection.choose_type_settings(rows, labels, lambda: build_pipeline("type"))
    assert found["scheme"] == selection.CROSS_VALIDATION
    assert {label for label, _ in found["offsets"]} <= {"permintaan_informasi", "pengaduan"}


def test_a_code_nobody_labelled_stays_reachable_beside_the_seed_router():
    # Zero-shot routing with a large seed-router share: kependudukan is missing from the seed
    # and from the source, yet its profile still routes an e-KTP complaint to it.
    seed = [ex for ex in training_rows(default_examples(), "opd")
            if ex.opd_code != "kependudukan"][::2]
    rows = seed + _source("a.csv", "pekerjaan_umum")
    router = selection.fit_with_seed_rows(
        build_pipeline("opd", prior_weight=0.3, reference_weight=0.6),
        [ex.text for ex in rows], [ex.opd_code for ex in rows], selection.reference_rows(rows))
    assert router[-1].reference_ is not None
    texts = ["ktp elektronik saya belum jadi, blanko ktp kosong di disdukcapil",
             "ktp saya belum jadi sudah 3 bulan",
             "akta kelahiran anak saya salah nama, mohon dibantu",
             "mau pindah domisili, surat pindah lama sekali"]
    predicted = router.classes_[router.predict_proba(texts).argmax(axis=1)]
    assert list(predicted) == ["kependudukan"] * len(texts)


def test_the_seed_weight_in_the_gate_moves_only_the_gate():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["jalan rusak parah", "kapan jalan diperbaiki", "terima kasih admin",
             "kapan lampu dipasang", "selamat pagi", "got mampet bau"] * 8
    labels = ["pengaduan", "permintaan_informasi", "bukan_laporan", "permintaan_informasi",
              "bukan_laporan", "pengaduan"] * 8
    # The "seed" half says questions are reports; the channel half says they are not.
    seed = np.arange(len(texts)) < 24
    labels = [("bukan_laporan" if not s and y == "permintaan_informasi" else y)
              for s, y in zip(seed, labels, strict=True)]
    X = TfidfVectorizer().fit_transform(texts)
    full = HierarchicalClassifier().fit(X, labels, reference_rows=seed)
    light = HierarchicalClassifier(reference_gate_weight=0.1).fit(X, labels, reference_rows=seed)
    unmarked = HierarchicalClassifier(reference_gate_weight=0.1).fit(X, labels)
    assert np.allclose(full.predict_proba(X), unmarked.predict_proba(X))  # no mask: no change
    question = texts.index("kapan jalan diperbaiki")
    assert light.negative_probability(X)[question] > full.negative_probability(X)[question]
    # The second stage is the same model: the report types keep their relative odds.
    p, q = full.predict_proba(X), light.predict_proba(X)
    reports = [i for i, c in enumerate(full.classes_) if c != "bukan_laporan"]
    assert np.allclose(p[:, reports] / p[:, reports].sum(axis=1, keepdims=True),
                       q[:, reports] / q[:, reports].sum(axis=1, keepdims=True))
    with pytest.raises(ValueError, match="one flag per row"):
        light.fit(X, labels, reference_rows=seed[:5])
    with pytest.raises(ValueError, match="reference_gate_weight"):
        HierarchicalClassifier(reference_gate_weight=0.0).fit(X, labels, reference_rows=seed)


def test_a_model_pickled_before_the_gate_weight_still_describes_itself():
    model = HierarchicalClassifier()
    del model.__dict__["reference_gate_weight"]  # as unpickled from an older version
    assert model.get_params()["reference_gate_weight"] == 1.0


def _channel_where_questions_are_not_reports() -> list[Example]:
    # Its annotators file questions as "not a complaint"; the seed says a question is a report
    # (permintaan_informasi). The posts are the seed's held-out share, relabelled that way.
    from classify.corpus import load_seed, split_for_evaluation

    held_out = split_for_evaluation(load_seed())[1]
    relabel = {"permintaan_informasi": "bukan_laporan", "aspirasi": "bukan_laporan"}
    rows = [Example(ex.text, relabel.get(ex.report_type, ex.report_type), "", "kanal.csv")
            for ex in held_out if ex.report_type]
    return rows


def test_a_channel_whose_reports_differ_from_the_seed_gets_a_lighter_seed_in_the_gate():
    examples = default_examples() + _channel_where_questions_are_not_reports()
    rows = training_rows(examples, "type")
    found = selection.choose_type_settings(rows, [ex.report_type for ex in rows],
                                           lambda: build_pipeline("type"))
    assert set(found["gate_macro_f1"]) == {f"{w:g}" for w in selection.GATE_REFERENCE_WEIGHTS}
    assert found["reference_gate_weight"] < 1.0
    assert found["gate_macro_f1"][f"{found['reference_gate_weight']:g}"] > (
        found["gate_macro_f1"]["1"])
    # The channel labels complaints only, no suggestion or question: no type is shifted.
    assert found["offsets"] == []
    part = train_part("type", examples)
    assert part[-1].reference_gate_weight == found["reference_gate_weight"]
    # Fitted with the lighter seed, the gate follows the channel on the channel's questions.
    texts = [ex.text for ex in rows]
    plain = build_pipeline("type", class_offsets=tuple(found["offsets"]) or None).fit(
        texts, [ex.report_type for ex in rows])
    channel_negatives = [ex.text for ex in rows
                         if ex.origin == "kanal.csv" and ex.report_type == "bukan_laporan"]
    negative = list(part.classes_).index("bukan_laporan")
    assert (part.predict_proba(channel_negatives)[:, negative].mean()
            > plain.predict_proba(channel_negatives)[:, negative].mean())
