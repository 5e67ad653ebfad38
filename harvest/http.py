"""Polite HTTP: one configured client, robots.txt, per-host delay, bounded retries and size."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx
from protego import Protego

from harvest.errors import FetchError, RobotsDisallowed, SourceUnavailable

log = logging.getLogger(__name__)

UNAVAILABLE_STATUSES = {401, 403, 404, 410, 451}
RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class HttpPolicy:
    """Limits and manners of the harvester; defaults come from settings."""

    user_agent: str
    timeout_seconds: float = 20.0
    max_bytes: int = 5_000_000
    delay_seconds: float = 1.0
    max_retries: int = 3
    backoff_seconds: float = 2.0
    max_retry_after_seconds: float = 120.0
    respect_robots: bool = True


@dataclass(frozen=True)
class Response:
    """What a fetch returns: final URL, status, headers and the (bounded) body."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes


def retry_delay(response: httpx.Response | None, attempt: int, policy: HttpPolicy) -> float:
    """Seconds to wait before the next attempt: Retry-After if given, else exponential."""
    header = response.headers.get("Retry-After") if response is not None else None
    if header:
        try:
            seconds = float(header)
        except ValueError:
            try:
                seconds = parsedate_to_datetime(header).timestamp() - time.time()
            except (TypeError, ValueError):
                seconds = policy.backoff_seconds
        return min(max(seconds, 0.0), policy.max_retry_after_seconds)
    return min(policy.backoff_seconds * (2**attempt), policy.max_retry_after_seconds)


class PoliteClient:
    """Wraps one ``httpx.Client``; every fetch of a run goes through it."""

    def __init__(self, policy: HttpPolicy, transport: httpx.BaseTransport | None = None) -> None:
        self.policy = policy
        self._client = httpx.Client(
            headers={"User-Agent": policy.user_agent, "Accept-Language": "id,en;q=0.5"},
            timeout=httpx.Timeout(policy.timeout_seconds),
            follow_redirects=True,
            max_redirects=5,
            transport=transport,
        )
        self._robots: dict[str, Protego | None] = {}
        self._last_request: dict[str, float] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the underlying connection pool."""
        self._client.close()

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """Fetch ``url`` politely; raises the harvest errors, never httpx's.

        ``headers`` carry per-source extras such as an API token; they are never logged.
        """
        if self.policy.respect_robots and not self._allowed(url):
            raise RobotsDisallowed(f"robots.txt melarang mengambil {url}")
        last_error = "tidak diketahui"
        for attempt in range(self.policy.max_retries + 1):
            self._wait_turn(url)
            try:
                response = self._fetch_bounded(url, headers)
            except FetchError as exc:
                last_error, response = str(exc), None
            else:
                if response.status_code not in RETRY_STATUSES:
                    return self._finish(url, response)
                last_error = f"HTTP {response.status_code}"
            if attempt < self.policy.max_retries:
                delay = retry_delay(response, attempt, self.policy)
                log.info("retrying %s in %.1fs after %s", url, delay, last_error)
                time.sleep(delay)
        raise FetchError(f"gagal mengambil {url} setelah {self.policy.max_retries + 1} percobaan: "
                         f"{last_error}")

    def _finish(self, url: str, response: httpx.Response) -> Response:
        if response.status_code in UNAVAILABLE_STATUSES:
            raise SourceUnavailable(f"{url} tidak tersedia (HTTP {response.status_code})")
        if response.status_code >= 400:
            raise FetchError(f"{url} menjawab HTTP {response.status_code}")
        return Response(str(response.url), response.status_code, response.headers,
                        response.content)

    def _fetch_bounded(self, url: str, headers: Mapping[str, str] | None) -> httpx.Response:
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
                    raise FetchError(f"respons {url} terlalu besar ({declared} byte)")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.policy.max_bytes:
                        raise FetchError(
                            f"respons {url} melebihi batas {self.policy.max_bytes} byte")
                    chunks.append(chunk)
                response._content = b"".join(chunks)
                return response
        except httpx.TooManyRedirects:
            raise FetchError(f"terlalu banyak pengalihan saat mengambil {url}") from None
        except httpx.DecodingError as exc:
            raise FetchError(f"isi respons {url} rusak: {exc}") from None
        except httpx.TimeoutException:
            raise FetchError(f"waktu habis saat mengambil {url}") from None
        except httpx.TransportError as exc:
            raise FetchError(f"koneksi gagal ke {url}: {exc.__class__.__name__}") from None

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        with self._lock:
            last = self._last_request.get(host)
            wait = 0.0 if last is None else last + self.policy.delay_seconds - time.monotonic()
            self._last_request[host] = time.monotonic() + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)  # failures are not cached
        rules = self._robots[origin]
        return True if rules is None else rules.can_fetch(url, self.policy.user_agent)

    def _load_robots(self, origin: str) -> Protego | None:
        # RFC 9309: a 4xx robots.txt means no rules; an unreachable one (5xx, network) means
        # "assume complete disallow" for now, which we report as a retryable fetch failure.
        try:
            response = self._client.get(f"{origin}/robots.txt")
        except httpx.HTTPError as exc:
            raise FetchError(f"robots.txt {origin} tidak dapat dijangkau: "
                             f"{exc.__class__.__name__}") from None
        if response.status_code >= 500:
            raise FetchError(f"robots.txt {origin} menjawab HTTP {response.status_code}")
        if response.status_code >= 400 or len(response.content) > 512_000:
            return None
        return Protego.parse(response.text)
