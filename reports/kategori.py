"""Report categories (kategori) kept as data, chosen by function code and keywords."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_FILE = Path(__file__).parent / "data" / "kategori.toml"


@dataclass(frozen=True)
class Kategori:
    """One topic of the category tree and the judul phrase for its problems."""

    name: str
    opd_code: str
    masalah: str
    keywords: tuple[str, ...]


@lru_cache(maxsize=4)
def load_kategori(path: Path = DEFAULT_FILE) -> tuple[Kategori, ...]:
    """Load the category list (the default ships with Jaring)."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(Kategori(k["name"], k["opd_code"], k["masalah"], tuple(k.get("keywords", ())))
                 for k in raw["kategori"])


def choose_kategori(normalized_text: str, opd_code: str,
                    kategori: tuple[Kategori, ...] | None = None) -> Kategori:
    """The first category of ``opd_code`` whose keyword occurs, else that code's first one."""
    options = kategori or load_kategori()
    mine = [k for k in options if k.opd_code == opd_code]
    for entry in mine:
        if any(re.search(rf"\b{re.escape(word)}\b", normalized_text) for word in entry.keywords):
            return entry
    if mine:
        return mine[0]
    return next(k for k in options if k.opd_code == "lainnya")
