"""Retraining: a candidate from seed + imported + operator labels, judged on a fixed set.

The evaluation set is every labelled example whose text hash falls in the fixed share
(:func:`classify.corpus.in_evaluation_set`); no model Jaring trains ever sees it, so the active
model and the candidate are compared on texts neither learned from. The candidate replaces the
active model only when it is not worse on either part (macro-F1, within a tolerance). When only
one part is worse, the other is promoted alone: the new version takes the candidate's better
part and keeps the active model's part that lost (recorded as ``{"from": <active version>}``).
Routing learned from a city's operators would otherwise wait on the report type, whose
channel offsets (from 200 typed labels) can score below the balanced seed share of the fixed
set while routing has improved (measured: docs/CLASSIFIER.md, "Learning from operators").
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from classify import store
from classify.corpus import Example, load_seed, split_for_evaluation, text_key
from classify.evaluate import scorecard
from classify.model import ReportClassifier
from classify.registry import load_model, save_model
from classify.train import train_classifier
from core.errors import ConfigError, JaringError, NotFoundError
from models.db import transaction

log = logging.getLogger(__name__)
TRIGGERS = ("manual", "labels", "weekly", "cli")


@dataclass(frozen=True)
class RetrainPlan:
    """Whether to train now, and why."""

    trigger: str
    operator_labels: int
    new_labels: int
    should_train: bool
    reason: str


def plan(session: Session, trigger: str, every: int) -> RetrainPlan:
    """Label-triggered runs train after ``every`` new operator labels; the others always do."""
    if trigger not in TRIGGERS:
        raise ConfigError(f"Pemicu tidak dikenal: {trigger!r} (pilihan: {', '.join(TRIGGERS)})")
    total = store.count_operator_labels(session)
    new = max(total - store.labels_already_used(session), 0)
    if trigger == "labels" and new < every:
        return RetrainPlan(trigger, total, new, False,
                           f"baru {new} label operator baru; latih ulang setelah {every}")
    return RetrainPlan(trigger, total, new, True, f"pemicu {trigger}, {new} label operator baru")


def gather(session: Session) -> tuple[list[Example], int]:
    """Seed, imported and operator labels, one per text (operator > imported > seed)."""
    operator = store.operator_examples(session)
    by_text: dict[str, Example] = {}
    for ex in [*load_seed(), *store.imported_examples(session), *operator]:
        by_text[text_key(ex.text)] = ex
    return list(by_text.values()), len(operator)


PARTS = ("type", "opd")


def worse_parts(candidate: dict, active: dict, tolerance: float) -> dict[str, float]:
    """The parts whose macro-F1 drops by more than ``tolerance``, with the drop."""
    drops = {target: active[target]["macro_f1"] - candidate[target]["macro_f1"]
             for target in PARTS}
    return {target: drop for target, drop in drops.items() if drop > tolerance}


def decide(candidate: dict, active: dict | None, tolerance: float,
           active_name: str | None = None) -> tuple[bool, str | None, str]:
    """``(promoted, part kept from the active model or None, reason)``: the candidate is
    promoted when neither part is worse, and its other part alone when exactly one is."""
    promoted, reason = not_worse(candidate, active, tolerance)
    worse = worse_parts(candidate, active, tolerance) if active else {}
    if len(worse) != 1:
        return promoted, None, reason
    kept = next(iter(worse))
    won = next(t for t in PARTS if t != kept)
    return True, kept, (f"bagian {won} dipromosikan; bagian {kept} tetap dari model aktif "
                        f"{active_name or '-'} ({reason})")


def not_worse(candidate: dict, active: dict | None, tolerance: float) -> tuple[bool, str]:
    """The promotion rule: no part's macro-F1 drops by more than ``tolerance``."""
    if active is None:
        return True, "belum ada model aktif yang bisa dibandingkan"
    worse = worse_parts(candidate, active, tolerance)
    if worse:
        target, drop = next(iter(worse.items()))
        return False, f"macro-F1 {target} turun {drop:.3f} (batas {tolerance:.3f})"
    return True, "tidak lebih buruk dari model aktif"


@dataclass
class RetrainResult:
    """What a retraining run did; JSON-ready through :meth:`as_dict`."""

    trigger: str
    candidate: str | None = None
    active_before: str | None = None
    promoted: bool = False
    reason: str = ""
    data_hash: str = ""
    code_version: str = ""
    n_train: int = 0
    n_evaluation: int = 0
    operator_labels: int = 0
    scores: dict[str, Any] = field(default_factory=dict)
    #: The part the new version keeps from the active model (the other was promoted alone).
    kept_from_active: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """A plain dict."""
        return asdict(self)


