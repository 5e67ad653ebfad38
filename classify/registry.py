"""Saved model versions: a directory with the estimators and a metadata file."""

from __future__ import annotations

import hashlib
import json
import logging
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import joblib

from classify import adaptation
from classify.model import ReportClassifier
from core.errors import ConfigError, NotFoundError

log = logging.getLogger(__name__)
MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
FORMAT = 2
READABLE_FORMATS = (1, 2)  # format 1: the foundation's models; the file layout is the same


@dataclass(frozen=True)
class SavedModel:
    """Where a version lives and what its metadata says."""

    version: str
    path: Path
    metadata: dict[str, Any]


def new_version(data_hash: str) -> str:
    """A sortable version name: UTC time plus the first characters of the data hash."""
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{data_hash[:8]}"


def library_versions() -> dict[str, str]:
    """Versions of the libraries a saved model depends on."""
    names = ("scikit-learn", "numpy", "scipy", "joblib")
    return {"python": platform.python_version(),
            **{n: importlib_metadata.version(n) for n in names}}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(model: ReportClassifier, root: Path, metadata: dict[str, Any]) -> SavedModel:
    """Write ``model`` under ``root/<version>``; the metadata records the file's checksum."""
    return save_model_to(model, root / model.version, metadata)


def save_model_to(model: ReportClassifier, path: Path, metadata: dict[str, Any]) -> SavedModel:
    """Write ``model`` into the directory ``path``, which must not exist or be empty."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ConfigError(f"Direktori keluaran {path} sudah ada dan tidak kosong")
    path.mkdir(parents=True, exist_ok=True)
    model_file = path / MODEL_FILE
    joblib.dump({"type": model.type_model, "opd": model.opd_model}, model_file, compress=3)
    full = {"format": FORMAT, "version": model.version, "sha256": _sha256(model_file),
            "libraries": library_versions(), **metadata}
    (path / METADATA_FILE).write_text(json.dumps(full, indent=2, ensure_ascii=False) + "\n")
    return SavedModel(model.version, path, full)


def read_metadata(path: Path) -> dict[str, Any]:
    """The metadata of the model directory at ``path``."""
    try:
        return json.loads((path / METADATA_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFoundError(f"Model tidak ditemukan di {path}") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"Metadata model di {path} rusak: {exc}") from None


def load_model(path: Path, city_prior: bool = True) -> ReportClassifier:
    """Load a model this project saved; a changed or damaged file is refused, not unpickled.

    With ``city_prior`` the router is adapted to the city prior saved beside it, if any
    (:mod:`classify.adaptation`); without, it routes as trained.
    """
    meta = read_metadata(path)
    model_file = path / MODEL_FILE
    if not isinstance(meta, dict) or meta.get("format") not in READABLE_FORMATS \
            or not model_file.is_file():
        raise ConfigError(f"Direktori model {path} tidak lengkap atau formatnya tidak dikenal")
    if _sha256(model_file) != meta.get("sha256"):
        raise ConfigError(f"Berkas model di {path} tidak cocok dengan checksum-nya (rusak?)")
    try:
        parts = joblib.load(model_file)
        type_model, opd_model = parts["type"], parts["opd"]
    except Exception as exc:  # joblib raises many kinds on a damaged file
        raise ConfigError(f"Model di {path} tidak bisa dimuat: {exc}") from None
    for part in (type_model, opd_model):
        if not (hasattr(part, "predict_proba") and hasattr(part, "classes_")):
            raise ConfigError(f"Model di {path} tidak berisi pengklasifikasi yang dikenal")
    model = ReportClassifier(type_model, opd_model, version=str(meta.get("version", path.name)))
    if city_prior:
        _attach_city_prior(model, path)
    return model


def _attach_city_prior(model: ReportClassifier, path: Path) -> None:
    """The city prior saved beside the model; a damaged one is reported and left out (the
    model routes as trained until it is estimated again), never a reason not to load."""
    try:
        model.city_prior = adaptation.load(path)
    except ConfigError as exc:
        log.warning("city prior of model %s ignored: %s", model.version, exc)


def save_city_prior(prior: adaptation.CityPrior, path: Path) -> Path:
    """Keep a city prior with the model in directory ``path`` (replacing an earlier one)."""
    if not (path / METADATA_FILE).is_file():
        raise NotFoundError(f"Model tidak ditemukan di {path}")
    return adaptation.save(prior, path)


def remove_city_prior(path: Path) -> bool:
    """Delete the city prior kept with the model in ``path``; False when there was none."""
    try:
        (path / adaptation.FILE).unlink()
    except FileNotFoundError:
        return False
    return True
