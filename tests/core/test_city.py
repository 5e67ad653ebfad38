import pytest

from core.city import load_city_profile
from core.domain import FUNCTION_CODES
from core.errors import ConfigError


def test_bontang_profile_is_complete():
    city = load_city_profile("bontang")
    assert city.tracking_prefix == "BTG"
    assert {k.name for k in city.kecamatan} == {"Bontang Utara", "Bontang Selatan", "Bontang Barat"}
    assert len(city.kelurahan) == 15
    assert set(city.opds) == set(FUNCTION_CODES)
    assert city.kecamatan_of("Tanjung Laut") == "Bontang Selatan"
    assert city.opd_for("air_minum").name
    assert city.opd_for("kode_asing") == city.opds["lainnya"]


def test_missing_profile_is_a_clear_error():
    with pytest.raises(ConfigError, match="tidak ditemukan"):
        load_city_profile("atlantis")


def test_another_city_is_another_file(tmp_path):
    bad = tmp_path / "kota.toml"
    bad.write_text('[city]\nname = "Kota X"\nslug = "x"\ntracking_prefix = "KX"\n'
                   '[[kecamatan]]\nname = "A"\n[[kelurahan]]\nname = "B"\nkecamatan = "C"\n'
                   '[[opd]]\ncode = "lainnya"\nname = "Setda"\n')
    with pytest.raises(ConfigError, match="kecamatan tak dikenal"):
        load_city_profile(str(bad))
