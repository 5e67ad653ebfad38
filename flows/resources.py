"""Resources a flow run opens from settings: database, city profile, HTTP policy, secrets."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from sqlalchemy.orm import Session, sessionmaker

from core.city import CityProfile, load_city_profile
from core.settings import Settings, get_settings, load_pseudonym_key
from harvest.http import HttpPolicy
from harvest.politeness import RobotsCache
from models.db import close_database, open_database


@dataclass(frozen=True)
class Resources:
    """Everything a task needs besides its arguments."""

    settings: Settings
    factory: sessionmaker[Session]
    city: CityProfile
    key: bytes
    #: robots.txt answers shared by every harvest task of the process (one fetch per host).
    robots: RobotsCache = field(default_factory=RobotsCache)

    def http_policy(self, delay: float | None = None) -> HttpPolicy:
        """The harvester's manners from settings (``delay`` overrides the per-host delay)."""
        return HttpPolicy.from_settings(self.settings, delay)


@cache
def resources() -> Resources:
    """Open once per process; tasks in threads share the session factory, not sessions."""
    settings = get_settings()
    settings.ensure_data_dir()
    return Resources(settings=settings, factory=open_database(settings.resolved_database_url),
                     city=load_city_profile(settings.city_profile),
                     key=load_pseudonym_key(settings))


def close_resources() -> None:
    """Close the process's database connections and forget its resources (the next
    :func:`resources` call opens them afresh from the settings of that time)."""
    if resources.cache_info().currsize:
        close_database(resources().factory)
    resources.cache_clear()
