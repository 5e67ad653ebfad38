"""Prediction for several fitted pipelines with one n-gram count per kind of view.

The report-type and routing pipelines both start with word 1-2-gram and character 2-5-gram
TF-IDF views, and the router's zero-shot prior has a character 3-4-gram TF-IDF of its own: five
passes over every post, each generating its n-grams in Python and looking each one up in a
vocabulary, which is most of the time a prediction takes. :class:`SharedFeatures` groups the
fitted vectorizers that analyse text the same way, counts each group's n-grams once against the
union of their vocabularies, and gives each vectorizer its own columns of those counts, weighted
by its own :class:`~sklearn.feature_extraction.text.TfidfTransformer`. The result is what each
pipeline's ``predict_proba`` gives (``tests/classify/test_shared_features.py`` compares them);
a pipeline of another shape (a dense embedding view, weighted views) is predicted as it is.

A character n-gram's length is its order and a word n-gram's order is its number of spaces, so
the widest range of a group produces every n-gram each member would, and a member's vocabulary
picks out exactly its own from the union's counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from classify.features import FunctionPrior

#: The parameters that decide which n-grams a vectorizer sees in a text (ngram_range aside).
_ANALYSIS = ("input", "encoding", "decode_error", "strip_accents", "lowercase", "preprocessor",
             "tokenizer", "stop_words", "token_pattern", "analyzer", "dtype")


class _Group:
    """Vectorizers that analyse text alike, counted once against their union vocabulary."""

    def __init__(self, members: list[TfidfVectorizer]) -> None:
        self.members = members
        terms = sorted(set().union(*(m.vocabulary_ for m in members)))
        union = {term: index for index, term in enumerate(terms)}
        params = {name: getattr(members[0], name) for name in _ANALYSIS}
        low = min(m.ngram_range[0] for m in members)
        high = max(m.ngram_range[1] for m in members)
        # Fitted here (a given vocabulary learns nothing) so that no prediction, in whatever
        # thread, sets it up on first use.
        self.counter = CountVectorizer(**params, ngram_range=(low, high),
                                       vocabulary=union).fit([])
        # For each member: its column for every union term, -1 where it lacks the term.
        self.columns = []
        for member in members:
            column = np.full(len(terms), -1, dtype=np.int64)
            for term, index in member.vocabulary_.items():
                column[union[term]] = index
            self.columns.append(column)

    def transform(self, docs: Sequence[str]) -> dict[int, Any]:
        """Each member's TF-IDF matrix of ``docs``, keyed by the member's ``id``."""
        counts = sparse.csr_matrix(self.counter.transform(docs))
        out = {}
        for member, column in zip(self.members, self.columns, strict=True):
            out[id(member)] = member._tfidf.transform(_select(counts, column, member), copy=False)
        return out


def _select(counts: sparse.csr_matrix, column: np.ndarray, member: TfidfVectorizer):
    """The member's count matrix: its columns of the union counts, in its own order."""
    mapped = column[counts.indices]
    keep = mapped >= 0
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows[keep], minlength=counts.shape[0]))])
    selected = sparse.csr_matrix(
        (counts.data[keep].astype(member.dtype, copy=False), mapped[keep], indptr),
        shape=(counts.shape[0], len(member.vocabulary_)))
    selected.sort_indices()
    if member.binary:
        selected.data.fill(1)
    return selected


def _views(pipeline: Any) -> tuple[FeatureUnion, Any] | None:
    """``(features, classifier)`` of a pipeline this module can predict, else None."""
    steps = getattr(pipeline, "steps", None)
    if not steps or len(steps) != 2 or not isinstance(steps[0][1], FeatureUnion):
        return None
    union = steps[0][1]
    if union.transformer_weights:
        return None
    for _, transformer in union.transformer_list:
        if not (_is_plain(transformer) or isinstance(transformer, FunctionPrior)):
            return None  # a dense view, "drop", "passthrough": predicted as it is
    return union, steps[1][1]


def _is_plain(transformer: Any) -> bool:
    return type(transformer) is TfidfVectorizer and hasattr(transformer, "vocabulary_")


class SharedFeatures:
    """``predict_proba`` for fitted pipelines that take normalised text (see the module)."""

    def __init__(self, pipelines: Sequence[Any]) -> None:
        self.pipelines = list(pipelines)
        self._plans = [_views(p) for p in self.pipelines]
        vectorizers: dict[int, TfidfVectorizer] = {}
        for plan in self._plans:
            for _, transformer in plan[0].transformer_list if plan else ():
                inner = transformer.vectorizer_ if isinstance(transformer, FunctionPrior) \
                    else transformer
                if _is_plain(inner):
                    vectorizers[id(inner)] = inner
        groups: dict[tuple, list[TfidfVectorizer]] = {}
        for vectorizer in vectorizers.values():
            key = tuple(repr(getattr(vectorizer, name)) for name in _ANALYSIS)
            groups.setdefault(key, []).append(vectorizer)
        self._groups = [_Group(members) for members in groups.values()]

    @property
    def covered(self) -> list[bool]:
        """Per pipeline, whether its views come from the shared counts (else it predicts as
        it is)."""
        return [plan is not None for plan in self._plans]

    @property
    def passes(self) -> int:
        """How many n-gram counting passes a prediction makes over the texts."""
        return len(self._groups)

    def predict_proba(self, docs: Sequence[str]) -> list[np.ndarray]:
        """Each pipeline's probabilities for the normalised ``docs``, in order."""
        tfidf: dict[int, Any] = {}
        if any(self._plans):
            for group in self._groups:
                tfidf.update(group.transform(docs))
        results = []
        for pipeline, plan in zip(self.pipelines, self._plans, strict=True):
            if plan is None:
                results.append(pipeline.predict_proba(docs))
                continue
            union, classifier = plan
            blocks = []
            for _, transformer in union.transformer_list:
                if isinstance(transformer, FunctionPrior):
                    inner = tfidf.get(id(transformer.vectorizer_))
                    blocks.append(transformer.scores(docs, inner))
                else:
                    blocks.append(tfidf[id(transformer)])
            features = sparse.hstack(blocks).tocsr() \
                if any(sparse.issparse(b) for b in blocks) else np.hstack(blocks)
            results.append(classifier.predict_proba(features))
        return results
