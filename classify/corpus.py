"""Labelled text: the shipped seed corpus and analysts' CSV files."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from core.domain import FUNCTION_CODES, REPORT_TYPES
from core.errors import ConfigError

SEED_DIR = Path(__file__).with_name("seed")
TARGET_COLUMNS = {"type": "report_type", "opd": "opd_code"}
#: Share (percent) of labelled examples, chosen by a hash of the text, that no model trains on:
#: the fixed evaluation set that decides whether a retrained model may replace the active one.
EVALUATION_PERCENT = 15


@dataclass(frozen=True)
class Example:
    """One labelled text; ``opd_code`` is empty for non-reports."""

    text: str
    report_type: str
    opd_code: str
    origin: str = "seed"

    def label(self, target: str) -> str:
        """The label for ``target`` (``type`` or ``opd``); empty when the example has none."""
        return self.report_type if target == "type" else self.opd_code


def read_examples(path: Path, origin: str | None = None,
                  require: str | None = None) -> list[Example]:
    """Read a CSV with ``text`` and ``report_type`` and/or ``opd_code`` columns.

    ``require`` (``type`` or ``opd``) insists on that target's column; rows with an empty label
    are kept (the caller skips them per target), rows with an unknown label are refused.
    """
    origin = origin or path.name
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = set(reader.fieldnames or ())
            if "text" not in columns or not columns & set(TARGET_COLUMNS.values()):
                raise ConfigError(
                    f"{path}: perlu kolom 'text' dan 'report_type' atau 'opd_code' "
                    f"(ada: {', '.join(sorted(columns)) or 'tidak ada'})")
            if require and TARGET_COLUMNS[require] not in columns:
                raise ConfigError(f"{path}: perlu kolom '{TARGET_COLUMNS[require]}' untuk "
                                  f"target {require}")
            rows = [_example(row, path, n, origin) for n, row in enumerate(reader, start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"{path}: tidak bisa dibaca sebagai CSV UTF-8: {exc}") from None
    return [row for row in rows if row.text]


def _example(row: dict[str, str | None], path: Path, line: int, origin: str) -> Example:
    text = " ".join((row.get("text") or "").split())
    report_type = (row.get("report_type") or "").strip()
    opd_code = (row.get("opd_code") or "").strip()
    if report_type and report_type not in REPORT_TYPES:
        raise ConfigError(f"{path}:{line}: report_type tidak dikenal {report_type!r}")
    if opd_code and opd_code not in FUNCTION_CODES:
        raise ConfigError(f"{path}:{line}: opd_code tidak dikenal {opd_code!r}")
    return Example(text=text, report_type=report_type, opd_code=opd_code, origin=origin)


def load_seed() -> list[Example]:
    """The seed corpus shipped with Jaring (every CSV in ``classify/seed``)."""
    files = sorted(SEED_DIR.glob("*.csv"))
    if not files:
        raise ConfigError(f"Korpus benih tidak ditemukan di {SEED_DIR}")
    return [example for path in files for example in read_examples(path, origin="seed")]


def data_hash(examples: list[Example]) -> str:
    """A hash of the training data, recorded with every model version."""
    digest = hashlib.sha256()
    for ex in examples:
        digest.update(f"{ex.text}\x1f{ex.report_type}\x1f{ex.opd_code}\x1e".encode())
    return digest.hexdigest()


def text_key(text: str) -> str:
    """A stable key for a text: SHA-256 of its lower-cased, whitespace-collapsed form."""
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()


def in_evaluation_set(text: str) -> bool:
    """Whether ``text`` belongs to the fixed evaluation set (decided by its hash, forever)."""
    return int(text_key(text)[:8], 16) % 100 < EVALUATION_PERCENT


def split_for_evaluation(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    """``(training, evaluation)``: the evaluation set is never trained on by Jaring's models."""
    training = [ex for ex in examples if not in_evaluation_set(ex.text)]
    evaluation = [ex for ex in examples if in_evaluation_set(ex.text)]
    return training, evaluation


def labelled(examples: list[Example], target: str) -> list[Example]:
    """The examples that carry a label for ``target``."""
    return [ex for ex in examples if ex.label(target)]
