"""Scoring a model on labelled examples: the figures ``jaring model evaluate`` prints."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from classify.corpus import Example, labelled
from classify.model import ReportClassifier
from core.errors import ConfigError

CALIBRATION_BINS = 10


def part_of(model: ReportClassifier, target: str):
    """The fitted pipeline of ``model`` for ``target`` (``type`` or ``opd``)."""
    if target not in ("type", "opd"):
        raise ConfigError(f"Target tidak dikenal: {target!r} (pilihan: type, opd)")
    return model.type_model if target == "type" else model.opd_model


def calibration_error(confidence: np.ndarray, correct: np.ndarray) -> float:
    """Expected calibration error of the top probability (10 equal-width bins)."""
    bins = np.minimum((confidence * CALIBRATION_BINS).astype(int), CALIBRATION_BINS - 1)
    error = 0.0
    for b in np.unique(bins):
        members = bins == b
        error += members.mean() * abs(confidence[members].mean() - correct[members].mean())
    return float(error)


def evaluate(model: ReportClassifier, examples: list[Example], target: str) -> dict[str, Any]:
    """Macro-F1 over the labels present, accuracy, top-3 (routing), per class, confusion.

    Rows without a label for ``target`` are skipped. The prediction is the part's most probable
    label (report type among all four types; function code among all codes). A router with a
    city prior (:mod:`classify.adaptation`) is scored adapted, as it routes the city's posts
    (``city_prior_posts``: the posts the prior was estimated on, None when not adapted); load
    the model without its prior to score it as trained.
    """
    part = part_of(model, target)
    rows = labelled(examples, target)
    if not rows:
        raise ConfigError(f"Tidak ada baris berlabel untuk target {target}")
    truth = [ex.label(target) for ex in rows]
    proba = part.predict_proba([ex.text for ex in rows])
    # The prior re-weights routing only: a report-type score is the same with or without it.
    adapted = target == "opd" and model.city_prior is not None
    if target == "opd":
        proba = model.adapt_routing(proba)
    classes = np.asarray([str(c) for c in part.classes_], dtype=object)
    predicted = classes[np.argmax(proba, axis=1)]
    present = sorted(set(truth))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=present, zero_division=0)
    result: dict[str, Any] = {
        "target": target, "n": len(rows),
        "macro_f1": round(float(f1_score(truth, predicted, average="macro", labels=present,
                                         zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "calibration_error": round(calibration_error(
            proba.max(axis=1), predicted == np.asarray(truth, dtype=object)), 4),
        "city_prior_posts": model.city_prior.n_posts if adapted else None,
    }
    if target == "opd":
        top3 = classes[np.argsort(-proba, axis=1)[:, :3]]
        result["top3_accuracy"] = round(float(np.mean(
            [t in row for t, row in zip(truth, top3, strict=True)])), 4)
    result["per_class"] = {
        label: {"precision": round(float(p), 4), "recall": round(float(r), 4),
                "f1": round(float(f), 4), "support": int(s)}
        for label, p, r, f, s in zip(present, precision, recall, f1, support, strict=True)}
    pairs = Counter(zip(truth, predicted, strict=True))
    result["confusion"] = {t: {p: n for (tt, p), n in sorted(pairs.items()) if tt == t}
                           for t in present}
    return result


SUMMARY_KEYS = ("n", "macro_f1", "accuracy", "top3_accuracy", "calibration_error")


def scorecard(model: ReportClassifier, evaluation: list[Example]) -> dict[str, Any]:
    """Both parts' summary figures on an evaluation set (the fixed one, usually)."""
    card = {}
    for target in ("type", "opd"):
        result = evaluate(model, evaluation, target)
        card[target] = {k: result[k] for k in SUMMARY_KEYS if k in result}
    return card
