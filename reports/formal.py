"""Formal Bahasa Indonesia from an informal post: normalised, third person, no personal data.

The post is split into sentences, each normalised with :func:`classify.normalize.normalize_text`
and then the formal lexicon in ``reports/data/formal.toml`` (Banjar words, colloquial verbs,
particles). Sentences become statements, requests ("Warga memohon agar …") or questions ("Warga
menanyakan …"); names and acronyms get their capitals back. Nothing is added that the post did
not say.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from classify.normalize import normalize_text
from reports.redact import PLACEHOLDERS

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
LEXICON_FILE = Path(__file__).parent / "data" / "formal.toml"

# First-person words become the reporter in the third person.
_PRONOUNS = {"saya": "pelapor", "kami": "warga", "kita": "warga", "anda": "pihak terkait",
             "kamu": "pihak terkait"}
# Redaction placeholders survive normalisation as "zz<word>zz" and come back in capitals; a
# masked private @handle reads as "seorang pengguna".
_PLACEHOLDERS = {p.strip("@[]").lower(): p for p in PLACEHOLDERS.values()} | {
    "pengguna": "seorang pengguna"}
_MASKED = "|".join(_PLACEHOLDERS)
_PLACEHOLDER = re.compile(rf"@?\[({_MASKED})\]", re.IGNORECASE)
_TAG = re.compile(rf"^\s*\[(?!(?:{_MASKED})\])[^\]\n]{{1,40}}\]", re.IGNORECASE)
_HASHTAG = re.compile(r"(?<![\w&])#\w+")
_MENTION = re.compile(r"(?<![\w@\]])@\w[\w.]*")  # public accounts addressed; private ones masked
_WORD_TOKEN = re.compile(r"(?<![\w-])[^\W\d_]+(?![\w-])")
_URL = re.compile(r"https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|id|example)"
                  r"\b(?:/\S*)?", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+|,\s*(?=(?:mohon|tolong)\b)", re.IGNORECASE)
# Emoji end a thought as often as a full stop does.
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u200d\ufe0f]+")
_SHARE = re.compile(r"\b(?:tolong|mohon|bantu|pls|please)\s+(?:di)?(?:viral(?:kan)?|share|up|"
                    r"sebar(?:kan)?|repost)\b", re.IGNORECASE)
_REDUPLICATED = re.compile(r"\b([^\W\d_]{2,})2(nya|an)?\b")
# "bertahun2" is "bertahun-tahun": the root, not the prefixed word, is repeated.
_BER_ROOTS = frozenset({"tahun", "hari", "bulan", "jam", "minggu", "kali", "puluh", "ratus",
                        "ribu"})
_GREETING = re.compile(
    r"^(assalamu.?alaikum( wr\.? ?wb\.?)?|permisi|selamat (pagi|siang|sore|malam)|halo|hai|"
    r"izin|ijin|tabe|punten|sekadar info|info)\b[\s,.!:]*")
_ASK_PREFIX = re.compile(r"^(mau|ingin|numpang|izin|ijin)? ?(tanya|bertanya|nanya)\b[\s,:]*")
_THANKS = re.compile(r"\bterima kasih\b.*$")
_REQUEST = re.compile(r"^(mohon|tolong|harap|minta|kami mohon|kami minta|pelapor mohon)\b\s*")
_SUGGESTION_HEAD = re.compile(r"\b(usul|usulan|saran)(?:\s+(?:min|admin|pak|bu))?\s*,\s*",
                              re.IGNORECASE)
_SUGGESTION = re.compile(r"^(usul|usulan|saran|harapan saya|berharap)\b[\s,:]*")
_ADDRESSEE = re.compile(r"^(?:buat|untuk|kepada|ke)\s+(?:pemkot|pemerintah|dinas terkait)"
                       r"(?:\s+bontang)?\b[\s,]*")
_NOUN_REQUESTS = frozenset({"solusi", "solusinya", "kejelasan", "bantuan", "perhatian",
                            "tindak", "informasi", "info", "penjelasan", "klarifikasi",
                            "kepastian", "perhatiannya", "bantuannya"})


@dataclass(frozen=True)
class Lexicon:
    """The formal-rendering vocabulary (``reports/data/formal.toml``)."""

    abbreviations: dict[str, str]
    words: dict[str, str]
    fillers: frozenset[str]
    acronyms: tuple[str, ...]
    names: tuple[str, ...]


@lru_cache(maxsize=2)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Load the formal lexicon."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return Lexicon(abbreviations=dict(raw["abbreviations"]), words=dict(raw["words"]),
                   fillers=frozenset(raw["fillers"]["words"]),
                   acronyms=tuple(raw["acronyms"]["words"]), names=tuple(raw["names"]["words"]))


def indonesian_date(value: date) -> str:
    """``20 November 2026``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def reduplicate(text: str) -> str:
    """Write reduplication in full: "dalam2" → "dalam-dalam", "bertahun2" → "bertahun-tahun"."""
    def full(match: re.Match) -> str:
        word, suffix = match.group(1), match.group(2) or ""
        root = word[3:] if word.lower().startswith("ber") and word[3:].lower() in _BER_ROOTS \
            else word
        return f"{word}-{root}{suffix}"

    return _REDUPLICATED.sub(full, text)


