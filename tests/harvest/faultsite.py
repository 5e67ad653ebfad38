"""A local site serving Telegram pages and Mastodon JSON, with faults injected on request.

pytest-httpserver cannot reset a connection, cut a body short or stream 50 MB lazily, so this
is a small threaded server of our own.
"""

from __future__ import annotations

import gzip
import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.harvest.pages import channel_page

PAGE_SIZE = 3
HUGE_BYTES = 50 * 1024 * 1024
_BOMB: list[bytes] = []


def gzip_bomb() -> bytes:
    """~20 KB of gzip that inflates to 20 MB (built once)."""
    if not _BOMB:
        _BOMB.append(gzip.compress(b"<html>" + b"A" * 20_000_000, compresslevel=9))
    return _BOMB[0]


@dataclass
class Fault:
    """What goes wrong for one channel: ``name``, on every page or only on older pages."""

    name: str
    older_only: bool = False
    remaining: int | None = None  # for bursts: how many requests still fail


@dataclass
class Site:
    """Posts per channel (id -> text), served newest first in pages of PAGE_SIZE."""

    posts: dict[str, dict[int, str]] = field(default_factory=dict)
    faults: dict[str, Fault] = field(default_factory=dict)
    base_url: str = ""

    def add(self, channel: str, ids: range) -> None:
        """Publish posts ``ids`` on ``channel``."""
        self.posts.setdefault(channel, {}).update(
            {i: f"Keluhan warga nomor {i} di {channel}" for i in ids})

    def page(self, channel: str, before: int | None) -> tuple[list[int], int | None]:
        ids = sorted(i for i in self.posts.get(channel, {}) if before is None or i < before)
        shown = ids[-PAGE_SIZE:]
        older = shown[0] if shown and ids[0] < shown[0] else None
        return shown, older


def _iso(post_id: int) -> str:
    return f"2026-11-{1 + post_id // 24:02d}T{post_id % 24:02d}:00:00+00:00"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        site = self.server.site
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/robots.txt":
            return self._send(404, b"", "text/plain")
        channel, is_json = self._channel(parts.path)
        if channel is None or channel not in site.posts:
            return self._send(404, b"tidak ada", "text/plain")
        raw_before = query.get("before") or query.get("max_id")
        before = int(raw_before) if raw_before and raw_before.isdigit() else None
        fault = site.faults.get(channel)
        if fault and (before is not None or not fault.older_only) and fault.remaining != 0:
            if fault.remaining is not None:
                fault.remaining -= 1
            return self._fault(fault.name, channel, before, is_json)
        self._send(200, *self._body(site, channel, before, is_json))

    @staticmethod
    def _channel(path: str) -> tuple[str | None, bool]:
        if path.startswith("/s/"):
            return path[3:], False
        if path.startswith("/api/v1/timelines/tag/"):
            return path.rsplit("/", 1)[1], True
        return None, False

    def _body(self, site: Site, channel: str, before: int | None, is_json: bool):
        shown, older = site.page(channel, before)
        if not is_json:
            posts = [(i, site.posts[channel][i], _iso(i)) for i in shown]
            return channel_page(channel, posts, older).encode(), "text/html; charset=utf-8", {}
        statuses = [{"id": str(i), "created_at": _iso(i),
                     "content": f"<p>{site.posts[channel][i]}</p>", "spoiler_text": "",
                     "url": f"https://mastodon.example/@warga/{i}",
                     "account": {"acct": "warga@mastodon.example"}, "media_attachments": []}
                    for i in reversed(shown)]
        headers = {}
        if older:
            url = f"{site.base_url}/api/v1/timelines/tag/{channel}?limit=40&max_id={older}"
            headers["Link"] = f'<{url}>; rel="next", <{site.base_url}/x>; rel="prev"'
        else:
            headers["Link"] = f'<{site.base_url}/x>; rel="prev"'
        return json.dumps(statuses).encode(), "application/json", headers

    def _fault(self, name: str, channel: str, before: int | None, is_json: bool) -> None:
        good, content_type, _ = self._body(self.server.site, channel, before, is_json)
        if name == "timeout":
            time.sleep(1.0)
            return self._send(200, good, content_type)
        if name == "reset":
            return self._reset()
        if name == "429":
            return self._send(429, b"pelan-pelan", "text/plain", {"Retry-After": "1"})
        if name == "500":
            return self._send(500, b"galat server", "text/plain")
        if name == "truncated":
            return self._truncated(good, content_type)
        if name == "huge":
            return self._huge(declare=False)
        if name == "huge-declared":
            return self._huge(declare=True)
        if name == "redirect-loop":
            target = f"/s/{channel}?putar=1" if "putar" not in self.path else f"/s/{channel}"
            return self._send(302, b"", "text/plain", {"Location": target})
        if name == "gzip-bomb":
            return self._send(200, gzip_bomb(), "text/html", {"Content-Encoding": "gzip"})
        if name == "markup-changed":
            return self._send(200, b"<html><body><div class='feed-v2'>Halo</div></body></html>",
                              "text/html")
        if name == "markup-emptied":
            changed = good.replace(b"tgme_widget_message js-widget_message",
                                   b"tgme_post_v2 js-post")
            return self._send(200, changed, content_type)
        if name == "invalid-utf8":
            return self._send(200, good.replace(b"Keluhan", b"Kel\xff\xfehan"), content_type)
        if name == "html-for-json":
            return self._send(200, b"<!DOCTYPE html><html><body>Masuk dulu</body></html>",
                              "text/html")
        raise AssertionError(f"unknown fault {name}")

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _reset(self) -> None:
        # SO_LINGER 0: close() sends a RST instead of a FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _truncated(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) + 1000))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def _huge(self, declare: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declare:
            self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()  # HTTP/1.0 without a length: the body ends when the server closes
        chunk = b"<p>" + b"x" * 65_533
        sent = 0
        try:
            while sent < HUGE_BYTES:  # generated as it is sent, never held in memory
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass  # the client stopped reading at its limit
        self.server.huge_bytes_sent.append(sent)
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Site) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
        self.huge_bytes_sent: list[int] = []

    def handle_error(self, request: object, client_address: object) -> None:
        return  # resets and broken pipes are the point here


@contextmanager
def fault_site() -> Iterator[tuple[Site, _Server]]:
    """Serve a fresh Site on a free port; yields the site (its ``base_url`` set) and server."""
    site = Site()
    server = _Server(site)
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield site, server
    finally:
        server.shutdown()
        server.server_close()
