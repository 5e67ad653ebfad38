"""Features that need no labels: lexicon term counts and zero-shot scores per function code.

Both are pipeline steps after :class:`classify.normalize.TextNormalizer`: they expect normalised
text and normalise their own vocabulary the same way.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from classify.lexicon import function_profiles, function_terms, profile_params
from classify.normalize import check_text_input, normalize_text


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    """Row-wise softmax of ``scores / temperature``."""
    z = np.asarray(scores, dtype=float) / temperature
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    return z / z.sum(axis=1, keepdims=True)


def _default_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(function_terms().items())


class LexiconCounts(TransformerMixin, BaseEstimator):
    """How many distinct terms of each group occur in each text, as ``log1p`` counts.

    ``groups`` is a tuple of ``(name, terms)``; the default is the function terms of
    ``classify/lexicon.toml``. Terms match whole words of the normalised text.
    """

    def __init__(self, groups=None):
        self.groups = groups

    def fit(self, X, y=None):
        """Compile the terms into one pattern; returns self."""
        check_text_input(self, X, reset=True)
        groups = self.groups if self.groups is not None else _default_groups()
        self.names_ = np.array([name for name, _ in groups], dtype=object)
        owners: dict[str, set[int]] = {}
        for index, (_, terms) in enumerate(groups):
            for term in terms:
                key = normalize_text(term)
                if key:
                    owners.setdefault(key, set()).add(index)
        self.owners_ = {term: tuple(sorted(ix)) for term, ix in owners.items()}
        alternation = "|".join(re.escape(t) for t in sorted(self.owners_, key=len, reverse=True))
        self.pattern_ = re.compile(rf"(?<!\w)(?:{alternation or '(?!)'})(?!\w)")
        return self

    def transform(self, X):
        """A dense ``(n_texts, n_groups)`` array."""
        check_is_fitted(self, "pattern_")
        docs = check_text_input(self, X, reset=False)
        counts = np.zeros((len(docs), len(self.names_)))
        for row, doc in enumerate(docs):
            for term in set(self.pattern_.findall(doc)):
                counts[row, list(self.owners_[term])] += 1
        return np.log1p(counts)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags

    def get_feature_names_out(self, input_features=None):
        """One name per group."""
        check_is_fitted(self, "names_")
        return np.array([f"lexicon_{name}" for name in self.names_], dtype=object)


class FunctionPrior(TransformerMixin, BaseEstimator):
    """Zero-shot probabilities per function code from each code's profile, needing no examples.

    Two views are averaged: the text's TF-IDF similarity to each profile text (the OPD's name,
    description and terms), and how many of each profile's terms the text contains. ``profiles``
    is a tuple of ``(code, text, terms)``; the default is the lexicon without a city.
    """

    def __init__(self, profiles=None, similarity_temperature=0.03, keyword_temperature=1.0,
                 analyzer="char_wb"):
        self.profiles = profiles
        self.similarity_temperature = similarity_temperature
        self.keyword_temperature = keyword_temperature
        self.analyzer = analyzer

    def _vectorizer(self) -> TfidfVectorizer:
        ngrams = (3, 4) if self.analyzer == "char_wb" else (1, 2)
        return TfidfVectorizer(analyzer=self.analyzer, ngram_range=ngrams, sublinear_tf=True,
                               min_df=1, max_features=100_000)

    def fit(self, X, y=None):
        """Learn term weights from the texts and the profiles; returns self."""
        docs = check_text_input(self, X, reset=True)
        profiles = self.profiles or profile_params(function_profiles(None))
        self.classes_ = np.array([code for code, _, _ in profiles], dtype=object)
        texts = [normalize_text(text) for _, text, _ in profiles]
        self.vectorizer_ = self._vectorizer().fit([*docs, *texts])
        self.profile_matrix_ = self.vectorizer_.transform(texts).T.tocsr()
        groups = tuple((code, terms) for code, _, terms in profiles)
        self.terms_ = LexiconCounts(groups).fit(docs[:1])
        return self

    def transform(self, X):
        """A dense ``(n_texts, n_codes)`` array whose rows sum to one."""
        check_is_fitted(self, "profile_matrix_")
        return self.scores(check_text_input(self, X, reset=False))

    def scores(self, docs, tfidf=None):
        """:meth:`transform` of validated ``docs``; ``tfidf`` is ``vectorizer_.transform(docs)``
        when the caller has it already (:mod:`classify.shared_features`)."""
        check_is_fitted(self, "profile_matrix_")
        if tfidf is None:
            tfidf = self.vectorizer_.transform(docs)
        similarity = (tfidf @ self.profile_matrix_).toarray()
        keywords = np.expm1(self.terms_.transform(docs))
        return 0.5 * (softmax(similarity, self.similarity_temperature)
                      + softmax(keywords, self.keyword_temperature))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags

    def get_feature_names_out(self, input_features=None):
        """One name per function code."""
        check_is_fitted(self, "classes_")
        return np.array([f"prior_{code}" for code in self.classes_], dtype=object)