def _prepare(redacted_text: str, lexicon: Lexicon) -> str:
    """Strip channel tags, hashtags and links; protect placeholders; expand abbreviations."""
    text = _TAG.sub("", _URL.sub(" ", redacted_text))
    text = _SHARE.sub(" ", _MENTION.sub(" ", _HASHTAG.sub(" ", text)))
    text = _EMOJI.sub("\n", text.replace("&", " dan ").replace("–", "-").replace("—", "-"))
    text = text.replace('"', " ").replace("“", " ").replace("”", " ")
    # "Usul min, tolong …" is one suggestion, not an address followed by a request.
    text = _SUGGESTION_HEAD.sub(r"\1 ", text)
    text = _PLACEHOLDER.sub(lambda m: f" zz{m.group(1).lower()}zz ", text)
    for short, full in lexicon.abbreviations.items():
        text = re.sub(rf"(?<![\w.]){re.escape(short)}(?=\s|\w|$)", f"{full} ", text,
                      flags=re.IGNORECASE)
    return reduplicate(text)


def _lexicon_words(text: str, lexicon: Lexicon) -> str:
    return _WORD_TOKEN.sub(lambda m: lexicon.words.get(m.group(0), m.group(0)), text)


def _words(sentence: str, lexicon: Lexicon) -> str:
    words = []
    for word in sentence.split():
        core, tail = re.match(r"^(.*?)([,.!?:;]*)$", word).groups()
        if core in lexicon.fillers:
            words.append(tail.strip(",;:"))  # keep a sentence end, drop the pause
            continue
        core = lexicon.words.get(core, core)
        words.append(_PRONOUNS.get(core, core) + tail)
    text = re.sub(r"\s+([,.!?:;])", r"\1", " ".join(w for w in words if w))
    return re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text).strip(" ,;:")


@dataclass(frozen=True)
class Sentence:
    """One formal sentence: a ``pernyataan``, ``permohonan``, ``usulan`` or ``pertanyaan``."""

    kind: str
    text: str
    starts_with_name: bool = False

    @property
    def inline(self) -> str:
        """The sentence to follow "bahwa": no full stop, lower-case unless a name starts it."""
        body = self.text.rstrip(".")
        return body if self.starts_with_name else body[0].lower() + body[1:]


def _classify_sentence(raw: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """The kind and formal body of one sentence, or None when nothing of substance is left."""
    question = raw.rstrip().endswith("?")
    # The formal lexicon speaks first (normalize_text reads "banar" as "sangat", a word that
    # goes before the adjective), then once more for what normalisation produced.
    text = _THANKS.sub("", normalize_text(_lexicon_words(raw.lower(), lexicon)))
    text = _GREETING.sub("", _GREETING.sub("", text))
    asked = bool(_ASK_PREFIX.match(text))
    text = _words(_ASK_PREFIX.sub("", text), lexicon).rstrip(".!?,:; ")
    if len(text.split()) < 2:
        return None
    if request := _REQUEST.match(text):
        rest = text[request.end():]
        if not rest:
            return None
        joiner = "" if rest.split()[0] in _NOUN_REQUESTS or rest.startswith(("agar", "supaya")) \
            else "agar "
        return "permohonan", f"warga memohon {joiner}{rest}"
    if suggestion := _SUGGESTION.match(text):
        rest = _ADDRESSEE.sub("", text[suggestion.end():])
        rest = re.sub(r"\b(?:tolong|mohon)\s+", "", rest)
        return ("usulan", f"warga mengusulkan agar {rest}") if rest else None
    if question or asked:
        return "pertanyaan", "warga menanyakan " + re.sub(r"^apa\b", "apakah", text)
    return "pernyataan", text


@lru_cache(maxsize=8)
def _name_pattern(names: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    lookup = {re.sub(r"[\s-]+", " ", n.lower()): n for n in names if n}
    body = "|".join(re.escape(k).replace(r"\ ", r"[\s-]+")
                    for k in sorted(lookup, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE), lookup


def _capitalise(body: str, proper_names: tuple[str, ...], lexicon: Lexicon) -> str:
    pattern, lookup = _name_pattern(tuple(proper_names) + lexicon.names)
    body = pattern.sub(lambda m: lookup[re.sub(r"[\s-]+", " ", m.group(0).lower())], body)
    acronyms = {a.lower(): a for a in lexicon.acronyms}
    body = re.sub(r"(?<![\w-])[\w-]+(?![\w-])",
                  lambda m: acronyms.get(m.group(0).lower(), m.group(0)), body)
    return re.sub(r"\brp\s?(?=\d)", "Rp", body)


def formal_sentences(redacted_text: str, proper_names: tuple[str, ...] = ()) -> list[Sentence]:
    """The post's content as formal sentences, in the post's order."""
    lexicon = load_lexicon()
    result = []
    for raw in _SENTENCE.split(_prepare(redacted_text, lexicon)):
        found = _classify_sentence(raw, lexicon)
        if found is None:
            continue
        kind, body = found
        body = _capitalise(body, proper_names, lexicon)
        body = re.sub(r"zz(\w+?)zz", lambda m: _PLACEHOLDERS[m.group(1)], body)
        result.append(Sentence(kind, body[0].upper() + body[1:] + ".", body[0].isupper()))
    return result


def restate(redacted_text: str, proper_names: tuple[str, ...] = ()) -> str:
    """The post's content as one formal paragraph (placeholders kept in capitals)."""
    return " ".join(s.text for s in formal_sentences(redacted_text, proper_names))
