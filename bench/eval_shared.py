"""EVAL.md's four tasks on the shared data: Jaring's classifier against the plain baseline.

    .venv/bin/python -m bench.eval_shared                 # E1-E4, with the seed corpus (default)
    .venv/bin/python -m bench.eval_shared --tasks E1 --no-seed
    .venv/bin/python -m bench.eval_shared --baseline      # also re-run the plain baseline
    .venv/bin/python -m bench.eval_shared --dev           # design splits: training side only
    .venv/bin/python -m bench.eval_shared --zero-shot kependudukan
    .venv/bin/python -m bench.eval_shared --tasks "" --transfer  # the shipped model on them
    .venv/bin/python -m bench.eval_shared --tasks "" --adaptation-grid  # the city prior's choice

The data is read in place from ``../shared/data`` (or ``JARING_SHARED_DATA``) at run time and
never copied. Splits follow EVAL.md exactly; macro-F1 is averaged over the labels present in the
test data. "With seed" adds the training share of Jaring's own seed corpus to every training
side (it is the default training data of ``jaring model train``). Routing figures get a second
line, "city prior": the router adapted to the test side's mix, estimated from its texts without
their labels (``classify.adaptation``). ``--dev`` runs the splits the design was chosen on:
leave-one-city-out inside E1's training files, an inner split of E2's training side, and E3/E4
folds with another shuffle. No choice was made on a test side.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, train_test_split

from classify.adaptation import CityPrior, estimate_prior, shift
from classify.corpus import Example
from classify.train import default_examples, train_part

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("JARING_SHARED_DATA", ROOT.parent / "shared" / "data"))
E1_TRAIN = ("surabaya_mediacenter_2022", "lapor_national_agencies", "bandung_tweets_2015")
E1_TEST = "lapor_kabbandung_2021_2023"
#: EVAL.md's baseline figures and the issue's goals.
BASELINES = {"E1": {"macro_f1": 0.464, "accuracy": 0.508, "top3": 0.678},
             "E2": {"macro_f1": 0.946}, "E3": {"macro_f1": 0.835}, "E4": {"macro_f1": 0.439}}
GOALS = {"E1": {"macro_f1": 0.60, "top3": 0.85}, "E2": {"macro_f1": 0.96},
         "E3": {"macro_f1": 0.88}, "E4": {"macro_f1": 0.60}}


def read(name: str) -> list[dict[str, str]]:
    """Rows of one shared CSV file."""
    path = DATA / f"{name}.csv"
    if not path.is_file():
        raise SystemExit(f"{path} tidak ada: folder shared/data perlu berada di samping repo")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def examples(rows: list[dict[str, str]], origin: str) -> list[Example]:
    """Shared rows as training examples (missing label columns become empty labels)."""
    return [Example(r["text"], r.get("report_type") or "", r.get("opd_code") or "", origin)
            for r in rows]


@dataclass(frozen=True)
class Split:
    """One train/test pair; the test side keeps its gold labels."""

    train: list[Example]
    test: list[Example]


def e1_split(data: dict[str, list[dict[str, str]]]) -> Split:
    """E1: three cities' files (rows with opd_code) to train, Kab. Bandung LAPOR! to test."""
    train = [ex for name in E1_TRAIN for ex in examples(data[name], name) if ex.opd_code]
    test = [ex for ex in examples(data[E1_TEST], E1_TEST) if ex.opd_code]
    return Split(train, test)


def e2_split(rows: list[dict[str, str]], seed: int = 0) -> Split:
    """E2: a stratified 80/20 split of the national agencies file."""
    pool = [ex for ex in examples(rows, "national") if ex.opd_code]
    train, test = train_test_split(pool, test_size=0.2, random_state=seed,
                                   stratify=[ex.opd_code for ex in pool])
    return Split(train, test)


def cv_splits(pool: list[Example], labels: list[str], seed: int = 0) -> list[Split]:
    """5-fold stratified, shuffled cross-validation as EVAL.md defines it."""
    folds = StratifiedKFold(5, shuffle=True, random_state=seed)
    return [Split([pool[i] for i in train], [pool[i] for i in test])
            for train, test in folds.split(np.zeros(len(labels)), labels)]


def e3_splits(rows: list[dict[str, str]], seed: int = 0) -> list[Split]:
    """E3: 5-fold CV on the tweets, label ``report_type``."""
    pool = examples(rows, "tweets")
    return cv_splits(pool, [ex.report_type for ex in pool], seed)


