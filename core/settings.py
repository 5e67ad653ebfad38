"""One settings class, read from ``JARING_*`` environment variables or a ``.env`` file."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigError

DEFAULT_USER_AGENT = (
    "Jaring/0.1 (pengumpul keluhan publik untuk SP4N-LAPOR! Kota Bontang; "
    "+https://github.com/jaring-bontang/jaring)"
)


class Settings(BaseSettings):
    """Every setting of Jaring; each field is documented in docs/CONFIGURATION.md."""

    model_config = SettingsConfigDict(
        env_prefix="JARING_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(default=Path("jaring-data"))
    database_url: str | None = None
    sources_file: Path | None = None
    city_profile: str = "bontang"
    operator: str | None = None
    user_agent: str = DEFAULT_USER_AGENT
    http_timeout_seconds: float = Field(default=20.0, gt=0, le=300)
    http_max_bytes: int = Field(default=5_000_000, gt=1024)
    request_delay_seconds: float = Field(default=1.0, ge=0)
    max_pages_per_run: int = Field(default=5, ge=1, le=1000)
    prefect_port: int = Field(default=4210, ge=1024, le=65535)
    retention_days: int = Field(default=30, ge=1)
    report_threshold: float = Field(default=0.5, gt=0, lt=1)
    min_report_probability: float = Field(default=0.35, gt=0, le=0.5)
    retrain_every_labels: int = Field(default=50, ge=1)
    retrain_tolerance: float = Field(default=0.01, ge=0, lt=1)
    city_adaptation: bool = True
    embedding_model: str | None = None
    log_level: str = "INFO"

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("harus salah satu dari DEBUG, INFO, WARNING, ERROR")
        return level

    @property
    def resolved_data_dir(self) -> Path:
        """The data directory as an absolute path."""
        return self.data_dir.expanduser().resolve()

    @property
    def resolved_database_url(self) -> str:
        """The database URL; defaults to a SQLite file inside the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.resolved_data_dir / 'jaring.db'}"

    @property
    def resolved_sources_file(self) -> Path:
        """Where the sources file lives; defaults to ``sources.toml`` in the data directory."""
        return (self.sources_file or self.resolved_data_dir / "sources.toml").expanduser()

    @property
    def model_dir(self) -> Path:
        """Where trained model versions are stored."""
        return self.resolved_data_dir / "models"

    @property
    def prefect_home(self) -> Path:
        """Prefect's own state (its SQLite database) under the data directory."""
        return self.resolved_data_dir / "prefect"

    def ensure_data_dir(self) -> Path:
        """Create the data directory (owner-only) and return it."""
        path = self.resolved_data_dir
        path.mkdir(parents=True, exist_ok=True)
        return path


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; invalid values raise :class:`ConfigError`."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"JARING_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"Konfigurasi tidak valid: {problems}") from None


def load_pseudonym_key(settings: Settings) -> bytes:
    """The keyed-hash secret for author pseudonyms, created (mode 0600) on first use."""
    path = settings.ensure_data_dir() / "secrets" / "pseudonym.key"
    if path.exists():
        key = path.read_bytes().strip()
        if len(key) < 32:
            raise ConfigError(f"Kunci pseudonim di {path} rusak (terlalu pendek).")
        return key
    path.parent.mkdir(mode=0o700, exist_ok=True)
    key = secrets.token_hex(32).encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key
