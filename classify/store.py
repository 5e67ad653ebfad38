"""The one module of ``classify`` that touches the database: model versions, verdicts, labels."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from classify.active import margin, most_uncertain
from classify.adaptation import CityPrior
from classify.corpus import Example, load_seed, split_for_evaluation, text_key
from classify.evaluate import scorecard
from classify.model import Prediction, ReportClassifier
from classify.registry import SavedModel, load_model, save_model
from classify.registry import remove_city_prior as registry_remove_city_prior
from classify.registry import save_city_prior as registry_save_city_prior
from classify.train import default_examples, train_classifier
from core.domain import ReportType
from core.errors import ConfigError, NotFoundError
from models import (
    AuditEvent,
    Classification,
    Decision,
    Draft,
    DraftPost,
    ModelVersion,
    Post,
)
from models.base import utcnow
from models.tables import Label

log = logging.getLogger(__name__)


def register_model(session: Session, saved: SavedModel, *, activate: bool,
                   trigger: str = "manual", operator_labels: int = 0) -> ModelVersion:
    """Record a saved model version; optionally make it the active one."""
    row = ModelVersion(
        version=saved.version, path=str(saved.path), data_hash=saved.metadata["data_hash"],
        code_version=saved.metadata["code_version"], metrics=saved.metadata.get("metrics", {}),
        trigger=trigger, status="candidate", operator_labels=operator_labels,
    )
    session.add(row)
    session.flush()
    if activate:
        activate_version(session, saved.version)
    return row


def get_version(session: Session, version: str) -> ModelVersion:
    """One registered version; an unknown name raises :class:`NotFoundError`."""
    row = session.scalar(select(ModelVersion).where(ModelVersion.version == version))
    if row is None:
        raise NotFoundError(f"Versi model {version} tidak ada")
    return row


def activate_version(session: Session, version: str, actor: str | None = None) -> ModelVersion:
    """Make ``version`` the only active model (audited when an ``actor`` did it)."""
    row = get_version(session, version)
    previous = active_version(session)
    for other in session.scalars(select(ModelVersion).where(ModelVersion.is_active)):
        other.is_active = False
    row.is_active, row.activated_at, row.status = True, utcnow(), "promoted"
    if actor:
        session.add(AuditEvent(actor=actor, action="promosi_model", entity_type="model_version",
                               entity_id=row.id, details={
                                   "version": version,
                                   "previous": previous.version if previous else None}))
    session.flush()
    return row


def active_version(session: Session) -> ModelVersion | None:
    """The active model version, if any."""
    return session.scalar(select(ModelVersion).where(ModelVersion.is_active))


def list_versions(session: Session) -> list[ModelVersion]:
    """Every registered version, newest first."""
    return list(session.scalars(select(ModelVersion).order_by(ModelVersion.created_at.desc(),
                                                              ModelVersion.id.desc())))


def rollback(session: Session, actor: str | None = None) -> ModelVersion:
    """Re-activate the version that was active before the current one."""
    current = active_version(session)
    query = (select(ModelVersion)
             .where(ModelVersion.activated_at.is_not(None), ModelVersion.status != "broken")
             .order_by(ModelVersion.activated_at.desc(), ModelVersion.id.desc()))
    if current is not None:
        query = query.where(ModelVersion.id != current.id)
    previous = session.scalars(query).first()
    if previous is None:
        raise NotFoundError("Tidak ada versi model sebelumnya untuk dikembalikan")
    return activate_version(session, previous.version, actor)


def ensure_active_model(session: Session, model_dir: Path,
                        city_prior: bool = True) -> ReportClassifier:
    """Load the active model (adapted to its saved city prior when ``city_prior``); a broken
    one is skipped for the last good one, else the seed's."""
    row = active_version(session)
    while row is not None:
        try:
            return load_model(Path(row.path), city_prior=city_prior)
        except (ConfigError, NotFoundError) as exc:
            log.error("model %s cannot be loaded (%s); falling back", row.version, exc)
            row.is_active, row.status = False, "broken"
            session.flush()
            row = _last_good(session)
            if row is not None:
                activate_version(session, row.version)
    model, meta = train_classifier(default_examples())
    meta["metrics"] = {"evaluation": scorecard(model, split_for_evaluation(load_seed())[1])}
    saved = save_model(model, model_dir, meta)
    register_model(session, saved, activate=True, trigger="seed")
    return model


def _last_good(session: Session) -> ModelVersion | None:
    query = (select(ModelVersion)
             .where(ModelVersion.activated_at.is_not(None), ModelVersion.status != "broken")
             .order_by(ModelVersion.activated_at.desc(), ModelVersion.id.desc()))
    return session.scalars(query).first()


def adaptation_texts(session: Session, limit: int = 5_000) -> list[str]:
    """The texts of the newest harvested posts, to estimate the city's mix of functions."""
    query = select(Post.text).where(Post.text != "").order_by(Post.id.desc()).limit(limit)
    return list(session.scalars(query))


