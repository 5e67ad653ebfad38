"""Drafting: every LAPOR! field, formal text, place, date, privacy, several posts per incident."""

from datetime import UTC, date, datetime, timedelta

from classify.model import Prediction
from core.city import load_city_profile
from reports.deadlines import add_working_days, is_working_day
from reports.draft import JUDUL_MAX, SourcePost, draft_incident, draft_report
from reports.facts import analyse_post

CITY = load_city_profile("bontang")
POSTED = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)  # 09:30 WITA, a Friday
PRED = Prediction(report_type="pengaduan", report_type_probability=0.9, opd_code="pekerjaan_umum",
                  opd_probability=0.8, type_probabilities={"pengaduan": 0.9},
                  opd_top3=(("pekerjaan_umum", 0.8), ("perumahan_permukiman", 0.1),
                            ("kebencanaan", 0.05)))
FLOOD = Prediction("pengaduan", 0.9, "kebencanaan", 0.7, {}, (("kebencanaan", 0.7),))
TEXT = ("Assalamualaikum min, jln di RT 12 kelurahan Tanjung Laut rusak parah, lubangnya "
        "dalam2 banar. kmrn motor sy jatuh 😭 hubungi sy di 0812 5533 7781 atau "
        "warga.tjlaut@gmail.com #bontang")


def post(text=TEXT, posted=POSTED, platform="telegram", n=12):
    return SourcePost(text=text, posted_at=posted, platform=platform,
                      url=f"https://t.me/wargabtg/{n}")


def make(text=TEXT, prediction=PRED):
    return draft_report(post(text), prediction, CITY)


def test_draft_fills_every_lapor_field():
    draft = make()
    assert draft.judul == "Jalan rusak dan berlubang di Tanjung Laut"
    assert draft.kelurahan == "Tanjung Laut" and draft.kecamatan == "Bontang Selatan"
    assert draft.tanggal_kejadian == date(2026, 11, 19)
    assert (draft.tanggal_kejadian_sumber, draft.tanggal_kejadian_frasa) == ("teks", "kmrn")
    assert draft.instansi_tujuan == CITY.opds["pekerjaan_umum"].name
    assert draft.kategori == "Infrastruktur Jalan dan Jembatan"
    assert draft.privacy == "rahasia"
    assert draft.source_urls == ("https://t.me/wargabtg/12",)
    assert draft.confidence == 0.72
    assert draft.suggestions[0] == ("pekerjaan_umum", 0.8)


def test_isi_is_formal_third_person_and_not_a_copy():
    isi = make().isi
    assert isi.startswith("Melalui unggahan publik di Telegram pada 20 November 2026, warga "
                          "melaporkan bahwa jalan di RT 12 Kelurahan Tanjung Laut rusak parah, "
                          "lubangnya dalam-dalam sekali.")
    assert TEXT not in isi
    for informal in (" jln ", " kmrn ", " sy ", "min,", "Assalamualaikum", "😭", "#bontang",
                     "dalam2", "banar"):
        assert informal not in isi
    assert "motor pelapor jatuh" in isi
    assert "19 November 2026 (berdasarkan keterangan \"kmrn\"" in isi
    assert "dari 1 unggahan publik di Telegram" in isi


def test_personal_data_never_reaches_the_draft():
    draft = make()
    text = draft.judul + draft.isi + (draft.lokasi or "")
    assert "5533" not in text and "gmail" not in text and "[TELEPON]" in text
    assert {r["kind"] for r in draft.redactions} == {"telepon", "email"}
    assert all(set(r) == {"kind", "start", "end", "sumber"} for r in draft.redactions)


def test_unknown_place_and_date_fall_back_honestly():
    draft = make("lampu jalan mati semua gelap gulita", PRED)
    assert draft.kelurahan is None and draft.lokasi is None
    assert draft.judul.endswith("di Kota Bontang")
    assert draft.tanggal_kejadian == date(2026, 11, 20)
    assert draft.tanggal_kejadian_sumber == "tanggal_unggah"
    assert "tidak disebutkan" in draft.isi and "tidak menyebut tanggal" in draft.isi


