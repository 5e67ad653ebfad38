"""What every command needs: settings, a migrated database, the city profile, the operator."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from rich.console import Console
from sqlalchemy.orm import Session, sessionmaker

from core.city import CityProfile, load_city_profile
from core.errors import ConfigError
from core.settings import Settings, get_settings
from models.db import close_database, open_database

console = Console(soft_wrap=False)
err_console = Console(stderr=True, soft_wrap=True)


@dataclass
class AppContext:
    """Lazily opened resources of one command invocation."""

    settings: Settings

    @cached_property
    def factory(self) -> sessionmaker[Session]:
        """A session factory on the migrated database."""
        self.settings.ensure_data_dir()
        return open_database(self.settings.resolved_database_url)

    @cached_property
    def city(self) -> CityProfile:
        """The configured city profile."""
        return load_city_profile(self.settings.city_profile)

    def close(self) -> None:
        """Close the database connections this command opened (none if it opened none)."""
        factory = self.__dict__.pop("factory", None)
        if factory is not None:
            close_database(factory)

    def operator(self, given: str | None) -> str:
        """The acting operator: ``--operator`` or ``JARING_OPERATOR``, never empty."""
        name = (given or self.settings.operator or "").strip()
        if not name:
            raise ConfigError("Nama operator wajib: gunakan --operator NAMA atau JARING_OPERATOR")
        return name


#: Contexts opened by the running command, closed by :func:`close_contexts` when it ends.
_OPEN: list[AppContext] = []


def app_context() -> AppContext:
    """The context for the current command (closed by :func:`close_contexts`)."""
    context = AppContext(get_settings())
    _OPEN.append(context)
    return context


def close_contexts() -> None:
    """Close the database connections of every context the command opened."""
    while _OPEN:
        _OPEN.pop().close()


def check_choice(value: str | None, allowed: Iterable[str], label: str) -> None:
    """Refuse an option value outside ``allowed`` with one clear line (None means not given)."""
    options = list(allowed)
    if value is not None and value not in options:
        raise ConfigError(f"{label} tidak dikenal: {value!r} (pilihan: {', '.join(options)})")


def print_json(data: Any) -> None:
    """Machine-readable output on stdout, one JSON document."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
