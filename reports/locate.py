"""Where an incident happened: kelurahan, kecamatan, street and place from the city gazetteer.

Names are matched exactly first (every alias of the profile, hyphens and spaces alike), then,
for what is still unknown, tolerant of typos with rapidfuzz: each word of a name may be misspelt
by one edit (one word in names of up to two words, two words in longer ones) when it keeps its
first letter and is not an ordinary word (``gunung`` is not ``Guntung``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from core.city import CityProfile

# A street named in capitals after "Jl."/"jln"/"jalan"; RT/RW/No. end the name.
_NAME_WORD = r"(?!(?:RT|RW|No|Gg|Kel|Kec|Blok)\b)(?:[A-Z][\w'.-]*|[A-Z]{1,3})"
_STREET = re.compile(rf"\b(?i:jl|jln|jalan)(?:\.\s*|\s+)((?:{_NAME_WORD}|\d+)(?:\s+{_NAME_WORD})*)")
_STREET_CUE = re.compile(r"^(?:jl|jln|jalan)\.?\s+")
_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
MIN_FUZZY_LENGTH = 6  # shorter names ("bsd", "kie") are matched exactly only
FUZZY_TOKEN_LENGTH = 4  # a misspelt word of a name is at least this long
# Ordinary words one edit away from a gazetteer word; never read as a misspelt name (the seed
# corpus vocabulary is added to these, see ordinary_words()).
COMMON_WORDS = frozenset({
    "gunung", "gantung", "tanjung", "kanan", "laut", "lautan", "pantai", "pantas", "tengah",
    "lestari", "baru", "barat", "utara", "selatan", "timur", "kuala", "kuda", "lihat", "melihat",
    "gunting", "untung", "kuning", "pasar", "pasang", "pasir", "taman", "rawa", "rawan", "rawat",
    "indah", "mulai", "jalan", "jalur", "simpang", "simpan", "lengkap", "sekolah", "rumah",
    "sakit", "sehat", "kantor", "stadion", "permai", "perumahan", "pelabuhan", "dermaga",
    "masjid", "kampung", "kampus", "pasangan", "ujung", "agung", "bangun", "tuan", "tua",
})


@dataclass(frozen=True)
class Location:
    """What the text says about the place; every part may be unknown."""

    street: str | None = None
    place: str | None = None
    kelurahan: str | None = None
    kecamatan: str | None = None

    def describe(self, city_name: str) -> str | None:
        """A human-readable location line, or None when nothing is known."""
        parts = [self.street, self.place,
                 f"Kelurahan {self.kelurahan}" if self.kelurahan else None,
                 f"Kecamatan {self.kecamatan}" if self.kecamatan else None]
        known = [p for p in parts if p]
        return ", ".join([*known, city_name]) if known else None

    @property
    def short(self) -> str | None:
        """The most specific name for a judul: "Jalan Selat Gaspor, Tanjung Laut"."""
        spot = self.street or self.place
        if spot and self.kelurahan and self.kelurahan not in spot:
            return f"{spot}, {self.kelurahan}"
        return spot or self.kelurahan or (f"Kecamatan {self.kecamatan}" if self.kecamatan
                                          else None)


def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted({n.lower() for n in names if n}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]*")
                    for a in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


def _aliases(entry) -> tuple[str, ...]:
    names = (entry.name, *entry.aliases)
    return tuple(dict.fromkeys(" ".join(_TOKEN.findall(n.lower())) for n in names if n))


def _streets(city: CityProfile, streets: bool) -> tuple:
    return tuple(p for p in city.places if (p.kind == "jalan") == streets)


@lru_cache(maxsize=4)
def _matchers(city: CityProfile) -> dict[str, list[tuple[re.Pattern[str], object]]]:
    return {
        "kelurahan": [(_pattern((k.name, *k.aliases)), k) for k in city.kelurahan],
        "kecamatan": [(_pattern((k.name, *k.aliases)), k) for k in city.kecamatan],
        "street": [(_pattern((p.name, *p.aliases)), p) for p in _streets(city, True)],
        "place": [(_pattern((p.name, *p.aliases)), p) for p in _streets(city, False)],
    }


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """Words of everyday posts (the seed corpus and a short list): never a misspelt name."""
    from classify.corpus import load_seed

    words = {w for ex in load_seed() for w in _TOKEN.findall(ex.text.lower())}
    return frozenset(words | COMMON_WORDS)


@dataclass(frozen=True)
class _Alias:
    tokens: tuple[str, ...]
    entry: object


@lru_cache(maxsize=4)
def _fuzzy_index(city: CityProfile) -> dict[str, dict[str, list[tuple[int, _Alias]]]]:
    """Per kind: each alias token -> the aliases containing it, with its position."""
    groups = {"kelurahan": city.kelurahan, "kecamatan": city.kecamatan,
              "street": _streets(city, True), "place": _streets(city, False)}
    index: dict[str, dict[str, list[tuple[int, _Alias]]]] = {}
    for kind, entries in groups.items():
        by_token: dict[str, list[tuple[int, _Alias]]] = {}
        for entry in entries:
            for name in _aliases(entry):
                alias = _Alias(tuple(_STREET_CUE.sub("", name).split()), entry)
                if len("".join(alias.tokens)) < MIN_FUZZY_LENGTH:
                    continue
                for position, token in enumerate(alias.tokens):
                    by_token.setdefault(token, []).append((position, alias))
        index[kind] = by_token
    return index


def _close(word: str, target: str) -> bool:
    """Equal, or one edit away for a word that is not ordinary and starts the same."""
    if word == target:
        return True
    return (len(target) >= FUZZY_TOKEN_LENGTH and word[0] == target[0]
            and word not in ordinary_words()
            and Levenshtein.distance(word, target, score_cutoff=1) <= 1)


def _alias_at(tokens: list[str], start: int, alias: _Alias) -> bool:
    window = tokens[start:start + len(alias.tokens)]
    if start < 0 or len(window) < len(alias.tokens):
        return False
    if not all(_close(w, t) for w, t in zip(window, alias.tokens, strict=True)):
        return False
    misspelt = sum(w != t for w, t in zip(window, alias.tokens, strict=True))
    return misspelt <= (1 if len(alias.tokens) <= 2 else 2)


def _fuzzy_first(kind: str, text: str, city: CityProfile):
    """The earliest (then longest) run of words that is a near-miss spelling of a name."""
    tokens = _TOKEN.findall(text)
    index = _fuzzy_index(city)[kind]
    vocabulary = list(index)
    hits = []
    for i, word in enumerate(tokens):
        for target, _distance, _ in process.extract(word, vocabulary, scorer=Levenshtein.distance,
                                                    score_cutoff=1, limit=None):
            for position, alias in index[target]:
                if _alias_at(tokens, i - position, alias):
                    hits.append((i - position, -len(alias.tokens), alias.entry))
        if hits:
            break
    return min(hits, key=lambda h: h[:2])[2] if hits else None


def _first(kind: str, text: str, city: CityProfile):
    hits = [(m.start(), -len(m.group(0)), obj)
            for pattern, obj in _matchers(city)[kind] if (m := pattern.search(text))]
    return min(hits, key=lambda h: h[:2])[2] if hits else None


def _find(kind: str, text: str, city: CityProfile):
    return _first(kind, text, city) or _fuzzy_first(kind, text, city)


def _street_from_text(text: str) -> str | None:
    match = _STREET.search(text)
    return f"Jalan {match.group(1).rstrip('.')}" if match else None


def find_location(text: str, city: CityProfile) -> Location:
    """Find the first kelurahan, kecamatan, gazetteer place and street the text names."""
    lowered = text.lower()
    kelurahan = _find("kelurahan", lowered, city)
    place = _find("place", lowered, city)
    street = _find("street", lowered, city)
    kelurahan_name = kelurahan.name if kelurahan else (
        (place and place.kelurahan) or (street and street.kelurahan) or None)
    kec_name = city.kecamatan_of(kelurahan_name) if kelurahan_name else None
    if kec_name is None:
        kecamatan = _find("kecamatan", lowered, city)
        kec_name = kecamatan.name if kecamatan else None
    return Location(street=street.name if street else _street_from_text(text),
                    place=place.name if place else None, kelurahan=kelurahan_name,
                    kecamatan=kec_name)