def e4_splits(rows: list[dict[str, str]], seed: int = 0) -> list[Split]:
    """E4: 5-fold CV on Kab. Bandung rows that have a report type."""
    pool = [ex for ex in examples(rows, E1_TEST) if ex.report_type]
    return cv_splits(pool, [ex.report_type for ex in pool], seed)


def macro_f1(truth, predicted) -> float:
    """EVAL.md's macro-F1: averaged over the labels present in ``truth``."""
    return f1_score(truth, predicted, average="macro", labels=sorted(set(truth)))


def interval(truth, predicted, rounds: int = 1000) -> tuple[float, float]:
    """A 95% bootstrap interval of the macro-F1 (rows resampled with replacement).

    It tells how much a figure moves with the sample: on E1's 447 rows, three codes have two
    rows each, so one row can move the macro-F1 by several points.
    """
    truth, predicted = np.asarray(truth, dtype=object), np.asarray(predicted, dtype=object)
    rng = np.random.default_rng(0)
    draws = [macro_f1(truth[i], predicted[i])
             for i in (rng.integers(0, len(truth), len(truth)) for _ in range(rounds))]
    low, high = np.percentile(draws, [2.5, 97.5])
    return float(low), float(high)


def scores(truth: list[str], classes: np.ndarray, proba: np.ndarray,
           with_interval: bool = True) -> dict[str, float]:
    """Macro-F1 over the labels present in ``truth`` (with its bootstrap interval unless not
    ``with_interval``), accuracy, and top-3 accuracy."""
    classes = np.asarray(classes, dtype=object)
    predicted = classes[np.argmax(proba, axis=1)]
    top3 = classes[np.argsort(-proba, axis=1)[:, :3]]
    found = {"macro_f1": macro_f1(truth, predicted), "accuracy": accuracy_score(truth, predicted),
             "top3": float(np.mean([t in row for t, row in zip(truth, top3, strict=True)])),
             "n": len(truth)}
    if with_interval:
        found["interval"] = interval(truth, predicted)
    return found


Trainer = Callable[[str, list[Example]], object]


def jaring_part(target: str, train: list[Example]) -> object:
    """Jaring's pipeline for one part, as ``jaring model train`` fits it."""
    return train_part(target, train)


def route(split: Split, extra: list[Example], fit: Trainer) -> dict[str, float]:
    """Train the router on one split and score it on the split's test side.

    Jaring's router is scored twice: as trained, and (under ``adapted``) adapted to the test
    side's mix of functions, estimated from its texts without their labels
    (:mod:`classify.adaptation`, what ``jaring model adapt`` does with a city's harvested
    posts; every test row here is a report, so no gate is needed to pick them).
    """
    model = fit("opd", split.train + extra)
    texts = [ex.text for ex in split.test]
    truth = [ex.opd_code for ex in split.test]
    proba = model.predict_proba(texts)
    result = scores(truth, model.classes_, proba)
    reference = getattr(model[-1], "training_prior_", None) if hasattr(model, "steps") else None
    if reference is not None:
        prior = CityPrior.estimate(proba, model.classes_, reference)
        result["adapted"] = scores(truth, model.classes_, prior.apply(proba))
    return result


