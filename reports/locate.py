"""Where an incident happened: kelurahan, kecamatan, street and place from the city gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.city import CityProfile

_STREET = re.compile(
    r"\b(?:jl|jln|jalan)\.?\s+((?:[A-Z][\w'.-]*|[A-Z]{1,3}|\d+)(?:\s+(?:[A-Z][\w'.-]*|[A-Z]{1,3}))*)")


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


def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted({n.lower() for n in names if n}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]*")
                    for a in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


@lru_cache(maxsize=4)
def _matchers(city: CityProfile) -> dict[str, list[tuple[re.Pattern[str], object]]]:
    return {
        "kelurahan": [(_pattern((k.name, *k.aliases)), k) for k in city.kelurahan],
        "kecamatan": [(_pattern((k.name, *k.aliases)), k) for k in city.kecamatan],
        "place": [(_pattern((p.name, *p.aliases)), p) for p in city.places],
    }


def _first(kind: str, text: str, city: CityProfile):
    hits = [(m.start(), -len(m.group(0)), obj)
            for pattern, obj in _matchers(city)[kind] if (m := pattern.search(text))]
    return min(hits, key=lambda h: h[:2])[2] if hits else None


def find_location(text: str, city: CityProfile) -> Location:
    """Find the first kelurahan, kecamatan, gazetteer place and street the text names."""
    lowered = text.lower()
    kelurahan = _first("kelurahan", lowered, city)
    place = _first("place", lowered, city)
    kec_name = kelurahan.kecamatan if kelurahan else None
    if kelurahan is None and place is not None and place.kelurahan:
        kelurahan_name = place.kelurahan
        kec_name = city.kecamatan_of(kelurahan_name)
    else:
        kelurahan_name = kelurahan.name if kelurahan else None
    if kec_name is None:
        kecamatan = _first("kecamatan", lowered, city)
        kec_name = kecamatan.name if kecamatan else None
    street = _STREET.search(text)
    place_name = place.name if place is not None and place.kind != "jalan" else None
    street_name = f"Jalan {street.group(1)}" if street else (
        place.name if place is not None and place.kind == "jalan" else None)
    return Location(street=street_name, place=place_name, kelurahan=kelurahan_name,
                    kecamatan=kec_name)
