"""Deterministic labelled corpus for the redaction benchmark: personal data and look-alikes."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PUBLIC_HANDLES = frozenset({"pemkotbontang", "plnup3bontang", "humasbontang", "dlhbontang",
                            "pdamtirtataman", "bontangpost", "kaltimpost", "pupukkaltim"})
KINDS = ("nik", "telepon", "email", "plat", "rekening", "nama", "handle")
PLATE_CODES = _words(
    "A B D E F G H K L M N P R S T W Z AA AB AD AE AG BA BB BD BE BG BH BK BL BM BN BP DA DB DC "
    "DD DE DG DH DK DL DM DN DR DS DT EA EB ED KB KH KT KU PA PB")
FIRST = _words(
    "Budi Siti Ahmad Rina Muhammad Nur Dewi Agus Sri Andi Rahmat Fitri Hendra Yusuf Wahyu Ika "
    "Dian Eko Joko Rudi Hasan Lestari Baso Daeng Ince Sitti Hasnah Syamsul Irwan Ayu Putri Indah "
    "Rizky Fajar Nurul Arif Sultan Wulan Citra Yohanes Maria Samsul Rosmini Haerul Darmawati "
    "Iwan")
LAST = _words(
    "Santoso Suryani Hidayat Saputra Pratama Wijaya Kurniawan Setiawan Nugroho Rahman Syahputra "
    "Lestari Amir Hamzah Tandiarrang Pakpahan Siregar Rante Mappaseng Baharuddin Ramadhan "
    "Safitri Anggraini Permana Gunawan Hakim Yunus Sembiring Manurung")
PLACES = ("Api-Api", "Gunung Elai", "Bontang Kuala", "Tanjung Laut", "Berbas Pantai", "Lok Tuan",
          "Guntung", "Belimbing", "Kanaan", "Telihan", "Satimpo", "Gunung Telihan")
STREETS = ("Jl. Ahmad Yani", "Jl. MT Haryono", "Jl. Imam Bonjol", "Jl. Brigjen Katamso",
           "Jl. Pupuk Raya", "Jl. Cipto Mangunkusumo", "Jl. DI Panjaitan", "Jl. Awang Long")
PUNCT = ("", "", "", ".", ",", "!", "?", ")", " ya", " min", "\n", "..", ";", ":", "🙏", "?!",
         " (wa)", "\n\n")


@dataclass(frozen=True)
class Sample:
    """A text and the (kind, start, end) spans that must be masked."""

    text: str
    spans: tuple[tuple[str, int, int], ...]


class _Text:
    """Builds a text piece by piece, remembering where each personal value lands."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[tuple[str, int, int]] = []
        self.length = 0

    def add(self, piece: str, kind: str | None = None) -> None:
        if kind:
            self.spans.append((kind, self.length, self.length + len(piece)))
        self.parts.append(piece)
        self.length += len(piece)

    def fill(self, template: str, kind: str, values: list[str]) -> None:
        pieces = template.split("{}")
        for i, piece in enumerate(pieces):
            self.add(piece)
            if i < len(values):
                self.add(values[i], kind)


