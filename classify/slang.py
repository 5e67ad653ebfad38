"""The normaliser's lexicon: informal spellings residents of Bontang write, with standard words.

Kept unambiguous: a spelling that is also a common standard word with another meaning (``ada``,
``dah``, ``km`` for kilometre, ``kk`` for Kartu Keluarga, ``kek``) is not listed. Regional words
come from Banjar (``kada``, ``ulun``, ``banyu``), Kutai and Bugis-Makassar usage common in Bontang
(``ndak``, ``tabe``); Jakarta-style chat slang comes from national social media.
"""

from __future__ import annotations

_NEGATION = {
    "gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak",
    "ngga": "tidak", "ngak": "tidak", "enggak": "tidak", "engga": "tidak", "kagak": "tidak",
    "kaga": "tidak", "tdk": "tidak", "tak": "tidak", "kada": "tidak", "ndak": "tidak",
    "ndk": "tidak", "nda": "tidak", "nd": "tidak", "ora": "tidak", "kadada": "tidak ada",
    "gada": "tidak ada", "gaada": "tidak ada", "blm": "belum", "belom": "belum",
    "blom": "belum", "blum": "belum", "balum": "belum", "bkn": "bukan", "bukn": "bukan",
    "jgn": "jangan", "jangn": "jangan", "gausah": "tidak usah", "gpp": "tidak apa apa",
}

_PRONOUNS = {
    "sy": "saya", "sya": "saya", "sayah": "saya", "ulun": "saya", "unda": "saya",
    "aku": "saya", "aq": "saya", "gw": "saya", "gue": "saya", "gua": "saya",
    "pian": "anda", "ikam": "kamu", "lu": "kamu", "lo": "kamu", "loe": "kamu", "elu": "kamu",
    "kmu": "kamu", "sampeyan": "anda", "mrk": "mereka", "bubuhan": "mereka", "kt": "kita",
    "min": "admin", "mimin": "admin", "admn": "admin", "bpk": "bapak", "bp": "bapak",
    "pk": "pak", "ortu": "orang tua", "sidin": "beliau", "dangsanak": "saudara",
    "urang": "orang", "org": "orang", "orng": "orang",
}

_TIME = {
    "skrg": "sekarang", "skr": "sekarang", "skrang": "sekarang", "kmrn": "kemarin",
    "kemaren": "kemarin", "kmaren": "kemarin", "td": "tadi", "tdi": "tadi", "bsk": "besok",
    "besuk": "besok", "nnti": "nanti", "ntar": "nanti", "ntr": "nanti", "kaina": "nanti",
    "tgl": "tanggal", "bln": "bulan", "thn": "tahun", "th": "tahun", "hr": "hari",
    "mgg": "minggu", "mlm": "malam", "pgi": "pagi", "baisukan": "pagi", "kamarian": "sore",
    "bahari": "dulu", "dlu": "dulu", "lawas": "lama", "hanyar": "baru", "br": "baru",
    "sblm": "sebelum", "stlh": "setelah", "sdg": "sedang", "lg": "lagi", "lgi": "lagi",
    "msh": "masih", "masi": "masih", "sdh": "sudah", "udh": "sudah", "udah": "sudah",
    "udeh": "sudah", "sudh": "sudah", "dh": "sudah", "lacit": "sampai", "sampe": "sampai",
    "ampe": "sampai", "smpe": "sampai",
}

_CONNECTIVES = {
    "yg": "yang", "yng": "yang", "dgn": "dengan", "dg": "dengan",
    "krn": "karena", "karna": "karena", "krna": "karena", "soalnya": "karena", "utk": "untuk",
    "untk": "untuk", "tuk": "untuk", "dr": "dari", "dri": "dari", "pd": "pada", "kpd": "kepada",
    "dlm": "dalam", "tp": "tetapi", "tpi": "tetapi", "tapi": "tetapi", "tetepi": "tetapi",
    "ato": "atau", "atw": "atau", "sm": "sama", "ama": "sama", "jg": "juga",
    "jga": "juga", "jua": "juga", "gin": "juga", "klo": "kalau", "kalo": "kalau", "kl": "kalau",
    "mun": "kalau", "amun": "kalau", "trs": "terus", "trus": "terus",
    "sbg": "sebagai", "spt": "seperti", "kyk": "seperti", "kayak": "seperti", "kyak": "seperti",
    "tsb": "tersebut", "dll": "dan lain lain", "dsb": "dan sebagainya", "pdhl": "padahal",
    "pdahal": "padahal", "biar": "agar", "spy": "supaya", "jd": "jadi", "jdi": "jadi",
    "bbrp": "beberapa", "smua": "semua", "smw": "semua",
    "cm": "hanya", "cuma": "hanya", "cuman": "hanya", "doang": "saja", "aja": "saja",
    "ja": "saja", "haja": "saja", "aj": "saja", "nih": "ini", "ni": "ini", "tuh": "itu",
    "tu": "itu", "gini": "begini", "gitu": "begitu", "ngini": "begini", "ngitu": "begitu",
    "bgt": "banget", "bngt": "banget", "bgtt": "banget", "banar": "sangat", "pisan": "sangat",
    "emg": "memang", "emang": "memang", "mmg": "memang", "bnyk": "banyak", "byk": "banyak",
    "bnyak": "banyak", "hrs": "harus", "hrus": "harus", "bs": "bisa",
    "kawa": "bisa", "dpt": "dapat", "dapet": "dapat", "sblh": "sebelah", "dkt": "dekat",
}

