"""The estimators: normalised text, sparse word and character n-grams, and calibrated linear
models (a two-stage report-type model; a router blended with a zero-shot prior per function).
"""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from classify.calibration import TemperatureCalibratedClassifier
from classify.estimators import HierarchicalClassifier, PriorBlendClassifier
from classify.features import FunctionPrior
from classify.lexicon import function_profiles, profile_params
from classify.normalize import TextNormalizer
from core.errors import ConfigError

TARGETS = ("type", "opd")
#: Share of the router's probability that comes from the zero-shot prior (see docs/CLASSIFIER.md).
PRIOR_WEIGHT = 0.6


def calibrated_svm(C: float = 0.5) -> TemperatureCalibratedClassifier:
    """A class-balanced linear SVM with temperature-scaled probabilities (3-fold).

    Seeded: liblinear shuffles the rows in its coordinate descent, and an unseeded SVM draws
    that order from numpy's global generator, so the same data and code gave a slightly
    different model on every training (a model version names its data and code)."""
    return TemperatureCalibratedClassifier(
        LinearSVC(C=C, class_weight="balanced", random_state=0), cv=3)


def text_views() -> list[tuple[str, TfidfVectorizer]]:
    """Complementary sparse views: word 1-2-grams and character 2-5-grams inside words."""
    return [
        ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2,
                                 max_features=200_000)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                 min_df=2, max_features=300_000)),
    ]


def build_pipeline(target: str, profiles: tuple | None = None,
                   prior_weight: float = PRIOR_WEIGHT, embedding_model: str | None = None,
                   class_offsets: tuple | None = None, reference_weight: float = 0.0,
                   reference_gate_weight: float = 1.0) -> Pipeline:
    """A fresh, unfitted pipeline for ``target`` (``type`` or ``opd``) with predict_proba.

    ``profiles`` (``(code, text, terms)`` tuples, see :mod:`classify.lexicon`) feed the router's
    zero-shot prior; by default the lexicon alone, without a city's OPD descriptions.
    ``embedding_model`` (a local sentence-transformers path) adds a dense view.
    ``class_offsets`` shift the report-type decision (see :class:`HierarchicalClassifier`).
    ``reference_weight`` is the router's share for the seed corpus's own model, trained when
    the pipeline is fitted with ``classifier__reference_rows`` (see :class:`PriorBlendClassifier`).
    ``reference_gate_weight`` is the seed rows' weight in the report-type gate, applied to the
    rows marked by ``classifier__reference_rows`` (see :class:`HierarchicalClassifier`).
    """
    views = text_views()
    if embedding_model:
        from classify.embeddings import EmbeddingFeatures

        views.append(("dense", EmbeddingFeatures(embedding_model)))
    if target == "type":
        features = FeatureUnion(views)
        classifier = HierarchicalClassifier(gate=calibrated_svm(), estimator=calibrated_svm(),
                                            class_offsets=class_offsets,
                                            reference_gate_weight=reference_gate_weight)
    elif target == "opd":
        profiles = profiles or profile_params(function_profiles(None))
        features = FeatureUnion([*views, ("prior", FunctionPrior(profiles))])
        classifier = PriorBlendClassifier(
            calibrated_svm(), prior_labels=tuple(code for code, _, _ in profiles),
            prior_weight=prior_weight, reference_weight=reference_weight)
    else:
        raise ConfigError(f"Target tidak dikenal: {target!r} (pilihan: {', '.join(TARGETS)})")
    return Pipeline([("normalize", TextNormalizer()), ("features", features),
                     ("classifier", classifier)])