def _report_types(model, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    classes = np.asarray(model.classes_, dtype=object)
    return classes, model.predict_proba(texts)


def is_report_fold(split: Split, extra: list[Example], fit: Trainer) -> tuple[list, list]:
    """E3 fold: the model's "is it a report?" verdict (P(report) >= 0.5) as pengaduan."""
    model = fit("type", split.train + extra)
    classes, proba = _report_types(model, [ex.text for ex in split.test])
    negative = proba[:, list(classes).index("bukan_laporan")]
    predicted = np.where(negative >= 0.5, "bukan_laporan", "pengaduan")
    return [ex.report_type for ex in split.test], list(predicted)


def among_report_types(classes: np.ndarray, proba: np.ndarray) -> np.ndarray:
    """``proba`` with ``bukan_laporan`` ruled out (-1): the type of a row known to be a report."""
    proba = proba.copy()
    if "bukan_laporan" in classes:
        proba[:, list(classes).index("bukan_laporan")] = -1
    return proba


def type_fold(split: Split, extra: list[Example], fit: Trainer) -> tuple[list, list]:
    """E4 fold: the report type among the three report types (every test row is a report)."""
    model = fit("type", split.train + extra)
    classes, proba = _report_types(model, [ex.text for ex in split.test])
    proba = among_report_types(classes, proba)
    return [ex.report_type for ex in split.test], list(classes[np.argmax(proba, axis=1)])


def pooled(folds: list[tuple[list, list]]) -> dict[str, float]:
    """Macro-F1 over the pooled out-of-fold predictions (labels present in the data)."""
    truth = [t for fold in folds for t in fold[0]]
    predicted = [p for fold in folds for p in fold[1]]
    return {"macro_f1": macro_f1(truth, predicted), "interval": interval(truth, predicted),
            "accuracy": accuracy_score(truth, predicted), "n": len(truth)}


class Baseline:
    """EVAL.md's plain baseline: word 1-2 + char_wb 2-5 TF-IDF into LinearSVC, nothing else."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion, make_pipeline
        from sklearn.svm import LinearSVC

        union = FeatureUnion([
            ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                     min_df=2))])
        self.pipeline = make_pipeline(union, LinearSVC(C=0.5, class_weight="balanced"))

    def fit(self, texts: list[str], labels: list[str]) -> Baseline:
        """Fit the pipeline."""
        self.pipeline.fit(texts, labels)
        self.classes_ = self.pipeline.classes_
        return self

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Softmax of the margins: the SVM's ranking and decisions, as rows that sum to one."""
        margins = self.pipeline.decision_function(texts)
        if margins.ndim == 1:
            margins = np.column_stack([-margins, margins])
        exp = np.exp(margins - margins.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)


def baseline_part(target: str, train: list[Example]) -> Baseline:
    """The baseline on the same rows Jaring's part would train on."""
    label = "report_type" if target == "type" else "opd_code"
    rows = [ex for ex in train if getattr(ex, label)]
    return Baseline().fit([ex.text for ex in rows], [getattr(ex, label) for ex in rows])


def run_task(task: str, data: dict, extra: list[Example], fit: Trainer,
             dev: bool = False) -> dict[str, float]:
    """One task's figures for one way of training."""
    seed = 1 if dev else 0
    if task == "E1":
        if dev:
            return dev_e1(data, extra, fit)
        return route(e1_split(data), extra, fit)
    if task == "E2":
        split = e2_split(data["lapor_national_agencies"])
        if dev:  # an inner split of E2's training side
            inner = train_test_split(split.train, test_size=0.25, random_state=1,
                                     stratify=[ex.opd_code for ex in split.train])
            split = Split(*inner)
        return route(split, extra, fit)
    if task == "E3":
        return pooled([is_report_fold(s, extra, fit)
                       for s in e3_splits(data["bandung_tweets_2015"], seed)])
    if task == "E4":
        negatives = [ex for ex in examples(data["bandung_tweets_2015"], "tweets")
                     if ex.report_type == "bukan_laporan"]
        return pooled([type_fold(s, extra + negatives, fit)
                       for s in e4_splits(data[E1_TEST], seed)])
    raise SystemExit(f"tugas tidak dikenal: {task}")


def e1_design_splits(data: dict) -> dict[str, Split]:
    """E1's design splits: leave one training city out (Surabaya, then the national file)."""
    pools = {name: [ex for ex in examples(data[name], name) if ex.opd_code] for name in E1_TRAIN}
    return {held_out: Split([ex for name, pool in pools.items() if name != held_out
                             for ex in pool], pools[held_out])
            for held_out in ("surabaya_mediacenter_2022", "lapor_national_agencies")}


def dev_e1(data: dict, extra: list[Example], fit: Trainer) -> dict[str, float]:
    """E1's design splits' figures, averaged."""
    results = [route(split, extra, fit) for split in e1_design_splits(data).values()]
    # The mean of two splits' figures; averaging their intervals would not be an interval.
    mean = {key: float(np.mean([r[key] for r in results])) for key in results[0]
            if key not in ("interval", "adapted")}
    if all("adapted" in r for r in results):
        mean["adapted"] = {key: float(np.mean([r["adapted"][key] for r in results]))
                           for key in results[0]["adapted"] if key != "interval"}
    return mean


#: What the city prior's settings were chosen among (classify.adaptation).
GRID_STRENGTHS = (0.25, 0.5, 0.75, 1.0)
GRID_PSEUDO_COUNTS = (0, 50, 150, 300)
GRID_HARVESTS = (100, 300, 447)


def adaptation_grid(data: dict, extra: list[Example]) -> list[str]:
    """How the city prior's exponent and pseudo-count were chosen, on E1's design splits.

    The exponent on every held-out row, unshrunk; the pseudo-count (exponent 0.5) with the
    prior estimated on a harvest of n posts (8 random draws each, the figures averaged) and
    applied to every held-out row.
    """
    rng = np.random.default_rng(0)
    return [line for held_out, split in e1_design_splits(data).items()
            for line in _grid(held_out, split, extra, rng)]


def _grid(held_out: str, split: Split, extra: list[Example], rng) -> list[str]:
    model = train_part("opd", split.train + extra)
    truth = [ex.opd_code for ex in split.test]
    proba = model.predict_proba([ex.text for ex in split.test])
    reference, classes = model[-1].training_prior_, model.classes_

    def figures(label: str, draws: list[np.ndarray]) -> str:
        found = [scores(truth, classes, adapted, with_interval=False) for adapted in draws]
        return (f"  {label:<34} macro-F1 {np.mean([r['macro_f1'] for r in found]):.3f}  "
                f"top-3 {np.mean([r['top3'] for r in found]):.3f}")

    lines = [f"{held_out} held out (n={len(truth)})", figures("as trained", [proba])]
    unshrunk = estimate_prior(proba, reference, pseudo_count=0)
    lines += [figures(f"exponent {a}, every row, unshrunk", [shift(proba, reference, unshrunk, a)])
              for a in GRID_STRENGTHS]
    for pseudo in GRID_PSEUDO_COUNTS:
        for n in GRID_HARVESTS:
            draws = [shift(proba, reference, estimate_prior(
                proba[rng.choice(len(truth), n, replace=False)], reference, pseudo))
                for _ in range(8)]
            lines.append(figures(f"pseudo-count {pseudo}, harvest of {n}", draws))
    return lines


def zero_shot(data: dict, code: str, extra: list[Example]) -> dict[str, float]:
    """Hold ``code`` out of every training row (seed included); score its E1 test rows, as
    trained and (``adapted_*``) with the city prior estimated on every E1 test text."""
    split = e1_split(data)
    train = [ex for ex in split.train + extra if ex.opd_code != code]
    model = train_part("opd", train)
    proba = model.predict_proba([ex.text for ex in split.test])
    prior = CityPrior.estimate(proba, model.classes_, model[-1].training_prior_)
    rows = np.array([ex.opd_code == code for ex in split.test])
    classes = np.asarray(model.classes_, dtype=object)
    found = {"n": int(rows.sum())}
    for prefix, block in (("", proba[rows]), ("adapted_", prior.apply(proba)[rows])):
        top3 = classes[np.argsort(-block, axis=1)[:, :3]]
        found[f"{prefix}recall"] = float(np.mean(classes[np.argmax(block, axis=1)] == code))
        found[f"{prefix}top3"] = float(np.mean([code in row for row in top3]))
    return found


#: Complaint-system exports: every row is a report, whatever its type.
REPORT_FILES = ("surabaya_mediacenter_2022", "lapor_national_agencies", "purbalingga_lapormasbup",
                E1_TEST)


def report_recall(model, texts: list[str], min_report: float) -> dict[str, float]:
    """Shares of real reports the "is it a report?" gate lets through: called a report
    (P(report) >= 0.5) and kept for an operator at least (P(report) >= ``min_report``)."""
    proba = model.predict_proba(texts)
    negative = proba[:, list(model.classes_).index("bukan_laporan")]
    return {"n": len(texts), "report": float(np.mean(negative < 0.5)),
            "kept": float(np.mean(1 - negative >= min_report))}


def transfer(data: dict[str, list[dict[str, str]]], extra: list[Example]) -> list[str]:
    """The model Jaring ships (trained on ``extra``, the seed's training share, and nothing
    else) on real data it never saw: how many real reports its gate keeps, how it scores the
    tweets' "is it a report?" labels, and its routing of two complaint systems."""
    from classify.model import Thresholds

    type_model, router = train_part("type", extra), train_part("opd", extra)
    min_report = Thresholds().min_report
    lines = []
    for name in REPORT_FILES:
        rows = data[name]
        r = report_recall(type_model, [row["text"] for row in rows], min_report)
        lines.append(f"transfer {name:<27} n={r['n']:>5}  called a report {r['report']:.3f}  "
                     f"kept (P(report) >= {min_report}) {r['kept']:.3f}")
    tweets = examples(data["bandung_tweets_2015"], "tweets")
    folds = is_report_fold(Split([], tweets), [], lambda _target, _rows: type_model)
    negatives = [p for t, p in zip(*folds, strict=True) if t == "bukan_laporan"]
    lines.append(f"transfer bandung_tweets_2015 (E3 labels)   macro-F1 "
                 f"{macro_f1(*folds):.3f}  non-reports called a report "
                 f"{np.mean([p != 'bukan_laporan' for p in negatives]):.3f}")
    for name in (E1_TEST, "lapor_national_agencies"):
        rows = [ex for ex in examples(data[name], name) if ex.opd_code]
        r = scores([ex.opd_code for ex in rows], router.classes_,
                   router.predict_proba([ex.text for ex in rows]))
        lines.append(f"transfer {name:<27} routing macro-F1 {r['macro_f1']:.3f}  accuracy "
                     f"{r['accuracy']:.3f}  top-3 {r['top3']:.3f}  n={r['n']}")
    return lines


def _line(task: str, name: str, result: dict[str, float], seconds: float) -> str:
    base = BASELINES[task]["macro_f1"]
    extra = "".join(f"  {k} {result[k]:.3f}" for k in ("accuracy", "top3") if k in result)
    band = ""
    if "interval" in result:  # not for E1's design splits, a mean of two figures
        low, high = result["interval"]
        band = f" [95%: {low:.3f}-{high:.3f}]"
    return (f"{task}  {name:<16} macro-F1 {result['macro_f1']:.3f}{band} "
            f"(baseline {base:.3f}, x{result['macro_f1'] / base:.2f}){extra}"
            f"  n={result['n']}  {seconds:.0f} s")


def main(argv: list[str] | None = None) -> None:
    """Print each task's figures; see the module docstring for the options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default="E1,E2,E3,E4")
    parser.add_argument("--no-seed", action="store_true", help="train without the seed corpus")
    parser.add_argument("--baseline", action="store_true", help="re-run the plain baseline too")
    parser.add_argument("--dev", action="store_true", help="the design splits, not the tests")
    parser.add_argument("--zero-shot", default="", help="comma-separated codes to hold out")
    parser.add_argument("--transfer", action="store_true",
                        help="the shipped (seed-only) model on the shared data, untrained on it")
    parser.add_argument("--adaptation-grid", action="store_true",
                        help="the city prior's settings on E1's design splits (how chosen)")
    args = parser.parse_args(argv)
    names = {*E1_TRAIN, E1_TEST, *(REPORT_FILES if args.transfer else ())}
    data = {name: read(name) for name in sorted(names)}
    extra = [] if args.no_seed else default_examples()
    ways = [("jaring" + ("" if args.no_seed else "+seed"), jaring_part)]
    if args.baseline:
        ways.append(("baseline", baseline_part))
    print(f"data: {DATA}  ({'dev splits' if args.dev else 'EVAL.md splits'})")
    for task in [t.strip().upper() for t in args.tasks.split(",") if t.strip()]:
        for name, fit in ways:
            started = time.monotonic()
            result = run_task(task, data, extra if fit is jaring_part else [], fit, args.dev)
            print(_line(task, name, result, time.monotonic() - started), flush=True)
            if "adapted" in result:
                print(_line(task, "  city prior", result["adapted"], 0).rsplit("  ", 1)[0],
                      flush=True)
    if args.transfer:
        for line in transfer(data, default_examples()):
            print(line, flush=True)
    if args.adaptation_grid:
        for line in adaptation_grid(data, extra):
            print(line, flush=True)
    for code in [c.strip() for c in args.zero_shot.split(",") if c.strip()]:
        result = zero_shot(data, code, extra)
        print(f"zero-shot {code}: held out of all training rows; its {result['n']} E1 test "
              f"rows: recall {result['recall']:.3f}, top-3 {result['top3']:.3f}; with the "
              f"city prior {result['adapted_recall']:.3f}, {result['adapted_top3']:.3f}")
    print("goals: " + "; ".join(f"{t} " + ", ".join(f"{k} >= {v}" for k, v in g.items())
                                for t, g in GOALS.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
