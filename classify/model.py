"""A trained classifier: one pipeline for report type, one for the government function."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from classify.adaptation import MIN_POSTS, CityPrior
from classify.normalize import TextNormalizer, normalize_text
from classify.shared_features import SharedFeatures
from core.domain import ReportType
from core.errors import ConfigError, InsufficientDataError

#: Posts classified at a time (the classifying task's batches, the city prior's too).
BATCH = 500
#: What drafting and review show for a prediction the model is unsure about.
REVIEW_LABEL = "perlu ditinjau"
_TOKEN = re.compile(r"\b[^\W\d_]{2,}\b")


@dataclass(frozen=True)
class Thresholds:
    """When a prediction is a report, and when it is marked "perlu ditinjau" (needs review).

    ``review``: a report whose type or function probability is under it needs review.
    ``min_report``: a post whose report probability is at least this but under 0.5 is kept
    as a report marked for review, rather than silently dropped as not a report.
    ``min_coverage``: a text with fewer known words than this share (another language,
    gibberish) needs review.
    """

    review: float = 0.5
    min_report: float = 0.35
    min_coverage: float = 0.3


@dataclass(frozen=True)
class Prediction:
    """What the model says about one text, with calibrated probabilities."""

    report_type: str
    report_type_probability: float
    opd_code: str
    opd_probability: float
    type_probabilities: dict[str, float] = field(default_factory=dict)
    opd_top3: tuple[tuple[str, float], ...] = ()
    needs_review: bool = False
    review_reasons: tuple[str, ...] = ()
    report_probability: float | None = None

    @property
    def is_report(self) -> bool:
        """Whether the text is a report (anything but ``bukan_laporan``)."""
        return self.report_type != ReportType.BUKAN_LAPORAN

    @property
    def confidence(self) -> float:
        """Probability that both the type and the function are right (taken as independent)."""
        return round(self.report_type_probability * self.opd_probability, 4)

    @property
    def review_label(self) -> str:
        """``"perlu ditinjau"`` when the model is unsure, else an empty string."""
        return REVIEW_LABEL if self.needs_review else ""

    def probabilities(self) -> dict[str, Any]:
        """A JSON-ready summary for storage (read back by :meth:`from_stored`)."""
        return {"report_type": self.type_probabilities,
                "opd_top3": [[code, p] for code, p in self.opd_top3],
                "report_probability": self.report_probability,
                "needs_review": self.needs_review,
                "review_reasons": list(self.review_reasons)}

    @classmethod
    def from_stored(cls, report_type: str, report_type_probability: float, opd_code: str,
                    opd_probability: float, probabilities: dict[str, Any] | None) -> Prediction:
        """Rebuild a prediction from a stored classification row."""
        probs = probabilities or {}
        return cls(
            report_type=report_type, report_type_probability=report_type_probability,
            opd_code=opd_code, opd_probability=opd_probability,
            type_probabilities=dict(probs.get("report_type", {})),
            opd_top3=tuple((c, p) for c, p in probs.get("opd_top3", [])),
            needs_review=bool(probs.get("needs_review", False)),
            review_reasons=tuple(probs.get("review_reasons", ())),
            report_probability=probs.get("report_probability"))


class ReportClassifier:
    """Wraps the two fitted pipelines; ``version`` names the saved model directory."""

    def __init__(self, type_model: Any, opd_model: Any, version: str = "unsaved",
                 thresholds: Thresholds | None = None, city_prior: CityPrior | None = None
                 ) -> None:
        self.type_model = type_model
        self.opd_model = opd_model
        self.version = version
        self.thresholds = thresholds or Thresholds()
        self.city_prior = city_prior
        self._vocabulary: frozenset[str] | None = None
        self._shared: SharedFeatures | None = None

    @property
    def city_prior(self) -> CityPrior | None:
        """The city's mix of functions the router is adapted to (None: not adapted)."""
        return self._city_prior

    @city_prior.setter
    def city_prior(self, prior: CityPrior | None) -> None:
        if prior is not None and not prior.matches(self.opd_model.classes_):
            raise ConfigError("Prior kota tidak cocok dengan daftar instansi model ini")
        self._city_prior = prior

    def routing_prior(self) -> np.ndarray | None:
        """The mix of functions the router was trained with (None for models saved before
        it was recorded: they cannot be adapted)."""
        return getattr(_last_step(self.opd_model), "training_prior_", None)

    def estimate_city_prior(self, texts: Sequence[str]) -> CityPrior:
        """Estimate the city's mix of functions from its posts (unlabelled) that a verdict would
        call reports (P(report) >= ``thresholds.min_report``); fewer than
        :data:`classify.adaptation.MIN_POSTS` raise :class:`InsufficientDataError`."""
        reference = self.routing_prior()
        if reference is None:
            raise ConfigError("Model ini terlalu lama untuk diadaptasi: latih ulang dulu")
        blocks = []
        for start in range(0, len(texts), BATCH):  # as classifying goes: less memory
            normalized = [normalize_text("" if t is None else str(t))
                          for t in texts[start:start + BATCH]]
            if not normalized:
                continue
            type_proba, opd_proba = self._probabilities(normalized)
            # The posts a verdict calls reports (those kept for review included).
            blocks.append(opd_proba[self._report_probability(type_proba)
                                    >= self.thresholds.min_report])
        found = sum(len(block) for block in blocks)
        if found < MIN_POSTS:
            raise InsufficientDataError(
                f"Baru {found} unggahan yang tergolong laporan; prior kota perlu "
                f"setidaknya {MIN_POSTS}")
        return CityPrior.estimate(np.vstack(blocks), self.opd_model.classes_, reference)

    def adapt_routing(self, opd_proba: np.ndarray) -> np.ndarray:
        """The router's probabilities as the model routes: adapted to the city prior, if any."""
        return opd_proba if self.city_prior is None else self.city_prior.apply(opd_proba)

    def _report_probability(self, type_proba: np.ndarray) -> np.ndarray:
        """P(report) per row of the type model's probabilities."""
        classes = [str(c) for c in self.type_model.classes_]
        if ReportType.BUKAN_LAPORAN not in classes:
            return np.ones(len(type_proba))
        return 1.0 - type_proba[:, classes.index(ReportType.BUKAN_LAPORAN)]

    def _probabilities(self, normalized: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Both pipelines' probabilities for normalised texts, their n-grams counted once
        (:mod:`classify.shared_features`); the router's are not adapted to the city here."""
        if self._shared is None:
            self._shared = SharedFeatures([_after_normalizing(self.type_model),
                                           _after_normalizing(self.opd_model)])
        type_proba, opd_proba = self._shared.predict_proba(normalized)
        return type_proba, opd_proba

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Classify ``texts``; empty input gives an empty list."""
        if not len(texts):
            return []
        normalized = [normalize_text("" if t is None else str(t)) for t in texts]
        type_proba, opd_proba = self._probabilities(normalized)
        opd_proba = self.adapt_routing(opd_proba)
        type_classes = [str(c) for c in self.type_model.classes_]
        opd_classes = [str(c) for c in self.opd_model.classes_]
        coverage = self._coverage(normalized)
        report_proba = self._report_probability(type_proba)
        return [self._prediction(type_classes, tp, float(rp), opd_classes, op, cov)
                for tp, rp, op, cov in zip(type_proba, report_proba, opd_proba, coverage,
                                           strict=True)]

    def coverage(self, texts: Sequence[str]) -> list[float]:
        """Share of each text's words that the training data knew (1.0 for a wordless text)."""
        return self._coverage([normalize_text(text) for text in texts])

    def _coverage(self, normalized: Sequence[str]) -> list[float]:
        if self._vocabulary is None:
            self._vocabulary = _word_vocabulary(self.type_model)
        if not self._vocabulary:
            return [1.0] * len(normalized)
        shares = []
        for text in normalized:
            words = _TOKEN.findall(text)
            known = sum(word in self._vocabulary for word in words)
            shares.append(known / len(words) if words else 1.0)
        return shares

    def _prediction(self, type_classes: list[str], tp: np.ndarray, report_p: float,
                    opd_classes: list[str], op: np.ndarray, coverage: float) -> Prediction:
        """One row's verdict; ``report_p`` is its :meth:`_report_probability`."""
        limits = self.thresholds
        not_report = type_classes.index(ReportType.BUKAN_LAPORAN) \
            if ReportType.BUKAN_LAPORAN in type_classes else None
        reasons = []
        if not_report is not None and report_p < limits.min_report:
            best_type = not_report
        else:
            masked = tp.copy()
            if not_report is not None:
                masked[not_report] = -1.0
            best_type = int(np.argmax(masked))
            if report_p < 0.5:
                reasons.append("mungkin bukan laporan")
        order = np.argsort(op)[::-1][:3]
        top3 = tuple((opd_classes[i], round(float(op[i]), 4)) for i in order)
        is_report = best_type != not_report
        if is_report and tp[best_type] < limits.review and report_p >= 0.5:
            reasons.append("jenis laporan tidak pasti")
        if is_report and top3[0][1] < limits.review:
            reasons.append("instansi tujuan tidak pasti")
        if coverage < limits.min_coverage:
            reasons.append("kosakata tidak dikenali")
        return Prediction(
            report_type=type_classes[best_type],
            report_type_probability=round(float(tp[best_type]), 4),
            opd_code=top3[0][0], opd_probability=top3[0][1],
            type_probabilities={c: round(float(p), 4) for c, p in zip(type_classes, tp,
                                                                        strict=True)},
            opd_top3=top3, needs_review=bool(reasons), review_reasons=tuple(reasons),
            report_probability=round(report_p, 4),
        )


def _after_normalizing(pipeline: Any) -> Any:
    """The pipeline without its normaliser step (the caller normalised once for both parts)."""
    steps = getattr(pipeline, "steps", None)
    if steps and isinstance(steps[0][1], TextNormalizer):
        return pipeline[1:]
    return pipeline


def _last_step(pipeline: Any) -> Any:
    steps = getattr(pipeline, "steps", None)
    return steps[-1][1] if steps else pipeline


def _word_vocabulary(pipeline: Any) -> frozenset[str]:
    """The unigrams of a pipeline's word vectorizer (empty when it has none)."""
    try:
        union = pipeline.named_steps["features"]
        vocabulary = dict(union.transformer_list)["word"].vocabulary_
    except (AttributeError, KeyError):
        return frozenset()
    return frozenset(term for term in vocabulary if " " not in term)
