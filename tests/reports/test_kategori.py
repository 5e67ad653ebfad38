"""Categories as data: chosen within the routed function, with a precise judul phrase."""

import pytest

from core.domain import FUNCTION_CODES
from core.errors import ConfigError
from reports.kategori import choose_kategori, load_kategori


def test_every_function_has_a_category():
    codes = {k.opd_code for k in load_kategori()}
    assert codes == set(FUNCTION_CODES)


@pytest.mark.parametrize(("text", "code", "name", "problem"), [
    ("jalan rusak lubangnya dalam", "pekerjaan_umum", "Infrastruktur Jalan dan Jembatan",
     "Jalan rusak dan berlubang"),
    ("parit tersumbat sampah meluap ke jalan", "pekerjaan_umum", "Drainase dan Saluran Air",
     "Saluran drainase tersumbat"),
    ("air pdam keruh kecoklatan", "air_minum", "Layanan Air Bersih", "Air PDAM keruh"),
    ("air pdam mati sejak 3 hari", "air_minum", "Layanan Air Bersih",
     "Air PDAM tidak mengalir"),
    ("lampu merah kedip kuning terus", "perhubungan",
     "Penerangan Jalan Umum dan Lampu Lalu Lintas", "Lampu lalu lintas rusak"),
    ("ada ular sanca masuk dapur", "pemadam_kebakaran", "Kebakaran dan Penyelamatan",
     "Evakuasi satwa liar"),
    ("sesuatu yang tidak jelas", "kesehatan", "Pelayanan Kesehatan",
     "Keluhan pelayanan kesehatan"),  # no keyword: the function's first category
    ("apa saja", "kode_tak_dikenal", "Lainnya", "Laporan warga"),
])
def test_category_and_problem(text, code, name, problem):
    kategori = choose_kategori(text, code)
    assert (kategori.name, kategori.problem(text)) == (name, problem)


def test_more_keyword_hits_win_within_the_function():
    text = "got mampet, air meluap, saluran tersumbat di depan jalan"
    assert choose_kategori(text, "pekerjaan_umum").name == "Drainase dan Saluran Air"


def test_a_broken_category_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "kategori.toml"
    bad.write_text('[[kategori]]\nname = "X"\nopd_code = "kesehatan"\nmasalah = "x"\n')
    with pytest.raises(ConfigError, match="lainnya"):
        load_kategori(bad)
    bad.write_text("[[kategori]\n")
    with pytest.raises(ConfigError, match="tidak bisa dibaca"):
        load_kategori(bad)
