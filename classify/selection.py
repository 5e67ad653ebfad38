"""Choices made on held-out training rows that look like where the model will be used.

**The router's prior weight.**
The zero-shot prior (the city's OPD descriptions and the portable lexicon) is what carries a
router to a city whose labels it has never seen; on a city it has many labels from, the learned
model knows better and the prior only blurs it. So the weight is chosen on the training data,
with folds that mimic the use:

* labels from **two or more sources** (files, imports, operators; the seed corpus is not a
  source) of at least ``MIN_SOURCE_ROWS`` rows each: **leave one source out**. The model must
  route a city (or agency) it has not seen, which is what a new deployment does;
* labels from **one source** of at least ``MIN_CROSS_VALIDATION_ROWS`` rows: **stratified
  3-fold cross-validation over that source**, the rest (seed included) always training. The
  model will route more posts like these: a city that has labelled enough of its own posts
  gets a router fitted to them;
* otherwise (the seed corpus alone, small files, one source of fewer rows): the designed
  default (:data:`classify.pipeline.PRIOR_WEIGHT`, no seed router). On held-out thirds of a
  few hundred rows, seventy settings' macro-F1s differ mostly by chance: with 200 to 720 rows
  drawn from one city's export as its operators' labels, the weights chosen ranged from 0 to
  0.9 between folds of the same sample and routed worse than the default in 7 of 8 runs
  (``bench/operator_curve.py``; docs/CLASSIFIER.md, "Learning from operators").

**The seed model's weight.** When the seed corpus is trained on together with other labels,
it also gets a router of its own (see :class:`classify.estimators.PriorBlendClassifier`): a
source of thousands of rows otherwise drowns the seed's portable convention in the model learned
on every row. Its share of the blend is chosen on the same folds, together with the prior
weight (every pair in :data:`PRIOR_WEIGHTS` × :data:`REFERENCE_WEIGHTS` whose sum is at most 1).

**The report type's class offsets.** Real complaint channels are dominated by complaints:
a class-balanced model still leaves most suggestions (``aspirasi``) and questions
(``permintaan_informasi``) under the complaint label. With at least ``MIN_SOURCE_ROWS`` typed
rows from outside the seed corpus, per-type log offsets among the report types
(``P(type | report) ∝ P(type | report) · exp(offset)``; the "is it a report?" gate is not
moved) are chosen by coordinate ascent on 3-fold cross-validation over those rows (the seed
always training), so the decision fits the channel the labels came from; with fewer, none. Only
the types those rows label are shifted, and only when they label two or more.

**The seed's weight in the "is it a report?" gate.** What a channel's annotators count as a
report differs: the seed says questions and suggestions are reports (LAPOR! files them so), a
city's "keluhan" label may not. On the same folds, when those rows say themselves what is not a
report, the seed rows' weight in the gate is chosen among :data:`GATE_REFERENCE_WEIGHTS` by
the macro-F1 of the gate's decision (ties keep 1); the offsets are then chosen with that gate.
The second stage always learns the report types from every row at full weight.

Each fold's score is the macro-F1 over the labels present on its held-out side, as EVAL.md
scores. Ties go to the setting nearest the default. No test data takes part: the folds are cut
from the training rows only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold, StratifiedKFold

from classify.calibration import expand
from classify.corpus import Example
from classify.estimators import shift

#: The weights tried (share of the probability taken from the prior).
PRIOR_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
#: The shares tried for the seed corpus's own router (when other labels are trained on too).
REFERENCE_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
#: A source needs this many routed rows to count as a domain of its own.
MIN_SOURCE_ROWS = 200
#: A lone source needs this many routed rows before the blend is cross-validated over it.
MIN_CROSS_VALIDATION_ROWS = 1_000
#: The origin of the shipped seed corpus: general knowledge, not a source to validate on.
SEED_ORIGIN = "seed"
#: The offsets tried per label (natural-log units), and the coordinate-ascent rounds.
OFFSETS = tuple(np.round(np.arange(-1.0, 3.01, 0.25), 2).tolist())
OFFSET_ROUNDS = 3
#: The seed rows' weights tried in the report-type gate (1: the seed counts like any row).
GATE_REFERENCE_WEIGHTS = (1.0, 0.5, 0.25, 0.1)
#: Cross-validation folds, for the prior weight within one source and for the offsets.
FOLDS = 3
LEAVE_ONE_OUT = "leave-one-source-out"
CROSS_VALIDATION = "cross-validation"
DEFAULT = "default"

Fold = tuple[np.ndarray, np.ndarray]
#: ``(prior weight, seed router weight)``.
Setting = tuple[float, float]


@dataclass(frozen=True)
class WeightChoice:
    """The chosen blend and how it was chosen (kept in the model's metadata).

    ``weight`` is the prior's share, ``reference_weight`` the seed router's; ``scores`` maps
    each ``(weight, reference_weight)`` tried to its mean held-out macro-F1.
    """

    weight: float
    scheme: str
    sources: tuple[str, ...] = ()
    scores: dict[Setting, float] = field(default_factory=dict)
    reference_weight: float = 0.0

    def as_metadata(self) -> dict:
        """A JSON-ready description."""
        return {"weight": self.weight, "reference_weight": self.reference_weight,
                "scheme": self.scheme, "sources": list(self.sources),
                "macro_f1_by_setting": {f"{w:.1f}/{v:.1f}": round(score, 4)
                                        for (w, v), score in self.scores.items()}}


def blend_settings(with_reference: bool) -> list[Setting]:
    """The ``(prior weight, seed router weight)`` pairs tried; sums stay at most 1."""
    shares = REFERENCE_WEIGHTS if with_reference else (0.0,)
    return [(w, v) for w in PRIOR_WEIGHTS for v in shares if w + v <= 1 + 1e-9]


def reference_rows(rows: Sequence[Example]) -> np.ndarray:
    """Which rows are the seed corpus's: they also train a router of their own."""
    return np.array([ex.origin == SEED_ORIGIN for ex in rows], dtype=bool)


def fit_with_seed_rows(pipeline, texts: Sequence[str], labels: Sequence[str],
                       reference: np.ndarray | None):
    """Fit a pipeline, telling its last step which rows are the seed corpus's: the router
    fits its seed router on them, the report-type model weighs them in its gate (``None``: no
    seed router, every row counts the same)."""
    return pipeline.fit(list(texts), list(labels),
                        **{f"{pipeline.steps[-1][0]}__reference_rows": reference})


def sources(rows: Sequence[Example]) -> list[str]:
    """Origins other than the seed corpus with at least ``MIN_SOURCE_ROWS`` rows, largest first."""
    counts = Counter(ex.origin for ex in rows if ex.origin != SEED_ORIGIN)
    return [name for name, n in counts.most_common() if n >= MIN_SOURCE_ROWS]


def _splitter(labels: np.ndarray) -> KFold | StratifiedKFold:
    """``FOLDS`` shuffled folds, stratified when every label has a row for each fold."""
    smallest = min(Counter(labels.tolist()).values())
    return (StratifiedKFold(FOLDS, shuffle=True, random_state=0) if smallest >= FOLDS
            else KFold(FOLDS, shuffle=True, random_state=0))


def validation_folds(rows: Sequence[Example], labels: Sequence[str]
                     ) -> tuple[str, tuple[str, ...], list[Fold]]:
    """The scheme, the sources it uses and its (train, test) index pairs; see the module doc."""
    found = sources(rows)
    origins = np.array([ex.origin for ex in rows], dtype=object)
    everything = np.arange(len(rows))
    if len(found) >= 2:
        folds = [(everything[origins != name], everything[origins == name]) for name in found]
        return LEAVE_ONE_OUT, tuple(found), folds
    if len(found) == 1 and np.sum(origins == found[0]) >= MIN_CROSS_VALIDATION_ROWS:
        inside = everything[origins == found[0]]
        outside = everything[origins != found[0]]
        inner_labels = np.asarray(labels, dtype=object)[inside]
        folds = [(np.concatenate([outside, inside[train]]), inside[test])
                 for train, test in _splitter(inner_labels).split(inside, inner_labels)]
        return CROSS_VALIDATION, tuple(found), folds
    return DEFAULT, (), []


def choose_blend(rows: Sequence[Example], labels: Sequence[str],
                 make_pipeline: Callable[[], object], default: float) -> WeightChoice:
    """Fit one router per fold and keep the blend with the best mean held-out macro-F1.

    ``make_pipeline`` returns a fresh, unfitted routing pipeline whose last step is a
    :class:`classify.estimators.PriorBlendClassifier`; the weights only change how the fitted
    parts are blended, so each fold is fitted once for every setting. Ties go to the setting
    nearest ``(default, 0)``.
    """
    scheme, used, folds = validation_folds(rows, labels)
    texts = np.array([ex.text for ex in rows], dtype=object)
    y = np.asarray(labels, dtype=object)
    reference = reference_rows(rows)
    settings = blend_settings(bool(reference.any() and not reference.all()))
    per_setting: dict[Setting, list[float]] = {setting: [] for setting in settings}
    for train, test in folds:
        if len(set(y[train].tolist())) < 2:
            continue
        pipeline = fit_with_seed_rows(make_pipeline(), texts[train], y[train],
                                      reference[train])
        router = pipeline[-1]
        features = pipeline[:-1].transform(texts[test].tolist())
        truth = y[test].tolist()
        present = sorted(set(truth))
        for setting, proba in router.blends(features, settings).items():
            predicted = router.classes_[np.argmax(proba, axis=1)]
            per_setting[setting].append(
                f1_score(truth, predicted, average="macro", labels=present, zero_division=0))
    if not all(per_setting.values()):
        return WeightChoice(default, DEFAULT)
    scores = {setting: float(np.mean(s)) for setting, s in per_setting.items()}
    best = max(settings, key=lambda st: (round(scores[st], 4),
                                         -abs(st[0] - default) - st[1]))
    return WeightChoice(best[0], scheme, used, scores, reference_weight=best[1])


def _fold_probabilities(make_pipeline: Callable[[], object], texts: np.ndarray, y: np.ndarray,
                        train: np.ndarray, test: np.ndarray, reference: np.ndarray,
                        classes: np.ndarray, gate_weights: Sequence[float]
                        ) -> dict[float, np.ndarray]:
    """One fold's held-out probabilities over ``classes`` for every seed weight of the gate.

    The text features and the second stage are fitted once; only the gate is refitted per
    weight, since the weight changes nothing else.
    """
    pipeline = make_pipeline()
    front, model = pipeline[:-1], pipeline[-1]
    X_train = front.fit_transform(texts[train].tolist())
    model.fit(X_train, y[train].tolist())
    X_test = front.transform(texts[test].tolist())
    fold_classes = np.asarray(model.classes_, dtype=object)
    if model.gate_ is None:  # no negative rows to weigh: one answer for every weight
        proba = expand(model.predict_proba(X_test), fold_classes, classes)
        return dict.fromkeys(gate_weights, proba)
    gates = [model.gate_ if weight == 1.0
             else model.fit_gate(X_train, y[train], reference[train], weight)
             for weight in gate_weights]
    return {weight: expand(proba, fold_classes, classes) for weight, proba in zip(
        gate_weights, model.predict_proba_with_gates(X_test, gates), strict=True)}


def _gate_score(truth: np.ndarray, proba: np.ndarray, negative_column: int) -> float:
    """Macro-F1 of the "is it a report?" decision (P(not a report) >= 0.5)."""
    said_negative = proba[:, negative_column] >= 0.5
    return round(float(f1_score(truth, said_negative, average="macro", zero_division=0)), 4)


def choose_type_settings(rows: Sequence[Example], labels: Sequence[str],
                         make_pipeline: Callable[[], object],
                         negative_label: str = "bukan_laporan") -> dict:
    """The gate's seed weight and the per-label log offsets of the report-type model; see the
    module doc.

    Returns ``{"offsets": [(label, offset), ...], "reference_gate_weight": w, "scheme": ...,
    "macro_f1": {...}, "gate_macro_f1": {w: score}}``; without enough data from outside the
    seed corpus, no offsets and weight 1.
    """
    y = np.asarray(labels, dtype=object)
    texts = np.array([ex.text for ex in rows], dtype=object)
    reference = reference_rows(rows)
    outside = np.flatnonzero(~reference)
    if len(outside) < MIN_SOURCE_ROWS or len(set(y[outside].tolist())) < 2:
        return {"offsets": [], "reference_gate_weight": 1.0, "scheme": DEFAULT}
    seed_rows = np.flatnonzero(reference)
    classes = np.array(sorted(set(y.tolist())), dtype=object)
    # The gate's weight is chosen only where the channel itself says what is not a report.
    choose_gate = (bool(len(seed_rows)) and negative_label in classes
                   and len(set((y[outside] == negative_label).tolist())) == 2)
    weights = GATE_REFERENCE_WEIGHTS if choose_gate else (1.0,)
    held, probas = [], {w: [] for w in weights}
    for train, test in _splitter(y[outside]).split(outside, y[outside]):
        rows_in = np.concatenate([seed_rows, outside[train]])
        if len(set(y[rows_in].tolist())) < 2:
            continue  # a fold left with one label cannot be fitted
        held.append(outside[test])
        # A fold may miss a rare label: columns go to their places among all labels.
        for weight, proba in _fold_probabilities(
                make_pipeline, texts, y, rows_in, outside[test], reference, classes,
                weights).items():
            probas[weight].append(proba)
    if not held:
        return {"offsets": [], "reference_gate_weight": 1.0, "scheme": DEFAULT}
    truth = y[np.concatenate(held)].tolist()
    stacked = {w: np.vstack(p) for w, p in probas.items()}
    gate_scores = {}
    if choose_gate:
        column = list(classes).index(negative_label)
        is_negative = np.asarray(truth, dtype=object) == negative_label
        gate_scores = {w: _gate_score(is_negative, p, column) for w, p in stacked.items()}
    # Ties go to 1: the seed counts fully unless the channel's own labels say otherwise.
    gate_weight = max(weights, key=lambda w: (gate_scores.get(w, 0.0), w))
    found = _offsets(truth, stacked[gate_weight], classes, negative_label)
    found.update(reference_gate_weight=float(gate_weight),
                 gate_macro_f1={f"{w:g}": score for w, score in gate_scores.items()})
    return found


def _offsets(truth: list, proba: np.ndarray, classes: np.ndarray, negative_label: str) -> dict:
    """Coordinate ascent on per-label offsets among the report types (the gate not moved)."""
    present = sorted(set(truth))
    movable = [i for i, label in enumerate(classes) if label != negative_label]

    negative = (proba[:, list(classes).index(negative_label)] >= 0.5
                if negative_label in classes else np.zeros(len(proba), dtype=bool))

    def score(vector: np.ndarray) -> float:
        # As Jaring decides: the gate says whether a post is a report (P(not a report) >= 0.5
        # says not), the offsets only which type a report is.
        moved = shift(proba[:, movable], classes[movable],
                      list(zip(classes[movable], vector[movable], strict=True)))
        predicted = np.where(negative, negative_label, classes[movable][np.argmax(moved, axis=1)])
        return round(float(f1_score(truth, predicted, average="macro", labels=present,
                                    zero_division=0)), 4)

    # Only types the channel itself labels are moved, and only when it labels two or more: an
    # offset for a type it never uses has no evidence behind it, and one type alone has nothing
    # to be weighed against (moving it would only move the report decision, which stays the
    # gate's).
    tuned = [i for i in movable if classes[i] in set(present)]
    if len(tuned) < 2:
        tuned = []
    vector = np.zeros(len(classes))
    start = score(vector)
    for _ in range(OFFSET_ROUNDS):
        before = vector.copy()
        for column in tuned:
            def trial(value: float, column: int = column) -> float:
                candidate = vector.copy()
                candidate[column] = value
                return score(candidate)
            vector[column] = max(OFFSETS, key=lambda v: (trial(v), -abs(v)))
        if np.array_equal(before, vector):
            break
    offsets = [(str(label), float(v)) for label, v in zip(classes, vector, strict=True) if v]
    return {"offsets": offsets, "scheme": CROSS_VALIDATION,
            "macro_f1": {"without": start, "with": score(vector)}}
