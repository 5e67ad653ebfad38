"""One n-gram count shared by the pipelines' TF-IDF views gives what each pipeline gives."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from classify.corpus import load_seed
from classify.features import FunctionPrior
from classify.model import _after_normalizing
from classify.normalize import normalize_text
from classify.registry import load_model
from classify.shared_features import SharedFeatures

EDGE = ["", "a", "🙏🙏🙏", "x" * 5000, "jalan rusak parah " * 300, "nomor 1234567890123",
        "Quick brown fox jumps over the lazy dog", "ALLCAPS DAN Huruf Besar", "a b c d e f g",
        "kata-kata yang-tidak di-kenal zzqx vbnm", "\u200b\u00a0  spasi   aneh \t\n baris"]


def _texts() -> list[str]:
    seed = [ex.text for ex in load_seed()]
    return [normalize_text(t) for t in seed[::3] + EDGE]


def test_the_trained_model_predicts_the_same_with_shared_counts(trained_model):
    model = load_model(trained_model.path)
    parts = [_after_normalizing(model.type_model), _after_normalizing(model.opd_model)]
    shared = SharedFeatures(parts)
    # Both pipelines use the shared counts: one word pass and one character pass, not five.
    assert shared.covered == [True, True]
    assert shared.passes == 2
    texts = _texts()
    for part, proba in zip(parts, shared.predict_proba(texts), strict=True):
        np.testing.assert_allclose(proba, part.predict_proba(texts), rtol=0, atol=1e-12)
    # And the model's own predictions are built from them.
    type_proba, opd_proba = model._probabilities(texts)
    np.testing.assert_allclose(type_proba, parts[0].predict_proba(texts), rtol=0, atol=1e-12)
    np.testing.assert_allclose(opd_proba, parts[1].predict_proba(texts), rtol=0, atol=1e-12)


def _pipeline(*views) -> Pipeline:
    return Pipeline([("features", FeatureUnion(list(views))),
                     ("classifier", LogisticRegression(max_iter=500))])


@pytest.mark.parametrize("views", [
    # Character ranges nested and overlapping, plain char beside char_wb, words of 1 and 1-2.
    [("a", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4))),
     ("b", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 6), min_df=2)),
     ("c", TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True))],
    [("w1", TfidfVectorizer()), ("w2", TfidfVectorizer(ngram_range=(1, 3), binary=True)),
     ("w3", TfidfVectorizer(lowercase=False, use_idf=False, norm="l1"))],
    [("w", TfidfVectorizer(dtype=np.float32)), ("c", TfidfVectorizer(analyzer="char_wb"))],
], ids=["characters", "words", "dtypes"])
def test_vectorizers_of_other_settings_keep_their_own_features(views):
    texts = _texts()
    labels = ["a" if i % 3 else "b" for i in range(len(texts))]
    first = _pipeline(*views).fit(texts, labels)
    # A second pipeline fitted on other rows has vocabularies of its own.
    second = _pipeline(*[(name, TfidfVectorizer(**view.get_params())) for name, view in views])
    second.fit(texts[::2], labels[::2])
    shared = SharedFeatures([first, second])
    assert shared.covered == [True, True]
    for part, proba in zip([first, second], shared.predict_proba(texts), strict=True):
        np.testing.assert_allclose(proba, part.predict_proba(texts), rtol=0, atol=1e-12)


def test_the_prior_uses_its_vectorizer_from_the_shared_counts():
    texts = _texts()
    labels = ["a" if i % 2 else "b" for i in range(len(texts))]
    profiles = (("a", "jalan rusak berlubang", ("jalan",)), ("b", "sampah menumpuk", ("sampah",)))
    pipeline = _pipeline(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))),
                         ("prior", FunctionPrior(profiles))).fit(texts, labels)
    shared = SharedFeatures([pipeline])
    assert shared.passes == 1  # the prior's 3-4-grams come out of the 2-5-gram count
    np.testing.assert_allclose(shared.predict_proba(texts)[0], pipeline.predict_proba(texts),
                               rtol=0, atol=1e-12)


def test_a_pipeline_of_another_shape_is_predicted_as_it_is():
    texts = _texts()
    labels = ["a" if i % 2 else "b" for i in range(len(texts))]
    lengths = FunctionTransformer(lambda docs: np.array([[len(d)] for d in docs], float))
    other = _pipeline(("w", TfidfVectorizer()), ("length", lengths)).fit(texts, labels)
    plain = _pipeline(("w", TfidfVectorizer())).fit(texts, labels)
    shared = SharedFeatures([other, plain])
    assert shared.covered == [False, True]
    for part, proba in zip([other, plain], shared.predict_proba(texts), strict=True):
        np.testing.assert_allclose(proba, part.predict_proba(texts), rtol=0, atol=1e-12)
