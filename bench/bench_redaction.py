"""Redaction benchmark: recall per kind, false positives on ordinary texts, throughput."""

from __future__ import annotations

import time
from collections import Counter

from bench.redaction_corpus import KINDS, PUBLIC_HANDLES, Sample, clean_corpus, pii_corpus
from reports.redact import Redaction, redact

RECALL_GOAL, KIND_RECALL_GOAL, FP_GOAL = 0.99, 0.98, 5.0


def _covering(redactions: tuple[Redaction, ...], start: int, end: int) -> Redaction | None:
    """The redaction that masks the whole gold span, if any (partial masking is a leak)."""
    for r in redactions:
        if r.start <= start and end <= r.end:
            return r
    return None


def _recall(samples: list[Sample]) -> tuple[Counter, Counter, Counter, list[str]]:
    """Per kind: labelled values, values fully masked, masked under their own kind."""
    total, hit, same_kind, misses = Counter(), Counter(), Counter(), []
    for sample in samples:
        result = redact(sample.text, public_handles=PUBLIC_HANDLES)
        total["extra"] += sum(not any(r.start < e and s < r.end for _, s, e in sample.spans)
                              for r in result.redactions)
        for kind, start, end in sample.spans:
            total[kind] += 1
            r = _covering(result.redactions, start, end)
            if r is None:
                misses.append(f"{kind}: {sample.text[start:end]!r} in {sample.text!r}")
                continue
            hit[kind] += 1
            same_kind[kind] += r.kind == kind
    return total, hit, same_kind, misses


def _false_positives(texts: list[str]) -> tuple[int, Counter, list[str]]:
    hits, kinds, examples = 0, Counter(), []
    for text in texts:
        result = redact(text, public_handles=PUBLIC_HANDLES)
        hits += bool(result.redactions)
        for r in result.redactions:
            kinds[r.kind] += 1
            examples.append(f"{r.kind}: {text[r.start:r.end]!r} in {text!r}")
    return hits, kinds, examples


def _throughput(texts: list[str]) -> tuple[float, float]:
    size = sum(len(t.encode()) for t in texts)
    began = time.perf_counter()
    for text in texts:
        redact(text, public_handles=PUBLIC_HANDLES)
    elapsed = time.perf_counter() - began
    return len(texts) / elapsed, size / elapsed / 1e6


def main() -> None:
    """Generate the corpus, measure and print; exit code 1 when a goal is missed."""
    samples, clean = pii_corpus(), clean_corpus()
    total, hit, same_kind, misses = _recall(samples)
    print(f"recall on {len(samples)} texts with {sum(total[k] for k in KINDS)} personal values")
    for kind in KINDS:
        print(f"  {kind:<9} {hit[kind] / total[kind]:.4f}  ({hit[kind]}/{total[kind]}, "
              f"kind agrees {same_kind[kind] / max(hit[kind], 1):.3f})")
    overall = sum(hit.values()) / sum(total[k] for k in KINDS)
    print(f"  overall   {overall:.4f}  (masked spans touching no labelled value: "
          f"{total['extra']})")
    for line in misses[:15]:
        print("  MISS", line)
    flagged, kinds, examples = _false_positives(clean)
    per_1000 = 1000 * flagged / len(clean)
    print(f"false positives: {per_1000:.2f} per 1,000 ordinary texts ({flagged}/{len(clean)}); "
          f"kinds hit: {dict(kinds) or 'none'}")
    for line in examples[:10]:
        print("  FP", line)
    texts_s, mb_s = _throughput([s.text for s in samples] + clean)
    print(f"throughput: {texts_s:,.0f} texts/s, {mb_s:.2f} MB/s")
    worst = min(hit[k] / total[k] for k in KINDS)
    met = overall >= RECALL_GOAL and worst >= KIND_RECALL_GOAL and per_1000 < FP_GOAL
    print("goals met" if met else "GOALS NOT MET")
    if not met:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
