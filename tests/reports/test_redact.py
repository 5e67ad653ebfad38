"""Tests for reports.redact: every personal-data format, offsets, idempotence, look-alikes."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.redact import PLACEHOLDERS, Redaction, contains_pii, redact

PUBLIC = frozenset({"pemkotbontang", "plnup3bontang"})
EMAIL_LIKE = re.compile(r"[\w.%+-]@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2}")


def found(text: str) -> list[tuple[str, str]]:
    return [(r.kind, text[r.start:r.end]) for r in redact(text, public_handles=PUBLIC).redactions]


def assert_masked(text: str, kind: str, value: str) -> None:
    result = redact(text, public_handles=PUBLIC)
    assert (kind, value) in found(text)
    assert value not in result.text
    assert PLACEHOLDERS[kind] in result.text


CASES = [
    # NIK / KK: any 16 digits, grouped or glued to the cue, in brackets, before punctuation.
    ("NIK 6474011234567890 mohon dicek", "nik", "6474011234567890"),
    ("NIK:6474011234567890", "nik", "6474011234567890"),
    ("no KK:6474011234567891.", "nik", "6474011234567891"),
    ("noKK6474011234567892, terima kasih", "nik", "6474011234567892"),
    ("ktp saya 6474 0112 3456 7890 ya", "nik", "6474 0112 3456 7890"),
    ("6474.0112.3456.7890 itu NIK saya", "nik", "6474.0112.3456.7890"),
    ("NIK 6474-01-12-3456-7890!", "nik", "6474-01-12-3456-7890"),
    ("data (6474011234567890)", "nik", "6474011234567890"),
    ("data [1234567890123456]", "nik", "1234567890123456"),
    ("NIK 647401 120390 0001;", "nik", "647401 120390 0001"),
    ("NIK 6474 0112-3456 7890 (salah ketik)", "nik", "6474 0112-3456 7890"),
    # Phones: mobile, +62 / 62, Bontang landlines, every separator, glued to cues.
    ("wa 081255337781 ya min", "telepon", "081255337781"),
    ("WA: +62 812-5533-7781", "telepon", "+62 812-5533-7781"),
    ("hp.081355337781", "telepon", "081355337781"),
    ("hubungi +6281255337781.", "telepon", "+6281255337781"),
    ("nomor 6281255337781 penipu", "telepon", "6281255337781"),
    ("telp 0812 5533 7781", "telepon", "0812 5533 7781"),
    ("telp 0812.5533.7781", "telepon", "0812.5533.7781"),
    ("sms dari 0812-553-3778", "telepon", "0812-553-3778"),
    ("kantor (0548) 21234", "telepon", "(0548) 21234"),
    ("kantor (0548)41234", "telepon", "(0548)41234"),
    ("telp 0548-41234", "telepon", "0548-41234"),
    ("telp +62 548 21234", "telepon", "+62 548 21234"),
    ("no hp 0812 - 5533 - 7781", "telepon", "0812 - 5533 - 7781"),
    ("wa0812553377812 ya", "telepon", "0812553377812"),
    ("chat wa.me/6281255337781", "telepon", "6281255337781"),
    ("mati jam 08.40 0886-427-762 penipu", "telepon", "0886-427-762"),
    # E-mail, also obfuscated.
    ("email budi.santoso@gmail.com", "email", "budi.santoso@gmail.com"),
    ("ke rina+lapor@mail.bontangkota.go.id.", "email", "rina+lapor@mail.bontangkota.go.id"),
    ("surel a-b_c@student.unmul.ac.id", "email", "a-b_c@student.unmul.ac.id"),
    ("email budi [at] gmail [dot] com ya", "email", "budi [at] gmail [dot] com"),
    ("email budi(at)gmail.com", "email", "budi(at)gmail.com"),
    ("email budi at gmail dot com", "email", "budi at gmail dot com"),
    ("EMAIL: BUDI@GMAIL.COM", "email", "BUDI@GMAIL.COM"),
    # Plates.
    ("motor KT 1234 AB ngebut", "plat", "KT 1234 AB"),
    ("KT1234AB parkir sembarangan", "plat", "KT1234AB"),
    ("mobil B 1234 XYZ", "plat", "B 1234 XYZ"),
    ("yang nabrak kt 5678 ac kabur", "plat", "kt 5678 ac"),
    ("nopol KT-1234-AB", "plat", "KT-1234-AB"),
    ("mobil dinas KT 1 A parkir di trotoar", "plat", "KT 1 A"),
    ("plat KT 1234 kabur", "plat", "KT 1234"),
    ("pikap T 49 buang sampah", "plat", "T 49"),
    # Accounts, customer and meter numbers, other long identifiers.
    ("rek BRI 1234-01-000123-50-7", "rekening", "1234-01-000123-50-7"),
    ("no rek 1234567890", "rekening", "1234567890"),
    ("Mandiri 123-00-0456789-0", "rekening", "123-00-0456789-0"),
    ("BCA 123 456 7890 a.n. saya", "rekening", "123 456 7890"),
    ("id pelanggan 532110123456", "rekening", "532110123456"),
    ("ID PEL:532110123456", "rekening", "532110123456"),
    ("nomor meter 14123456789", "rekening", "14123456789"),
    ("bayar ke VA 8808123456789012", "rekening", "8808123456789012"),
    ("no tiket 2026111200012345678", "rekening", "2026111200012345678"),
    ("NIP 19850312 201001 1 003", "rekening", "19850312 201001 1 003"),
    # Names after a cue; the cue itself stays.
    ("nama saya Budi Santoso, warga RT 12", "nama", "Budi Santoso"),
    ("saya Andi Baso, warga Api-Api", "nama", "Andi Baso"),
    ("Saya Rahmat Hidayat dari Lok Tuan", "nama", "Rahmat Hidayat"),
    ("atas nama Siti Aminah mau lapor", "nama", "Siti Aminah"),
    ("a.n. Rahmat Hidayat", "nama", "Rahmat Hidayat"),
    ("a/n Joko", "nama", "Joko"),
    ("an. Dewi Lestari.", "nama", "Dewi Lestari"),
    ("Nama: Ahmad Yusuf\nNIK: -", "nama", "Ahmad Yusuf"),
    ("nama lengkap Muh. Arif Hidayat umur 40", "nama", "Muh. Arif Hidayat"),
    ("dengan saudara Hendra Wijaya", "nama", "Hendra Wijaya"),
    ("atas nama Bapak Hasan Basri", "nama", "Hasan Basri"),
    ("nama saya budi santoso tinggal di rt 5", "nama", "budi santoso"),
    ("atas nama SITI AMINAH 35 tahun", "nama", "SITI AMINAH"),
    ("Sy Budi warga RT 5", "nama", "Budi"),
    ("Saya, Budi Santoso, warga RT 5", "nama", "Budi Santoso"),
    ("Pak Joko tetangga saya buang sampah", "nama", "Joko"),
    ("dgn sdr. Yohanes Rante, warga Kanaan", "nama", "Yohanes Rante"),
    ("a.n Siti Nurhaliza binti Ahmad", "nama", "Siti Nurhaliza binti Ahmad"),
    ("idpel sy 531100287766 an Mappaseng", "nama", "Mappaseng"),
    ("nama sy adalah Dg. Baso, tinggal di Kanaan", "nama", "Dg. Baso"),
    # Private handles.
    ("cc @budi_santoso", "handle", "@budi_santoso"),
    ("kata @rina.dewi99. Hoaks", "handle", "@rina.dewi99"),
]


@pytest.mark.parametrize(("text", "kind", "value"), CASES)
def test_each_format_is_masked(text: str, kind: str, value: str) -> None:
    assert_masked(text, kind, value)


def test_placeholders_cover_every_kind() -> None:
    assert PLACEHOLDERS == {"nik": "[NIK]", "telepon": "[TELEPON]", "email": "[EMAIL]",
                            "plat": "[PLAT]", "rekening": "[NOMOR]", "nama": "[NAMA]",
                            "handle": "@[pengguna]"}


def test_every_occurrence_is_masked() -> None:
    text = "wa 081255337781 atau 081355337782, hp 081455337783 / NIK 6474011234567890 " \
           "dan KK 6474011234567899"
    assert found(text) == [("telepon", "081255337781"), ("telepon", "081355337782"),
                           ("telepon", "081455337783"), ("nik", "6474011234567890"),
                           ("nik", "6474011234567899")]


def test_offsets_point_at_original_spans_and_log_has_no_values() -> None:
    text = "Nama saya Budi, wa 081255337781, motor KT 1234 AB, email b@x.co, cc @joko_s"
    result = redact(text)
    values = [text[r.start:r.end] for r in result.redactions]
    assert values == ["Budi", "081255337781", "KT 1234 AB", "b@x.co", "@joko_s"]
    assert result.text == ("Nama saya [NAMA], wa [TELEPON], motor [PLAT], email [EMAIL], "
                           "cc @[pengguna]")
    assert result.log()[0] == {"kind": "nama", "start": 10, "end": 14}
    assert all(set(entry) == {"kind", "start", "end"} for entry in result.log())


def test_the_cue_is_kept_and_names_stop_at_common_words() -> None:
    assert redact("atas nama Budi Santoso warga RT 5").text == "atas nama [NAMA] warga RT 5"
    assert redact("nama saya Budi 35 tahun").text == "nama saya [NAMA] 35 tahun"
    # At most four words are taken as a name.
    assert found("nama saya Andi Muhammad Rizky Saputra Pratama") == [
        ("nama", "Andi Muhammad Rizky Saputra")]


def test_overlaps_resolve_to_one_span() -> None:
    assert found("email budi081255337781@gmail.com") == [
        ("email", "budi081255337781@gmail.com")]
    assert found("WA: +62 812-5533-7781") == [("telepon", "+62 812-5533-7781")]
    result = redact("NIK 6474011234567890")
    assert result.redactions == (Redaction("nik", 4, 20),)


def test_public_handles_stay_and_emails_are_not_handles() -> None:
    text = "tolong @pemkotbontang @PLNUP3Bontang cek, kata @warga_btg"
    assert redact(text, public_handles=PUBLIC).text == (
        "tolong @pemkotbontang @PLNUP3Bontang cek, kata @[pengguna]")
    assert found("kirim ke humas@pemkotbontang.go.id") == [
        ("email", "humas@pemkotbontang.go.id")]


ORDINARY = [
    "tagihan listrik Rp 150.000 padahal cuma 120 kWh, naik 30%",
    "anggaran Rp 2.500.000.000 untuk jalan, atau 1.500.000.000 rupiah",
    "lampu mati sejak 12-11-2026 jam 07.30, sudah 3 hari",
    "jalan rusak di RT 12 RW 03 Jl. Poros Bontang-Samarinda Km 7, kode pos 75311",
    "rumah No. 12A Blok D 5, Gg. H 3, banjir tahun 2019 2020 2021",
    "H-3 lebaran macet, kendaraan R2 dan R4, lulusan S1 antri loket B 12",
    "kertas A4, K3, masker N95, anak BB 70 kg, KB 2 anak, 3 bln",
    "stand meter 012345 kWh, daya 1300 VA, pembangunan 2019-2023",
    "IP kamera 192.168.100.200 mati, SK No. 188.45/123/2026",
    "#BontangBerkah #banjir2026 @pemkotbontang",
    "atas nama warga RT 12 kami mohon bantuan, Saya Sangat Kecewa, Pak Lurah",
    "Pak Lurah dan Bu Camat tolong cek, Bapak/Ibu sekalian, Pak, tolong",
    "jadwal 12-11-2026 07.30-09.00, dicatat 2026-11-12 07:30:00",
    "Saya warga Api-Api, NIK saya belum terdaftar, nama saya tidak ada di DTKS",
    "layanan Senin-Jumat 07.30-16.00 WITA, call center 112",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_left_alone(text: str) -> None:
    result = redact(text, public_handles=PUBLIC)
    assert result.text == text
    assert result.redactions == ()
    assert not contains_pii(text, public_handles=PUBLIC)


@pytest.mark.parametrize("text", [c[0] for c in CASES] + ORDINARY)
def test_redacting_a_redacted_text_changes_nothing(text: str) -> None:
    once = redact(text, public_handles=PUBLIC)
    twice = redact(once.text, public_handles=PUBLIC)
    assert twice.text == once.text
    assert twice.redactions == ()
    assert contains_pii(text, public_handles=PUBLIC) == bool(once.redactions)


FRAGMENTS = ["NIK ", "no KK:", "6474", "0112", "0812", "5533", "7781", "+62", "62", "(0548)",
             "21234", "wa ", "hp.", "rek ", "BRI ", "VA ", "id pelanggan ", "Rp ", "KT", "kt ",
             "1234", " AB", "B ", "plat ", "motor ", " dan ", "nama saya ", "atas nama ",
             "a.n. ", "saya ", "Budi ", "Santoso", ", warga", "Bapak ", "@", "budi", "_s",
             "gmail", ".com", "[at]", "(dot)", " at ", " ", " ", "-", ".", ",", ":", "(", ")",
             "[", "]", "\n", "0", "1", "9", "RT 12", "[NIK]", "[NAMA]", "@[pengguna]"]
texts = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=25).map(
        "".join))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_random_text_is_redacted_safely_and_idempotently(text: str) -> None:
    result = redact(text)
    spans = [(r.start, r.end) for r in result.redactions]
    assert spans == sorted(spans)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in itertools.pairwise(spans))
    assert not re.search(r"\d{16}", result.text)
    assert not EMAIL_LIKE.search(result.text)
    again = redact(result.text)
    assert again.text == result.text
    assert again.redactions == ()
