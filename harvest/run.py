"""Walk a source's pages from newest to older until the stored cursor is reached.

The cursor only ever moves over posts that are stored in the same transaction. When a walk
stops early (page limit, or a page failing after earlier pages were fetched) and older unseen
posts may remain, the place to resume is kept as a *backlog*; the next run walks the backlog
first, so every gap is closed before the cursor moves past it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.errors import ConfigError
from harvest.config import SourceConfig
from harvest.errors import HarvestError, ParseError
from harvest.http import PoliteClient
from harvest.items import HarvestedPost, ParsedPage
from harvest.sources import get_kind
from harvest.sources.base import SourceKind

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backlog:
    """Older pages an earlier run did not reach: resume at ``url``; posts after ``mark`` are
    already stored, posts after the cursor and before ``url``'s page are not (yet)."""

    url: str
    mark: str


@dataclass(frozen=True)
class HarvestResult:
    """Posts of the fetched pages (new, edited or known), oldest first, and what to store."""

    posts: tuple[HarvestedPost, ...]
    cursor: str | None
    pages: int
    #: False when the walk stopped before the stored cursor (the backlog says where to resume).
    complete: bool = True
    backlog: Backlog | None = None
    #: ETag / Last-Modified of the first page, per URL; None keeps the stored ones.
    validators: dict[str, dict[str, str]] | None = None
    #: The first page answered 304: nothing new at all.
    not_modified: bool = False
    #: A page failed after earlier pages were fetched: store them, report this as the error.
    error: HarvestError | None = None


@dataclass
class _Leg:
    """One walk from a start URL towards a stop mark."""

    next_url: str | None  # the page not yet fetched when the walk stopped (None: nothing left)
    done: bool = False  # reached the stop mark, the last page, or a 304
    error: HarvestError | None = None
    response_validators: dict[str, str] | None = None
    not_modified: bool = False


@dataclass
class _Walker:
    client: PoliteClient
    kind: SourceKind
    name: str
    headers: dict[str, str]
    budget: int
    found: dict[str, HarvestedPost] = field(default_factory=dict)
    pages: int = 0

    def walk(self, url: str, stop: str | None, *, first_page: bool = False,
             validators: Mapping[str, str] | None = None) -> _Leg:
        """Fetch pages from ``url`` until a post at or before ``stop``, the end, or the budget."""
        leg, visited = _Leg(next_url=url), set()
        while leg.next_url and self.budget > 0:
            current = leg.next_url
            try:
                response = self.client.get(current, self.headers, validators=validators)
                self.budget, self.pages = self.budget - 1, self.pages + 1
                if response.not_modified:
                    leg.done = leg.not_modified = True
                    leg.next_url = None
                    return leg
                page = parse_page(self.kind, response.body, response.url, response.headers)
                self._check_page(page, current, visited, first_page, stop)
            except HarvestError as exc:
                leg.error = exc
                return leg
            if first_page:
                leg.response_validators = response.validators
            first_page, validators = False, None
            visited.add(current)
            for post in page.posts:  # seen posts are kept too: storing them notices edits
                self.found.setdefault(post.external_id, post)
            leg.next_url = page.older_url
            if any(self.kind.is_seen(p, stop) for p in page.posts):
                leg.next_url = None  # what follows is already stored
        leg.done = leg.next_url is None
        return leg

    def _check_page(self, page: ParsedPage, url: str, visited: set[str], first_page: bool,
                    stop: str | None) -> None:
        if first_page and not page.posts:
            if stop is not None and self.kind.empty_page_is_suspicious:
                # The newest scraped page of a source that had posts is never empty: the markup
                # moved. (API and feed kinds validate structure and may legitimately be empty.)
                raise ParseError(f"halaman terbaru {url} tidak berisi unggahan, padahal sumber "
                                 "ini pernah berisi (markup berubah?)")
            log.warning("source %s: its newest page has no posts yet", self.name)
        if page.older_url and (page.older_url == url or page.older_url in visited):
            raise ParseError(f"halaman {url} menunjuk kembali ke halaman yang sudah dibaca")

    def posts(self) -> tuple[HarvestedPost, ...]:
        return tuple(sorted(self.found.values(), key=lambda p: (p.posted_at, p.external_id)))


