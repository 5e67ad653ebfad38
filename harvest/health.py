"""Source health: is a source working, how much does it bring, and has it gone quiet?

Pure functions over what the store reads; "senyap" (silent) means the time since the newest
stored post is longer than the source's usual rhythm: a high quantile of its recent gaps
between posts, times a factor, never less than a floor, and only with enough history.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

#: Gaps needed before silence is judged (fewer posts say nothing about a rhythm).
MIN_GAPS = 8
#: How many of the newest posts describe the rhythm.
RHYTHM_POSTS = 200
GAP_QUANTILE = 0.9
SILENCE_FACTOR = 3.0
#: A channel that posts every few minutes is still not "silent" after a quiet morning.
MIN_SILENCE = timedelta(hours=24)

STATUS_LABELS = {
    "nonaktif": "dinonaktifkan di berkas sumber",
    "belum": "belum pernah dipanen",
    "galat": "panen terakhir gagal",
    "senyap": "lebih lama diam daripada biasanya",
    "kosong": "dipanen, tetapi belum ada unggahan",
    "sehat": "bekerja",
}


@dataclass(frozen=True)
class SourceHealth:
    """Everything ``jaring sources status`` and the run artifact show about one source."""

    name: str
    kind: str
    enabled: bool
    status: str
    last_run_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    consecutive_failures: int
    posts_total: int
    posts_7d: int
    posts_30d: int
    newest_post_at: datetime | None
    silent: bool
    silence_threshold_hours: float | None
    backlog: bool

    @property
    def per_day_7d(self) -> float:
        """Posts per day over the last 7 days."""
        return round(self.posts_7d / 7, 2)

    @property
    def per_day_30d(self) -> float:
        """Posts per day over the last 30 days."""
        return round(self.posts_30d / 30, 2)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (times as ISO 8601 UTC)."""
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, datetime):
                data[key] = value.isoformat().replace("+00:00", "Z")
        return {**data, "per_day_7d": self.per_day_7d, "per_day_30d": self.per_day_30d}


def never_harvested(name: str, kind: str, enabled: bool) -> SourceHealth:
    """The health of a configured source with no row yet (it was never harvested)."""
    return SourceHealth(
        name=name, kind=kind, enabled=enabled,
        status=status_of(enabled=enabled, ran=False, failures=0, silent=False, posts=0),
        last_run_at=None, last_success_at=None, last_error=None, last_error_at=None,
        consecutive_failures=0, posts_total=0, posts_7d=0, posts_30d=0, newest_post_at=None,
        silent=False, silence_threshold_hours=None, backlog=False)


def refreshed(item: SourceHealth, *, enabled: bool) -> SourceHealth:
    """``item`` with ``enabled`` as the sources file now says, and its status recomputed."""
    return replace(item, enabled=enabled, status=status_of(
        enabled=enabled, ran=item.last_run_at is not None, failures=item.consecutive_failures,
        silent=item.silent, posts=item.posts_total))


def silence_threshold(times: Sequence[datetime]) -> timedelta | None:
    """How long a source with these posting times may stay quiet; None with too little history.

    ``times`` are the newest posts' times in any order.
    """
    ordered = sorted(times)
    gaps = [later - earlier for earlier, later in itertools.pairwise(ordered)]
    if len(gaps) < MIN_GAPS:
        return None
    gaps.sort()
    rank = max(math.ceil(GAP_QUANTILE * len(gaps)) - 1, 0)  # nearest-rank quantile
    return max(gaps[rank] * SILENCE_FACTOR, MIN_SILENCE)


def is_silent(times: Sequence[datetime], now: datetime) -> tuple[bool, timedelta | None]:
    """Whether the newest of ``times`` is older than the rhythm allows, and the threshold."""
    threshold = silence_threshold(times)
    if threshold is None or not times:
        return False, threshold
    return now - max(times) > threshold, threshold


def status_of(*, enabled: bool, ran: bool, failures: int, silent: bool, posts: int) -> str:
    """One word for the state, worst first: nonaktif, galat, senyap, belum, kosong, sehat."""
    if not enabled:
        return "nonaktif"
    if failures > 0:
        return "galat"
    if silent:
        return "senyap"
    if not ran:
        return "belum"
    return "kosong" if posts == 0 else "sehat"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


#: Column names (Indonesian, for operators) of a health row, in display order.
COLUMNS = ("Sumber", "Jenis", "Status", "Sukses terakhir", "Gagal berturut", "Unggahan/hari 7h",
           "Unggahan/hari 30h", "Unggahan terbaru", "Galat terakhir")


def display_row(item: SourceHealth) -> dict[str, str]:
    """One source as text cells keyed by :data:`COLUMNS` (the CLI table and the run artifact)."""
    status = item.status + (" (tertunda)" if item.backlog else "")
    if item.silent and item.status != "senyap":
        status += ", senyap"
    return dict(zip(COLUMNS, (
        item.name, item.kind, status, _when(item.last_success_at), str(item.consecutive_failures),
        f"{item.per_day_7d:g}", f"{item.per_day_30d:g}", _when(item.newest_post_at),
        (item.last_error or "-") if item.consecutive_failures else "-",
    ), strict=True))
