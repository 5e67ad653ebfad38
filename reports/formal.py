"""Formal Bahasa Indonesia from an informal post: normalised, third person, no personal data."""

from __future__ import annotations

import re
from datetime import date

from classify.normalize import normalize_text

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")

# First-person words become the reporter in the third person.
_PRONOUNS = {"saya": "pelapor", "kami": "warga", "kita": "warga", "ku": "pelapor",
             "anda": "pihak terkait", "kamu": "pihak terkait"}
_GREETING = re.compile(
    r"^(assalamu.?alaikum( wr\.? ?wb\.?)?|permisi|selamat (pagi|siang|sore|malam)|halo|hai|"
    r"min|admin|mimin|izin|ijin|numpang tanya|tabe)\b[\s,.!]*")
_FILLER = re.compile(r"\b(min|admin|mimin|guys|gaes|bah|sih|deh|dong|kok|loh|lho|ya|yah|kah|"
                     r"lah|mi|ji|ki|pale|wkwk\w*|haha\w*)\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_PLACEHOLDER = re.compile(r"\[(nik|telepon|email|plat|nomor|nama)\]", re.IGNORECASE)


def indonesian_date(value: date) -> str:
    """``20 November 2026``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _third_person(sentence: str) -> str:
    words = [_PRONOUNS.get(w, w) for w in sentence.split()]
    return " ".join(words)


def _clean_sentence(sentence: str) -> str:
    sentence = _GREETING.sub("", sentence.strip())
    sentence = _FILLER.sub("", sentence)
    sentence = re.sub(r"\s+([,.!?])", r"\1", re.sub(r"\s+", " ", sentence)).strip(" ,")
    return _third_person(sentence)


def restate(redacted_text: str, proper_names: tuple[str, ...] = ()) -> str:
    """The post's content as formal sentences (redaction placeholders are kept upper-case)."""
    text = _PLACEHOLDER.sub(lambda m: f" zz{m.group(1).lower()}zz ", redacted_text)
    sentences = [_clean_sentence(s) for s in _SENTENCE.split(normalize_text(text))]
    sentences = [s for s in sentences if len(s.split()) >= 2]
    body = ". ".join(s[0].upper() + s[1:] for s in sentences if s)
    body = re.sub(r"zz(\w+)zz", lambda m: f"[{m.group(1).upper()}]", body)
    for name in sorted(proper_names, key=len, reverse=True):
        body = re.sub(rf"\b{re.escape(name.lower())}\b", name, body, flags=re.IGNORECASE)
    return body.rstrip(".!?, ") + "." if body else ""
