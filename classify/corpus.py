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


@dataclass(frozen=True)
class Example:
    """One labelled text; ``opd_code`` is empty for non-reports."""

    text: str
    report_type: str
    opd_code: str


def read_examples(path: Path) -> list[Example]:
    """Read a CSV with ``text`` and ``report_type`` and/or ``opd_code`` columns."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = set(reader.fieldnames or ())
            if "text" not in columns or not columns & set(TARGET_COLUMNS.values()):
                raise ConfigError(
                    f"{path}: perlu kolom 'text' dan 'report_type' atau 'opd_code' "
                    f"(ada: {', '.join(sorted(columns)) or 'tidak ada'})")
            rows = [_example(row, path, n) for n, row in enumerate(reader, start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"{path}: tidak bisa dibaca sebagai CSV UTF-8: {exc}") from None
    return [row for row in rows if row.text]


def _example(row: dict[str, str | None], path: Path, line: int) -> Example:
    text = (row.get("text") or "").strip()
    report_type = (row.get("report_type") or "").strip()
    opd_code = (row.get("opd_code") or "").strip()
    if report_type and report_type not in REPORT_TYPES:
        raise ConfigError(f"{path}:{line}: report_type tidak dikenal {report_type!r}")
    if opd_code and opd_code not in FUNCTION_CODES:
        raise ConfigError(f"{path}:{line}: opd_code tidak dikenal {opd_code!r}")
    return Example(text=text, report_type=report_type, opd_code=opd_code)


def load_seed() -> list[Example]:
    """The seed corpus shipped with Jaring (every CSV in ``classify/seed``)."""
    files = sorted(SEED_DIR.glob("*.csv"))
    if not files:
        raise ConfigError(f"Korpus benih tidak ditemukan di {SEED_DIR}")
    return [example for path in files for example in read_examples(path)]


def data_hash(examples: list[Example]) -> str:
    """A hash of the training data, recorded with every model version."""
    digest = hashlib.sha256()
    for ex in examples:
        digest.update(f"{ex.text}\x1f{ex.report_type}\x1f{ex.opd_code}\x1e".encode())
    return digest.hexdigest()