def count_reports(session: Session, version: str) -> int:
    """How many posts the given model version classified as reports."""
    query = select(func.count(Classification.id)).where(
        Classification.model_version == version,
        Classification.report_type != ReportType.BUKAN_LAPORAN)
    return session.scalar(query) or 0


def save_city_prior(session: Session, version: str, prior: CityPrior,
                    actor: str) -> ModelVersion:
    """Keep the city prior with a registered model version, and audit it: the audit row is
    flushed first (no prior takes effect unaudited), and a file that cannot be written raises,
    so the caller's transaction drops the row."""
    row = get_version(session, version)
    session.add(AuditEvent(actor=actor, action="adaptasi_model", entity_type="model_version",
                           entity_id=row.id, details={
                               "version": version, "n_posts": prior.n_posts,
                               "changes": [[c, round(a, 4), round(b, 4)]
                                           for c, a, b in prior.changes()]}))
    session.flush()
    registry_save_city_prior(prior, Path(row.path))
    return row


def remove_city_prior(session: Session, version: str, actor: str) -> bool:
    """Drop a version's city prior (audited); False when it had none."""
    row = get_version(session, version)
    if not registry_remove_city_prior(Path(row.path)):
        return False
    session.add(AuditEvent(actor=actor, action="hapus_adaptasi", entity_type="model_version",
                           entity_id=row.id, details={"version": version}))
    session.flush()
    return True


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


def latest_verdicts(session: Session, post_ids: Sequence[int]) -> dict[int, Prediction]:
    """The newest stored verdict per post, as predictions."""
    rows = session.scalars(select(Classification).where(Classification.post_id.in_(post_ids))
                           .order_by(Classification.id))
    return {row.post_id: Prediction.from_stored(
        row.report_type, row.report_type_probability, row.opd_code, row.opd_probability,
        row.probabilities) for row in rows}


def import_labels(session: Session, examples: Sequence[Example], origin: str) -> dict[str, int]:
    """Store labelled texts (one row per text; a re-import updates changed labels)."""
    counts = {"baru": 0, "diperbarui": 0, "sama": 0}
    for ex in examples:
        key = text_key(ex.text)
        row = session.scalar(select(Label).where(Label.text_hash == key))
        labels = (ex.report_type or None, ex.opd_code or None)
        if row is None:
            session.add(Label(text=ex.text, text_hash=key, report_type=labels[0],
                              opd_code=labels[1], origin=origin[:255]))
            counts["baru"] += 1
        elif (row.report_type, row.opd_code) != labels:
            row.report_type, row.opd_code, row.updated_at = *labels, utcnow()
            row.origin = origin[:255]
            counts["diperbarui"] += 1
        else:
            counts["sama"] += 1
        session.flush()
    return counts


def imported_examples(session: Session) -> list[Example]:
    """Every imported label as a training example."""
    rows = session.scalars(select(Label).order_by(Label.id))
    return [Example(r.text, r.report_type or "", r.opd_code or "", f"import:{r.origin}")
            for r in rows]


def operator_examples(session: Session) -> list[Example]:
    """Operators' latest decision per draft, one example per evidence post.

    A confirmation labels the posts with the final type and function (edits and re-routes
    included); a rejection labels them ``bukan_laporan``: the post should not have been drafted.
    """
    latest = select(func.max(Decision.id)).group_by(Decision.draft_id)
    query = (select(Decision, Post.text)
             .join(DraftPost, DraftPost.draft_id == Decision.draft_id)
             .join(Post, Post.id == DraftPost.post_id)
             .where(Decision.id.in_(latest), Post.text != "")
             .order_by(Decision.id, Post.id))
    found = []
    for decision, text in session.execute(query):
        if decision.action == "reject":
            found.append(Example(text, ReportType.BUKAN_LAPORAN, "", "operator"))
        elif decision.report_type:
            found.append(Example(text, decision.report_type, decision.opd_code or "", "operator"))
    return found


def count_operator_labels(session: Session) -> int:
    """How many operator labels exist (drafts with a decision and evidence posts)."""
    return len(operator_examples(session))


def labels_already_used(session: Session) -> int:
    """The most operator labels any registered version was trained with."""
    return session.scalar(select(func.coalesce(func.max(ModelVersion.operator_labels), 0))) or 0


def draft_uncertainty(session: Session, drafts: Sequence[Draft]) -> dict[int, float]:
    """Per draft, how much a label would teach the model (its most uncertain post's score)."""
    post_ids = [link.post_id for d in drafts for link in d.sources]
    verdicts = latest_verdicts(session, post_ids) if post_ids else {}
    scores = {}
    for draft in drafts:
        found = [verdicts[link.post_id] for link in draft.sources if link.post_id in verdicts]
        scores[draft.id] = most_uncertain(found) if found else round(
            1.0 - margin(p for _, p in draft.suggestions), 4)
    return scores