def _active_scores(path: str | None, evaluation: list[Example]
                   ) -> tuple[ReportClassifier | None, dict | None]:
    """The active model and its scores (``None, None`` when there is none or it is broken)."""
    if path is None:
        return None, None
    try:
        # Both compared as trained: the candidate has no city prior yet (it gets one on its
        # first classifying run), and the fixed set is not the city's mix anyway.
        active = load_model(Path(path), city_prior=False)
        return active, scorecard(active, evaluation)
    except (ConfigError, NotFoundError) as exc:  # a broken active model loses to any candidate
        log.error("active model at %s cannot be scored: %s", path, exc)
        return None, None


def retrain(factory: sessionmaker[Session], model_dir: Path, trigger: str,
            tolerance: float = 0.01) -> RetrainResult:
    """Train a candidate, compare it with the active model, promote it if not worse."""
    with transaction(factory) as session:
        examples, n_operator = gather(session)
        active = store.active_version(session)
        active_name, active_path = (active.version, active.path) if active else (None, None)
    training, evaluation = split_for_evaluation(examples)
    model, meta = train_classifier(training)
    result = RetrainResult(trigger=trigger, candidate=model.version, active_before=active_name,
                           data_hash=meta["data_hash"], code_version=meta["code_version"],
                           n_train=len(training), n_evaluation=len(evaluation),
                           operator_labels=n_operator)
    candidate = scorecard(model, evaluation)
    active_model, current = _active_scores(active_path, evaluation)
    result.promoted, kept, result.reason = decide(candidate, current, tolerance, active_name)
    result.scores = {"candidate": candidate, "active": current}
    saved_scores = candidate
    if kept:
        model = with_part(model, active_model, kept)
        meta = _kept_metadata(meta, model, kept, active_name)
        saved_scores = {**candidate, kept: current[kept]}
        result.kept_from_active = kept
    meta["metrics"] = {"evaluation": saved_scores, "compared_with": active_name,
                       "active_evaluation": current, "decision": result.reason,
                       "candidate_evaluation": candidate}
    saved = save_model(model, model_dir, meta)
    with transaction(factory) as session:
        row = store.register_model(session, saved, activate=result.promoted, trigger=trigger,
                                   operator_labels=n_operator)
        if not result.promoted:
            row.status = "rejected"
    log.info("retrained %s (%s): %s", model.version, trigger, result.reason)
    return result


def with_part(model: ReportClassifier, active: ReportClassifier, kept: str) -> ReportClassifier:
    """``model`` with its ``kept`` part (``type`` or ``opd``) replaced by ``active``'s."""
    parts = {"type": model.type_model, "opd": model.opd_model}
    parts[kept] = active.type_model if kept == "type" else active.opd_model
    return ReportClassifier(parts["type"], parts["opd"], version=model.version)


def _kept_metadata(meta: dict, model: ReportClassifier, kept: str,
                   active_name: str | None) -> dict:
    part = model.type_model if kept == "type" else model.opd_model
    meta = {**meta, "parts": {**meta["parts"], kept: {"from": active_name}},
            "labels": {**meta["labels"], kept: sorted(str(c) for c in part.classes_)}}
    meta["n_examples"] = {t: n for t, n in meta["n_examples"].items() if t != kept}
    return meta


def retrain_safely(factory: sessionmaker[Session], model_dir: Path, trigger: str,
                   tolerance: float = 0.01) -> RetrainResult:
    """:func:`retrain`, with a data problem reported in the result instead of raised."""
    try:
        return retrain(factory, model_dir, trigger, tolerance)
    except JaringError as exc:
        log.error("retraining failed: %s", exc)
        return RetrainResult(trigger=trigger, reason=f"gagal: {exc}")


def comparison_markdown(result: RetrainResult) -> str:
    """The Prefect artifact: candidate against active model on the evaluation set."""
    lines = [f"## Latih ulang model ({result.trigger})", "",
             f"Kandidat: `{result.candidate}`; model aktif sebelumnya: "
             f"`{result.active_before or '-'}`", "",
             f"Keputusan: **{'dipromosikan' if result.promoted else 'tidak dipromosikan'}** "
             f"({result.reason})", "",
             f"Data latih: {result.n_train} contoh ({result.operator_labels} label operator), "
             f"hash `{result.data_hash[:12]}`, kode `{result.code_version}`; "
             f"set evaluasi tetap: {result.n_evaluation} contoh.", "",
             "| Bagian | Ukuran | Kandidat | Aktif |", "|---|---|---|---|"]
    if result.kept_from_active:
        lines[6:6] = [f"Bagian `{result.kept_from_active}` versi baru ini diambil dari model "
                      "aktif; kolom Kandidat menunjukkan kandidat lengkap.", ""]
    candidate, active = result.scores.get("candidate") or {}, result.scores.get("active") or {}
    for target in ("type", "opd"):
        for key in ("macro_f1", "accuracy", "top3_accuracy", "calibration_error"):
            if key in candidate.get(target, {}):
                theirs = active.get(target, {}).get(key)
                lines.append(f"| {target} | {key} | {candidate[target][key]:.3f} | "
                             f"{'-' if theirs is None else f'{theirs:.3f}'} |")
    return "\n".join(lines)
