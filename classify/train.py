"""Training: fit both pipelines on labelled examples and describe what was learned."""

from __future__ import annotations

import hashlib
import logging
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from classify.corpus import Example, data_hash, load_seed, split_for_evaluation
from classify.lexicon import LEXICON_FILE, function_profiles, profile_params
from classify.model import ReportClassifier
from classify.pipeline import PRIOR_WEIGHT, build_pipeline
from classify.registry import new_version
from classify.selection import (
    choose_blend,
    choose_type_settings,
    fit_with_seed_rows,
    reference_rows,
)
from core.city import CityProfile, load_city_profile
from core.domain import ReportType
from core.errors import ConfigError
from core.settings import get_settings

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


def training_rows(examples: list[Example], target: str) -> list[Example]:
    """Rows a part learns from: every typed example; for routing, reports with a code."""
    if target == "type":
        return [ex for ex in examples if ex.report_type]
    return [ex for ex in examples
            if ex.opd_code and ex.report_type != ReportType.BUKAN_LAPORAN]


def resolve_city(city: CityProfile | None) -> CityProfile:
    """The given city profile, or the configured one (``JARING_CITY_PROFILE``)."""
    return city or load_city_profile(get_settings().city_profile)


def train_part(target: str, examples: list[Example], city: CityProfile | None = None,
               prior_weight: float | None = None) -> Any:
    """Fit one part (``type`` or ``opd``) on the examples that carry its label.

    The router's blend (the prior's weight and the seed router's) is chosen on the training
    rows (:mod:`classify.selection`) unless ``prior_weight`` is given, in which case the seed
    router gets no share; the choice is kept as ``prior_selection_`` on the router.
    """
    rows = training_rows(examples, target)
    labels = [ex.label(target) for ex in rows]
    _check_labels(labels, "report_type" if target == "type" else "opd_code")
    profiles = profile_params(function_profiles(resolve_city(city))) if target == "opd" else None
    embedding_model = get_settings().embedding_model

    def make(weight: float = PRIOR_WEIGHT, offsets: tuple | None = None,
             reference_weight: float = 0.0, gate_weight: float = 1.0) -> Any:
        return build_pipeline(target, profiles, prior_weight=weight,
                              embedding_model=embedding_model, class_offsets=offsets,
                              reference_weight=reference_weight,
                              reference_gate_weight=gate_weight)

    texts = [ex.text for ex in rows]
    if target == "opd":
        reference_weight = 0.0
        selection = None
        if prior_weight is None:
            choice = choose_blend(rows, labels, make, PRIOR_WEIGHT)
            prior_weight, reference_weight = choice.weight, choice.reference_weight
            selection = choice.as_metadata()
            log.info("router prior weight %.1f, seed router %.1f (%s)", choice.weight,
                     choice.reference_weight, choice.scheme)
        # The seed router is fitted (and stored) only when the blend gives it a share.
        reference = reference_rows(rows) if reference_weight else None
        pipeline = fit_with_seed_rows(make(prior_weight, reference_weight=reference_weight),
                                      texts, labels, reference)
        if selection is not None:
            pipeline[-1].prior_selection_ = selection
        return pipeline
    found = choose_type_settings(rows, labels, make)
    gate_weight = found["reference_gate_weight"]
    log.info("report-type offsets %s, seed weight in the gate %.2f (%s)", found["offsets"],
             gate_weight, found["scheme"])
    pipeline = fit_with_seed_rows(make(offsets=tuple(found["offsets"]) or None,
                                       gate_weight=gate_weight), texts, labels,
                                  reference_rows(rows) if gate_weight != 1.0 else None)
    pipeline[-1].offset_selection_ = found
    return pipeline


def part_metadata(target: str, examples: list[Example], pipeline: Any) -> dict[str, Any]:
    """What one part was trained on: data hash, size, origins, labels."""
    rows = training_rows(examples, target)
    meta = {"data_hash": data_hash(rows), "n_examples": len(rows),
            "origins": dict(Counter(ex.origin for ex in rows)),
            "labels": sorted(str(c) for c in pipeline.classes_)}
    for key, name in (("prior_weight", "prior_selection_"), ("class_offsets", "offset_selection_")):
        selection = getattr(pipeline[-1], name, None)
        if selection is not None:
            meta[key] = selection
    return meta


def lexicon_hash() -> str:
    """SHA-256 of the shipped lexicon: it shapes the router as much as the data does."""
    return hashlib.sha256(LEXICON_FILE.read_bytes()).hexdigest()


def train_classifier(examples: list[Example], city: CityProfile | None = None,
                     prior_weight: float | None = None) -> tuple[ReportClassifier, dict]:
    """Fit the type model on every example and the function model on reports only."""
    city = resolve_city(city)
    type_model = train_part("type", examples, city)
    opd_model = train_part("opd", examples, city, prior_weight)
    digest = data_hash(examples)
    model = ReportClassifier(type_model, opd_model, version=new_version(digest))
    meta = {
        "data_hash": digest,
        "code_version": code_version(),
        "lexicon_sha256": lexicon_hash(),
        "city": city.slug,
        "n_examples": {"type": len(training_rows(examples, "type")),
                       "opd": len(training_rows(examples, "opd"))},
        "labels": {"type": sorted(str(c) for c in type_model.classes_),
                   "opd": sorted(str(c) for c in opd_model.classes_)},
        "parts": {"type": part_metadata("type", examples, type_model),
                  "opd": part_metadata("opd", examples, opd_model)},
    }
    log.info("trained model %s on %d typed / %d routed examples", model.version,
             meta["n_examples"]["type"], meta["n_examples"]["opd"])
    return model, meta


def default_examples() -> list[Example]:
    """The default training data: the seed corpus minus its fixed evaluation share."""
    return split_for_evaluation(load_seed())[0]


def train_one_part(target: str, examples: list[Example], other: Any, other_origin: str,
                   city: CityProfile | None = None) -> tuple[ReportClassifier, dict]:
    """Train only ``target``; the other part (already fitted) comes from ``other_origin``.

    A model directory always holds both parts, because the pipeline needs both: ``jaring model
    train --target opd`` retrains routing and keeps the active model's type part (or one
    trained from the seed corpus when no model is active), and records which.
    """
    if target not in ("type", "opd"):
        raise ConfigError(f"Target tidak dikenal: {target!r} (pilihan: type, opd)")
    city = resolve_city(city)
    part = train_part(target, examples, city)
    rows = training_rows(examples, target)
    digest = data_hash(rows)
    parts = (part, other) if target == "type" else (other, part)
    model = ReportClassifier(*parts, version=new_version(digest))
    other_target = "opd" if target == "type" else "type"
    meta = {
        "data_hash": digest, "code_version": code_version(), "lexicon_sha256": lexicon_hash(),
        "city": city.slug, "trained_target": target,
        "n_examples": {target: len(rows)},
        "labels": {"type": sorted(str(c) for c in model.type_model.classes_),
                   "opd": sorted(str(c) for c in model.opd_model.classes_)},
        "parts": {target: part_metadata(target, examples, part),
                  other_target: {"from": other_origin}},
    }
    return model, meta
