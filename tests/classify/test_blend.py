"""The router's blend: a learned model, the zero-shot prior and the seed corpus's own model."""

import numpy as np
import pytest
from sklearn.base import clone

from classify.calibration import sharpen
from classify.estimators import PriorBlendClassifier
from classify.pipeline import calibrated_svm

LABELS = ("a", "b", "c")


def _data(n: int = 90, seed: int = 0):
    rng = np.random.default_rng(seed)
    y = np.array([LABELS[i % 3] for i in range(n)], dtype=object)
    X = rng.normal(size=(n, 6))
    X[np.arange(n), [i % 3 for i in range(n)]] += 2.0  # the first three columns tell the label
    prior = rng.random((n, 3))
    return np.hstack([X, prior]), y


def _router(**params) -> PriorBlendClassifier:
    return PriorBlendClassifier(calibrated_svm(), prior_labels=LABELS, **params)


def test_the_reference_model_learns_from_the_reference_rows_alone():
    X, y = _data()
    reference = np.arange(len(y)) < 30
    router = _router(prior_weight=0.4, reference_weight=0.3).fit(X, y, reference_rows=reference)
    alone = clone(calibrated_svm()).fit(X[reference], y[reference])
    assert np.allclose(router.reference_.predict_proba(X), alone.predict_proba(X))
    learned = router.estimator_.predict_proba(X)
    blend = 0.3 * learned + 0.4 * router.prior(X) + 0.3 * alone.predict_proba(X)
    assert np.allclose(router.predict_proba(X), sharpen(blend, router.temperature_))
    settings = router.blends(X, [(0.4, 0.3), (0.4, 0.0)])
    assert np.allclose(settings[(0.4, 0.3)], blend)
    assert np.allclose(settings[(0.4, 0.0)], 0.6 * learned + 0.4 * router.prior(X))


@pytest.mark.parametrize("reference", [None, "all", "one-label"])
def test_without_other_rows_or_labels_there_is_no_reference_model(reference):
    X, y = _data()
    mask = {None: None, "all": np.ones(len(y), bool), "one-label": y == "a"}[reference]
    router = _router(prior_weight=0.4, reference_weight=0.3).fit(X, y, reference_rows=mask)
    plain = _router(prior_weight=0.4).fit(X, y)
    assert router.reference_ is None
    # Its share goes to the learned model: the same blend as a router without one.
    assert np.allclose(router.predict_proba(X), plain.predict_proba(X))


def test_bad_blend_settings_are_refused():
    X, y = _data()
    with pytest.raises(ValueError, match="between 0 and 1"):
        _router(prior_weight=0.8, reference_weight=0.3).fit(X, y)
    with pytest.raises(ValueError, match="one flag per row"):
        _router().fit(X, y, reference_rows=np.ones(5, bool))


def test_a_router_saved_before_reference_models_still_predicts():
    X, y = _data()
    router = _router(prior_weight=0.4).fit(X, y)
    expected = router.predict_proba(X)
    del router.reference_weight, router.reference_, router.reference_index_
    assert np.allclose(router.predict_proba(X), expected)


def test_the_reference_model_defers_to_the_prior_on_labels_it_never_saw():
    # Zero-shot routing: a label without any reference example is not outvoted by the
    # reference's share; the prior's mass on it is kept, the reference's own fills the rest.
    X, y = _data()
    reference = (np.arange(len(y)) < 60) & (y != "c")
    router = _router(prior_weight=0.4, reference_weight=0.3).fit(X, y, reference_rows=reference)
    assert list(router.reference_.classes_) == ["a", "b"]
    prior = router.prior(X)
    part = router._reference(X, prior)
    assert np.allclose(part[:, 2], prior[:, 2]) and np.allclose(part.sum(axis=1), 1.0)
    own = router.reference_.predict_proba(X)
    assert np.allclose(part[:, :2], own * (1 - prior[:, 2:3]))


def test_a_reference_model_without_a_share_only_serves_the_selection():
    # Folds fit the reference model at weight 0 so that blends() can try other weights;
    # predictions at weight 0 are those of a router without one.
    X, y = _data()
    reference = np.arange(len(y)) < 30
    router = _router(prior_weight=0.4).fit(X, y, reference_rows=reference)
    assert router.reference_ is not None
    plain = _router(prior_weight=0.4).fit(X, y)
    assert np.allclose(router.predict_proba(X), plain.predict_proba(X))
    assert not np.allclose(router.blends(X, [(0.4, 0.3)])[(0.4, 0.3)],
                           router.blends(X, [(0.4, 0.0)])[(0.4, 0.0)])
