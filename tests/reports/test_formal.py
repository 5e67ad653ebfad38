"""Formal Bahasa Indonesia: reduplication, Banjar and slang, third person, reported speech."""

import pytest

from reports.formal import formal_sentences, indonesian_date, load_lexicon, reduplicate, restate


@pytest.mark.parametrize(("informal", "full"), [
    ("lubangnya dalam2", "lubangnya dalam-dalam"),
    ("anak2 batuk", "anak-anak batuk"),
    ("sudah bertahun2 begini", "sudah bertahun-tahun begini"),
    ("berhari2 mati", "berhari-hari mati"),
    ("hati2nya", "hati-hatinya"),
    ("R2 dan R4, S1", "R2 dan R4, S1"),  # vehicle classes and degrees stay
])
def test_reduplication_is_written_in_full(informal, full):
    assert reduplicate(informal) == full


def test_banjar_and_slang_become_standard_indonesian():
    text = restate("banyu PDAM kada ngalir, bahaya banar, ulun cuma dikasih janji")
    assert text == "Air PDAM tidak mengalir, bahaya sekali, pelapor hanya diberi janji."


def test_first_person_becomes_the_reporter():
    text = restate("kami sudah lapor, motor sy rusak")
    assert text == "Warga sudah lapor, motor pelapor rusak."


def test_greetings_tags_hashtags_links_emoji_and_thanks_are_dropped():
    text = restate("[Suara Warga] Assalamualaikum min, sampah numpuk 🤢 #bontang "
                   "https://contoh.invalid/x\nMakasih infonya 🙏")
    assert text == "Sampah menumpuk."


def test_requests_questions_and_suggestions_are_reported():
    sentences = formal_sentences("Kapan diperbaiki pak? Mohon petugas segera perbaiki. "
                                 "Usul min, tolong ditambah lampu di taman. Mohon solusinya")
    assert [(s.kind, s.text) for s in sentences] == [
        ("pertanyaan", "Warga menanyakan kapan diperbaiki."),
        ("permohonan", "Warga memohon agar petugas segera perbaiki."),
        ("usulan", "Warga mengusulkan agar ditambah lampu di taman."),
        ("permohonan", "Warga memohon solusinya."),
    ]


def test_names_acronyms_and_placeholders_keep_their_capitals():
    text = restate("nik sy [NIK], hub @[pengguna] di kelurahan tanjung laut, rp350 ribu ke pdam",
                   ("Kelurahan Tanjung Laut",))
    assert text == ("NIK pelapor [NIK], hubungi seorang pengguna di Kelurahan Tanjung Laut, "
                    "Rp350 ribu ke PDAM.")
    sentence = formal_sentences("Jl. Selat Gaspor banjir", ("Jalan Selat Gaspor",))[0]
    assert sentence.starts_with_name and sentence.inline == "Jalan Selat Gaspor banjir"
    assert formal_sentences("sampah numpuk")[0].inline == "sampah menumpuk"


def test_a_post_with_nothing_to_say_gives_nothing():
    assert formal_sentences("🙏🙏 #bontang") == []
    assert restate("min!") == ""


def test_dates_in_indonesian():
    from datetime import date

    assert indonesian_date(date(2026, 11, 5)) == "5 November 2026"


def test_the_lexicon_is_data():
    lexicon = load_lexicon()
    assert lexicon.words["banar"] == "sekali" and "min" in lexicon.fillers
    assert "PDAM" in lexicon.acronyms