def harvest_source(
    client: PoliteClient, config: SourceConfig, cursor: str | None, max_pages: int, *,
    backlog: Backlog | None = None, validators: Mapping[str, Mapping[str, str]] | None = None,
) -> HarvestResult:
    """Fetch pages of ``config`` (its backlog first) until a seen post, the end or the limit.

    Raises the harvest error when nothing at all could be fetched; a failure after some pages
    comes back as ``HarvestResult.error`` with those pages' posts, to be stored.
    """
    kind = get_kind(config.kind).with_options(config.options)
    first_url, headers = _request_setup(kind, config)
    walker = _Walker(client, kind, config.name, headers, budget=config.max_pages or max_pages)
    stop = cursor
    if backlog is not None:
        tail = walker.walk(backlog.url, cursor)
        if not tail.done:
            resume = Backlog(tail.next_url or backlog.url, backlog.mark)
            return _finish(walker, cursor, resume, tail.error)
        stop = backlog.mark  # the gap is closed: everything up to the mark is stored
        if walker.budget == 0:
            return _finish(walker, stop, None, None)
    conditional = (validators or {}).get(first_url) if stop is not None else None
    head = walker.walk(first_url, stop, first_page=True, validators=conditional)
    # Validators are replaced whenever the newest page was read (none sent back: none kept).
    fresh = None if head.response_validators is None else (
        {first_url: head.response_validators} if head.response_validators else {})
    progressed = head.next_url != first_url
    mark = kind.advance_cursor(stop, walker.posts())
    if head.done or stop is None:
        # A first harvest takes at most the page limit of history; older posts are not wanted.
        return _finish(walker, mark if progressed else stop, None, head.error, fresh,
                       head.not_modified)
    if not progressed:
        return _finish(walker, stop, None, head.error)
    log.warning("source %s: stopped before the stored cursor; resuming at %s next run",
                config.name, head.next_url)
    return _finish(walker, stop, Backlog(head.next_url, mark), head.error, fresh)


def _finish(walker: _Walker, cursor: str | None, backlog: Backlog | None,
            error: HarvestError | None, validators: dict | None = None,
            not_modified: bool = False) -> HarvestResult:
    if error is not None and not walker.found:
        raise error  # nothing to store: a plain failure
    return HarvestResult(posts=walker.posts(), cursor=cursor, pages=walker.pages,
                         complete=backlog is None, backlog=backlog, validators=validators,
                         not_modified=not_modified, error=error)


def parse_page(kind: SourceKind, body: bytes, url: str,
               headers: Mapping[str, str] | None = None) -> ParsedPage:
    """``kind.parse``, where a crash of the parser becomes a ParseError for this source."""
    try:
        return kind.parse(body, url, headers)
    except HarvestError:
        raise
    except Exception as exc:
        # A parser bug on a strange page must fail this source, not the whole run.
        log.exception("parser %s crashed on %s", kind.name, url)
        raise ParseError(f"pengurai {kind.name} gagal pada {url}: "
                         f"{exc.__class__.__name__}") from exc


def _request_setup(kind: SourceKind, config: SourceConfig) -> tuple[str, dict[str, str]]:
    """The newest page's URL and the source's request headers (a token may have gone)."""
    try:
        return kind.first_url(config.options), kind.request_headers(config.options)
    except ValueError as exc:
        raise ConfigError(f"sumber {config.name}: {exc}") from None


def fetch_newest_page(client: PoliteClient, config: SourceConfig) -> ParsedPage:
    """Fetch and parse only the newest page of ``config`` (``jaring sources test``)."""
    kind = get_kind(config.kind).with_options(config.options)
    first_url, headers = _request_setup(kind, config)
    response = client.get(first_url, headers)
    return parse_page(kind, response.body, response.url, response.headers)
