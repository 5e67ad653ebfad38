"""Find and mask personal data (NIK, phones, e-mails, plates, accounts, names, handles)."""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDERS: dict[str, str] = {
    "nik": "[NIK]", "telepon": "[TELEPON]", "email": "[EMAIL]", "plat": "[PLAT]",
    "rekening": "[NOMOR]", "nama": "[NAMA]", "handle": "@[pengguna]",
}
# Among equally long overlapping candidates the more specific kind names the span.
_PRIORITY = {k: i for i, k in enumerate(
    ("email", "nik", "telepon", "rekening", "plat", "nama", "handle"))}


@dataclass(frozen=True)
class Redaction:
    """One masked span, with offsets in the original text."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class RedactionResult:
    """The redacted text and what was masked where."""

    text: str
    redactions: tuple[Redaction, ...]

    def log(self) -> list[dict]:
        """Kinds and offsets of the masked spans, never their values."""
        return [{"kind": r.kind, "start": r.start, "end": r.end} for r in self.redactions]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- e-mail -------------------------------------------------------------------------------
_LOCAL_CHAR = re.compile(r"[\w.%+-]")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
_OBFUSCATED_EMAIL = re.compile(
    r"(?<![\w.%+\-\]])[\w.%+-]+[ \t]*"
    r"(?:[\[({][ \t]*at[ \t]*[\])}]"
    r"|[ \t]at[ \t]+(?=(?:gmail|yahoo|ymail|outlook|hotmail|icloud)\b))"
    r"[ \t]*[\w-]+(?:(?:[ \t]*[\[({][ \t]*dot[ \t]*[\])}][ \t]*|\.|[ \t]+dot[ \t]+)[\w-]+)+",
    re.IGNORECASE)


def _emails(text: str) -> list[tuple[str, int, int]]:
    found = []
    # Scanning left from each "@" keeps this linear and catches overlapping addresses.
    for at in (m.start() for m in re.finditer("@", text)):
        start = at
        while start > 0 and _LOCAL_CHAR.match(text, start - 1):
            start -= 1
        domain = _DOMAIN.match(text, at + 1)
        if start < at and domain:
            found.append(("email", start, domain.end()))
    if re.search(r"[\[({]\s*at\s*[\])}]|\sat\s", text, re.IGNORECASE):
        found += [("email", m.start(), m.end()) for m in _OBFUSCATED_EMAIL.finditer(text)]
    return found


# --- context cues -------------------------------------------------------------------------
# A cue counts when only a few filler words and a little punctuation separate it from the
# value. Placeholders never bridge that gap, and "]" counts as part of a word in lookbehinds
# (as "[" does in lookaheads), so a redacted text never offers new context: redacting twice
# changes nothing.
_CUE_WINDOW = 96  # longer than any cue plus the longest gap, so the cut never matters
_SEPS = r"[\s.:,/=#()\-]{0,4}"


def _gap(fillers: str) -> re.Pattern:
    return re.compile(rf"(?:{_SEPS}(?:{'|'.join(fillers.split())})\b){{0,3}}{_SEPS}",
                      re.IGNORECASE)


_NUMBER_GAP = _gap(
    "saya sy aku ku nya no nomor nmr nomer pln pdam bpjs di ke yaitu adalah ya yg ini itu sbb "
    "pribadi istri suami anak ibu bapak kami pelaku penipu kantor lama baru listrik air rumah "
    "token pascabayar prabayar bri bni bca mandiri bsi btn a an atas nama dengan dgn cabang "
    "pelanggan meter wa hp aktif lain utama resmi cs kk nik ktp")
_PLATE_GAP = _gap(
    "dinas pribadi merah hitam putih kuning biru silver abu nomor no dengan dgn plat pelat "
    "warna nya itu ini tersebut pelaku berplat bernopol matic sport box bak pick up polisi")
_NUMBER_CUE = re.compile(
    r"(?<![\w\]])(?:(?P<nik>nik|ktp|e-ktp|kk|no\.?\s?kk|nokk|kartu\s\s?keluarga|nomor\s\s?induk)"
    r"|(?P<telepon>wa|whatsapp|hp|handphone|telp|tlp|telpon|telepon|phone|hub|hubungi|"
    r"kontak|cp|sms|call)"
    r"|(?P<rekening>rek|rekening|norek|bri|bni|bca|mandiri|bsi|btn|bank|id\s?pel|idpel|"
    r"id\s\s?pelanggan|no\.?\s?pel|pelanggan|nomor\s\s?meter|no\.?\s?meter|id\s\s?meter|va|"
    r"virtual\s\s?account|kode\s\s?bayar|kode\s\s?pembayaran))\b", re.IGNORECASE)
_PLATE_CUE = re.compile(
    r"(?<![\w\]])(?:(?P<strong>plat|pelat|berplat|nopol|no\.?\s?pol|nomor\s\s?polisi|tnkb|"
    r"nomor\s\s?kendaraan)|(?P<weak>mobil|motor|truk|truck|pikap|pickup|bus|angkot|taksi|"
    r"taxi|kendaraan|ranmor|mobilnya|motornya|naik|mengendarai))\b", re.IGNORECASE)


def _cue(text: str, start: int, cues: re.Pattern, gap: re.Pattern) -> str | None:
    """Kind of the nearest cue that ends right before ``start`` (modulo a short gap)."""
    kind = None
    for m in cues.finditer(text, max(0, start - _CUE_WINDOW), start):
        if gap.fullmatch(text, m.end(), start):
            kind = m.lastgroup
    return kind


# --- numbers: NIK, accounts and long identifiers, phones ----------------------------------
_RUN = re.compile(r"(?<!\d)(?:\d{9,}|\d{1,8}(?:([ .\-])\d{1,8}(?:\1\d{1,8})*)?)(?!\d)")
_RP_BEFORE = re.compile(r"(?<![\w\]@.])(?:rp|idr)\.?\s*\Z", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGITS = re.compile(r"\d+")


def _is_mobile(digits: str) -> bool:
    return (digits.startswith("08") and 10 <= len(digits) <= 13) or (
        digits.startswith("628") and 11 <= len(digits) <= 14)


def _is_amount(text: str, start: int, sep: str | None, groups: list[str],
               cue: str | None) -> bool:
    if len("".join(groups)) <= 15 and _RP_BEFORE.search(text, max(0, start - 8), start):
        return True
    thousands = sep == "." and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    return thousands and cue != "rekening"


def _is_list(sep: str | None, groups: list[str]) -> bool:
    """Years, IP addresses or tiny numbers written one after another, not an identifier."""
    if len(groups) >= 2 and all(_YEAR.fullmatch(g) for g in groups):
        return True
    if sep == "." and len(groups) == 4 and all(len(g) <= 3 and int(g) <= 255 for g in groups):
        return True
    return len(groups) >= 5 and max(map(len, groups)) <= 2


def _number_kind(text: str, m: re.Match) -> str | None:
    sep = m.group(1)
    groups = m.group().split(sep) if sep else [m.group()]
    digits = "".join(groups)
    if len(digits) < 8:
        return None
    cue = _cue(text, m.start(), _NUMBER_CUE, _NUMBER_GAP)
    if _is_amount(text, m.start(), sep, groups, cue) or _is_list(sep, groups):
        return None
    if cue == "telepon" and len(digits) <= 15:
        return "telepon"
    if cue == "rekening":
        return "rekening"
    if len(digits) == 16:
        return "nik"
    if _is_mobile(digits):
        return "telepon"
    if len(digits) < 10:
        return None
    return "rekening"


# "6474 0112-3456 7890": mixed separators, which _RUN deliberately does not join.
_MIXED = re.compile(r"(?<![\d\]][ .\-])(?<![\d\]])\d{2,6}(?:[ .\-]\d{1,6}){1,4}(?!\d|[ .\-]\d)")


def _mixed_niks(text: str) -> list[tuple[str, int, int]]:
    found = []
    for m in _MIXED.finditer(text):
        groups = _DIGITS.findall(m.group())
        mixed = len(set(re.findall(r"[ .\-]", m.group()))) > 1
        if mixed and sum(map(len, groups)) == 16 and max(map(len, groups)) >= 4:
            cue = _cue(text, m.start(), _NUMBER_CUE, _NUMBER_GAP)
            found.append(("rekening" if cue == "rekening" else "nik", m.start(), m.end()))
    return found


def _numbers(text: str) -> list[tuple[str, int, int]]:
    found, pos = _mixed_niks(text), 0
    while m := _RUN.search(text, pos):
        kind = _number_kind(text, m)
        if kind:
            found.append((kind, m.start(), m.end()))
            pos = m.end()
        elif m.group(1):
            # "lantai 2 64-12-..." joins a stray "2" to a NIK whose own separator differs:
            # such a number can only start at the run's last group, so retry from there.
            pos = m.start() + m.group().rindex(m.group(1)) + 1
        else:
            pos = m.end()
    return found


_PSEP = r"(?:[ \t]?[.\-][ \t]?|[ \t])"
_PHONE = re.compile(
    rf"(?<![\d+\]])(?:\(\+62\)|\+62|62(?={_PSEP}?\(?8)|\(0\d{{2,3}}\)|0(?=\d))"
    rf"{_PSEP}?\(?\d{{1,4}}\)?(?:{_PSEP}?\d{{1,5}}){{1,4}}(?!\d)")


def _landline_ok(national: str, chunks: list[re.Match], k: int, intl: bool) -> bool:
    # A landline needs a real area code made visible: +62, brackets/separator, or 0548.
    if not 9 <= len(national) <= 12 or national[1] not in "2345679":
        return False
    if intl:
        return True
    if k == 1:
        return national.startswith("0548")
    return 3 <= len(chunks[0].group()) <= 4


def _phone_end(raw: str) -> int | None:
    """End of the longest valid phone number at the start of ``raw``, chunk by chunk."""
    chunks = list(_DIGITS.finditer(raw))
    intl = not raw.startswith(("0", "(0"))
    if not intl and len(chunks[0].group()) < 3:
        return None  # "08.40 0886 ..." starts with a time, not with a phone number
    for k in range(len(chunks), 0, -1):
        # A lone trailing digit belongs to the number only when joined by "-" or ".".
        if k > 1 and len(chunks[k - 1].group()) == 1 and not re.search(
                r"[.\-]", raw[chunks[k - 2].end():chunks[k - 1].start()]):
            continue
        digits = "".join(c.group() for c in chunks[:k])
        national = "0" + digits[2:] if intl else digits
        if national.startswith("08"):
            if 10 <= len(national) <= 13:
                return chunks[k - 1].end()
        elif _landline_ok(national, chunks, k, intl):
            return chunks[k - 1].end()
    return None


def _phones(text: str) -> list[tuple[str, int, int]]:
    found, pos = [], 0
    while m := _PHONE.search(text, pos):
        end = _phone_end(m.group())
        if end is None:
            pos = m.start() + 1
            continue
        found.append(("telepon", m.start(), m.start() + end))
        pos = m.start() + end
    return found


# --- vehicle plates -----------------------------------------------------------------------
_CODES = _words("AA AB AD AE AG BA BB BD BE BG BH BK BL BM BN BP DA DB DC DD DE DG DH DK DL DM "
                 "DN DR DS DT EA EB ED KB KH KT KU PA PB A B D E F G H K L M N P R S T W Z")
# Any one or two letters here; _plate_end checks them against the regional codes (faster).
_PLATE = re.compile(
    r"(?<![\w\]])(?P<pre>[A-Za-z]{1,2})(?P<sep>[ .\-]?)(?P<num>\d{1,4})"
    r"(?:(?P<sep2>[ .\-]?)(?P<suf>[A-Za-z]{1,3}))?(?![\w\[])", re.IGNORECASE)
# Lower-case units and words that follow a number far more often than a plate series does.
_UNITS = _words("kg g gr ml l lt ltr cm mm m km mtr kw kwh rb jt bln thn th hr jam mnt dtk x "
                 "org rt rw no sd smp sma pk wib wit am pm pcs btl bh set ons ton gb mb tb hp ok")
_WORDS = _words("dan di ke ya yg aja sj lg dgn utk an nya kah lah pun dr tp sm ada itu ini aj gk "
                "ga min atau")
_PLATE_BLOCK = re.compile(
    r"(?<![\w@.\]])(?:blok|block|gang|gg|lorong|tipe|type|kelas|ruang|lantai|lt|kamar|kav|"
    r"kavling|seri|model|zona|sektor|jalur|pintu|loket|gedung|unit|halaman|hal|bab|pasal|ayat|"
    r"versi|tahap|shift|regu|tim)\.?\s*\Z", re.IGNORECASE)
_PLATE_LIST = re.compile(r"\s*(?:,|&|/|dan|atau)\s*", re.IGNORECASE)


def _series(m: re.Match) -> str | None:
    """The plate's letters after the number, unless they are the next word ("KT 12 dan")."""
    pre, suf = m.group("pre", "suf")
    # A unit may still be a series when the whole plate is lower-case: "kt 3382 l".
    word = suf and m.group("sep2") == " " and suf.islower()
    if word and (suf in _WORDS or (suf in _UNITS and not pre.islower())):
        return None
    return suf


