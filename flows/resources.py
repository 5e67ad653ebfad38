"""Resources a flow run opens from settings: database, city profile, HTTP policy, secrets."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy.orm import Session, sessionmaker

from core.city import CityProfile, load_city_profile
from core.settings import Settings, get_settings, load_pseudonym_key
from harvest.http import HttpPolicy
from models.db import open_database


@dataclass(frozen=True)
class Resources:
    """Everything a task needs besides its arguments."""

    settings: Settings
    factory: sessionmaker[Session]
    city: CityProfile
    key: bytes

    def http_policy(self, delay: float | None = None) -> HttpPolicy:
        """The harvester's manners from settings (``delay`` overrides the per-host delay)."""
        s = self.settings
        return HttpPolicy(user_agent=s.user_agent, timeout_seconds=s.http_timeout_seconds,
                          max_bytes=s.http_max_bytes,
                          delay_seconds=s.request_delay_seconds if delay is None else delay)


@cache
def resources() -> Resources:
    """Open once per process; tasks in threads share the session factory, not sessions."""
    settings = get_settings()
    settings.ensure_data_dir()
    return Resources(settings=settings, factory=open_database(settings.resolved_database_url),
                     city=load_city_profile(settings.city_profile),
                     key=load_pseudonym_key(settings))
