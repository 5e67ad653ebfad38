"""How long to leave a host alone: per-host turns shared by the process, and the headers
(``Retry-After``, ``X-RateLimit-*``, ``RateLimit-*``) that say so."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from harvest.errors import FetchError

#: A numeric reset above this is an epoch timestamp (GitHub style), not a number of seconds.
EPOCH_THRESHOLD = 1_000_000_000
_STRUCTURED = re.compile(r"\b(remaining|r|reset|t)\s*=\s*([0-9.]+)", re.IGNORECASE)
_FIELD_NAMES = {"remaining": "remaining", "r": "remaining", "reset": "reset", "t": "reset"}


def _seconds_until(value: str, now: float) -> float | None:
    """Seconds from ``now`` (epoch) until ``value``: delta seconds, epoch, ISO 8601 or HTTP date."""
    value = value.strip()
    try:
        number = float(value)
    except ValueError:
        pass
    else:
        return number - now if number > EPOCH_THRESHOLD else number
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp() - now


def retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta seconds or an HTTP date), or None."""
    value = headers.get("Retry-After")
    if not value:
        return None
    seconds = _seconds_until(value, time.time() if now is None else now)
    return None if seconds is None else max(seconds, 0.0)


def _remaining_and_reset(headers: Mapping[str, str]) -> tuple[str | None, str | None]:
    # httpx headers are case-insensitive, so X-RateLimit-* also covers Reddit's X-Ratelimit-*.
    for prefix in ("X-RateLimit-", "RateLimit-"):
        remaining = headers.get(f"{prefix}Remaining")
        if remaining is not None:
            return remaining, headers.get(f"{prefix}Reset")
    # The IETF draft's single structured header: `RateLimit: limit=10, remaining=0, reset=30`
    # (or `r=0;t=30` in later drafts).
    fields = {_FIELD_NAMES[k.lower()]: v
              for k, v in _STRUCTURED.findall(headers.get("RateLimit", ""))}
    return fields.get("remaining"), fields.get("reset")


def rate_limit_pause(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait before the host's next request when its quota is used up, else None."""
    remaining, reset = _remaining_and_reset(headers)
    if remaining is None:
        return None
    try:
        if float(remaining) >= 1:
            return None
    except ValueError:
        return None
    seconds = _seconds_until(reset, time.time() if now is None else now) if reset else None
    return 60.0 if seconds is None else max(seconds, 0.0)  # no reset given: wait a minute


class HostGate:
    """One host's turn: a lock held for the whole request, and when the host is free again."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.free_at = 0.0  # time.monotonic() before which the host must not be asked

    def defer(self, seconds: float) -> None:
        """Keep every task of the process away from the host for ``seconds`` from now."""
        self.free_at = max(self.free_at, time.monotonic() + seconds)


_gates: dict[str, HostGate] = {}
_gates_lock = threading.Lock()


def host_gate(host: str) -> HostGate:
    """The process-wide gate of ``host`` (``name:port``), shared by every client and thread."""
    with _gates_lock:
        return _gates.setdefault(host.lower(), HostGate())


@contextmanager
def host_turn(host: str, *, delay: float, max_wait: float) -> Iterator[HostGate]:
    """Wait for ``host`` to be free, hold it during the block, then keep it for ``delay``.

    A wait longer than ``max_wait`` (a long rate-limit reset) is refused with a FetchError
    rather than slept through: the source tries again on its next run.
    """
    gate = host_gate(host)
    with gate.lock:
        wait = gate.free_at - time.monotonic()
        if wait > max_wait:
            raise FetchError(f"{host} meminta jeda {wait:.0f} detik (batas laju); "
                             "dicoba lagi pada putaran berikutnya")
        if wait > 0:
            time.sleep(wait)
        try:
            yield gate
        finally:
            gate.defer(delay)


class RobotsCache:
    """robots.txt rules per origin, shared by the clients of a process; entries expire.

    RFC 9309 lets a crawler keep a robots.txt for up to 24 hours; an hour keeps changes
    noticed the same day. Only answers are kept (rules, or None for "no rules"), never failures.
    """

    def __init__(self, ttl_seconds: float = 3600.0) -> None:
        self.ttl_seconds = ttl_seconds
        self._entries: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def lookup(self, origin: str) -> tuple[bool, Any]:
        """``(True, rules)`` when a fresh answer for ``origin`` is kept, else ``(False, None)``."""
        with self._lock:
            entry = self._entries.get(origin)
        if entry is None or time.monotonic() - entry[0] > self.ttl_seconds:
            return False, None
        return True, entry[1]

    def store(self, origin: str, rules: Any) -> None:
        """Keep the answer for ``origin``."""
        with self._lock:
            self._entries[origin] = (time.monotonic(), rules)