def _plate_end(text: str, m: re.Match, prev_end: int | None) -> int | None:
    pre, num, suf = m.group("pre"), m.group("num"), _series(m)
    if pre.upper() not in _CODES:
        return None
    # Only words after the previous plate count: in "KT 1 LT B 12 AB", "LT" is a series.
    if _PLATE_BLOCK.search(text, max(prev_end or 0, m.start() - 16), m.start()):
        return None
    # "R2"/"R4" are two- and four-wheelers, "H-3" three days before, "S-1" a degree.
    if not suf and len(pre) == 1 and (
            (pre.upper() == "R" and len(num) == 1) or (m.group("sep") == "-" and len(num) <= 2)):
        return None
    end = m.end() if suf else m.end("num")
    # A plate listed right after another one ("motor KT 1 AB dan KT 2") needs no cue.
    listed = prev_end is not None and _PLATE_LIST.fullmatch(text, prev_end, m.start())
    if listed or _cue(text, m.start(), _PLATE_CUE, _PLATE_GAP):
        return end
    # Without a cue: a series is needed, and "kb 3 bln"-like lower case needs more.
    unit = suf and suf.islower() and suf in _UNITS
    careful = suf and not (pre + suf).isupper() and len(pre) == 1 and len(num) < 3
    return end if suf and not (unit or careful) else None


