"""Probabilities from margin classifiers: temperature scaling fitted out of fold."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.model_selection import StratifiedKFold, check_cv, train_test_split
from sklearn.svm import LinearSVC
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data


def expand(proba: np.ndarray, source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Columns of ``proba`` (ordered as ``source``) placed at their labels' places in ``target``."""
    out = np.zeros((proba.shape[0], len(target)))
    index = {label: i for i, label in enumerate(target)}
    out[:, [index[label] for label in source]] = proba
    return out


def sharpen(proba: np.ndarray, temperature: float) -> np.ndarray:
    """``proba ** (1 / temperature)``, renormalised per row."""
    powered = np.power(np.clip(proba, 1e-12, None), 1.0 / temperature)
    return powered / powered.sum(axis=1, keepdims=True)


def fit_temperature(proba_or_scores: np.ndarray, truth: np.ndarray, *, scores: bool) -> float:
    """The temperature minimising log loss of ``softmax(scores / t)`` or ``proba ** (1 / t)``."""
    grid = np.geomspace(0.02, 5.0, 80) if scores else np.geomspace(0.1, 3.0, 60)
    rows = np.arange(len(truth))

    def loss(t: float) -> float:
        p = _softmax(proba_or_scores, t) if scores else sharpen(proba_or_scores, t)
        return float(-np.log(p[rows, truth] + 1e-12).mean())

    return float(grid[int(np.argmin([loss(t) for t in grid]))])


def _softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _decision_matrix(estimator, X) -> np.ndarray:
    scores = estimator.decision_function(X)
    if scores.ndim == 1:  # binary: one margin for classes_[1]
        scores = np.column_stack([-scores / 2, scores / 2])
    return scores


class TemperatureCalibratedClassifier(ClassifierMixin, BaseEstimator):
    """A margin classifier (default ``LinearSVC``) with probabilities by temperature scaling.

    The temperature is fitted on out-of-fold margins (``cv`` folds, fewer when a class is
    small) of at most ``max_calibration_rows`` rows (a stratified sample of larger data: one
    scalar needs few rows); ``oof_proba_`` (for the rows ``oof_rows_``) keeps those
    probabilities so a wrapper can calibrate its own blend without refitting.
    """

    def __init__(self, estimator=None, cv=3, max_calibration_rows=6000):
        self.estimator = estimator
        self.cv = cv
        self.max_calibration_rows = max_calibration_rows

    def fit(self, X, y, sample_weight=None):
        """Fit the temperature on out-of-fold margins, then the estimator on every row."""
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        self.classes_, truth = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError("Classifier can't train when only one class is present.")
        template = self.estimator or LinearSVC(C=0.5, class_weight="balanced", random_state=0)
        rows = self._calibration_rows(truth)
        splits = self._splits(X[rows], y[rows], truth[rows])
        scores = np.zeros((len(rows), len(self.classes_)))
        if splits:
            for train, test in splits:
                fold = self._fit_one(template, X[rows[train]], y[rows[train]], sample_weight,
                                     rows[train])
                scores[test] = expand(_decision_matrix(fold, X[rows[test]]), fold.classes_,
                                       self.classes_)
            self.temperature_ = fit_temperature(scores, truth[rows], scores=True)
        else:  # a class too small to split: keep the raw margins' scale
            self.temperature_ = 1.0
        self.oof_rows_, self.oof_proba_ = rows, _softmax(scores, self.temperature_)
        self.estimator_ = self._fit_one(template, X, y, sample_weight, slice(None))
        return self

    def _calibration_rows(self, truth: np.ndarray) -> np.ndarray:
        rows = np.arange(len(truth))
        if len(rows) <= self.max_calibration_rows:
            return rows
        stratify = truth if np.bincount(truth).min() >= 2 else None
        sample, _ = train_test_split(rows, train_size=self.max_calibration_rows,
                                     random_state=0, stratify=stratify)
        return np.sort(sample)

    def _splits(self, X, y, truth) -> list:
        if not isinstance(self.cv, int | np.integer):
            return list(check_cv(self.cv, y, classifier=True).split(X, y))
        folds = min(int(self.cv), int(np.bincount(truth).min()))
        if folds < 2:
            return []
        return list(StratifiedKFold(folds, shuffle=True, random_state=0).split(X, y))

    @staticmethod
    def _fit_one(template, X, y, sample_weight, rows):
        params = {} if sample_weight is None else {"sample_weight": np.asarray(sample_weight)[rows]}
        return clone(template).fit(X, y, **params)

    def _margins(self, X) -> np.ndarray:
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return expand(_decision_matrix(self.estimator_, X), self.estimator_.classes_,
                       self.classes_)

    def decision_function(self, X):
        """Margins per class, ordered as ``classes_`` (one column for two classes)."""
        check_is_fitted(self, "estimator_")
        margins = self._margins(X)
        return margins[:, 1] - margins[:, 0] if len(self.classes_) == 2 else margins

    def predict_proba(self, X):
        """``softmax(margins / temperature_)``."""
        check_is_fitted(self, "estimator_")
        return _softmax(self._margins(X), self.temperature_)

    def predict(self, X):
        """The most probable label per row."""
        check_is_fitted(self, "estimator_")
        return self.classes_[np.argmax(self._margins(X), axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
