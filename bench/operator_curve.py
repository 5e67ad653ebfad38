"""How fast Jaring learns from operators: a city's own labels added to the seed, 50 at a time.

    .venv/bin/python -m bench.operator_curve                  # routing and report type
    .venv/bin/python -m bench.operator_curve --target opd --steps 50,100,200
    .venv/bin/python -m bench.operator_curve --target opd --city surabaya_mediacenter_2022 \
        --sample 900 --steps 200,400 --orders arrival,cross-validated   # how a rule was set
    .venv/bin/python -m bench.operator_curve --gate           # the retraining flow's decisions

A city starts with the shipped model (the seed corpus alone); its operators then confirm or
re-route posts, and the retraining flow trains on seed + their labels. This bench plays that
out on the Kab. Bandung LAPOR! export (``../shared/data``, read in place, never copied): 5-fold
cross-validation over its labelled rows; in each fold the other four fifths are the posts
operators label, the held-out fifth the posts still to come. After *k* labels a model is
trained on the seed's training share + those *k* rows (origin ``operator``, as the flow gives
them) with ``train_part``, exactly as ``jaring model train`` fits it, and scored on the held-out
fifth; the out-of-fold predictions of the five folds are pooled.

Two orders of labelling are compared:

- **arrival**: the posts in a random order (what operators label when they work the queue);
- **uncertain**: rounds of 50 (``JARING_RETRAIN_EVERY_LABELS``' default): the model of the round
  before scores the posts not yet labelled and the 50 whose two best classes are closest
  (``classify.active.margin``, what ``jaring review list --uncertain`` orders by) are labelled
  next;
- **cross-validated** (routing, only with ``--orders``): the arrival order, with the router's blend
  cross-validated over the operators' labels from 200 of them (the rule before 2026-12-08;
  ``classify.selection.MIN_CROSS_VALIDATION_ROWS`` now asks for 1,000). ``--city`` and
  ``--sample`` run it on another file's rows (Surabaya is in no test side of EVAL.md).

``--gate`` plays the retraining flow itself along one arrival order of the whole export
(report type and function labelled together, as operators' decisions give them; 150 rows held
back as the posts still to come): every 50 labels ``train_classifier`` fits a candidate on seed +
labels minus the fixed evaluation share, the candidate and the active model are scored on the
fixed evaluation set (``classify.lifecycle``'s rule, tolerance 0.01) and the held-back posts'
routing is printed for both. The two rules side by side: per part (``lifecycle.decide``, what
``retrain`` does) and all or nothing (``lifecycle.not_worse``, the rule before 2026-12-08).

This is not one of EVAL.md's tasks (E1 trains on other cities; here the test city's own labels
are training data) and no setting is chosen on it: it measures what the operators' labels are
worth, the lever EVAL.md's cross-city tasks cannot use. Routing rows are those with an
``opd_code`` (447), report-type rows those with a ``report_type`` (570; every one a report,
scored as E4 scores: the type among the three report types).
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from bench.eval_shared import (
    E1_TEST,
    among_report_types,
    cv_splits,
    examples,
    interval,
    macro_f1,
    read,
)
from classify import selection
from classify.active import margin
from classify.adaptation import CityPrior
from classify.corpus import Example, in_evaluation_set, load_seed, split_for_evaluation
from classify.evaluate import evaluate, scorecard
from classify.lifecycle import decide, not_worse, with_part
from classify.train import default_examples, train_classifier, train_part

ROUND = 50
ORIGIN = "operator"
ORDERS = ("arrival", "uncertain", "cross-validated")
#: The step "every row of the fold labelled" (folds differ by a row in size).
ALL = 10**6


@dataclass
class Curve:
    """Pooled out-of-fold predictions per number of labels, for one order of labelling."""

    truth: dict[int, list[str]]
    predicted: dict[int, list[str]]
    top3: dict[int, list[bool]]
    adapted: dict[int, list[str]]


def _label(ex: Example, target: str) -> str:
    return ex.opd_code if target == "opd" else ex.report_type


def _rows(target: str, city: str = E1_TEST, sample: int = 0,
          sample_seed: int = 7) -> list[Example]:
    """The city file's rows with the part's label (``sample``: that many drawn at random)."""
    rows = [Example(ex.text, ex.report_type, ex.opd_code, ORIGIN)
            for ex in examples(read(city), ORIGIN)]
    rows = [ex for ex in rows if _label(ex, target)]
    if sample and sample < len(rows):
        rows = [rows[i] for i in np.random.default_rng(sample_seed).permutation(len(rows))[:sample]]
    return rows


@contextmanager
def _cross_validated_from(rows: int):
    """The router's blend cross-validated over a lone source from ``rows`` rows."""
    saved = selection.MIN_CROSS_VALIDATION_ROWS
    selection.MIN_CROSS_VALIDATION_ROWS = rows
    try:
        yield
    finally:
        selection.MIN_CROSS_VALIDATION_ROWS = saved


