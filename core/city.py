"""City profiles: a city's kecamatan, kelurahan, OPDs per function code and gazetteer, as data."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from core.domain import FUNCTION_CODES
from core.errors import ConfigError

PROFILE_DIR = Path(__file__).with_name("cities")


@dataclass(frozen=True)
class Kecamatan:
    """A district of the city."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kelurahan:
    """An urban village and the kecamatan it belongs to."""

    name: str
    kecamatan: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Opd:
    """The city body that acts for one government function code."""

    code: str
    name: str
    short_name: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: street, facility, market, estate..."""

    name: str
    kind: str
    kelurahan: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: profiles are cached
class CityProfile:
    """Everything Jaring knows about one city, loaded from its TOML profile."""

    name: str
    slug: str
    tracking_prefix: str
    timezone: str
    operator: str
    public_handles: frozenset[str]
    kecamatan: tuple[Kecamatan, ...]
    kelurahan: tuple[Kelurahan, ...]
    opds: dict[str, Opd]
    places: tuple[Place, ...] = field(default=())

    def opd_for(self, code: str) -> Opd:
        """The OPD for a function code; unknown codes fall back to ``lainnya``."""
        return self.opds.get(code) or self.opds["lainnya"]

    def kecamatan_of(self, kelurahan: str) -> str | None:
        """The kecamatan a kelurahan belongs to."""
        for entry in self.kelurahan:
            if entry.name == kelurahan:
                return entry.kecamatan
        return None


def _tuple(raw: dict, key: str) -> tuple[str, ...]:
    return tuple(str(v) for v in raw.get(key, ()))


def _parse_profile(raw: dict, origin: str) -> CityProfile:
    city = raw["city"]
    kecamatan = tuple(Kecamatan(k["name"], _tuple(k, "aliases")) for k in raw["kecamatan"])
    kec_names = {k.name for k in kecamatan}
    kelurahan = tuple(
        Kelurahan(k["name"], k["kecamatan"], _tuple(k, "aliases")) for k in raw["kelurahan"]
    )
    for kel in kelurahan:
        if kel.kecamatan not in kec_names:
            raise ConfigError(f"{origin}: kelurahan {kel.name} menunjuk kecamatan tak dikenal")
    opds = {
        o["code"]: Opd(
            o["code"], o["name"], o.get("short_name", ""), o.get("description", ""),
            _tuple(o, "keywords"),
        )
        for o in raw["opd"]
    }
    missing = [code for code in FUNCTION_CODES if code not in opds]
    if missing:
        raise ConfigError(f"{origin}: tidak ada OPD untuk kode fungsi {', '.join(missing)}")
    places = tuple(
        Place(p["name"], p.get("kind", "lainnya"), p.get("kelurahan"), _tuple(p, "aliases"))
        for p in raw.get("place", ())
    )
    return CityProfile(
        name=city["name"], slug=city["slug"], tracking_prefix=city["tracking_prefix"],
        timezone=city.get("timezone", "Asia/Jakarta"), operator=city.get("operator", ""),
        public_handles=frozenset(h.lower().lstrip("@") for h in city.get("public_handles", ())),
        kecamatan=kecamatan, kelurahan=kelurahan, opds=opds, places=places,
    )


@lru_cache(maxsize=8)
def load_city_profile(name_or_path: str) -> CityProfile:
    """Load a bundled profile by name (``bontang``) or any profile file by path."""
    path = Path(name_or_path)
    if not path.suffix:
        path = PROFILE_DIR / f"{name_or_path}.toml"
    if not path.is_file():
        raise ConfigError(f"Profil kota tidak ditemukan: {name_or_path}")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return _parse_profile(raw, str(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Profil kota {path} bukan TOML yang sah: {exc}") from None
    except KeyError as exc:
        raise ConfigError(f"Profil kota {path} kurang kolom wajib {exc}") from None
