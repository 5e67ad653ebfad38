"""Polite HTTP: one configured client, robots.txt, one request at a time per host, bounded
retries honouring rate limits, conditional requests, and a body size bounded after decoding."""

from __future__ import annotations

import logging
import ssl
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from core.settings import Settings
from harvest.errors import FetchError, RobotsDisallowed, SourceUnavailable
from harvest.politeness import RobotsCache, host_turn, rate_limit_pause, retry_after

log = logging.getLogger(__name__)

UNAVAILABLE_STATUSES = {401, 403, 404, 410, 451}
RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
#: RFC 9309: crawlers must parse at least the first 500 KiB of a robots.txt.
ROBOTS_MAX_BYTES = 512_000


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
    max_redirects: int = 5

    @classmethod
    def from_settings(cls, settings: Settings, delay: float | None = None) -> HttpPolicy:
        """The policy configured by ``JARING_*`` settings (``delay`` overrides the host delay)."""
        return cls(user_agent=settings.user_agent, timeout_seconds=settings.http_timeout_seconds,
                   max_bytes=settings.http_max_bytes,
                   delay_seconds=settings.request_delay_seconds if delay is None else delay)


@dataclass(frozen=True)
class Response:
    """What a fetch returns: final URL, status, headers and the (bounded, decoded) body."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def not_modified(self) -> bool:
        """A 304: the page is unchanged since the validators we sent."""
        return self.status == 304

    @property
    def validators(self) -> dict[str, str]:
        """The ETag / Last-Modified to send next time, as stored per source and URL."""
        found = {"etag": self.headers.get("ETag"),
                 "last_modified": self.headers.get("Last-Modified")}
        return {k: v for k, v in found.items() if v}


def conditional_headers(validators: Mapping[str, str] | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for stored validators."""
    validators = validators or {}
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    return headers


def backoff_delay(attempt: int, policy: HttpPolicy) -> float:
    """Exponential backoff for a retry that came with no Retry-After."""
    return min(policy.backoff_seconds * (2**attempt), policy.max_retry_after_seconds)


class _BadBody(FetchError):
    """The body itself is unusable (too large, corrupt): retrying would not help."""


class BoundedBody:
    """Collects a body, inflating gzip/deflate itself so the DECODED size is bounded too."""

    def __init__(self, content_encoding: str | None, limit: int, url: str) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in {"gzip", "x-gzip", "deflate"}):
            raise _BadBody(f"pengodean isi {content_encoding!r} dari {url} tidak didukung")
        self.coding = codings[0] if codings else None
        self.limit, self.url = limit, url
        # wbits | 32 reads a gzip or zlib header; a header-less "deflate" is tried on failure.
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 32) if self.coding else None
        self._chunks: list[bytes] = []
        self.raw_size = self.size = 0

    def feed(self, raw: bytes) -> None:
        """Add raw bytes as they arrive; raises as soon as either size passes the limit."""
        self.raw_size += len(raw)
        if self.raw_size > self.limit:
            raise _BadBody(f"respons {self.url} melebihi batas {self.limit} byte")
        self._add(self._inflate(raw) if self._inflater else raw)

    def _inflate(self, raw: bytes) -> bytes:
        # max_length stops inflating one byte past the limit: a bomb never fills memory.
        try:
            return self._inflater.decompress(raw, self.limit - self.size + 1)
        except zlib.error:
            if self.coding == "deflate" and self.size == 0 and not self._chunks:
                self._inflater, self.coding = zlib.decompressobj(-zlib.MAX_WBITS), "raw"
                return self._inflate(raw)
            raise _BadBody(f"isi terkompresi dari {self.url} rusak") from None

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise _BadBody(f"isi respons {self.url} melebihi batas {self.limit} byte "
                           "setelah didekompresi")
        self._chunks.append(data)

    def finish(self) -> bytes:
        """The whole decoded body; a compressed stream that stops early is an error."""
        if self._inflater is not None and self.raw_size:
            self._add(self._inflater.flush())
            if not self._inflater.eof:
                raise _BadBody(f"isi terkompresi dari {self.url} terpotong")
        return b"".join(self._chunks)


@cache
def _tls_context() -> ssl.SSLContext:
    # Loading the CA bundle costs ~45 ms; one verified context serves every client.
    return httpx.create_ssl_context()


