"""Vocabulary that needs no training: function terms and the city's OPD profiles."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.city import CityProfile
from core.domain import FUNCTION_CODES
from core.errors import ConfigError

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")


@cache
def _lexicon() -> dict:
    try:
        with LEXICON_FILE.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Leksikon {LEXICON_FILE} tidak bisa dibaca: {exc}") from None


def function_terms() -> dict[str, tuple[str, ...]]:
    """Portable terms per function code (``classify/lexicon.toml``)."""
    functions = _lexicon().get("functions", {})
    return {code: tuple(functions.get(code, {}).get("terms", ())) for code in FUNCTION_CODES}


@dataclass(frozen=True)
class FunctionProfile:
    """What the router knows about one function without examples: a description and terms."""

    code: str
    text: str
    terms: tuple[str, ...]


def function_profiles(city: CityProfile | None = None) -> tuple[FunctionProfile, ...]:
    """One profile per function code: the lexicon, plus the city's OPD names and keywords."""
    terms = function_terms()
    profiles = []
    for code in FUNCTION_CODES:
        opd = city.opds.get(code) if city else None
        words = tuple(dict.fromkeys((*terms[code], *(opd.keywords if opd else ()))))
        parts = [opd.name, opd.short_name, opd.description] if opd else []
        text = " . ".join([*parts, *words])
        profiles.append(FunctionProfile(code, text, words))
    return tuple(profiles)


def profile_params(profiles: tuple[FunctionProfile, ...]) -> tuple[tuple[str, str, tuple], ...]:
    """Profiles as plain nested tuples: a scikit-learn parameter that pickles without our types."""
    return tuple((p.code, p.text, p.terms) for p in profiles)
