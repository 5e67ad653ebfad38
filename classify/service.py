"""Classify every stored post the active model has not seen yet."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from classify import store
from models.db import transaction

log = logging.getLogger(__name__)
BATCH = 500


def classify_pending(factory: sessionmaker[Session], model_dir: Path) -> tuple[str, int]:
    """Classify unclassified posts in batches; returns the model version and the count."""
    with transaction(factory) as session:
        model = store.ensure_active_model(session, model_dir)
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
