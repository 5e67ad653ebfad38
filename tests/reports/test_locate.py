"""Places from the city gazetteer: names, aliases, streets, landmarks and misspellings."""

import pytest

from core.city import load_city_profile
from reports.locate import Location, find_location

CITY = load_city_profile("bontang")


@pytest.mark.parametrize(("text", "kelurahan", "kecamatan"), [
    ("banjir di Tanjung Laut lagi", "Tanjung Laut", "Bontang Selatan"),
    ("banjir di tj laut lagi", "Tanjung Laut", "Bontang Selatan"),
    ("air mati di Tanjung Laut Indah", "Tanjung Laut Indah", "Bontang Selatan"),
    ("listrik padam di loktuan", "Lok Tuan", "Bontang Utara"),
    ("jalan rusak arah bonles", "Bontang Lestari", "Bontang Selatan"),
    ("sampah di api2 numpuk", "Api-Api", "Bontang Utara"),
    # misspellings
    ("banjir di tanjung lout", "Tanjung Laut", "Bontang Selatan"),
    ("air mati di berbas pantay", "Berbas Pantai", "Bontang Selatan"),
    ("sampah di berbas tenga", "Berbas Tengah", "Bontang Selatan"),
    ("banjir di tanjng laut indah", "Tanjung Laut Indah", "Bontang Selatan"),
    ("belimbin banjir lagi", "Belimbing", "Bontang Barat"),
    ("di kelurahan guntng", "Guntung", "Bontang Utara"),
    ("gunung telihn longsor", "Gunung Telihan", "Bontang Barat"),
])
def test_kelurahan_and_its_kecamatan(text, kelurahan, kecamatan):
    found = find_location(text, CITY)
    assert (found.kelurahan, found.kecamatan) == (kelurahan, kecamatan)


@pytest.mark.parametrize(("text", "street", "kelurahan"), [
    ("pohon tumbang di Jl. MT Haryono", "Jalan MT Haryono", None),
    ("jln ahmad yanii rusak", "Jalan Ahmad Yani", None),
    ("jl. a. yani macet", "Jalan Ahmad Yani", None),
    ("lampu di jl soekarno hata gelap", "Jalan Soekarno-Hatta", None),
    ("Jl Selat Gaspor terendam", "Jalan Selat Gaspor", "Tanjung Laut"),  # the street's kelurahan
    ("parit di jln pattimra tersumbat", "Jalan Pattimura", "Api-Api"),
    ("Jalan Mawar RT 5 rusak", "Jalan Mawar", None),  # not in the gazetteer: as written
    ("di Jl.Kenanga No. 3", "Jalan Kenanga", None),
])
def test_streets(text, street, kelurahan):
    found = find_location(text, CITY)
    assert (found.street, found.kelurahan) == (street, kelurahan)


def test_landmarks_give_their_kelurahan():
    found = find_location("antre lama di Puskesmas Bontang Selatan 1", CITY)
    assert found.place == "Puskesmas Bontang Selatan I"
    assert (found.kelurahan, found.kecamatan) == ("Tanjung Laut Indah", "Bontang Selatan")
    assert find_location("dekat SMPN 4 rusak", CITY).kelurahan == "Kanaan"
    assert find_location("harga cabai di pasar tamrin", CITY).place == "Pasar Taman Rawa Indah"
    assert find_location("RSUD Taman Husada penuh", CITY).place == "RSUD Taman Husada"


def test_a_named_kelurahan_wins_over_a_landmarks():
    found = find_location("warga Guntung antre di RSUD", CITY)
    assert (found.kelurahan, found.place) == ("Guntung", "RSUD Taman Husada")


@pytest.mark.parametrize("text", [
    "di gunung ada longsor",
    "kanan kiri jalan gelap",
    "jalan ke sekolah rusak",
    "selamat malam minggu bagi yg punya pasangan",
    "Pemkot Bontang lanjutkan normalisasi drainase",
    "lampu jalan mati semua",
])
def test_ordinary_words_are_not_places(text):
    found = find_location(text, CITY)
    assert (found.kelurahan, found.kecamatan, found.place) == (None, None, None)


def test_description_and_short_name():
    loc = Location(street="Jalan Selat Gaspor", kelurahan="Tanjung Laut",
                   kecamatan="Bontang Selatan")
    assert loc.describe("Kota Bontang") == ("Jalan Selat Gaspor, Kelurahan Tanjung Laut, "
                                            "Kecamatan Bontang Selatan, Kota Bontang")
    assert loc.short == "Jalan Selat Gaspor, Tanjung Laut"
    assert Location(kecamatan="Bontang Barat").short == "Kecamatan Bontang Barat"
    assert Location().describe("Kota Bontang") is None


def test_every_gazetteer_name_is_found_as_written():
    for place in CITY.places:
        found = find_location(f"ada masalah di {place.name} tadi", CITY)
        assert place.name in (found.place, found.street), place.name
    for kelurahan in CITY.kelurahan:
        assert find_location(f"warga {kelurahan.name} mengeluh", CITY).kelurahan == (
            kelurahan.name)
