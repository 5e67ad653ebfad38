"""What the Facebook and Instagram kinds share: the Graph API's token, paging and nesting."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from harvest.errors import ParseError
from harvest.items import HarvestedPost, ParsedPage
from harvest.sources.base import (
    JsonSourceKind,
    bounded_int,
    env_secret,
    field,
    items_of,
    next_url_with,
    option_url,
    unique_posts,
)

GRAPH = "https://graph.facebook.com/v23.0"
_VERSION = re.compile(r"^v\d+\.\d+$")
#: Query parameters of ``paging.next`` that say where the next page starts.
PAGING_PARAMS = ("after", "until", "since", "offset", "__paging_token")


def graph_older_url(document: dict[str, Any], url: str) -> str | None:
    """The next (older) page: ``paging.next``'s paging parameters applied to the URL we fetched.

    Only paging parameters are taken from ``next``, so the host stays the configured one
    and a token echoed into ``next`` never reaches a stored URL or an error message.
    """
    paging = field(document, "paging", dict, default={})
    following = field(paging, "next", str, default="")
    if not following:
        return None
    params = {k: v for k, v in parse_qsl(urlsplit(following).query) if k in PAGING_PARAMS}
    after = field(field(paging, "cursors", dict, default={}), "after", str, default="")
    if after:
        params["after"] = after
    if not params:
        raise ParseError(f"paging.next pada {url} tanpa parameter halaman")
    return next_url_with(url, before=None, **params)


def graph_node_url(page_url: str, node_id: str) -> str:
    """The Graph API URL of one object, on the host (and API version) ``page_url`` used."""
    parts = urlsplit(page_url)
    segments = [s for s in parts.path.split("/") if s]
    prefix = f"/{segments[0]}" if segments and _VERSION.match(segments[0]) else ""
    return f"{parts.scheme}://{parts.netloc}{prefix}/{node_id}"


def nested(item: dict[str, Any], edge: str) -> list[dict[str, Any]]:
    """Objects of an expanded edge (``comments{...}``), or none when it was not expanded."""
    value = field(item, edge, dict, default=None)
    return items_of(value, "data") if value is not None else []


class GraphSourceKind(JsonSourceKind):
    """A Graph API kind: token from the environment in a Bearer header, cursor paging."""

    token_env: str = ""

    def validate(self, options: Mapping[str, Any]) -> None:
        super().validate(options)
        option_url(options, "base_url", GRAPH)
        bounded_int(options, "limit", 25, 1, 100)
        env_secret(options, "token_env", self.token_env)

    def request_headers(self, options: Mapping[str, Any]) -> dict[str, str]:
        # A header, never ?access_token=: URLs end up in logs and error messages.
        return {"Authorization": f"Bearer {env_secret(options, 'token_env', self.token_env)}"}

    def graph_url(self, options: Mapping[str, Any], path: str, **params: Any) -> str:
        """``path`` on the configured Graph host with ``params`` and the page size."""
        base = option_url(options, "base_url", GRAPH)
        return next_url_with(f"{base}/{path}", limit=options.get("limit", 25), **params)

    def walk(self, document: Any, url: str,
             make: Callable[[dict[str, Any]], Iterator[HarvestedPost]]) -> ParsedPage:
        """Posts made from each object of ``data`` by ``make``, and the older page."""
        if isinstance(document, dict) and "error" in document:
            error = field(document, "error", dict)
            raise ParseError(f"Graph API menolak permintaan {url}: "
                             f"{str(error.get('message', '?'))[:200]}")
        posts = [post for item in items_of(document, "data") for post in make(item)]
        return ParsedPage(posts=unique_posts(posts), older_url=graph_older_url(document, url))
