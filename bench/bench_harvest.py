"""Harvest benchmark: 20 local sources × 10 pages through the real code path and database.

Each source is a Telegram-style channel on its own local server (its own host), pages built in
memory; per-host delays are off. Every mode starts from an empty SQLite file in a temp dir and
goes through PoliteClient, the parser, harvest_and_store and the store. Reports posts/s,
pages/s, sequential vs 4 threads (the Prefect task runner's bound), a second run with nothing
new, and peak memory (tracemalloc: Python allocations; ru_maxrss: the whole process).
"""

from __future__ import annotations

import resource
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from harvest.config import SourceConfig
from harvest.http import HttpPolicy, PoliteClient
from harvest.politeness import RobotsCache
from harvest.service import SourceOutcome, harvest_and_store
from models import Post
from models.db import open_database

SOURCES, PAGES, PER_PAGE, WORKERS = 20, 10, 20, 4
KEY = b"b" * 64
POLICY = HttpPolicy(user_agent="JaringBench/1.0 (+bench)", delay_seconds=0, timeout_seconds=10)
TEXTS = ("Jalan berlubang di Gang Mawar, motor sering jatuh malam hari",
         "Air PDAM mati sejak subuh di Tanjung Laut, mohon dicek",
         "Lampu jalan padam di Jl. Ahmad Yani depan pasar, rawan",
         "Sampah menumpuk tiga hari di TPS Gunung Elai, bau sekali")
MESSAGE = (
    '<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" '
    'data-post="{ch}/{id}"><div class="tgme_widget_message_bubble">'
    '<a class="tgme_widget_message_owner_name" href="https://t.me/{ch}">Warga {author}</a>'
    '<div class="tgme_widget_message_text js-message_text">{text}</div>'
    '<a class="tgme_widget_message_date" href="https://t.me/{ch}/{id}">'
    '<time datetime="2026-11-{day:02d}T{hour:02d}:{minute:02d}:00+00:00"></time></a>'
    "</div></div></div>")


def channel_pages(channel: str) -> dict[int | None, bytes]:
    """Pages keyed by their ``before`` id (None: the newest), newest page holding the top ids."""
    pages: dict[int | None, bytes] = {}
    for index in range(PAGES):  # 0 is the newest page
        top = (PAGES - index) * PER_PAGE
        ids = range(top - PER_PAGE + 1, top + 1)
        body = "".join(MESSAGE.format(
            ch=channel, id=i, author=i % 37, text=escape(f"{TEXTS[i % 4]} (laporan {i})"),
            day=1 + i // 96, hour=(i // 4) % 24, minute=(i % 4) * 15) for i in ids)
        older = f'<link rel="prev" href="/s/{channel}?before={ids[0]}">' if index < PAGES - 1 \
            else ""
        pages[None if index == 0 else top + 1] = (
            f'<html><head>{older}</head><body><section class="tgme_channel_history">{body}'
            "</section></body></html>").encode()
    return pages


def _handler(pages: dict[int | None, bytes]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real sites
        disable_nagle_algorithm = True  # headers and body are separate writes

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            before = parse_qs(parts.query).get("before", [None])[0]
            body = pages.get(int(before) if before else None)
            status = 200 if body is not None and parts.path != "/robots.txt" else 404
            body = body if status == 200 else b""
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def local_sites() -> Iterator[list[SourceConfig]]:
    """One server (one host) per source; yields the sources' configurations."""
    with ExitStack() as stack:
        configs = []
        for n in range(SOURCES):
            channel = f"kanalbench{n:02d}"
            server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(channel_pages(channel)))
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            stack.callback(server.server_close)
            stack.callback(server.shutdown)
            configs.append(SourceConfig(
                name=f"bench-{n:02d}", kind="telegram", channel=channel, max_pages=PAGES,
                base_url=f"http://127.0.0.1:{server.server_address[1]}"))
        yield configs


def _harvest(configs: list[SourceConfig], factory, workers: int) -> list[SourceOutcome]:
    robots = RobotsCache()

    def one(config: SourceConfig) -> SourceOutcome:
        with PoliteClient(POLICY, robots=robots) as client:  # one client per task, as the flow
            return harvest_and_store(config, client=client, factory=factory, key=KEY,
                                     max_pages=PAGES)

    if workers == 1:
        return [one(c) for c in configs]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, configs))


def measure(configs: list[SourceConfig], workers: int, rerun: bool = False,
            trace: bool = False) -> dict[str, float]:
    """Harvest every source into a fresh SQLite file; returns rates (and the re-run's)."""
    with tempfile.TemporaryDirectory() as tmp:
        factory = open_database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        outcomes = _harvest(configs, factory, workers)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        tracemalloc.stop()
        errors = [o.error for o in outcomes if o.error]
        with factory() as session:
            stored = session.scalar(select(func.count()).select_from(Post))
        if errors or stored != len(configs) * PAGES * PER_PAGE:
            raise SystemExit(f"benchmark run is wrong: {stored} posts, errors {errors[:3]}")
        result = {"seconds": elapsed, "posts_s": stored / elapsed,
                  "pages_s": sum(o.pages for o in outcomes) / elapsed, "peak_mb": peak / 1e6}
        if rerun:
            result["rerun_seconds"] = _timed(lambda: _harvest(configs, factory, workers))
        factory.kw["bind"].dispose()
        return result


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    """Run the modes and print the figures."""
    total = SOURCES * PAGES * PER_PAGE
    print(f"harvest: {SOURCES} local sources × {PAGES} pages × {PER_PAGE} posts = {total} posts,"
          f" SQLite in a temp dir, per-host delay off")
    with local_sites() as configs:
        measure(configs[:2], 1)  # warm-up: imports, parser, migrations
        sequential = measure(configs, 1, rerun=True)
        concurrent = measure(configs, WORKERS, rerun=True)
        traced = measure(configs, WORKERS, trace=True)
    for label, r in (("sequential", sequential), (f"{WORKERS} threads", concurrent)):
        print(f"  {label:<11} {r['seconds']:6.2f} s  {r['posts_s']:8.0f} posts/s  "
              f"{r['pages_s']:6.1f} pages/s   re-run with nothing new: "
              f"{r['rerun_seconds']:.2f} s ({SOURCES} pages)")
    ratio = concurrent["posts_s"] / sequential["posts_s"]
    print(f"  concurrent / sequential speed-up: {ratio:.2f}x")
    print(f"  peak traced Python memory ({WORKERS} threads): {traced['peak_mb']:.1f} MB "
          f"(that run took {traced['seconds']:.2f} s under tracemalloc)")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  process peak RSS (ru_maxrss, whole benchmark): {maxrss:.0f} MB")


if __name__ == "__main__":
    main()
