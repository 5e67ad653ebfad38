"""The one module of ``classify`` that touches the database: model versions, verdicts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from classify.corpus import load_seed
from classify.model import Prediction, ReportClassifier
from classify.registry import SavedModel, load_model, save_model
from classify.train import train_classifier
from core.errors import NotFoundError
from models import Classification, ModelVersion, Post
from models.base import utcnow


def register_model(session: Session, saved: SavedModel, *, activate: bool) -> ModelVersion:
    """Record a saved model version; optionally make it the active one."""
    row = ModelVersion(
        version=saved.version, path=str(saved.path), data_hash=saved.metadata["data_hash"],
        code_version=saved.metadata["code_version"], metrics=saved.metadata.get("metrics", {}),
    )
    session.add(row)
    session.flush()
    if activate:
        activate_version(session, saved.version)
    return row


def activate_version(session: Session, version: str) -> ModelVersion:
    """Make ``version`` the only active model."""
    row = session.scalar(select(ModelVersion).where(ModelVersion.version == version))
    if row is None:
        raise NotFoundError(f"Versi model {version} tidak ada")
    for other in session.scalars(select(ModelVersion).where(ModelVersion.is_active)):
        other.is_active = False
    row.is_active, row.activated_at = True, utcnow()
    return row


def active_version(session: Session) -> ModelVersion | None:
    """The active model version, if any."""
    return session.scalar(select(ModelVersion).where(ModelVersion.is_active))


def ensure_active_model(session: Session, model_dir: Path) -> ReportClassifier:
    """Load the active model, training one from the seed corpus when there is none yet."""
    row = active_version(session)
    if row is not None:
        return load_model(Path(row.path))
    model, meta = train_classifier(load_seed())
    saved = save_model(model, model_dir, meta)
    register_model(session, saved, activate=True)
    return model


def posts_to_classify(session: Session, version: str, limit: int = 10_000) -> list[Post]:
    """Posts with text that the given model version has not classified yet."""
    done = select(Classification.post_id).where(Classification.model_version == version)
    query = (select(Post).where(Post.text != "", Post.id.not_in(done))
             .order_by(Post.id).limit(limit))
    return list(session.scalars(query))


def save_classifications(
    session: Session, posts: Sequence[Post], predictions: Sequence[Prediction], version: str
) -> list[Classification]:
    """Store one verdict per post (the caller commits)."""
    rows = [
        Classification(
            post_id=post.id, model_version=version, report_type=pred.report_type,
            report_type_probability=pred.report_type_probability, opd_code=pred.opd_code,
            opd_probability=pred.opd_probability, probabilities=pred.probabilities(),
        )
        for post, pred in zip(posts, predictions, strict=True)
    ]
    session.add_all(rows)
    session.flush()
    return rows
