"""Classifiers built from standard scikit-learn parts: a prior blend and a two-stage hierarchy."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from classify.calibration import expand, fit_temperature, sharpen


class _ProbabilisticClassifier(ClassifierMixin, BaseEstimator):
    """Shared by the estimators below: predict from predict_proba, sparse input accepted."""

    def predict(self, X):
        """The most probable label per row."""
        check_is_fitted(self, "classes_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags


class PriorBlendClassifier(_ProbabilisticClassifier):
    """A learned classifier's probabilities blended with a prior carried in the last columns of X.

    When ``prior_labels`` is set, the last ``len(prior_labels)`` columns of X hold a score per
    label (e.g. :class:`classify.features.FunctionPrior`); they are used as features by the
    learned ``estimator`` and, renormalised, as a prior. Labels with no training example get
    probability from the prior alone: that is how zero-shot routing works.

    ``reference_rows`` (a fit parameter: a boolean mask) marks rows of a reference corpus, such
    as Jaring's seed corpus, that get a model of their own (a clone of ``estimator`` fitted on
    them alone) when other rows are present too. A large source otherwise drowns the reference's
    portable convention in the model learned on every row. The blend is
    ``p = (1 - prior_weight - reference_weight) * p_estimator + prior_weight * prior
    + reference_weight * p_reference``; without a reference model its share goes to the
    estimator.

    A blend of a calibrated model and a prior is not calibrated itself, so with ``calibrate``
    one temperature is fitted (log loss) on out-of-fold blends of up to ``calibration_size``
    training rows: ``p ∝ blend ** (1 / temperature_)``.

    ``training_prior_`` is the mean of the fitted model's probabilities on its training rows:
    the mix of labels it expects, which :mod:`classify.adaptation` compares a city's with.
    """

    def __init__(self, estimator=None, prior_labels=None, prior_weight=0.5, reference_weight=0.0,
                 calibrate=True, calibration_size=2000):
        self.estimator = estimator
        self.prior_labels = prior_labels
        self.prior_weight = prior_weight
        self.reference_weight = reference_weight
        self.calibrate = calibrate
        self.calibration_size = calibration_size

    def fit(self, X, y, sample_weight=None, reference_rows=None):
        """Fit the learned estimator (and the reference model); ``classes_`` covers the training
        and the prior labels."""
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        if len(np.unique(y)) < 2:
            raise ValueError("Classifier can't train when only one class is present.")
        if not 0 <= self.prior_weight + self.reference_weight <= 1:
            raise ValueError("prior_weight + reference_weight must lie between 0 and 1")
        estimator = clone(self.estimator or LogisticRegression(max_iter=1000))
        fit_params = {} if sample_weight is None else {"sample_weight": sample_weight}
        self.estimator_ = estimator.fit(X, y, **fit_params)
        self.reference_, self.reference_index_ = self._fit_reference(
            X, y, sample_weight, reference_rows, estimator)
        labels = set(self.estimator_.classes_.tolist()) | set(self.prior_labels or ())
        self.classes_ = np.array(sorted(labels), dtype=self.estimator_.classes_.dtype
                                 if not self.prior_labels else object)
        self.temperature_ = 1.0
        if self.calibrate and self.prior_labels:
            self.temperature_ = self._fit_temperature(X, y, estimator)
        # The mix of labels the model expects, what a city's own mix is measured against
        # (classify.adaptation); floored so that no label's share is exactly zero.
        prior = np.maximum(self.predict_proba(X).mean(axis=0), 1e-6)
        self.training_prior_ = prior / prior.sum()
        return self

    @staticmethod
    def _fit_reference(X, y, sample_weight, reference_rows, estimator):
        """The reference rows' own model and their indices, or ``(None, None)``."""
        if reference_rows is None:
            return None, None
        mask = np.asarray(reference_rows, dtype=bool)
        if mask.shape != (len(y),):
            raise ValueError(f"reference_rows needs one flag per row ({len(y)}), "
                             f"not {mask.shape}")
        index = np.flatnonzero(mask)
        if mask.all() or len(np.unique(y[index])) < 2:
            return None, None  # nothing else to be drowned by, or nothing to learn
        params = {} if sample_weight is None else {
            "sample_weight": np.asarray(sample_weight)[index]}
        return clone(estimator).fit(X[index], y[index], **params), index

    def _fit_temperature(self, X, y, estimator) -> float:
        oof = getattr(self.estimator_, "oof_proba_", None)
        if oof is not None:  # out-of-fold already: no refitting
            rows = self.estimator_.oof_rows_
            prior = self.prior(X[rows])
            learned = expand(oof, self.estimator_.classes_, self.classes_)
            reference = self._reference_oof(X, rows, prior) if self._reference_share() else None
            blend = self._blend(learned, prior, reference)
            return fit_temperature(blend, np.searchsorted(self.classes_, y[rows]), scores=False)
        if len(y) > self.calibration_size and np.unique(y, return_counts=True)[1].min() >= 2:
            X, _, y, _ = train_test_split(X, y, train_size=self.calibration_size,
                                          random_state=0, stratify=y)
        if np.unique(y, return_counts=True)[1].min() < 5:
            return 1.0  # the inner calibrated model needs a few rows per class and fold
        blends = np.zeros((len(y), len(self.classes_)))
        for train, test in StratifiedKFold(3, shuffle=True, random_state=0).split(X, y):
            fold = clone(estimator).fit(X[train], y[train])
            prior = self.prior(X[test])
            learned = expand(fold.predict_proba(X[test]), fold.classes_, self.classes_)
            # The reference model saw some of these rows: this path is an approximation.
            blends[test] = self._blend(learned, prior, self._reference(X[test], prior))
        return fit_temperature(blends, np.searchsorted(self.classes_, y), scores=False)

    def _reference_oof(self, X, rows: np.ndarray, prior: np.ndarray | None
                       ) -> np.ndarray | None:
        """The reference model's probabilities for the sorted training ``rows``, out of fold.

        It never saw the other rows; its own rows take the out-of-fold probabilities it kept
        (a :class:`TemperatureCalibratedClassifier` keeps them), else its fitted ones.
        """
        if self.reference_ is None:
            return None
        proba = self._reference(X[rows], prior)
        own_oof = getattr(self.reference_, "oof_proba_", None)
        if own_oof is not None:
            own = self.reference_index_[self.reference_.oof_rows_]
            keep = np.isin(own, rows)
            at = np.searchsorted(rows, own[keep])
            proba[at] = self._reference_over_classes(own_oof[keep], self.reference_.classes_,
                                                     None if prior is None else prior[at])
        return proba

    def _blend(self, learned: np.ndarray, prior: np.ndarray | None,
               reference: np.ndarray | None = None, weight: float | None = None,
               reference_weight: float | None = None) -> np.ndarray:
        weight = self.prior_weight if weight is None else weight
        if reference_weight is None:
            reference_weight = self._reference_share()
        if prior is None:
            weight = 0.0
        if reference is None:
            reference_weight = 0.0
        blend = (1 - weight - reference_weight) * learned
        if weight:
            blend = blend + weight * prior
        if reference_weight:
            blend = blend + reference_weight * reference
        return blend

    def prior(self, X) -> np.ndarray | None:
        """The prior part of X as probabilities over ``classes_``, or None without a prior."""
        if not self.prior_labels:
            return None
        block = X[:, -len(self.prior_labels):]
        block = np.asarray(block.todense() if hasattr(block, "todense") else block, dtype=float)
        block = np.clip(block, 0, None)
        totals = block.sum(axis=1, keepdims=True)
        uniform = np.full_like(block, 1 / block.shape[1])
        block = np.divide(block, totals, out=uniform, where=totals > 0)
        return expand(block, np.asarray(self.prior_labels, dtype=object), self.classes_)

    def _reference_share(self) -> float:
        # Models saved before reference models existed have no such weight.
        return getattr(self, "reference_weight", 0.0)

    def _reference_over_classes(self, proba: np.ndarray, known,
                                prior: np.ndarray | None) -> np.ndarray:
        """The reference model's probabilities over ``classes_``, deferring to the prior on
        labels it never saw.

        The reference corpus (the seed) is written to cover every label, so a label it lacks is
        one it knows nothing about, not one its convention avoids: it gets the prior's mass, and
        the reference's own distribution fills the rest. Otherwise the reference's share would
        outvote the prior on exactly the labels only the prior knows (zero-shot routing). The
        model learned on every row gets no such deferral: a source that never uses a label may
        route those texts elsewhere on purpose, and the prior weight weighs that.
        """
        out = expand(proba, known, self.classes_)
        if prior is None:
            return out
        unknown = ~np.isin(self.classes_, known)
        if unknown.any():
            out *= 1 - prior[:, unknown].sum(axis=1, keepdims=True)
            out[:, unknown] = prior[:, unknown]
        return out

    def _learned(self, X) -> np.ndarray:
        return expand(self.estimator_.predict_proba(X), self.estimator_.classes_, self.classes_)

    def _reference(self, X, prior: np.ndarray | None) -> np.ndarray | None:
        if getattr(self, "reference_", None) is None:
            return None
        return self._reference_over_classes(self.reference_.predict_proba(X),
                                            self.reference_.classes_, prior)

    def predict_proba(self, X):
        """Blended probabilities, columns ordered as ``classes_``."""
        check_is_fitted(self, "estimator_")
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        prior = self.prior(X)
        # A reference model kept for blends() but given no share costs nothing here.
        reference = self._reference(X, prior) if self._reference_share() else None
        blend = self._blend(self._learned(X), prior, reference)
        return sharpen(blend, self.temperature_) if self.temperature_ != 1.0 else blend

    def blends(self, X, settings) -> dict[tuple[float, float], np.ndarray]:
        """Uncalibrated blends for other ``(prior_weight, reference_weight)`` settings (to
        choose one on held-out rows)."""
        check_is_fitted(self, "estimator_")
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        prior = self.prior(X)
        learned, reference = self._learned(X), self._reference(X, prior)
        return {(float(w), float(v)): self._blend(learned, prior, reference, w, v)
                for w, v in settings}