def _digits(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _grouped(r: random.Random, digits: str, sizes: list[int], seps: str = " .-") -> str:
    sep, out, i = r.choice(seps), [], 0
    for size in sizes:
        out.append(digits[i:i + size])
        i += size
    if i < len(digits):
        out.append(digits[i:])
    return sep.join(g for g in out if g)


def nik(r: random.Random) -> str:
    province = r.choice(("64", "63", "62", "73", "35", "11", "94")) if r.random() < .7 else ""
    digits = province + _digits(r, 16 - len(province))
    layout = r.choice(([16], [4, 4, 4, 4], [4, 4, 4, 4], [4, 2, 2, 4, 4], [6, 6, 4],
                       [2, 2, 2, 6, 4]))
    return digits if layout == [16] else _grouped(r, digits, layout)


def telepon(r: random.Random) -> str:
    if r.random() < .25:
        area = "0548" if r.random() < .8 else r.choice(("0541", "0542", "021"))
        local = r.choice("234") + _digits(r, 4 if area == "0548" else r.choice((5, 6)))
        form = r.choice(("({}) {}", "({}){}", "{}-{}", "{} {}", "{}.{}", "+62 {} {}"))
        return form.format(area[1:] if form.startswith("+") else area, local)
    national = "08" + r.choice("1125789") + _digits(r, r.choice((7, 8, 9, 9, 10)))
    if r.random() < .3:
        rest = national[1:]
        return r.choice((f"+62 {rest[:3]}-{rest[3:7]}-{rest[7:]}", f"+62{rest}", f"62{rest}",
                         f"+62 {rest[:3]} {rest[3:7]} {rest[7:]}", f"(+62) {rest}"))
    layout = r.choice(([len(national)], [4, 4, 4], [4, 4], [4, 3, 3], [3, 4, 4], [4, 4, 5]))
    if len(layout) > 1 and r.random() < .08:
        return _grouped(r, national, layout, " ").replace(" ", " - ")
    return national if len(layout) == 1 else _grouped(r, national, layout)


def email(r: random.Random) -> str:
    first, last = r.choice(FIRST).lower(), r.choice(LAST).lower()
    local = r.choice((f"{first}.{last}", f"{first}_{last}{r.randint(1, 99)}", f"{first}{last}",
                      f"{first}-{last}", f"{first}+lapor", f"{first[0]}.{last}.{r.randint(7, 99)}"))
    domain = r.choice(("gmail.com", "yahoo.co.id", "ymail.com", "outlook.com", "hotmail.com",
                       "mail.bontangkota.go.id", "student.unmul.ac.id", "pupukkaltim.com"))
    if r.random() < .25:
        at = r.choice((" [at] ", "[at]", "(at)", " (at) ", " at "))
        dot = r.choice((" [dot] ", "[dot]", ".", "(dot)", " dot ")) if at != " at " else " dot "
        if at == " at ":
            domain = r.choice(("gmail.com", "yahoo.com"))
        return local + at + domain.replace(".", dot)
    return (local + "@" + domain).upper() if r.random() < .05 else local + "@" + domain


def plat(r: random.Random, suffix: bool = True) -> str:
    code = "KT" if r.random() < .4 else r.choice(PLATE_CODES)
    number = str(r.randint(1, 9999) if r.random() < .8 else r.randint(1, 99))
    series = "".join(r.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") for _ in range(r.randint(1, 3)))
    parts = [code, number, series] if suffix else [code, number]
    text = r.choice((" ", " ", " ", "", "-", ".")).join(parts)
    if suffix and r.random() < .15:
        text = f"{code} {number}{series}"
    roll = r.random()
    return text.lower() if roll < .15 else text.title() if roll < .2 else text


def rekening(r: random.Random) -> tuple[str, str]:
    """A long identifier and the cue that usually comes with it."""
    scheme = r.choice(("bri", "bni", "mandiri", "bca", "bsi", "pln", "meter", "va", "bare",
                       "nip", "bpjs"))
    sizes = {"bri": [4, 2, 6, 2, 1], "bni": [3, 3, 4], "mandiri": [3, 2, 7, 1], "bca": [3, 3, 4],
             "bsi": [10], "pln": [12], "meter": [11], "va": [4, 4, 4, 4], "nip": [8, 6, 1, 3],
             "bpjs": [13], "bare": [r.randint(10, 20)]}
    layout = sizes[scheme]
    digits = r.choice("123456789") + _digits(r, sum(layout) - 1)
    if scheme == "bpjs":
        digits = "000" + digits[3:]
    if scheme == "nip":
        digits = f"19{r.randint(60, 99)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}" + digits[8:]
    value = _grouped(r, digits, layout) if len(layout) > 1 and r.random() < .6 else digits
    return value, scheme


def nama(r: random.Random, lower: bool = True) -> str:
    words = [r.choice(FIRST)] + [r.choice(LAST if r.random() < .6 else FIRST)
                                 for _ in range(r.choice((0, 1, 1, 2, 3)))]
    if len(words) > 1 and r.random() < .1:
        words[0] = r.choice(("Muh.", "M.", "Moh.", "St."))
    if len(words) in (2, 3) and r.random() < .05:
        words.insert(1, "bin")
    text = " ".join(words)
    roll = r.random()
    return text.lower() if lower and roll < .18 else text.upper() if roll < .25 else text


def handle(r: random.Random) -> str:
    first, last = r.choice(FIRST).lower(), r.choice(LAST).lower()
    return "@" + r.choice((f"{first}_{last}", f"{first}.{last}{r.randint(1, 99)}", f"{first}__",
                           f"{first}{r.randint(1, 2000)}", f"{last}.{first}", f"{first}_btg"))


NIK_CUES = ("NIK saya {}", "NIK: {}", "NIK:{}", "nik {}", "No. KK {}", "no KK:{}", "no kk {}",
            "noKK {}", "nomor KTP {}", "KK saya {}", "(NIK {})", "NIK ({})", "data [{}]",
            "e-KTP {}", "ktp sy {}", "NIK.{}", "nomor induk kependudukan {}",
            "ini NIK istri saya {}", "data saya {} tolong dicek", "{}", "NIK {} dan KK {}")
PHONE_CUES = ("wa {}", "WA: {}", "WA:{}", "hp.{}", "hp {}", "no hp {}", "No HP: {}", "telp {}",
              "telp. {}", "Telp/WA {}", "hubungi {}", "bisa hubungi saya di {}", "kontak {}",
              "nomor wa saya {}", "{} (wa)", "wa {} atau {}", "cp: {}", "nelpon ke {} gak diangkat",
              "sms dari {}", "pelaku nelpon pake nomor {}", "nomor {} ini penipu", "{}",
              "wa0812 ganti, skrg {}", "hp {} / {}", "({})", "wa.me/{}",
              "Telp: {} (WA)", "no.hp:{}", "HP/WA {}🙏", "WA {}, {}", "nomor pelaku {}!!")
EMAIL_CUES = ("email {}", "e-mail: {}", "email saya {}", "kirim ke {}", "surel {}", "({})",
              "<{}>", "{} ya min", "{}", "email {} atau {}")
PLATE_CUES = ("motor {}", "mobil {}", "plat {}", "nopol {}", "no pol {}", "plat nomor {}",
              "mobil dinas {} parkir di trotoar", "truk {} ngebut", "pelaku naik motor {}",
              "mobil pribadi {}", "kendaraan {}", "(plat {})", "mobil plat merah {}", "bus {}",
              "angkot {}", "pikap {} buang sampah", "motor {} dan {}")
BARE_PLATE_CUES = ("{} parkir sembarangan", "yang nabrak {} kabur", "{}")
REKENING_CUES = {
    "bri": ("rek BRI {}", "BRI {}", "no rek BRI: {}", "transfer ke rekening BRI {}"),
    "bni": ("rek BNI {}", "BNI {}", "norek {}", "rekening BNI saya {}"),
    "mandiri": ("rekening Mandiri {}", "Mandiri {}", "no rek {}", "rek mandiri:{}"),
    "bca": ("transfer ke BCA {}", "BCA {}", "no. rek {}", "rek bca {}"),
    "bsi": ("BSI {}", "rek BSI {}", "no rekening {}"),
    "pln": ("id pelanggan {}", "ID PEL {}", "IDPEL:{}", "no pelanggan PLN {}", "idpel {}"),
    "meter": ("nomor meter {}", "no meter listrik {}", "no. meter {}"),
    "va": ("VA {}", "virtual account {}", "kode bayar {}", "nomor VA: {}"),
    "bare": ("nomor {}", "kode {}", "{}", "no registrasi {}", "no tiket {}"),
    "nip": ("NIP {}", "NIP: {}", "pegawai itu NIP-nya {}"),
    "bpjs": ("no BPJS {}", "no kartu BPJS Kesehatan {}", "kartu KIS {}"),
}
NAME_CUES = ("nama saya {}", "Nama saya {}", "atas nama {}", "a.n. {}", "a.n {}", "a/n {}",
             "Nama: {}", "nama : {}", "Nama Lengkap: {}", "nama lengkap {}", "dengan saudara {}",
             "atas nama Bapak {}", "atas nama Ibu {}", "a.n. Bpk. {}", "namaku {}",
             "perkenalkan nama saya {}", "saya bernama {}", "anak saya bernama {}")
CAPS_NAME_CUES = ("an. {}", "dgn sdr. {}", "saya {}, warga {place}", "Saya {} warga RT 08",
                  "saya {} dari {place}", "saya {} tinggal di {street}")
NAME_FOLLOW = (", warga RT 12", " dari Kelurahan {place}", " umur 45 tahun", " tinggal di {street}",
               ".", " mau lapor", "", ", no hp menyusul", " yang tinggal di {place}", "\n", "!")
HANDLE_CUES = ("cc {}", "tolong {} ini ditindak", "akun {} sebar hoaks", "kata {} kemarin",
               "{} tuh yang buang sampah", "mention {}", "dm {} aja", "follow {}", "({})", "{}:",
               "{} {} {}", "{} @pemkotbontang", "@plnup3bontang {}")
OPENERS = ("", "", "Assalamualaikum min, ", "Permisi @pemkotbontang, ", "Min, ", "Lapor! ",
           "@plnup3bontang ", "Tolong dibantu. ", "Selamat pagi, ", "izin lapor min\n")
CLOSERS = ("", "", " terima kasih", " mksh min", " #BontangKotaTaqwa", ". Mohon ditindaklanjuti.",
           " 🙏", " @humasbontang", " #lapor #bontang")
JOINERS = (". ", ", ", " dan ", "\n", " / ", "; ", " ", " - ")


def _look_alike(r: random.Random) -> str:
    """An ordinary complaint fragment full of numbers that are not personal data."""
    n = r.randint
    picks: tuple[Callable[[], str], ...] = (
        lambda: f"jalan rusak di {r.choice(STREETS)} RT {n(1, 40)} RW {n(1, 12):02d} sejak "
                f"{n(2, 30)} hari",
        lambda: f"lampu jalan mati sejak {n(1, 28)}-{n(1, 12)}-2026 jam {n(6, 22):02d}.{n(0, 5)}0",
        lambda: f"tagihan listrik Rp {n(1, 3)}.{n(0, 999):03d}.000 padahal cuma {n(50, 400)} kWh",
        lambda: f"air PDAM mati dari pukul {n(5, 20):02d}:00 WITA tgl {n(1, 28)}/{n(1, 12)}/2026",
        lambda: f"kode pos {n(75311, 75325)}, {r.choice(PLACES)}",
        lambda: f"anggaran Rp {n(1, 9)}.{n(0, 9)}00.000.000 untuk perbaikan tahun {n(2019, 2027)}",
        lambda: f"banjir tahun {n(2015, 2020)} dan {n(2021, 2026)} sampai {n(20, 80)} cm",
        lambda: f"rumah No. {n(1, 200)}{r.choice(('', 'A', 'B'))} Blok {r.choice('ABCDEFGH')} "
                f"{n(1, 30)}",
        lambda: f"harga naik {n(5, 60)}% jadi Rp{n(10, 200)}rb",
        lambda: f"stand meter {n(10000, 99999)} kWh, daya {r.choice((900, 1300, 2200))} VA",
        lambda: f"{r.choice(STREETS)} Km {n(1, 20)} arah Samarinda, Gg. {r.choice('ABCDH')} "
                f"{n(1, 9)}",
        lambda: f"H-{n(1, 7)} lebaran jalan macet, kendaraan R2 dan R4 numpuk",
        lambda: f"lulusan S1 dan D3 antri loket B {n(1, 20)} nomor antrian {n(1, 300)}",
        lambda: "kertas A4 habis, K3 tidak diperhatikan, masker N95 langka",
        lambda: f"anak umur {n(2, 15)} tahun BB {n(10, 60)} kg belum dapat PMT",
        lambda: f"#banjir{n(2020, 2026)} #BontangBerkah @pemkotbontang @dlhbontang",
        lambda: f"atas nama warga RT {n(1, 40)} kami mohon {r.choice(('bantuan', 'perbaikan'))}",
        lambda: f"Saya warga {r.choice(PLACES)}, NIK saya belum terdaftar di DTKS",
        lambda: f"Saya Sangat Kecewa, Pelayanan Di Kantor Kelurahan {r.choice(PLACES)} Lambat",
        lambda: f"Pak Lurah dan Bu Camat tolong cek, sudah {n(2, 11)} bulan",
        lambda: f"{r.choice(('Bu Bidan', 'Pak Babinsa', 'Bapak Wali Kota', 'Pak RT', 'Ibu Kota'))}"
                f" sudah {r.choice(('datang', 'dikabari'))}, Pak, tolong {n(2, 5)} hari lagi",
        lambda: f"call center {r.choice((112, 110, 113, 123))} tidak bisa dihubungi jam "
                f"{n(1, 12)} malam",
        lambda: f"token {n(20, 500)} kWh cuma tahan {n(3, 14)} hari, ranking {n(1, 10)} keluhan",
        lambda: f"suhu {n(30, 36)}°C, antrean {n(100, 900)} orang, IPK {n(2, 3)}.{n(10, 99)}",
        lambda: f"pembangunan {n(2019, 2022)}-{n(2023, 2026)} di kelas {n(7, 9)}B lantai {n(1, 4)}",
        lambda: f"atas nama masyarakat {r.choice(PLACES)}, nama jalannya belum ada",
        lambda: f"motor R2 masuk trotoar, {n(1, 5)} kali sehari di zona A {n(1, 9)}",
        lambda: f"IP kamera 192.168.{n(0, 255)}.{n(100, 255)} mati, pasal {n(1, 40)} ayat "
                f"{n(1, 5)}",
        lambda: f"bantuan Rp 1.500.000 per KK, {n(10, 90)} KK belum terima di RT {n(1, 30)}",
    )
    return r.choice(picks)()


def _fill_context(template: str, r: random.Random) -> str:
    return template.replace("{place}", r.choice(PLACES)).replace("{street}", r.choice(STREETS))


def _pii_clause(r: random.Random, out: _Text) -> None:
    kind = r.choice(KINDS)
    if kind == "rekening":
        value, scheme = rekening(r)
        template = r.choice(REKENING_CUES[scheme])
        values = [value]
    elif kind == "plat":
        has_series = r.random() > .08
        template = r.choice(PLATE_CUES + (BARE_PLATE_CUES if has_series else ()))
        values = [plat(r, has_series) for _ in range(template.count("{}"))]
    elif kind == "nama":
        caps = r.random() < .3
        template = _fill_context(r.choice(CAPS_NAME_CUES if caps else NAME_CUES), r)
        values = [nama(r, lower=not caps)]
        template += "" if caps else _fill_context(r.choice(NAME_FOLLOW), r)
    else:
        make = {"nik": nik, "telepon": telepon, "email": email, "handle": handle}[kind]
        cues = {"nik": NIK_CUES, "telepon": PHONE_CUES, "email": EMAIL_CUES,
                "handle": HANDLE_CUES}[kind]
        template = r.choice(cues)
        values = [make(r) for _ in range(template.count("{}"))]
    out.fill(template, kind, values)


def pii_corpus(n: int = 3000, seed: int = 2013) -> list[Sample]:
    """``n`` texts, each with one to three pieces of personal data and their exact spans."""
    r = random.Random(seed)
    samples = []
    for _ in range(n):
        out = _Text()
        out.add(r.choice(OPENERS))
        clauses = r.choice((1, 1, 2, 2, 3))
        body = r.randrange(clauses + 1)
        for i in range(clauses + 1):
            if i:
                out.add(r.choice(JOINERS))
            if i == body:
                out.add(_look_alike(r))
            else:
                _pii_clause(r, out)
                out.add(r.choice(PUNCT))
        out.add(r.choice(CLOSERS))
        samples.append(Sample("".join(out.parts), tuple(out.spans)))
    return samples


def clean_corpus(n: int = 5000, seed: int = 2022) -> list[str]:
    """``n`` ordinary texts with no personal data but many numbers that look like some."""
    r = random.Random(seed)
    texts = []
    for _ in range(n):
        fragments = [_look_alike(r) for _ in range(r.choice((1, 2, 2, 3)))]
        texts.append(r.choice(OPENERS) + r.choice(JOINERS).join(fragments) + r.choice(CLOSERS))
    return texts
