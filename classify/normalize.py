"""Text normalisation: informal Indonesian (slang, abbreviations, elongations) to standard words.

The same function runs when a model is trained and when it predicts, so a change here changes
what saved models see: models record the code version they were trained with.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import check_array
from sklearn.utils.validation import check_is_fitted

from classify.slang import EMOJI_WORDS, PHRASES, SLANG

#: Longest text (characters) looked at; a 100 KB post is cut here, its start is what matters.
MAX_CHARS = 5_000

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_MENTION = re.compile(r"(?<![\w@])@(\w[\w.]*)")
_HASHTAG = re.compile(r"(?<!\w)#(\w+)")
_NUMBER_RUN = re.compile(r"\+?\d[\d .-]{6,}\d")
_REDUPLICATION = re.compile(r"\b([a-z]{2,})2(?=\b|[^\w])")
_ELONGATED = re.compile(r"([a-z])\1{2,}")
_LAUGH = re.compile(r"\b(?:w?k(?:wk)+w?|(?:ha){2,}h?|(?:he){2,}h?|(?:hi){2,}h?|xixi\w*)\b")
_NON_TEXT = re.compile(r"[^\w\s.,!?:;/()'\"-]", re.UNICODE)
_UNDERSCORE = re.compile(r"_+")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\b\w+\b")
_PHRASE = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True)) + r")\b")
_EMOJI = re.compile("|".join(re.escape(e) for e in sorted(EMOJI_WORDS, key=len, reverse=True)))


def _emoji_to_words(text: str) -> str:
    # A few emoji carry the writer's intent (a plea, anger, a joke); the rest are dropped below.
    return _EMOJI.sub(lambda m: f" {EMOJI_WORDS[m.group(0)]} ", text)


def _mask_long_number(match: re.Match[str]) -> str:
    # Phone, NIK and account numbers (9+ digits) never reach a model's vocabulary; times and
    # dates ("10.00 - 12.00", "12-10-2023") have fewer digits and stay.
    digits = sum(ch.isdigit() for ch in match.group(0))
    return " nomor " if digits >= 9 else match.group(0)


def normalize_text(text: str) -> str:
    """Lower-case, mask links/e-mails/long numbers, expand slang and reduplication, drop emoji."""
    text = unicodedata.normalize("NFKC", str(text)[:MAX_CHARS]).lower()
    text = _URL.sub(" tautan ", text)
    text = _EMAIL.sub(" surel ", text)
    text = _MENTION.sub(r" \1 ", text)
    text = _HASHTAG.sub(r" \1 ", text)
    text = _NUMBER_RUN.sub(_mask_long_number, text)
    text = _emoji_to_words(text)
    text = _ELONGATED.sub(r"\1", text)
    text = _REDUPLICATION.sub(r"\1 \1", text)
    text = _LAUGH.sub(" tertawa ", text)
    text = _UNDERSCORE.sub(" ", _NON_TEXT.sub(" ", text))
    text = _WORD.sub(lambda m: SLANG.get(m.group(0), m.group(0)), text)
    text = _PHRASE.sub(lambda m: PHRASES[m.group(0)], text)
    return _SPACE.sub(" ", text).strip()


def as_documents(X) -> list[str]:
    """Documents from a list of texts, a 1-D array, or a 2-D array (a row's cells are joined)."""
    if isinstance(X, str):
        raise TypeError("X harus berupa daftar teks, bukan satu teks")
    array = np.asarray(X, dtype=object)
    if array.ndim == 2:
        return [" ".join(str(cell) for cell in row) for row in array]
    if array.ndim != 1:
        raise ValueError(f"X harus 1 atau 2 dimensi, bukan {array.ndim}")
    return ["" if doc is None else str(doc) for doc in array]


def check_text_input(estimator: BaseEstimator, X, *, reset: bool) -> list[str]:
    """Validate ``X`` for a text step and return its documents.

    Text steps take a sequence of texts (one column); a 2-D array is accepted too, its cells
    joined per row, so the steps also behave under scikit-learn's estimator checks. Sparse,
    complex, empty and NaN input is refused as every scikit-learn estimator refuses it.
    """
    if isinstance(X, str):
        raise TypeError("X harus berupa daftar teks, bukan satu teks")
    array = check_array(X, accept_sparse=False, dtype=None, ensure_2d=False,
                        ensure_all_finite=True, input_name="X")
    if array.ndim > 2:
        raise ValueError(f"X harus 1 atau 2 dimensi, bukan {array.ndim}")
    if np.iscomplexobj(array):
        raise ValueError("Complex data not supported")
    n_features = array.shape[1] if array.ndim == 2 else 1
    if reset:
        estimator.n_features_in_ = n_features
    elif n_features != estimator.n_features_in_:
        raise ValueError(
            f"X has {n_features} features, but {type(estimator).__name__} is expecting "
            f"{estimator.n_features_in_} features as input. Reshape your data to match fit.")
    return as_documents(array)


class TextNormalizer(TransformerMixin, BaseEstimator):
    """A pipeline step that applies :func:`normalize_text` to every document."""

    def fit(self, X, y=None):
        """Nothing to learn beyond the input's shape; returns self."""
        check_text_input(self, X, reset=True)
        return self

    def transform(self, X):
        """Normalise each text; returns a 1-D array of strings."""
        check_is_fitted(self, "n_features_in_")
        docs = check_text_input(self, X, reset=False)
        return np.array([normalize_text(doc) for doc in docs], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags
