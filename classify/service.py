"""Classify every stored post the active model has not seen yet."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from classify import store
from classify.adaptation import MIN_POSTS, CityPrior
from classify.model import BATCH, ReportClassifier, Thresholds
from core.errors import InsufficientDataError, NotFoundError
from core.settings import Settings, get_settings
from models.db import transaction

log = logging.getLogger(__name__)


def thresholds_from(settings: Settings) -> Thresholds:
    """The review thresholds configured in settings (see docs/CONFIGURATION.md)."""
    return Thresholds(review=settings.report_threshold,
                      min_report=min(settings.min_report_probability, 0.5))


def classify_pending(factory: sessionmaker[Session], model_dir: Path,
                     thresholds: Thresholds | None = None) -> tuple[str, int]:
    """Classify unclassified posts in batches; returns the model version and the count.

    A damaged active model does not stop the run: the last good version (or a fresh model
    from the seed corpus) takes over, see :func:`classify.store.ensure_active_model`.
    """
    adapting = get_settings().city_adaptation
    with transaction(factory) as session:
        model = store.ensure_active_model(session, model_dir, city_prior=adapting)
    model.thresholds = thresholds or thresholds_from(get_settings())
    total = 0
    while True:
        with transaction(factory) as session:
            posts = store.posts_to_classify(session, model.version, limit=BATCH)
            if not posts:
                break
            predictions = model.predict([p.text for p in posts])
            store.save_classifications(session, posts, predictions, model.version)
            total += len(posts)
    log.info("classified %d posts with model %s", total, model.version)
    if adapting:
        adapt_when_due(factory, model)
    return model.version, total


def adaptation_due(model: ReportClassifier, reports: int) -> bool:
    """Whether to (re-)estimate the city prior: enough reports, and twice as many as the
    current estimate saw."""
    if model.routing_prior() is None or reports < MIN_POSTS:
        return False
    prior = model.city_prior
    # The estimate reads at most the newest 5,000 posts, so what doubles is the count of
    # reports when it was made, not the posts it read.
    return prior is None or reports >= 2 * max(prior.n_posts, prior.reports_classified)


def adapt_when_due(factory: sessionmaker[Session], model: ReportClassifier) -> CityPrior | None:
    """After classifying: adapt the active router to the city when :func:`adaptation_due`.

    It never fails the run: too few posts the gate calls reports, or a model directory that
    cannot be written, is logged and the router routes as before.
    """
    with transaction(factory) as session:
        reports = store.count_reports(session, model.version)
    if not adaptation_due(model, reports):
        return None
    try:
        return adapt(factory, model, actor="sistem", reports_classified=reports)
    except (InsufficientDataError, NotFoundError, OSError) as exc:
        log.warning("city prior not estimated for %s: %s", model.version, exc)
        return None


def adapt(factory: sessionmaker[Session], model: ReportClassifier, actor: str,
          limit: int = 5_000, reports_classified: int | None = None) -> CityPrior:
    """Estimate the city prior from the newest ``limit`` posts, keep it with ``model``'s
    directory and use it from now on."""
    with transaction(factory) as session:
        texts = store.adaptation_texts(session, limit)
        if reports_classified is None:
            reports_classified = store.count_reports(session, model.version)
    prior = replace(model.estimate_city_prior(texts), reports_classified=reports_classified)
    with transaction(factory) as session:
        store.save_city_prior(session, model.version, prior, actor)
    model.city_prior = prior
    log.info("router %s adapted to the city's mix (%d posts)", model.version, prior.n_posts)
    return prior