class HierarchicalClassifier(_ProbabilisticClassifier):
    """Two stages: is the label ``negative_label`` (a gate), then which of the other labels.

    ``P(negative) = gate``; ``P(label) = (1 - gate) * P(label | not negative)``. Without the
    negative label in the training data it is a plain classifier (the second stage alone).

    ``class_offsets`` (``(label, offset)`` pairs, natural-log units) shift the second stage
    towards labels the training data under-represents: ``P(label | not negative) ∝
    P(label | not negative) · exp(offset)``; the gate is left as it is. They are chosen on
    held-out training rows (:func:`classify.selection.choose_type_settings`); none by default.

    ``reference_gate_weight`` scales, in the gate only, the sample weight of the rows marked by
    the fit parameter ``reference_rows`` (Jaring's seed corpus). What counts as a report differs
    by channel (a city's annotators may file questions and suggestions as "not a complaint"); a
    channel with enough labels of its own can outweigh the seed's convention there, while the
    second stage keeps learning the report types from every row. 1 (the default) or no mask:
    every row counts the same.
    """

    #: A class-level default, so models pickled before the parameter existed still describe
    #: themselves (``get_params``) and refit the same.
    reference_gate_weight = 1.0

    def __init__(self, gate=None, estimator=None, negative_label="bukan_laporan",
                 class_offsets=None, reference_gate_weight=1.0):
        self.gate = gate
        self.estimator = estimator
        self.negative_label = negative_label
        self.class_offsets = class_offsets
        self.reference_gate_weight = reference_gate_weight

    def fit(self, X, y, sample_weight=None, reference_rows=None):
        """Fit the gate on negative-vs-rest and the second stage on the other rows."""
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X)
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError("Classifier can't train when only one class is present.")
        negative = y == self.negative_label
        self.gate_ = None
        if negative.any():
            self.gate_ = self._fit(self.gate, X, negative,
                                   self.gate_weights(len(y), sample_weight, reference_rows))
        positive = ~negative
        self.positive_classes_ = np.unique(y[positive])
        self.estimator_ = None
        if len(self.positive_classes_) > 1:
            weights = None if sample_weight is None else np.asarray(sample_weight)[positive]
            self.estimator_ = self._fit(self.estimator, X[positive], y[positive], weights)
        return self

    def gate_weights(self, n_rows: int, sample_weight=None, reference_rows=None,
                     share: float | None = None):
        """The gate's sample weights: ``sample_weight`` (or ones) with the reference rows
        scaled by ``share`` (default ``reference_gate_weight``); ``None`` when every row counts
        the same."""
        share = float(self.reference_gate_weight if share is None else share)
        if reference_rows is None or share == 1.0:
            return sample_weight
        mask = np.asarray(reference_rows, dtype=bool)
        if mask.shape != (n_rows,):
            raise ValueError(f"reference_rows needs one flag per row ({n_rows}), "
                             f"got shape {mask.shape}")
        if not 0.0 < share <= 1.0:
            raise ValueError(f"reference_gate_weight must be in (0, 1], got {share}")
        weights = np.ones(n_rows) if sample_weight is None else np.asarray(sample_weight, float)
        return np.where(mask, weights * share, weights)

    def fit_gate(self, X, y, reference_rows, share: float):
        """A gate fitted as :meth:`fit` fits it, with the reference rows at weight ``share``;
        this model is not changed (used to compare weights on one fold's features)."""
        y = np.asarray(y)
        return self._fit(self.gate, X, y == self.negative_label,
                         self.gate_weights(len(y), None, reference_rows, share))

    @staticmethod
    def _fit(template, X, y, sample_weight):
        estimator = clone(template or LogisticRegression(max_iter=1000))
        params = {} if sample_weight is None else {"sample_weight": sample_weight}
        return estimator.fit(X, y, **params)

    def negative_probability(self, X) -> np.ndarray:
        """P(``negative_label``) per row (zeros when the gate was not trained)."""
        check_is_fitted(self, "classes_")
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return self._negative(X)

    def _negative(self, X) -> np.ndarray:
        if self.gate_ is None:
            return np.zeros(X.shape[0])
        column = list(self.gate_.classes_).index(True)
        return self.gate_.predict_proba(X)[:, column]

    def predict_proba(self, X):
        """Probabilities over ``classes_``."""
        check_is_fitted(self, "classes_")
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return self._compose(self._positive(X), self._negative(X))

    def predict_proba_with_gates(self, X, gates) -> list[np.ndarray]:
        """:meth:`predict_proba` once per gate in ``gates`` (each fitted, as by
        :meth:`fit_gate`), put in place of ``gate_``; the second stage is applied once."""
        check_is_fitted(self, "gate_")
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        positive = self._positive(X)
        return [self._compose(positive, gate.predict_proba(X)[:, list(gate.classes_).index(True)])
                for gate in gates]

    def _positive(self, X) -> np.ndarray:
        """P(label | not negative) over ``classes_`` (zero in the negative column)."""
        if self.estimator_ is not None:
            return expand(self.estimator_.predict_proba(X), self.estimator_.classes_,
                          self.classes_)
        return expand(np.ones((X.shape[0], 1)), self.positive_classes_, self.classes_)

    def _compose(self, positive: np.ndarray, negative: np.ndarray) -> np.ndarray:
        proba = shift(positive, self.classes_, self.class_offsets) * (1 - negative)[:, None]
        if self.gate_ is not None:
            proba[:, list(self.classes_).index(self.negative_label)] = negative
        return proba


def shift(proba: np.ndarray, classes, offsets) -> np.ndarray:
    """``proba · exp(offset)`` per label, each row rescaled to its former total.

    Unchanged without offsets; a row of zeros stays zeros.
    """
    if not offsets:
        return proba
    index = {label: i for i, label in enumerate(classes)}
    vector = np.zeros(len(index))
    for label, value in offsets:
        if label in index:
            vector[index[label]] = float(value)
    shifted = proba * np.exp(vector)
    totals = shifted.sum(axis=1, keepdims=True)
    scale = np.divide(proba.sum(axis=1, keepdims=True), totals, out=np.zeros_like(totals),
                      where=totals > 0)
    return shifted * scale


