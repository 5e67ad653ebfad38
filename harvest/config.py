"""The sources file (TOML): which places to harvest, how often, with which options."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.errors import ConfigError
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
