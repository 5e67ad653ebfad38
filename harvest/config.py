"""The sources file (TOML): which places to harvest, how often, with which options."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.errors import ConfigError, ConflictError, NotFoundError
from harvest.sources import get_kind

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,99}$")


class SourceConfig(BaseModel):
    """One ``[[source]]`` entry; kind-specific options are kept as extra fields."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: str
    kind: str
    enabled: bool = True
    interval_minutes: int = Field(default=60, ge=5, le=7 * 24 * 60)
    max_pages: int | None = Field(default=None, ge=1, le=1000)

    @field_validator("name")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not NAME_RE.match(value):
            raise ValueError("nama sumber hanya huruf kecil, angka, '-' dan '_' (2-100 karakter)")
        return value

    @property
    def options(self) -> dict[str, Any]:
        """The kind-specific options (everything beyond the common fields)."""
        return dict(self.model_extra or {})


def parse_sources(text: str, origin: str = "berkas sumber") -> list[SourceConfig]:
    """Validate a sources document; every problem names the entry it is in."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin} bukan TOML yang sah: {exc}") from None
    entries = raw.get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{origin}: gunakan tabel [[source]] untuk setiap sumber")
    configs: list[SourceConfig] = []
    for index, entry in enumerate(entries, start=1):
        label = f"{origin}, sumber ke-{index} ({entry.get('name', 'tanpa nama')})"
        try:
            config = SourceConfig.model_validate(entry)
            get_kind(config.kind).validate(config.options)
        except ValidationError as exc:
            detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"{label}: {detail}") from None
        except (ValueError, ConfigError) as exc:
            raise ConfigError(f"{label}: {exc}") from None
        configs.append(config)
    names = [c.name for c in configs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"{origin}: nama sumber ganda: {', '.join(duplicates)}")
    return configs


def load_sources(path: Path) -> list[SourceConfig]:
    """Read and validate the sources file at ``path``."""
    if not path.is_file():
        raise ConfigError(f"Berkas sumber tidak ditemukan: {path} (lihat docs/SOURCES.md)")
    return parse_sources(path.read_text(encoding="utf-8"), str(path))


# --- editing the sources file (comments and layout are kept) ------------------------------


def _read_document(path: Path) -> tomlkit.TOMLDocument:
    if not path.exists():
        return tomlkit.document()
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Berkas sumber {path} tidak dapat dibaca: {exc}") from None
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(f"{path} bukan TOML yang sah: {exc}") from None


def _write_checked(path: Path, document: tomlkit.TOMLDocument) -> list[SourceConfig]:
    """Validate the whole edited document, then replace the file atomically."""
    text = tomlkit.dumps(document)
    configs = parse_sources(text, str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    if path.exists():
        os.chmod(temporary, path.stat().st_mode & 0o777)
    os.replace(temporary, path)
    return configs


def add_source(path: Path, entry: Mapping[str, Any]) -> SourceConfig:
    """Append a ``[[source]]`` entry to the sources file after validating the result."""
    document = _read_document(path)
    names = {c.name for c in parse_sources(tomlkit.dumps(document), str(path))}
    if entry.get("name") in names:
        raise ConflictError(f"Sumber {entry['name']!r} sudah ada di {path}")
    table = tomlkit.table()
    table.trivia.indent = "\n"  # a blank line before the new entry, like the others
    for key, value in entry.items():
        table[key] = value
    sources = document.get("source")
    if sources is None:
        document["source"] = tomlkit.aot()
        sources = document["source"]
    sources.append(table)
    configs = _write_checked(path, document)
    return next(c for c in configs if c.name == entry["name"])


def set_source_enabled(path: Path, name: str, enabled: bool) -> SourceConfig:
    """Set ``enabled`` of the entry called ``name`` in the sources file."""
    document = _read_document(path)
    parse_sources(tomlkit.dumps(document), str(path))
    entry = next((t for t in document.get("source", []) if t.get("name") == name), None)
    if entry is None:
        raise NotFoundError(f"Sumber {name!r} tidak ada di {path}")
    entry["enabled"] = enabled
    configs = _write_checked(path, document)
    return next(c for c in configs if c.name == name)
