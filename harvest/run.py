"""Walk a source's pages from newest to older until the stored cursor is reached."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from harvest.config import SourceConfig
from harvest.errors import ParseError
from harvest.http import PoliteClient
from harvest.items import HarvestedPost
from harvest.sources import get_kind

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HarvestResult:
    """Posts of the fetched pages (new, edited or known), oldest first, and the next cursor."""

    posts: tuple[HarvestedPost, ...]
    cursor: str | None
    pages: int
    #: False when the page limit stopped the walk before the stored cursor was reached.
    complete: bool = True


def harvest_source(
    client: PoliteClient, config: SourceConfig, cursor: str | None, max_pages: int
) -> HarvestResult:
    """Fetch pages of ``config`` until a seen post, the last page, or ``max_pages``."""
    kind = get_kind(config.kind)
    url: str | None = kind.first_url(config.options)
    limit = config.max_pages or max_pages
    headers = kind.request_headers(config.options)
    found: dict[str, HarvestedPost] = {}
    pages = 0
    reached = False
    while url and pages < limit:
        response = client.get(url, headers)
        page = kind.parse(response.body, response.url, response.headers)
        pages += 1
        if pages == 1 and not page.posts and cursor is None:
            log.info("source %s has no posts yet", config.name)
        # Seen posts of a fetched page are kept too: storing them notices edits on the platform.
        for post in page.posts:
            found.setdefault(post.external_id, post)
        if any(kind.is_seen(p, cursor) for p in page.posts):
            reached = True  # what follows is already stored
            break
        if page.older_url == url:
            raise ParseError(f"halaman {url} menunjuk dirinya sendiri sebagai halaman lama")
        url = page.older_url
    posts = tuple(sorted(found.values(), key=lambda p: (p.posted_at, p.external_id)))
    complete = reached or url is None or cursor is None
    if not complete:
        log.warning("source %s: page limit %d reached before the stored cursor; older posts "
                    "between them are skipped", config.name, limit)
    return HarvestResult(posts=posts, cursor=kind.advance_cursor(cursor, posts), pages=pages,
                         complete=complete)
