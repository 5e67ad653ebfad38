"""The demo: a recorded Telegram "site" about Bontang served from a local HTTP server."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SITE_DIR = Path(__file__).with_name("demo_site") / "telegram"
_EMPTY_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>{channel} – Telegram</title></head>'
    '<body><main class="tgme_main"><section class="tgme_channel_history js-message_history">'
    "</section></main></body></html>"
)


def channels() -> list[str]:
    """The recorded channels."""
    return sorted(p.name for p in SITE_DIR.iterdir() if (p / "latest.html").is_file())


def page_for(path: str, query: str) -> bytes | None:
    """The recorded page for a ``/s/<channel>[?before=N]`` request, or None (404)."""
    match = re.fullmatch(r"/s/([A-Za-z0-9_]+)/?", path)
    if not match or not (SITE_DIR / match.group(1)).is_dir():
        return None
    channel = match.group(1)
    before = parse_qs(query).get("before", [None])[0]
    if before is None:
        return (SITE_DIR / channel / "latest.html").read_bytes()
    if not before.isdigit():
        return None
    page = SITE_DIR / channel / f"before_{before}.html"
    return page.read_bytes() if page.is_file() else _EMPTY_PAGE.format(channel=channel).encode()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            return
        body = page_for(parts.path, parts.query)
        if body is None:
            self._send(404, b"<html><body>Not found</body></html>", "text/html")
        else:
            self._send(200, body, "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return  # keep the demo's output clean


@contextmanager
def demo_site() -> Iterator[str]:
    """Serve the recorded site on a free local port; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def demo_sources(base_url: str) -> str:
    """A sources file (TOML) harvesting every recorded channel from ``base_url``."""
    entries = [
        f'[[source]]\nname = "demo-{name.replace("_", "-")}"\nkind = "telegram"\n'
        f'channel = "{name}"\nbase_url = "{base_url}"\ninterval_minutes = 30\n'
        for name in channels()
    ]
    return "# Dibuat oleh `jaring demo`: kanal rekaman yang dilayani secara lokal.\n\n" + (
        "\n".join(entries))
