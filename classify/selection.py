"""Choices made on held-out training rows that look like where the model will be used.

**The router's prior weight.**
The zero-shot prior (the city's OPD descriptions and the portable lexicon) is what carries a
router to a city whose labels it has never seen; on a city it has many labels from, the learned
model knows better and the prior only blurs it. So the weight is chosen on the training data,
with folds that mimic the use:

* labels from **two or more sources** (files, imports, operators; the seed corpus is not a
  source) of at least ``MIN_SOURCE_ROWS`` rows each: **leave one source out**. The model must
  route a city (or agency) it has not seen, which is what a new deployment does;
* labels from **one such source**: **stratified 3-fold cross-validation over that source**, the
  rest (seed included) always training. The model will route more posts like these: a city that
  has labelled enough of its own posts gets a router fitted to them;
* otherwise (the seed corpus alone, small files): the designed default
  (:data:`classify.pipeline.PRIOR_WEIGHT`).

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
always training), so the decision fits the channel the labels came from; with fewer, none.

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
#: The origin of the shipped seed corpus: general knowledge, not a source to validate on.
SEED_ORIGIN = "seed"
#: The offsets tried per label (natural-log units), and the coordinate-ascent rounds.
OFFSETS = tuple(np.round(np.arange(-1.0, 3.01, 0.25), 2).tolist())
OFFSET_ROUNDS = 3
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


def fit_router(pipeline, texts: Sequence[str], labels: Sequence[str],
               reference: np.ndarray | None):
    """Fit a routing pipeline, telling its blend which rows are the seed corpus's (``None``:
    no seed router)."""
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
    if len(found) == 1:
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
        pipeline = fit_router(make_pipeline(), texts[train], y[train], reference[train])
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


def choose_class_offsets(rows: Sequence[Example], labels: Sequence[str],
                         make_pipeline: Callable[[], object],
                         negative_label: str = "bukan_laporan") -> dict:
    """Per-label log offsets for the report-type model; see the module doc.

    Returns ``{"offsets": [(label, offset), ...], "scheme": ..., "macro_f1": {...}}``; the
    offsets list is empty when there is too little data from outside the seed corpus.
    """
    y = np.asarray(labels, dtype=object)
    texts = np.array([ex.text for ex in rows], dtype=object)
    outside = np.array([i for i, ex in enumerate(rows) if ex.origin != SEED_ORIGIN], dtype=int)
    if len(outside) < MIN_SOURCE_ROWS or len(set(y[outside].tolist())) < 2:
        return {"offsets": [], "scheme": DEFAULT}
    seed_rows = np.setdiff1d(np.arange(len(rows)), outside)
    classes = np.array(sorted(set(y.tolist())), dtype=object)
    held, probas = [], []
    for train, test in _splitter(y[outside]).split(outside, y[outside]):
        rows_in = np.concatenate([seed_rows, outside[train]])
        if len(set(y[rows_in].tolist())) < 2:
            continue  # a fold left with one label cannot be fitted
        fitted = make_pipeline().fit(texts[rows_in].tolist(), y[rows_in].tolist())
        held.append(outside[test])
        # A fold may miss a rare label: columns go to their places among all labels.
        probas.append(expand(fitted.predict_proba(texts[outside[test]].tolist()),
                             np.asarray(fitted.classes_, dtype=object), classes))
    if not held:
        return {"offsets": [], "scheme": DEFAULT}
    truth = y[np.concatenate(held)].tolist()
    proba = np.vstack(probas)
    present = sorted(set(truth))

    movable = [i for i, label in enumerate(classes) if label != negative_label]

    def score(vector: np.ndarray) -> float:
        # As the classifier applies them: among the report types, each row's report mass kept.
        moved = proba.copy()
        moved[:, movable] = shift(proba[:, movable], classes[movable],
                                  list(zip(classes[movable], vector[movable], strict=True)))
        predicted = classes[np.argmax(moved, axis=1)]
        return round(float(f1_score(truth, predicted, average="macro", labels=present,
                                    zero_division=0)), 4)

    vector = np.zeros(len(classes))
    start = score(vector)
    for _ in range(OFFSET_ROUNDS):
        before = vector.copy()
        for column in movable:
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
