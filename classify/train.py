"""Training: fit both pipelines on labelled examples and describe what was learned."""

from __future__ import annotations

import logging
import subprocess
from collections import Counter
from pathlib import Path

from classify.corpus import Example, data_hash
from classify.model import ReportClassifier
from classify.pipeline import build_pipeline
from classify.registry import new_version
from core.domain import ReportType
from core.errors import ConfigError

log = logging.getLogger(__name__)
MIN_PER_CLASS = 3


def code_version() -> str:
    """The git commit of the running code, or the package version outside a checkout."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5,
            cwd=Path(__file__).parent, check=True)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        from importlib.metadata import version

        return f"jaring-{version('jaring')}"


def _check_labels(labels: list[str], target: str) -> None:
    counts = Counter(labels)
    if len(counts) < 2:
        raise ConfigError(f"Data latih untuk {target} hanya punya {len(counts)} label")
    rare = sorted(label for label, n in counts.items() if n < MIN_PER_CLASS)
    if rare:
        raise ConfigError(
            f"Label {target} dengan kurang dari {MIN_PER_CLASS} contoh: {', '.join(rare)}")


def train_classifier(examples: list[Example]) -> tuple[ReportClassifier, dict]:
    """Fit the type model on every example and the function model on reports only."""
    typed = [ex for ex in examples if ex.report_type]
    routed = [ex for ex in examples
              if ex.opd_code and ex.report_type != ReportType.BUKAN_LAPORAN]
    _check_labels([ex.report_type for ex in typed], "report_type")
    _check_labels([ex.opd_code for ex in routed], "opd_code")
    type_model = build_pipeline("type").fit(
        [ex.text for ex in typed], [ex.report_type for ex in typed])
    opd_model = build_pipeline("opd").fit(
        [ex.text for ex in routed], [ex.opd_code for ex in routed])
    digest = data_hash(examples)
    model = ReportClassifier(type_model, opd_model, version=new_version(digest))
    meta = {
        "data_hash": digest,
        "code_version": code_version(),
        "n_examples": {"type": len(typed), "opd": len(routed)},
        "labels": {"type": sorted(set(type_model.classes_)),
                   "opd": sorted(set(opd_model.classes_))},
    }
    log.info("trained model %s on %d typed / %d routed examples", model.version,
             len(typed), len(routed))
    return model, meta
