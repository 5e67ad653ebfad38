"""A trained classifier: one pipeline for report type, one for the government function."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core.domain import ReportType


@dataclass(frozen=True)
class Prediction:
    """What the model says about one text, with calibrated probabilities."""

    report_type: str
    report_type_probability: float
    opd_code: str
    opd_probability: float
    type_probabilities: dict[str, float] = field(default_factory=dict)
    opd_top3: tuple[tuple[str, float], ...] = ()

    @property
    def is_report(self) -> bool:
        """Whether the text is a report (anything but ``bukan_laporan``)."""
        return self.report_type != ReportType.BUKAN_LAPORAN

    @property
    def confidence(self) -> float:
        """Probability that both the type and the function are right (taken as independent)."""
        return round(self.report_type_probability * self.opd_probability, 4)

    def probabilities(self) -> dict[str, Any]:
        """A JSON-ready summary for storage."""
        return {"report_type": self.type_probabilities,
                "opd_top3": [[code, p] for code, p in self.opd_top3]}


class ReportClassifier:
    """Wraps the two fitted pipelines; ``version`` names the saved model directory."""

    def __init__(self, type_model: Any, opd_model: Any, version: str = "unsaved") -> None:
        self.type_model = type_model
        self.opd_model = opd_model
        self.version = version

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Classify ``texts``; empty input gives an empty list."""
        if not texts:
            return []
        type_proba = self.type_model.predict_proba(list(texts))
        opd_proba = self.opd_model.predict_proba(list(texts))
        type_classes = [str(c) for c in self.type_model.classes_]
        opd_classes = [str(c) for c in self.opd_model.classes_]
        return [
            _prediction(type_classes, tp, opd_classes, op)
            for tp, op in zip(type_proba, opd_proba, strict=True)
        ]


def _prediction(type_classes: list[str], tp: np.ndarray, opd_classes: list[str],
                op: np.ndarray) -> Prediction:
    best_type = int(np.argmax(tp))
    order = np.argsort(op)[::-1][:3]
    top3 = tuple((opd_classes[i], round(float(op[i]), 4)) for i in order)
    return Prediction(
        report_type=type_classes[best_type],
        report_type_probability=round(float(tp[best_type]), 4),
        opd_code=top3[0][0], opd_probability=top3[0][1],
        type_probabilities={c: round(float(p), 4) for c, p in zip(type_classes, tp, strict=True)},
        opd_top3=top3,
    )