def _plates(text: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    pos = 0
    while m := _PLATE.search(text, pos):
        end = _plate_end(text, m, found[-1][2] if found else None)
        if end:
            found.append(("plat", m.start(), end))
        # A rejected "D 5 KT" must not swallow the "KT" that starts the next plate.
        pos = end or m.start() + 1
    return found


# --- names introduced by a cue ------------------------------------------------------------
_NAME_CUE = re.compile(
    r"(?<![\w.\-/\]])(?:(?P<free>nama\s+(?:saya|sy|aku|ku|lengkap(?:\s+saya)?|lengkapnya|"
    r"pelapor)(?:\s+(?:adalah|ialah|yaitu|yakni))?|namaku|namanya|bernama|atas\s+nama|"
    r"a\.\s?n(?:\.|(?!\w))|a/n(?!\w)|nama\s*:|(?:dengan|dgn)\s+(?:saudara|saudari|sdr|sdri)"
    r"\.?)|(?P<caps>an\.?(?=\s)|sdr\.|sdri\.|(?:bapak|bpk|pak|ibu|ibuk|bu|mas|mbak|mba|kak|bang|om|"
    r"tante|saudara|saudari)\.?(?=[ \t]))|(?P<self>saya|sy|aku))", re.IGNORECASE)
_HONORIFIC = re.compile(
    r"(?:bapak|bpk|pak|ibu|ibuk|bu|sdr|sdri|saudara|saudari|tuan|nyonya|ny|mas|mbak|mba|kak|"
    r"bang|almarhum|almarhumah|alm|haji|hajjah|hj|h|dr|ir|drs|dra)(?:\.\s*|\s+)",
    re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_CONNECTORS = frozenset({"bin", "binti"})
# Words that end a name; they include every word whose presence suppresses another detection
# (Rp, blok, ...), so masking a name can never reveal new context on a second pass.
_STOP = _words("""
warga dari yang yg di ke tinggal mau ingin mohon rt rw umur usia alamat beralamat no nomor nik
dan atau dengan dgn untuk utk pada ini itu saya sy aku kami kita dia ia mereka beliau sudah
udah belum tidak tak gak ga nggak enggak bukan akan sedang lagi juga sangat sekali pengen
pingin minta lapor melapor melaporkan tolong bisa dapat harus agar supaya karena krn karna
tapi tetapi namun jadi sebagai selaku asal penduduk domisili kelurahan kel kecamatan kec jalan
jl jln gang gg blok perumahan komplek kompleks kota kabupaten pt cv pemkot pemerintah dinas
kantor bank rekening rek pelanggan hp wa telp email plat nopol ktp kk sekarang kemarin tadi
besok hari minggu bulan tahun jam pukul tgl tanggal selama sejak sampai hingga sendiri ya yah
nih sih dong deh kok kah lho loh lah pun terima kasih makasih hormat salam selamat pagi siang
sore malam min admin gan ketua sekretaris bendahara pengurus anggota wali lurah camat kepala
kades kapolres masih baru lama telah pernah jika kalau kalo klo apakah bagaimana gimana kenapa
mengapa kapan dimana mana apa siapa berapa ada laporan aduan keluhan pengaduan masalah soal
tentang terkait mengenai sebab akibat sehingga lalu kemudian terus trus setelah sebelum saat
ketika waktu pas lewat melalui via oleh bagi per tiap setiap semua seluruh para banyak
beberapa satu dua tiga istri suami anak orang tua ortu keluarga sekeluarga beserta bersama
masyarakat perusahaan pribadi lembaga instansi organisasi yayasan koperasi kelompok rakyat
negara hukum agama kemanusiaan adalah ialah yaitu yakni kerja bekerja pemilik milik punya dlm
dalam atas bawah depan belakang samping dekat sekitar sebelah kecewa bingung heran cuma hanya
sedikit merasa rasa mengalami melihat lihat dengar tanya bertanya mengadu menyampaikan
sampaikan izin ijin permisi numpang nak tsb sbg dr kpd kepada sdh blm tdk jg aja saja doang
emang memang benar betul kurang lebih bapak bpk ibu ibuk bu saudara saudari sdr sdri tuan
nyonya ny mas mbak mba kak bang almarhum almarhumah alm haji hajjah hj ir drs dra om tante
guru ustadz ustad dokter satpam sopir supir polisi presiden gubernur bupati walikota kapolsek
dandim kadis sekda dewan petugas pegawai kos kost ojek ojol tukang pedagang kurir rp idr block
lorong tipe type kelas ruang lantai lt kamar kav kavling seri model zona sektor jalur pintu
loket gedung unit halaman hal bab pasal ayat versi tahap shift regu tim bidan perawat kader
babinsa bhabinkamtibmas pj plt sekcam kasi kabid damkar pemadam jaksa dprd""")
_SELF_FOLLOW = re.compile(
    r"\s*,?\s*(?:warga|dari|asal|tinggal|penduduk|selaku|sebagai|domisili|yang|yg|rt|umur|"
    r"usia|alamat|beralamat)\b", re.IGNORECASE)


_AFTER_CUE = re.compile(r"[ \t]*[:\-,]?\s*")
_SPACES = re.compile(r"[ \t]+")
_ABBREVIATED = re.compile(r"\.?[ \t]+")
_ABBREVIATIONS = _words("muh moh mhd abd st dg")


def _name_end(text: str, pos: int, lower_ok: bool) -> tuple[int, int] | None:
    """Span of up to four name words from ``pos``, stopping at punctuation or common words."""
    pos = _AFTER_CUE.match(text, pos).end()
    while h := _HONORIFIC.match(text, pos):
        pos = h.end()
    start, end, words = pos, None, 0
    while words < 4 and (w := _WORD.match(text, pos)):
        token = w.group()
        if token.lower() in _STOP:
            break
        if not (token[0].isupper() or lower_ok or token.lower() in _CONNECTORS):
            break
        # The first word sets the style: "Budi kerja di" is not a three-word name.
        lower_ok = lower_ok and not (words == 0 and token[0].isupper())
        end, words = w.end(), words + 1
        abbreviated = len(token) == 1 or token.lower() in _ABBREVIATIONS  # "M.", "Muh."
        gap = (_ABBREVIATED if abbreviated else _SPACES).match(text, end)
        if not gap:
            break
        pos = gap.end()
    return (start, end) if end else None


def _names(text: str) -> list[tuple[str, int, int]]:
    found = []
    for m in _NAME_CUE.finditer(text):
        span = _name_end(text, m.end(), lower_ok=m.lastgroup == "free")
        if span and (m.lastgroup != "self" or _SELF_FOLLOW.match(text, span[1])):
            found.append(("nama", *span))
    return found


# --- @handles -----------------------------------------------------------------------------
_HANDLE = re.compile(r"(?<![\w@.\]])@(\w(?:[\w.]*\w)?)")


def _handles(text: str, public: frozenset[str]) -> list[tuple[str, int, int]]:
    return [("handle", m.start(), m.end()) for m in _HANDLE.finditer(text)
            if m.group(1).lower() not in public]


# --- putting it together ------------------------------------------------------------------
def _merge(candidates: list[tuple[str, int, int]]) -> list[Redaction]:
    """Union of overlapping spans, named after the longest (then most specific) candidate."""
    merged: list[Redaction] = []
    best: tuple[int, int] = (0, 0)
    for kind, start, end in sorted(candidates, key=lambda c: (c[1], -c[2])):
        rank = (start - end, _PRIORITY[kind])
        if merged and start < merged[-1].end:
            last = merged[-1]
            kind = kind if rank < best else last.kind
            merged[-1] = Redaction(kind, last.start, max(end, last.end))
            best = min(best, rank)
        else:
            merged.append(Redaction(kind, start, end))
            best = rank
    return merged


def redact(text: str, *, public_handles: frozenset[str] = frozenset()) -> RedactionResult:
    """Mask every piece of personal data in ``text``; public handles stay visible."""
    public = frozenset(h.lower().lstrip("@") for h in public_handles)
    candidates = (_emails(text) + _numbers(text) + _phones(text) + _plates(text)
                  + _names(text) + _handles(text, public))
    redactions = _merge(candidates)
    parts, pos = [], 0
    for r in redactions:
        parts += [text[pos:r.start], PLACEHOLDERS[r.kind]]
        pos = r.end
    parts.append(text[pos:])
    return RedactionResult("".join(parts), tuple(redactions))


def contains_pii(text: str, *, public_handles: frozenset[str] = frozenset()) -> bool:
    """Whether ``redact`` would mask anything in ``text``."""
    return bool(redact(text, public_handles=public_handles).redactions)
