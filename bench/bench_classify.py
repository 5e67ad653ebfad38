"""Speed and memory of the default classifier: training, loading, posts per second, peak RSS.

    .venv/bin/python -m bench.bench_classify

Trains the default model (seed corpus minus its evaluation share) as the demo does, saves it,
then in a fresh child process loads it and classifies posts in the service's batches of 500.
The posts are the seed corpus's texts with varied endings (no shared data is needed).
Then it estimates a city prior from 5,000 of the posts (classify.adaptation) and classifies every
post again with the router adapted. Also prints the model's scores on the fixed evaluation set,
calibration error included.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from classify.corpus import load_seed, split_for_evaluation
from classify.evaluate import evaluate
from classify.model import _after_normalizing
from classify.registry import load_model, save_model
from classify.service import BATCH
from classify.train import default_examples, train_classifier

N_POSTS = 6_000
#: A social-media-sized post (a tweet is at most 280 characters).
SHORT = 300
ENDINGS = ["", " tolong min", " sudah 3 hari", " 🙏", " di Bontang", " mohon ditindaklanjuti"]


def posts(n: int) -> list[str]:
    """``n`` post-like texts built from the seed corpus."""
    rng = random.Random(0)
    texts = [ex.text for ex in load_seed()]
    return [rng.choice(texts) + rng.choice(ENDINGS) for _ in range(n)]


def child(model_dir: str) -> None:
    """Load and classify in a clean process; print the figures as JSON."""
    started = time.perf_counter()
    model = load_model(Path(model_dir))
    loaded = time.perf_counter() - started
    texts = posts(N_POSTS)
    started = time.perf_counter()
    model.predict(texts[:50])  # first call: lazy imports, the shared vocabularies' set-up
    first = time.perf_counter() - started
    rates = {}
    # Every seed text (long formal letters included), then the social-post-sized ones only.
    for name, batch in (("all", texts), ("short", [t for t in texts if len(t) <= SHORT])):
        started = time.perf_counter()
        for i in range(0, len(batch), BATCH):
            model.predict(batch[i:i + BATCH])
        rates[name] = {"posts_per_s": len(batch) / (time.perf_counter() - started),
                       "mean_chars": sum(map(len, batch)) / len(batch)}
    # The same posts with each pipeline counting its own n-grams (five passes, not two), as
    # classifying went before classify.shared_features: the ratio is what sharing gains.
    parts = [_after_normalizing(model.type_model), _after_normalizing(model.opd_model)]
    shared = model._probabilities
    model._probabilities = lambda docs: tuple(part.predict_proba(docs) for part in parts)
    started = time.perf_counter()
    for i in range(0, len(texts), BATCH):
        model.predict(texts[i:i + BATCH])
    rates["separate"] = {"posts_per_s": len(texts) / (time.perf_counter() - started),
                         "mean_chars": sum(map(len, texts)) / len(texts)}
    model._probabilities = shared
    # The city prior: estimated from the newest 5,000 posts (as the classifying task does),
    # then every post classified again with the router adapted.
    started = time.perf_counter()
    model.city_prior = model.estimate_city_prior(texts[:5_000])
    estimated = time.perf_counter() - started
    started = time.perf_counter()
    for i in range(0, len(texts), BATCH):
        model.predict(texts[i:i + BATCH])
    rates["adapted"] = {"posts_per_s": len(texts) / (time.perf_counter() - started),
                        "mean_chars": sum(map(len, texts)) / len(texts)}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"load_s": loaded, "first_s": first, "rates": rates, "peak_rss_mb": peak,
                      "city_prior_s": estimated, "city_prior_posts": model.city_prior.n_posts}))


def main() -> None:
    """Train, save, measure in a child process, and print."""
    started = time.perf_counter()
    model, meta = train_classifier(default_examples())
    trained = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        saved = save_model(model, Path(tmp), meta)
        size = sum(f.stat().st_size for f in saved.path.iterdir()) / 1e6
        out = subprocess.run([sys.executable, "-m", "bench.bench_classify", "--child",
                              str(saved.path)], capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"training (seed, {meta['n_examples']['type']} typed / "
          f"{meta['n_examples']['opd']} routed): {trained:.1f} s")
    print(f"model directory: {size:.1f} MB; load: {figures['load_s']:.2f} s; first "
          f"classification of 50 posts (shared vocabularies built): {figures['first_s']:.2f} s")
    for name, label in (("all", "every post"), ("short", f"posts of <= {SHORT} characters"),
                        ("adapted", "every post, router adapted to a city prior"),
                        ("separate", "every post, each pipeline counting its own n-grams")):
        rate = figures["rates"][name]
        print(f"classification, {label} (mean {rate['mean_chars']:.0f} characters): "
              f"{rate['posts_per_s']:.0f} posts/s in batches of {BATCH} "
              f"(goal >= 1000; x{rate['posts_per_s'] / 1000:.2f})")
    ratio = figures["rates"]["all"]["posts_per_s"] / figures["rates"]["separate"]["posts_per_s"]
    print(f"shared n-gram counts against separate ones: x{ratio:.2f}")
    print(f"city prior estimated from 5000 posts ({figures['city_prior_posts']} of them "
          f"reports): {figures['city_prior_s']:.1f} s")
    print(f"peak RSS of the classifying process: {figures['peak_rss_mb']:.0f} MB")
    evaluation = split_for_evaluation(load_seed())[1]
    for target in ("type", "opd"):
        result = evaluate(model, evaluation, target)
        extra = f", top-3 {result['top3_accuracy']:.3f}" if "top3_accuracy" in result else ""
        print(f"fixed evaluation set, {target}: n={result['n']} macro-F1 "
              f"{result['macro_f1']:.3f}, accuracy {result['accuracy']:.3f}{extra}, "
              f"calibration error {result['calibration_error']:.3f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
