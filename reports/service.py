"""Draft every post classified as a report, one draft per incident.

A new post that describes an incident already drafted joins that draft as evidence instead of
starting a new one (``reports.incidents`` decides). A draft under review is regenerated from all
its posts, so its isi tells the chronology and counts the posts; a confirmed draft keeps the text
the operator confirmed and the post is linked as late evidence of its record (audited). A
rejected draft is never joined: a later post about it starts a new draft, because the operator
may have rejected the first one for lack of detail.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from classify.model import Prediction
from core.city import CityProfile
from core.domain import DraftStatus
from models import Classification, Draft, Post
from models.db import transaction
from reports import store
from reports.draft import DraftContent, draft_incident
from reports.facts import PostFacts, SourcePost, analyse_post
from reports.incidents import Evidence, best_incident, combined_prediction, evidence

log = logging.getLogger(__name__)
LOOKBACK_DAYS = 30  # drafts whose incident is older than this are not searched for a match


def prediction_of(row: Classification) -> Prediction:
    """Rebuild the classifier's verdict from its stored row."""
    return Prediction.from_stored(row.report_type, row.report_type_probability, row.opd_code,
                                  row.opd_probability, row.probabilities)


def prediction_of_draft(draft: Draft) -> Prediction:
    """The verdict a draft carries, for a post whose own classification is gone."""
    top3 = tuple((c, p) for c, p in draft.suggestions)
    probability = dict(top3).get(draft.opd_code, 1.0)
    return Prediction(report_type=draft.report_type,
                      report_type_probability=round(draft.confidence / max(probability, 1e-6), 4),
                      opd_code=draft.opd_code, opd_probability=probability, opd_top3=top3)


def verdicts_for(session: Session, draft: Draft, posts: Sequence[Post]) -> list[Prediction]:
    """Each post's newest classification, or the draft's own verdict when it has none."""
    rows = store.latest_classifications(session, [p.id for p in posts])
    return [prediction_of(rows[p.id]) if p.id in rows else prediction_of_draft(draft)
            for p in posts]


def source_of(post: Post) -> SourcePost:
    """What drafting needs of a stored post."""
    return SourcePost(text=post.text, posted_at=post.posted_at, platform=post.platform,
                      url=post.url)


@dataclass
class Incident:
    """A draft and the evidence of every post it holds (the matcher's view of it)."""

    draft: Draft | None
    members: list[Evidence] = field(default_factory=list)


def incident_content(facts: Sequence[PostFacts], predictions: Sequence[Prediction],
                     city: CityProfile) -> DraftContent:
    """The draft for all the posts about one incident, routed where most of them point."""
    return draft_incident(facts, combined_prediction(predictions), city)


def _content(members: Sequence[Evidence], city: CityProfile) -> DraftContent:
    return incident_content([m.facts for m in members], [m.prediction for m in members], city)


def _known_incidents(session: Session, city: CityProfile,
                     pending: Sequence[tuple[Post, Classification]]) -> list[Incident]:
    oldest = min(post.posted_at for post, _ in pending).date()
    incidents = []
    for draft in store.open_incidents(session, oldest - timedelta(days=LOOKBACK_DAYS)):
        members = [link.post for link in draft.sources]
        found = evidence([analyse_post(source_of(p), city) for p in members],
                         verdicts_for(session, draft, members))
        incidents.append(Incident(draft, found))
    return incidents


def _place(session: Session, city: CityProfile, incidents: list[Incident], post: Post,
           new: Evidence, model_version: str) -> str:
    """Put one post in its incident's draft, or a new one; say which ("baru"/"gabung")."""
    found = best_incident(new, [i.members for i in incidents])
    if found is None:
        incident = Incident(None, [new])
        incident.draft = store.create_draft(session, _content([new], city), [post],
                                            model_version)
        incidents.append(incident)
        return "baru"
    incident = incidents[found[0]]
    incident.members.append(new)
    store.add_evidence(session, incident.draft, post, found[1].similarity)
    if incident.draft.status == DraftStatus.MENUNGGU:
        store.rewrite_draft(incident.draft, _content(incident.members, city))
    return "gabung"


def draft_pending(factory: sessionmaker[Session], city: CityProfile, model_version: str) -> int:
    """Draft the reports classified by ``model_version``; returns how many new drafts."""
    with transaction(factory) as session:
        pending = store.drafts_needed(session, model_version)
        if not pending:
            return 0
        incidents = _known_incidents(session, city, pending)
        found = evidence([analyse_post(source_of(post), city) for post, _ in pending],
                         [prediction_of(cls) for _, cls in pending])
        outcomes = [_place(session, city, incidents, post, new, model_version)
                    for (post, _), new in zip(pending, found, strict=True)]
    log.info("drafted %d new reports, %d posts joined an existing draft",
             outcomes.count("baru"), outcomes.count("gabung"))
    return outcomes.count("baru")

