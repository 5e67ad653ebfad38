"""What one post says, worked out once: redacted text, place, incident date, normalised words.

Drafting and incident matching both start here, so redaction always comes first: nothing after
this module sees the post's personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from classify.normalize import normalize_text
from core.city import CityProfile
from reports.dates import IncidentDate, resolve_incident_date
from reports.formal import reduplicate
from reports.locate import Location, find_location
from reports.redact import RedactionResult, redact


@dataclass(frozen=True)
class SourcePost:
    """The parts of a post that drafting needs."""

    text: str
    posted_at: datetime
    platform: str
    url: str


@dataclass(frozen=True)
class PostFacts:
    """One post after redaction, with where and when the incident it describes happened."""

    post: SourcePost
    redaction: RedactionResult
    location: Location
    when: IncidentDate
    posted_on: date

    @cached_property
    def normalized(self) -> str:
        """The redacted text, normalised (lower case, slang expanded): for matching."""
        return normalize_text(reduplicate(self.redaction.text))


def analyse_post(post: SourcePost, city: CityProfile) -> PostFacts:
    """Redact ``post`` and find its place and incident date in the redacted text."""
    redacted = redact(post.text, public_handles=city.public_handles)
    return PostFacts(
        post=post, redaction=redacted, location=find_location(redacted.text, city),
        when=resolve_incident_date(redacted.text, post.posted_at, city.timezone),
        posted_on=post.posted_at.astimezone(ZoneInfo(city.timezone)).date(),
    )
