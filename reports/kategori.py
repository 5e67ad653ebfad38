"""Report categories (kategori) kept as data, chosen by function code and keywords."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.errors import ConfigError

DEFAULT_FILE = Path(__file__).parent / "data" / "kategori.toml"


@dataclass(frozen=True)
class Rincian:
    """A more precise judul phrase for one kind of problem within a category."""

    keywords: tuple[str, ...]
    masalah: str


@dataclass(frozen=True)
class Kategori:
    """One topic of the category tree and the judul phrase for its problems."""

    name: str
    opd_code: str
    masalah: str
    keywords: tuple[str, ...]
    rincian: tuple[Rincian, ...] = ()

    def detail(self, normalized_text: str) -> Rincian | None:
        """The first rincian whose keywords occur in the text, if any."""
        return next((d for d in self.rincian if _hits(d.keywords, normalized_text)), None)

    def problem(self, normalized_text: str) -> str:
        """The judul phrase for this text: the matching rincian's, else the general one."""
        detail = self.detail(normalized_text)
        return detail.masalah if detail else self.masalah


def _hits(keywords: tuple[str, ...], text: str) -> int:
    # "lubangnya" is "lubang": the possessive suffix does not change the topic.
    return sum(1 for word in keywords
               if re.search(rf"(?<![\w-]){re.escape(word)}(?:nya)?(?![\w-])", text))


@lru_cache(maxsize=4)
def load_kategori(path: Path = DEFAULT_FILE) -> tuple[Kategori, ...]:
    """Load the category list (the default ships with Jaring)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        entries = tuple(
            Kategori(k["name"], k["opd_code"], k["masalah"], tuple(k.get("keywords", ())),
                     tuple(Rincian(tuple(r["keywords"]), r["masalah"])
                           for r in k.get("rincian", ())))
            for k in raw["kategori"])
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise ConfigError(f"Daftar kategori {path} tidak bisa dibaca: {exc}") from None
    if not any(k.opd_code == "lainnya" for k in entries):
        raise ConfigError(f"Daftar kategori {path} perlu kategori untuk kode 'lainnya'")
    return entries


def choose_kategori(normalized_text: str, opd_code: str,
                    kategori: tuple[Kategori, ...] | None = None) -> Kategori:
    """The category of ``opd_code`` with the most keyword hits, else that code's first one."""
    options = kategori or load_kategori()
    mine = [k for k in options if k.opd_code == opd_code] or [
        k for k in options if k.opd_code == "lainnya"]
    scored = [(_hits(k.keywords, normalized_text), -i, k) for i, k in enumerate(mine)]
    return max(scored, key=lambda s: s[:2])[2]
