"""Text normalisation: informal Indonesian (slang, abbreviations, elongations) to standard words."""

from __future__ import annotations

import re

from sklearn.base import BaseEstimator, TransformerMixin

# Informal spellings residents use -> standard Indonesian. Kept small and unambiguous: a word
# that is also a standard word elsewhere (e.g. "ada", "dah") is not listed.
SLANG: dict[str, str] = {
    "yg": "yang", "gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak",
    "ngga": "tidak", "enggak": "tidak", "tdk": "tidak", "tak": "tidak", "kada": "tidak",
    "ndak": "tidak", "ndk": "tidak", "udh": "sudah", "udah": "sudah", "sdh": "sudah",
    "blm": "belum", "belom": "belum", "bgt": "banget", "sy": "saya", "sya": "saya",
    "ulun": "saya", "aku": "saya", "gw": "saya", "gue": "saya", "kmrn": "kemarin",
    "kemaren": "kemarin", "tlg": "tolong", "tolongin": "tolong", "mhn": "mohon",
    "dgn": "dengan", "krn": "karena", "karna": "karena", "utk": "untuk", "bs": "bisa",
    "knp": "kenapa", "gmn": "bagaimana", "gimana": "bagaimana", "pdhl": "padahal",
    "skrg": "sekarang", "lg": "lagi", "aja": "saja", "haja": "saja", "sm": "sama",
    "trs": "terus", "emg": "memang", "bnyk": "banyak", "jln": "jalan", "jl": "jalan",
    "dlm": "dalam", "hrs": "harus", "kpd": "kepada", "org": "orang", "tp": "tetapi",
    "tapi": "tetapi", "brp": "berapa", "dmn": "di mana", "kpn": "kapan", "tgl": "tanggal",
    "bln": "bulan", "thn": "tahun", "jg": "juga", "dr": "dari", "sdg": "sedang",
    "msh": "masih", "masi": "masih", "bkn": "bukan", "pake": "pakai", "mksh": "terima kasih",
    "makasih": "terima kasih", "trims": "terima kasih", "banyu": "air", "pian": "anda",
    "ikam": "kamu", "handak": "mau", "pengen": "ingin", "pgn": "ingin", "kalo": "kalau",
    "klo": "kalau", "kl": "kalau", "gini": "begini", "gitu": "begitu", "sampe": "sampai",
    "ampe": "sampai", "dpt": "dapat", "bbrp": "beberapa", "sblm": "sebelum",
    "ato": "atau", "atw": "atau", "nih": "ini", "tuh": "itu",
    "mati lampu": "pemadaman listrik", "lampu mati": "pemadaman listrik",
}

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<!\w)@\w[\w.]*")
_HASHTAG = re.compile(r"(?<!\w)#(\w+)")
_ELONGATED = re.compile(r"([a-z])\1{2,}")
_NON_TEXT = re.compile(r"[^\w\s.,!?:;/()'\"-]", re.UNICODE)
_SPACE = re.compile(r"\s+")
_PHRASES = sorted((k for k in SLANG if " " in k), key=len, reverse=True)
_WORD = re.compile(r"\b\w+\b")


def normalize_text(text: str) -> str:
    """Lower-case, drop URLs/mentions/emoji, shorten elongations, expand slang."""
    text = _URL.sub(" ", text.lower())
    text = _MENTION.sub(" ", text)
    text = _HASHTAG.sub(r" \1 ", text)
    text = _ELONGATED.sub(r"\1", text)
    text = _NON_TEXT.sub(" ", text)
    for phrase in _PHRASES:
        text = text.replace(phrase, SLANG[phrase])
    text = _WORD.sub(lambda m: SLANG.get(m.group(0), m.group(0)), text)
    return _SPACE.sub(" ", text).strip()


class TextNormalizer(BaseEstimator, TransformerMixin):
    """A pipeline step that applies :func:`normalize_text` to every document."""

    def fit(self, X, y=None):
        """Nothing to learn; returns self."""
        return self

    def transform(self, X):
        """Normalise each text."""
        return [normalize_text(str(doc)) for doc in X]
