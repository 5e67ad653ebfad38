"""Parse throughput per platform on recorded pages, against the raw lxml/json cost of the bytes."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lxml.etree
import lxml.html
import yaml

from harvest.sources import registry
from harvest.sources.base import SourceKind
from tests.harvest.source_helpers import HTML_OPTIONS, URLS  # the same samples the tests parse

ROOT = Path(__file__).resolve().parents[1]
OURS = ROOT / "tests" / "fixtures"
REAL = ROOT.parent / "shared" / "fixtures" / "real"
MIN_SECONDS = 0.4  # time each measurement at least this long


@dataclass(frozen=True)
class Page:
    """One recorded response body and the URL it came from."""

    name: str
    body: bytes
    url: str


def _mastodon_cassette(path: Path) -> Page:
    cassette = yaml.safe_load(path.read_text(encoding="utf-8"))
    hit = next(i for i in cassette["interactions"] if "/timelines/tag/" in i["request"]["uri"])
    return Page(path.name, hit["response"]["body"]["string"].encode(), hit["request"]["uri"])


def _reddit_cassette(path: Path) -> Page:
    hit = json.loads(path.read_text())["interactions"][-1]
    return Page(path.name, hit["response"]["body"]["string"].encode(), hit["request"]["uri"])


def _plain(url: str) -> Callable[[Path], Page]:
    return lambda path: Page(path.name, path.read_bytes(), url)


#: Real recordings in the format a kind reads. The Facebook (m.facebook.com HTML) and YouTube
#: (youtubei web client) recordings are formats Jaring does not read, so they are not timed.
REAL_PAGES: dict[str, tuple[str, Callable[[Path], Page]]] = {
    "telegram": ("telegram/full.html", _plain("https://t.me/s/topwar_official?before=71009")),
    "rss": ("google_news_rss/google_news.xml", _plain("https://news.google.com/news?q=x")),
    "mastodon": ("mastodon/test_hashtag_tl.yaml", _mastodon_cassette),
    "reddit": ("reddit/TestSubredditListings.test_new.json", _reddit_cassette),
    "bluesky": ("bluesky/getAuthorFeed.json", _plain(URLS["bluesky"])),
}


def _raw_parse(kind: str) -> Callable[[bytes], object]:
    """What the bytes cost to parse with no interpretation at all."""
    if kind in ("telegram", "html"):
        return lxml.html.fromstring
    if kind == "rss":
        return lambda body: lxml.etree.fromstring(body, lxml.etree.XMLParser(recover=True))
    return json.loads


def _timed(work: Callable[[], object]) -> float:
    """Seconds per call of ``work``, repeated for at least MIN_SECONDS."""
    calls, began = 0, time.perf_counter()
    while True:
        work()
        calls += 1
        elapsed = time.perf_counter() - began
        if elapsed >= MIN_SECONDS:
            return elapsed / calls


def _kind(name: str) -> SourceKind:
    kind = registry()[name]
    return kind.with_options(HTML_OPTIONS) if name == "html" else kind


def _measure(name: str, origin: str, pages: list[Page]) -> None:
    kind, raw = _kind(name), _raw_parse(name)
    posts = sum(len(kind.parse(p.body, p.url).posts) for p in pages)
    parse_s = _timed(lambda: [kind.parse(p.body, p.url) for p in pages])
    raw_s = _timed(lambda: [raw(p.body) for p in pages])
    size = sum(len(p.body) for p in pages)
    print(f"{name:<10} {origin:<5} {len(pages):>5} {size / 1024:>8.1f} {posts:>6} "
          f"{parse_s * 1000:>9.2f} {posts / parse_s:>10,.0f} {raw_s * 1000:>8.2f} "
          f"{parse_s / raw_s:>7.1f}x")


def _ours(name: str) -> list[Page]:
    folder = OURS / name
    paths = sorted(p for p in folder.glob("*") if not p.name.endswith(".expected.json"))
    return [Page(p.name, p.read_bytes(), URLS[name]) for p in paths]


def main() -> None:
    """Print posts/s per platform and the parse/raw ratio for real and our own recordings."""
    print("Parse throughput per platform (one process, warm caches).")
    print("ratio = our parse time / raw lxml.html.fromstring, lxml.etree or json.loads time "
          "on the same bytes\n")
    print(f"{'kind':<10} {'data':<5} {'pages':>5} {'KiB':>8} {'posts':>6} {'parse ms':>9} "
          f"{'posts/s':>10} {'raw ms':>8} {'ratio':>8}")
    notes = []
    for name in sorted(registry()):
        if name in REAL_PAGES:
            relative, load = REAL_PAGES[name]
            if (REAL / relative).exists():
                _measure(name, "real", [load(REAL / relative)])
            else:
                notes.append(f"{name}: {REAL / relative} absent, real recording skipped")
        pages = _ours(name)
        if pages:
            _measure(name, "ours", pages)
    notes.append("facebook, youtube: the shared recordings are a logged-out HTML scrape and the "
                 "youtubei web format, not the Graph/Data API Jaring reads; not timed")
    print("\n" + "\n".join(f"note: {n}" for n in notes))


if __name__ == "__main__":
    main()
