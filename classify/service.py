"""Classify every stored post the active model has not seen yet."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from classify import store
from classify.model import Thresholds
from core.settings import Settings, get_settings
from models.db import transaction

log = logging.getLogger(__name__)
BATCH = 500


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
    with transaction(factory) as session:
        model = store.ensure_active_model(session, model_dir)
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
    return model.version, total
