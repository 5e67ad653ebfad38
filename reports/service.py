"""Draft a report for every post classified as one that has no draft yet."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from classify.model import Prediction
from core.city import CityProfile
from models import Classification
from models.db import transaction
from reports import store
from reports.draft import SourcePost, draft_report

log = logging.getLogger(__name__)


def prediction_of(row: Classification) -> Prediction:
    """Rebuild the classifier's verdict from its stored row."""
    probs = row.probabilities or {}
    return Prediction(
        report_type=row.report_type, report_type_probability=row.report_type_probability,
        opd_code=row.opd_code, opd_probability=row.opd_probability,
        type_probabilities=probs.get("report_type", {}),
        opd_top3=tuple((c, p) for c, p in probs.get("opd_top3", [])),
    )


def draft_pending(factory: sessionmaker[Session], city: CityProfile, model_version: str) -> int:
    """Create drafts for reports classified by ``model_version``; returns how many."""
    with transaction(factory) as session:
        pending = store.drafts_needed(session, model_version)
        for post, classification in pending:
            source = SourcePost(text=post.text, posted_at=post.posted_at,
                                platform=post.platform, url=post.url)
            content = draft_report(source, prediction_of(classification), city)
            store.create_draft(session, content, [post], model_version)
    log.info("drafted %d reports", len(pending))
    return len(pending)