_QUESTIONS = {
    "gmn": "bagaimana", "gmna": "bagaimana", "gimana": "bagaimana", "bgmn": "bagaimana",
    "kaya apa": "bagaimana", "knp": "kenapa", "knapa": "kenapa", "ngapa": "kenapa",
    "ngapain": "mengapa", "napa": "apa", "brp": "berapa", "brapa": "berapa", "dmn": "di mana",
    "dimn": "di mana", "dmana": "di mana", "kpn": "kapan", "kpan": "kapan", "ap": "apa",
    "apkh": "apakah", "gmana": "bagaimana",
}

_VERBS = {
    "tlg": "tolong", "tolongin": "tolong", "tulung": "tolong", "plis": "tolong",
    "please": "tolong", "pls": "tolong", "plz": "tolong", "mhn": "mohon", "mohn": "mohon",
    "mksh": "terima kasih", "makasih": "terima kasih", "mksih": "terima kasih",
    "trims": "terima kasih", "trimakasih": "terima kasih", "thx": "terima kasih",
    "tq": "terima kasih", "thanks": "terima kasih", "pake": "pakai",
    "liat": "lihat", "ngeliat": "melihat", "tau": "tahu", "dgr": "dengar", "denger": "dengar",
    "bikin": "buat", "dibikin": "dibuat", "ngasih": "memberi", "nunggu": "menunggu",
    "nungguin": "menunggu", "nyampe": "sampai", "ngerti": "mengerti", "ngurus": "mengurus",
    "ngurusin": "mengurus", "nanya": "bertanya", "nanyain": "menanyakan",
    "handak": "mau", "pengen": "ingin", "pgn": "ingin", "pengin": "ingin", "mo": "mau",
    "bepadah": "memberi tahu", "ngalih": "susah", "lapah": "lelah",
    "rami": "ramai", "ganal": "besar", "parak": "dekat", "gawian": "pekerjaan", "wan": "dan",
    "wani": "berani", "bejualan": "berjualan", "bejalan": "berjalan", "tebit": "terbit",
    "tesumbat": "tersumbat", "diapain": "diapakan", "dibenerin": "diperbaiki",
    "benerin": "perbaiki", "dibetulin": "diperbaiki", "betulin": "perbaiki", "bener": "benar",
    "bujur": "benar", "maf": "maaf", "mf": "maaf", "tabe": "permisi", "mksd": "maksud",
    "kasi": "kasih", "dtg": "datang", "dateng": "datang", "nyari": "mencari", "ngecek": "mengecek",
}

_PLACES_AND_SERVICES = {
    "jln": "jalan", "jl": "jalan", "gg": "gang", "dpn": "depan",
    "blkg": "belakang", "blk": "belakang", "rmh": "rumah", "kntr": "kantor", "kel": "kelurahan",
    "kec": "kecamatan", "sklh": "sekolah", "skolah": "sekolah", "pemkot": "pemerintah kota",
    "pemda": "pemerintah daerah", "pemprov": "pemerintah provinsi", "tlp": "telepon",
    "telp": "telepon", "tlpn": "telepon", "nelpon": "menelepon",
    "banyu": "air", "titian": "jembatan", "habar": "kabar", "dinkes": "dinas kesehatan",
    "dishub": "dinas perhubungan", "disdik": "dinas pendidikan", "dinsos": "dinas sosial",
    "disnaker": "dinas tenaga kerja", "dukcapil": "disdukcapil", "capil": "disdukcapil",
    "damkar": "pemadam kebakaran", "kementrian": "kementerian", "mentri": "menteri",
    "penyebrangan": "penyeberangan", "bis": "bus",
}

#: Word-level spellings (one token) to standard words.
SLANG: dict[str, str] = {
    **_NEGATION, **_PRONOUNS, **_TIME, **_CONNECTIVES, **_VERBS, **_PLACES_AND_SERVICES,
    **{k: v for k, v in _QUESTIONS.items() if " " not in k},
}

#: Multi-word expressions, matched after the word-level pass.
PHRASES: dict[str, str] = {
    "mati lampu": "pemadaman listrik",
    "listrik padam": "pemadaman listrik",
    "kaya apa": "bagaimana",
    "kada kawa": "tidak bisa",
    "air mati": "air tidak mengalir",
    "air tidak keluar": "air tidak mengalir",
}

#: Emoji that carry intent, as words; every other emoji is removed.
EMOJI_WORDS: dict[str, str] = {
    "🙏": "mohon", "😡": "kesal", "😠": "kesal", "🤬": "kesal", "😤": "kesal",
    "😭": "sedih", "😢": "sedih", "😞": "kecewa", "😔": "kecewa", "😩": "lelah",
    "😫": "lelah", "😂": "tertawa", "🤣": "tertawa", "😆": "tertawa", "😁": "senang",
    "😊": "senang", "🥰": "senang", "❤️": "suka", "❤": "suka", "👍": "bagus",
    "👏": "bagus", "🔥": "api", "💧": "air", "🚧": "perbaikan", "⚠️": "bahaya", "⚠": "bahaya",
    "❓": "?", "❔": "?", "⁉️": "?", "‼️": "!",
}
