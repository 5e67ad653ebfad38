"""The estimators: sparse word and character n-grams into a calibrated linear model."""

from __future__ import annotations

from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from classify.normalize import TextNormalizer


def build_pipeline(target: str) -> Pipeline:
    """A fresh, unfitted pipeline for ``target`` (``type`` or ``opd``) with predict_proba."""
    features = FeatureUnion([
        ("word", TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True,
                                 min_df=1, max_features=200_000)),
        ("char", TfidfVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(2, 5),
                                 sublinear_tf=True, min_df=2, max_features=300_000)),
    ])
    classifier = CalibratedClassifierCV(
        LinearSVC(C=0.5, class_weight="balanced"), method="sigmoid", cv=3)
    return Pipeline([("normalize", TextNormalizer()), ("features", features),
                     ("classifier", classifier)])