def test_judul_names_problem_and_the_most_specific_place_within_100_characters():
    aspirasi = Prediction("aspirasi", 0.8, "perhubungan", 0.7, {}, (("perhubungan", 0.7),))
    draft = make("usul dipasang lampu penerangan di jalan Tanjung Laut Indah dekat pasar", aspirasi)
    assert len(draft.judul) <= JUDUL_MAX
    assert draft.judul.startswith("Aspirasi warga terkait")
    flood = make("Jl. Selat Gaspor banjir lagi tadi malam, air masuk rumah", FLOOD)
    assert flood.judul == "Banjir di Jalan Selat Gaspor, Tanjung Laut"
    long_place = make("banjir " + "sangat " * 40 + "di Jl. Selat Gaspor", FLOOD)
    assert len(long_place.judul) <= JUDUL_MAX
    lamp = Prediction("aspirasi", 0.8, "perhubungan", 0.7, {}, (("perhubungan", 0.7),))
    stadium = make("usul jogging track di Stadion Lang-Lang ditambah lampu, gelap", lamp)
    assert stadium.judul == ("Aspirasi warga terkait penerangan jalan umum dan lampu lalu lintas "
                             "di Stadion Bessai Berinta")  # the full name would not fit


def test_questions_and_requests_become_reported_speech():
    info = Prediction("permintaan_informasi", 0.8, "kependudukan", 0.7, {},
                      (("kependudukan", 0.7),))
    draft = make("Mau tanya dong, syarat bikin KK baru setelah nikah apa aja ya? Makasih min 🙏",
                 info)
    assert "warga meminta informasi berikut. Warga menanyakan syarat membuat KK baru " \
           "setelah nikah apa saja." in draft.isi
    assert "Makasih" not in draft.isi and "terima kasih" not in draft.isi.lower()
    request = make("Sampah numpuk di Api-Api. Mohon DLH segera angkut")
    assert "Warga memohon agar DLH segera angkut." in request.isi


def test_several_posts_make_one_draft_with_chronology_and_count():
    first = analyse_post(post("Jl. Selat Gaspor Tanjung Laut banjir malam ini, air masuk rumah",
                              datetime(2026, 11, 18, 13, tzinfo=UTC), "telegram", 1), CITY)
    repost = analyse_post(post("Repost: Jl. Selat Gaspor Tanjung Laut banjir malam ini, air "
                               "masuk rumah", datetime(2026, 11, 18, 14, tzinfo=UTC),
                               "facebook", 2), CITY)
    later = analyse_post(post("Sudah 3 hari sejak banjir, lumpur masih numpuk di jln Selat "
                              "Gaspor", datetime(2026, 11, 21, 1, tzinfo=UTC), "instagram", 3),
                         CITY)
    draft = draft_incident([later, repost, first], FLOOD, CITY)
    assert draft.source_urls == tuple(f"https://t.me/wargabtg/{n}" for n in (1, 2, 3))
    assert draft.tanggal_kejadian == date(2026, 11, 18)
    assert draft.kelurahan == "Tanjung Laut"
    paragraphs = draft.isi.split("\n\n")
    assert paragraphs[0].startswith("Melalui unggahan publik di Telegram pada 18 November 2026")
    assert paragraphs[1].startswith("Pada 21 November 2026, melalui unggahan di Instagram, "
                                    "warga lain melaporkan bahwa")
    assert paragraphs[2] == ("Unggahan dengan isi serupa juga dibagikan ulang pada "
                             "18 November 2026 (Facebook).")
    assert "dari 3 unggahan publik di Facebook, Instagram dan Telegram" in draft.isi
    assert {r["sumber"] for r in draft.redactions} <= {0, 1, 2}


def test_many_posts_are_counted_not_all_retold():
    facts = [analyse_post(post(f"Jalan di Kanaan rusak parah nomor {n} lubang besar sekali "
                               f"{'x' * n}", POSTED + timedelta(minutes=n), n=n), CITY)
             for n in range(1, 9)]
    draft = draft_incident(facts, PRED, CITY)
    assert len(draft.source_urls) == 8
    assert "dari 8 unggahan publik" in draft.isi


def test_working_days_skip_weekends_and_holidays():
    assert add_working_days(date(2026, 11, 20), 3) == date(2026, 11, 25)  # Fri + 3 → Wed
    assert not is_working_day(date(2026, 12, 25))  # Christmas
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