def _as_labels(rows: list[Example], target: str) -> list[Example]:
    """Operator rows carrying only the part's label (the other part is not being measured)."""
    if target == "opd":
        return [Example(ex.text, "", ex.opd_code, ORIGIN) for ex in rows]
    return [Example(ex.text, ex.report_type, "", ORIGIN) for ex in rows]


def _probabilities(model, target: str, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    classes = np.asarray(model.classes_, dtype=object)
    proba = model.predict_proba(texts)
    if target == "type":  # every row is a report, as in E4
        proba = among_report_types(classes, proba)
    return classes, proba


def _score(model, target: str, test: list[Example]) -> tuple[list, list, list]:
    texts = [ex.text for ex in test]
    classes, proba = _probabilities(model, target, texts)
    ranked = np.argsort(-proba, axis=1)
    truth = [_label(ex, target) for ex in test]
    top3 = [t in classes[row[:3]] for t, row in zip(truth, ranked, strict=True)]
    predicted = adapted = list(classes[ranked[:, 0]])
    reference = getattr(model[-1], "training_prior_", None)
    if target == "opd" and reference is not None:
        prior = CityPrior.estimate(proba, classes, reference)
        adapted = list(classes[np.argmax(prior.apply(proba), axis=1)])
    return predicted, top3, adapted


def _most_uncertain(model, target: str, pool: list[Example], n: int) -> list[int]:
    """Indices of the ``n`` pool rows whose two best classes are closest."""
    _classes, proba = _probabilities(model, target, [ex.text for ex in pool])
    margins = np.array([margin(row[row >= 0]) for row in proba])
    return list(np.argsort(margins, kind="stable")[:n])


def run(target: str, steps: list[int], seed_rows: list[Example], log=print,
        round_size: int = ROUND, rows: list[Example] | None = None,
        orders: tuple[str, ...] = ORDERS[:2]) -> dict[str, Curve]:
    """The orders' curves for one part over the 5 folds (``rows``: the city's labelled rows,
    by default the Kab. Bandung export's)."""
    rows = _rows(target) if rows is None else rows
    splits = cv_splits(rows, [_label(ex, target) for ex in rows])
    curves = {name: Curve({}, {}, {}, {}) for name in ORDERS if name in orders}

    def record(name: str, k: int, model, test: list[Example]) -> None:
        predicted, top3, adapted = _score(model, target, test)
        curve = curves[name]
        curve.truth.setdefault(k, []).extend(_label(ex, target) for ex in test)
        curve.predicted.setdefault(k, []).extend(predicted)
        curve.top3.setdefault(k, []).extend(top3)
        curve.adapted.setdefault(k, []).extend(adapted)

    for number, split in enumerate(splits, start=1):
        started = time.monotonic()
        order = list(np.random.default_rng(number).permutation(len(split.train)))
        pool = _as_labels([split.train[i] for i in order], target)
        partial = sorted(k for k in steps if 0 < k < len(pool))
        base = train_part(target, seed_rows)
        for name in curves:
            record(name, 0, base, split.test)
        for k in [*partial, ALL]:
            if "arrival" in curves:
                record("arrival", k, train_part(target, seed_rows + pool[:k]), split.test)
            if "cross-validated" in curves:
                with _cross_validated_from(selection.MIN_SOURCE_ROWS):
                    model = train_part(target, seed_rows + pool[:k])
                record("cross-validated", k, model, split.test)
        labelled: list[Example] = []
        unlabelled, model = list(pool), base
        while "uncertain" in curves and partial and len(labelled) < partial[-1]:
            step = next(k for k in partial if k > len(labelled))
            size = min(round_size, step - len(labelled))  # a round ends at each step
            picked = set(_most_uncertain(model, target, unlabelled, size))
            labelled += [ex for i, ex in enumerate(unlabelled) if i in picked]
            unlabelled = [ex for i, ex in enumerate(unlabelled) if i not in picked]
            model = train_part(target, seed_rows + labelled)
            if len(labelled) in partial:
                record("uncertain", len(labelled), model, split.test)
        log(f"  fold {number}: {len(pool)} rows to label, {len(split.test)} held out, "
            f"{time.monotonic() - started:.0f} s")
    return curves


def lines(target: str, curves: dict[str, Curve]) -> list[str]:
    """One line per order and number of labels."""
    found = []
    for name, curve in curves.items():
        for k in sorted(curve.truth):
            truth, predicted = curve.truth[k], curve.predicted[k]
            if len(truth) != len(curve.truth[0]):
                continue  # a step some folds could not reach (fewer rows than k)
            low, high = interval(truth, predicted, rounds=300)
            shown = "all" if k == ALL else str(k)
            text = (f"{target:<4} {name:<15} labels {shown:>4}  macro-F1 "
                    f"{macro_f1(truth, predicted):.3f} [{low:.3f}-{high:.3f}]  accuracy "
                    f"{np.mean(np.array(truth) == np.array(predicted)):.3f}")
            if target == "opd":  # (three report types: top-3 is always right)
                text += (f"  top-3 {np.mean(curve.top3[k]):.3f}  city prior macro-F1 "
                         f"{macro_f1(truth, curve.adapted[k]):.3f}")
            found.append(text)
    return found


def gate_run(order_seed: int = 1, hold_back: int = 150, every: int = ROUND,
             tolerance: float = 0.01, log=print) -> None:
    """The retraining flow's decisions along one arrival order, under both promotion rules."""
    city = [Example(ex.text, ex.report_type, ex.opd_code, ORIGIN)
            for ex in examples(read(E1_TEST), ORIGIN) if ex.report_type or ex.opd_code]
    city = [city[i] for i in np.random.default_rng(order_seed).permutation(len(city))]
    future = [ex for ex in city[-hold_back:] if ex.opd_code and not in_evaluation_set(ex.text)]
    stream, seed = city[:-hold_back], load_seed()
    first = train_classifier(split_for_evaluation(seed)[0])[0]
    active = {"per part": first, "all or nothing": first}

    def routing(model) -> str:
        found = evaluate(model, future, "opd")
        return f"{found['macro_f1']:.3f} / {found['accuracy']:.3f} / {found['top3_accuracy']:.3f}"

    log(f"gate: {len(stream)} posts labelled in arrival order (seed {order_seed}), "
        f"{len(future)} held-back routed posts scored (macro-F1 / accuracy / top-3); "
        f"seed model {routing(first)}")
    for k in range(every, len(stream) + 1, every):
        training, evaluation = split_for_evaluation(seed + stream[:k])
        candidate = train_classifier(training)[0]
        card = scorecard(candidate, evaluation)
        for rule, model in active.items():
            current = scorecard(model, evaluation)
            if rule == "per part":
                promoted, kept, _reason = decide(card, current, tolerance)
            else:
                (promoted, _reason), kept = not_worse(card, current, tolerance), None
            chosen = with_part(candidate, model, kept) if kept else candidate
            verdict = ("promoted" if promoted and not kept else
                       f"promoted, {kept} kept" if promoted else "rejected")
            log(f"  {k:>3} labels  {rule:<14} fixed set type {current['type']['macro_f1']:.3f}"
                f" -> {card['type']['macro_f1']:.3f}, opd {current['opd']['macro_f1']:.3f} -> "
                f"{card['opd']['macro_f1']:.3f}: {verdict:<20} held-back routing "
                f"{routing(chosen if promoted else model)}")
            if promoted:
                active[rule] = chosen


def main(argv: list[str] | None = None) -> None:
    """Print both parts' curves."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="opd,type")
    parser.add_argument("--steps", default="50,100,150,200,250,300",
                        help="numbers of operator labels (every row of a fold is always run)")
    parser.add_argument("--orders", default="arrival,uncertain",
                        help=f"orders of labelling, of {', '.join(ORDERS)}")
    parser.add_argument("--city", default=E1_TEST, help="the shared file whose rows are labelled")
    parser.add_argument("--sample", type=int, default=0, help="draw this many of its rows")
    parser.add_argument("--sample-seed", type=int, default=7)
    parser.add_argument("--gate", action="store_true",
                        help="the retraining flow's promotion decisions instead of the curves")
    args = parser.parse_args(argv)
    if args.gate:
        gate_run()
        return
    steps = sorted({int(s) for s in args.steps.split(",") if s.strip()})
    orders = tuple(o.strip() for o in args.orders.split(",") if o.strip())
    if unknown := set(orders) - set(ORDERS):
        raise SystemExit(f"urutan tidak dikenal: {', '.join(sorted(unknown))}")
    seed_rows = default_examples()
    for target in [t.strip() for t in args.target.split(",") if t.strip()]:
        if target not in ("opd", "type"):
            raise SystemExit(f"target tidak dikenal: {target} (opd atau type)")
        rows = _rows(target, args.city, args.sample, args.sample_seed)
        used = tuple(o for o in orders if target == "opd" or o != "cross-validated")
        print(f"{target}: seed ({len(seed_rows)} rows) + {len(rows)} rows of {args.city} "
              "labelled by operators, 5 folds", flush=True)
        for line in lines(target, run(target, steps, seed_rows, rows=rows, orders=used)):
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
