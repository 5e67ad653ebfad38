"""Drafting from one post: every LAPOR! field, formal text, place, date, privacy."""

from datetime import UTC, date, datetime

from classify.model import Prediction
from core.city import load_city_profile
from reports.dates import resolve_incident_date
from reports.deadlines import add_working_days, is_working_day
from reports.draft import SourcePost, draft_report
from reports.locate import find_location

CITY = load_city_profile("bontang")
POSTED = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)  # 09:30 WITA, a Friday
PRED = Prediction(report_type="pengaduan", report_type_probability=0.9, opd_code="pekerjaan_umum",
                  opd_probability=0.8, type_probabilities={"pengaduan": 0.9},
                  opd_top3=(("pekerjaan_umum", 0.8), ("perumahan_permukiman", 0.1),
                            ("kebencanaan", 0.05)))
TEXT = ("Assalamualaikum min, jln di RT 12 kelurahan Tanjung Laut rusak parah kmrn motor sy "
        "jatuh 😭 hubungi sy di 0812 5533 7781 atau warga.tjlaut@gmail.com #bontang")


def make(text=TEXT, prediction=PRED):
    post = SourcePost(text=text, posted_at=POSTED, platform="telegram",
                      url="https://t.me/wargabtg/12")
    return draft_report(post, prediction, CITY)


def test_draft_fills_every_lapor_field():
    draft = make()
    assert draft.judul == "Kerusakan jalan di Tanjung Laut"
    assert draft.kelurahan == "Tanjung Laut" and draft.kecamatan == "Bontang Selatan"
    assert draft.tanggal_kejadian == date(2026, 11, 19)
    assert draft.tanggal_kejadian_sumber == "teks"
    assert draft.instansi_tujuan == CITY.opds["pekerjaan_umum"].name
    assert draft.kategori == "Infrastruktur Jalan dan Jembatan"
    assert draft.privacy == "rahasia"
    assert draft.source_urls == ("https://t.me/wargabtg/12",)
    assert draft.confidence == 0.72
    assert draft.suggestions[0] == ("pekerjaan_umum", 0.8)


def test_isi_is_formal_third_person_and_not_a_copy():
    isi = make().isi
    assert isi.startswith("Melalui unggahan publik di Telegram pada 20 November 2026, warga "
                          "melaporkan bahwa")
    assert TEXT not in isi
    for informal in (" jln ", " kmrn ", " sy ", "min,", "Assalamualaikum", "😭", "#bontang"):
        assert informal not in isi
    assert "pelapor" in isi and "Tanjung Laut" in isi
    assert "19 November 2026" in isi


def test_personal_data_never_reaches_the_draft():
    draft = make()
    text = draft.judul + draft.isi + (draft.lokasi or "")
    assert "5533" not in text and "gmail" not in text
    assert {r["kind"] for r in draft.redactions} == {"telepon", "email"}
    assert all(set(r) == {"kind", "start", "end"} for r in draft.redactions)


def test_unknown_place_and_date_fall_back_honestly():
    draft = make("lampu jalan mati semua gelap gulita", PRED)
    assert draft.kelurahan is None and draft.lokasi is None
    assert draft.judul.endswith("di Kota Bontang")
    assert draft.tanggal_kejadian == date(2026, 11, 20)
    assert draft.tanggal_kejadian_sumber == "tanggal_unggah"
    assert "tidak disebutkan" in draft.isi


def test_judul_is_at_most_100_characters():
    aspirasi = Prediction("aspirasi", 0.8, "perhubungan", 0.7, {}, (("perhubungan", 0.7),))
    draft = make("usul dipasang lampu penerangan di jalan Tanjung Laut Indah dekat pasar", aspirasi)
    assert len(draft.judul) <= 100
    assert draft.judul.startswith("Aspirasi warga terkait")


def test_relative_dates_are_resolved_in_local_time():
    late = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)  # already 21 Nov 01:00 in Bontang
    assert resolve_incident_date("tadi malam banjir", late, "Asia/Makassar").value == date(
        2026, 11, 21)
    assert resolve_incident_date("sudah 3 hari air mati", POSTED, "Asia/Makassar").value == date(
        2026, 11, 17)
    assert resolve_incident_date("2 hari lalu ada kebakaran", POSTED, "Asia/Makassar").value == (
        date(2026, 11, 18))


def test_location_from_aliases_and_places():
    assert find_location("banjir di tj laut lagi", CITY).kelurahan == "Tanjung Laut"
    loc = find_location("antre lama di RSUD Taman Husada", CITY)
    assert loc.place == "RSUD Taman Husada"
    assert find_location("Jalan Ahmad Yani macet", CITY).street


def test_working_days_skip_weekends_and_holidays():
    assert add_working_days(date(2026, 11, 20), 3) == date(2026, 11, 25)  # Fri + 3 → Wed
    assert not is_working_day(date(2026, 12, 25))  # Christmas
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