class PoliteClient:
    """Wraps one ``httpx.Client``; every fetch of a harvest goes through it.

    ``robots`` may be shared by the clients of a run (the flow does); by default each client
    keeps its own.
    """

    def __init__(self, policy: HttpPolicy, transport: httpx.BaseTransport | None = None,
                 robots: RobotsCache | None = None) -> None:
        self.policy = policy
        self._client = httpx.Client(
            headers={"User-Agent": policy.user_agent, "Accept-Language": "id,en;q=0.5",
                     "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(policy.timeout_seconds),
            follow_redirects=False,  # each hop is checked against robots.txt and its host's turn
            transport=transport,
            verify=_tls_context(),
        )
        self._robots = robots if robots is not None else RobotsCache()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the underlying connection pool."""
        self._client.close()

    def get(self, url: str, headers: Mapping[str, str] | None = None, *,
            validators: Mapping[str, str] | None = None) -> Response:
        """Fetch ``url`` politely; raises the harvest errors, never httpx's.

        ``headers`` carry per-source extras such as an API token; they are never logged and
        never follow a redirect to another host. ``validators`` (ETag / Last-Modified stored
        for this URL) make the request conditional: a 304 comes back as a Response.
        """
        extra = {**(headers or {}), **conditional_headers(validators)}
        for _hop in range(self.policy.max_redirects + 1):
            if self.policy.respect_robots and not self._allowed(url):
                raise RobotsDisallowed(f"robots.txt melarang mengambil {url}")
            response = self._fetch_with_retries(url, extra)
            location = response.headers.get("Location")
            if response.status not in REDIRECT_STATUSES or not location:
                return self._finish(response)
            target = urljoin(url, location)
            if _origin(target) != _origin(url):
                extra = {}
            log.debug("following redirect %s -> %s", url, target)
            url = target
        raise FetchError(f"terlalu banyak pengalihan (lebih dari {self.policy.max_redirects}) "
                         f"saat mengambil {url}")

    def _fetch_with_retries(self, url: str, headers: Mapping[str, str]) -> Response:
        host = urlsplit(url).netloc
        last_error = "tidak diketahui"
        for attempt in range(self.policy.max_retries + 1):
            with host_turn(host, delay=self.policy.delay_seconds,
                           max_wait=self.policy.max_retry_after_seconds) as gate:
                try:
                    response = self._fetch_bounded(url, headers)
                except _BadBody:
                    raise
                except FetchError as exc:
                    last_error, response = str(exc), None
                else:
                    pause = rate_limit_pause(response.headers)
                    if pause:
                        log.info("%s: rate limit used up; pausing the host %.1fs", host, pause)
                        gate.defer(pause)
                    if response.status not in RETRY_STATUSES:
                        return response
                    last_error = f"HTTP {response.status}"
                # The host's gate carries the wait, so other tasks leave it alone too.
                gate.defer(self._retry_wait(response, attempt))
            log.info("%s failed (%s); attempt %d of %d", url, last_error, attempt + 1,
                     self.policy.max_retries + 1)
        raise FetchError(f"gagal mengambil {url} setelah {self.policy.max_retries + 1} percobaan: "
                         f"{last_error}")

    def _retry_wait(self, response: Response | None, attempt: int) -> float:
        """The server's Retry-After if it gave one, else backoff when another attempt follows."""
        wait = retry_after(response.headers) if response is not None else None
        if wait is not None:
            return wait
        return backoff_delay(attempt, self.policy) if attempt < self.policy.max_retries else 0.0

    def _finish(self, response: Response) -> Response:
        if response.status in UNAVAILABLE_STATUSES:
            raise SourceUnavailable(f"{response.url} tidak tersedia (HTTP {response.status})")
        if response.status >= 400 or (response.status >= 300 and not response.not_modified):
            raise FetchError(f"{response.url} menjawab HTTP {response.status}")
        return response

    def _fetch_bounded(self, url: str, headers: Mapping[str, str] | None,
                       follow_redirects: bool = False) -> Response:
        try:
            with self._client.stream("GET", url, headers=headers,
                                     follow_redirects=follow_redirects) as response:
                body = self._read(response, url) if response.is_success else b""
                return Response(str(response.url), response.status_code, response.headers, body)
        except httpx.TooManyRedirects:
            raise FetchError(f"terlalu banyak pengalihan saat mengambil {url}") from None
        except httpx.TimeoutException:
            raise FetchError(f"waktu habis saat mengambil {url}") from None
        except httpx.TransportError as exc:
            raise FetchError(f"koneksi gagal ke {url}: {exc.__class__.__name__}") from None

    def _read(self, response: httpx.Response, url: str) -> bytes:
        limit = self.policy.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _BadBody(f"respons {url} terlalu besar ({declared} byte)")
        body = BoundedBody(response.headers.get("Content-Encoding"), limit, url)
        # The timeout bounds each read; this bounds the whole body against a slow drip.
        deadline = time.monotonic() + 3 * self.policy.timeout_seconds
        for chunk in response.iter_raw():
            body.feed(chunk)
            if time.monotonic() > deadline:
                raise FetchError(f"waktu habis saat membaca isi {url}")
        return body.finish()

    def _allowed(self, url: str) -> bool:
        origin = _origin(url)
        known, rules = self._robots.lookup(origin)
        if not known:
            rules = self._load_robots(origin)
        return True if rules is None else rules.can_fetch(url, self.policy.user_agent)

    def _load_robots(self, origin: str) -> Protego | None:
        # RFC 9309: a 4xx robots.txt means no rules; an unreachable one (5xx, network) means
        # "assume complete disallow" for now, which we report as a retryable fetch failure.
        # A 429 is treated like a 5xx: the host asked us to slow down, not to go anywhere.
        try:
            with host_turn(urlsplit(origin).netloc, delay=self.policy.delay_seconds,
                           max_wait=self.policy.max_retry_after_seconds):
                known, rules = self._robots.lookup(origin)  # another task may have just read it
                if known:
                    return rules
                response = self._fetch_bounded(f"{origin}/robots.txt", None, follow_redirects=True)
        except _BadBody as exc:
            raise FetchError(f"robots.txt {origin} tidak dapat dibaca: {exc}") from None
        except FetchError as exc:
            raise FetchError(f"robots.txt {origin} tidak dapat dijangkau: {exc}") from None
        if response.status >= 500 or response.status == 429:
            raise FetchError(f"robots.txt {origin} menjawab HTTP {response.status}")
        rules = None if response.status >= 400 else Protego.parse(
            response.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace"))
        self._robots.store(origin, rules)
        return rules


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()

