"""Draft quality: place, date, type and OPD accuracy; merge precision/recall; redaction; speed.

Data (written for Jaring, labels worked out by hand): ``bench/data/draft_eval.jsonl`` (posts with
the expected kelurahan, incident date, report type and OPD) and ``bench/data/merge_pairs.jsonl``
(post pairs labelled same incident or not, in four kinds, split dev/test: thresholds were set
looking at dev only). Report type and OPD come from the default model trained on the seed corpus.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from bench.redaction_corpus import PUBLIC_HANDLES, pii_corpus
from classify.corpus import load_seed
from classify.model import ReportClassifier
from classify.train import train_classifier
from core.city import CityProfile, load_city_profile
from models import Post
from reports.draft import draft_incident
from reports.facts import SourcePost, analyse_post
from reports.incidents import compare, evidence
from reports.redact import redact

DATA = Path(__file__).parent / "data"


def load_jsonl(name: str) -> list[dict]:
    """Rows of a JSON-lines file under ``bench/data``."""
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def source_post(row: dict, url: str) -> SourcePost:
    """A labelled row as the post drafting sees."""
    return SourcePost(text=row["text"], posted_at=datetime.fromisoformat(row["posted_at"]),
                      platform=row["platform"], url=url)


def _accuracy(pairs: list[tuple[object, object]]) -> str:
    right = sum(a == b for a, b in pairs)
    return f"{right / len(pairs):.3f} ({right}/{len(pairs)})"


def evaluate_fields(rows: list[dict], model: ReportClassifier, city: CityProfile) -> list[str]:
    """Accuracy of kelurahan, incident date, report type and OPD; leaks of labelled values."""
    predictions = model.predict([r["text"] for r in rows])
    kel, when, kind, opd, misses, leaks = [], [], [], [], [], 0
    for row, prediction in zip(rows, predictions, strict=True):
        facts = analyse_post(source_post(row, f"https://contoh.invalid/{row['id']}"), city)
        expected = row["expected"]
        kel.append((facts.location.kelurahan, expected["kelurahan"]))
        when.append((facts.when.value, date.fromisoformat(expected["tanggal_kejadian"])))
        kind.append((prediction.report_type, expected["report_type"]))
        if expected["opd_code"]:
            opd.append((prediction.opd_code, expected["opd_code"]))
        content = draft_incident([facts], prediction, city)
        shown = " ".join((content.judul, content.isi, content.lokasi or ""))
        leaks += sum(value in shown for value in row["pii"])
        misses += [f"  {row['id']} {name}: got {got!r}, expected {want!r}"
                   for name, (got, want) in (("kelurahan", kel[-1]), ("tanggal", when[-1]))
                   if got != want]
    return [f"posts: {len(rows)}", f"kelurahan accuracy:      {_accuracy(kel)}",
            f"incident date accuracy:  {_accuracy(when)}",
            f"report type accuracy:    {_accuracy(kind)}  (seed-trained model)",
            f"OPD accuracy:            {_accuracy(opd)}  (reports only, seed-trained model)",
            f"labelled personal values shown in drafts: {leaks}", *misses]


def evaluate_merges(pairs: list[dict], model: ReportClassifier, city: CityProfile) -> list[str]:
    """Precision and recall of the same-incident decision, per split and per kind."""
    posts = [source_post(p[side], f"https://contoh.invalid/{p['id']}/{side}")
             for p in pairs for side in ("a", "b")]
    facts = [analyse_post(post, city) for post in posts]
    found = evidence(facts, model.predict([p.text for p in posts]))
    counts: dict[str, Counter] = {}
    wrong = []
    for i, pair in enumerate(pairs):
        merged = compare(found[2 * i], found[2 * i + 1]).same_incident
        outcome = ("tp" if merged else "fn") if pair["same_incident"] else (
            "fp" if merged else "tn")
        for key in (pair["split"], "all", pair["kind"]):
            counts.setdefault(key, Counter())[outcome] += 1
        if outcome in {"fp", "fn"}:
            match = compare(found[2 * i], found[2 * i + 1])
            wrong.append(f"  {outcome} {pair['id']} sim={match.similarity:.2f} "
                         f"place={match.place}")
    lines = [f"merge pairs: {len(pairs)}"]
    for key in ("dev", "test", "all"):
        c = counts[key]
        precision = c["tp"] / max(c["tp"] + c["fp"], 1)
        recall = c["tp"] / max(c["tp"] + c["fn"], 1)
        lines.append(f"  {key:<5} precision {precision:.3f}  recall {recall:.3f}  "
                     f"(tp {c['tp']}, fp {c['fp']}, fn {c['fn']}, tn {c['tn']})")
    for kind in ("duplikat", "parafrasa", "topik_sama_kejadian_beda", "tidak_terkait"):
        c = counts[kind]
        lines.append(f"  {kind:<25} merged {c['tp'] + c['fp']}/{sum(c.values())}")
    return lines + wrong


def redaction_recall() -> str:
    """Share of generated personal values fully masked (every format of the issue)."""
    total = covered = 0
    for sample in pii_corpus():
        spans = redact(sample.text, public_handles=PUBLIC_HANDLES).redactions
        for _kind, start, end in sample.spans:
            total += 1
            covered += any(r.start <= start and end <= r.end for r in spans)
    return f"redaction recall (generated corpus): {covered / total:.4f} ({covered}/{total})"


def drafting_speed(rows: list[dict], model: ReportClassifier, city: CityProfile) -> str:
    """Drafts per second from raw post to DraftContent, classifier included."""
    rounds, began = 5, time.perf_counter()
    for _ in range(rounds):
        predictions = model.predict([r["text"] for r in rows])
        for row, prediction in zip(rows, predictions, strict=True):
            draft_incident([analyse_post(source_post(row, "https://contoh.invalid"), city)],
                           prediction, city)
    rate = rounds * len(rows) / (time.perf_counter() - began)
    return f"drafting speed: {rate:,.0f} drafts/s (one post each, classifier included)"


def stored_drafting_speed(rows: list[dict], model: ReportClassifier, city: CityProfile) -> str:
    """Posts per second through ``draft_pending`` on a fresh SQLite file (merging included)."""
    from classify.store import save_classifications
    from harvest import store as harvest_store
    from harvest.config import SourceConfig
    from harvest.items import HarvestedPost
    from models.db import open_database, transaction
    from reports.service import draft_pending

    with tempfile.TemporaryDirectory() as folder:
        factory = open_database(f"sqlite:///{folder}/bench.db")
        items = [HarvestedPost(external_id=r["id"], url=f"https://contoh.invalid/{r['id']}",
                               text=r["text"], posted_at=datetime.fromisoformat(r["posted_at"]))
                 for r in rows]
        with transaction(factory) as session:
            source = harvest_store.sync_sources(
                session, [SourceConfig(name="bench", kind="telegram", channel="benchbtg")])[0]
            harvest_store.store_posts(session, source, items, cursor=None, key=b"k" * 32)
            posts = list(session.scalars(select(Post).order_by(Post.id)))
            save_classifications(session, posts, model.predict([p.text for p in posts]),
                                 model.version)
        began = time.perf_counter()
        drafted = draft_pending(factory, city, model.version)
        elapsed = time.perf_counter() - began
        factory.kw["bind"].dispose()
    return (f"stored drafting (draft_pending, SQLite, incident search included): "
            f"{len(rows) / elapsed:,.0f} posts/s, {drafted} drafts from {len(rows)} posts")


def main() -> None:
    """Train the default model, measure and print; exit code 1 if a labelled value leaks."""
    city = load_city_profile("bontang")
    began = time.perf_counter()
    model, _ = train_classifier(load_seed())
    print(f"seed model trained in {time.perf_counter() - began:.1f} s")
    rows = load_jsonl("draft_eval.jsonl")
    field_lines = evaluate_fields(rows, model, city)
    print("\n".join(field_lines))
    print("\n".join(evaluate_merges(load_jsonl("merge_pairs.jsonl"), model, city)))
    print(redaction_recall())
    print(drafting_speed(rows, model, city))
    print(stored_drafting_speed(rows, model, city))
    if any(line.startswith("labelled personal values shown in drafts: ") and
           not line.endswith(": 0") for line in field_lines):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
