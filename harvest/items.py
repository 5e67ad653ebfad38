"""Plain items that parsers yield; storing and deduplicating happen elsewhere."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True, slots=True)
class HarvestedPost:
    """One public post as parsed from a platform's page; ``author`` is raw, never stored."""

    external_id: str
    url: str
    text: str
    posted_at: datetime
    author: str | None = None
    has_media: bool = False
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """The posts of one fetched page and the URL of the next (older) page, if any."""

    posts: tuple[HarvestedPost, ...]
    older_url: str | None = None
