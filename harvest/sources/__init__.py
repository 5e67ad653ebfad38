"""Source kinds, one module per platform; each registers itself by its ``KIND``."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from core.errors import ConfigError
from harvest.sources.base import SourceKind


@cache
def registry() -> dict[str, SourceKind]:
    """Every source kind found in this package, keyed by name (adding a module is enough)."""
    kinds: dict[str, SourceKind] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        kind = getattr(module, "SOURCE", None)
        if isinstance(kind, SourceKind):
            kinds[kind.name] = kind
    return kinds


def get_kind(name: str) -> SourceKind:
    """The source kind called ``name``; unknown names are a configuration error."""
    kinds = registry()
    if name not in kinds:
        known = ", ".join(sorted(kinds))
        raise ConfigError(f"Jenis sumber tidak dikenal: {name!r} (tersedia: {known})")
    return kinds[name]
