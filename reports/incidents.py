"""One report per incident: whether a new post describes an incident Jaring already drafted.

Two posts are about the same incident when they say similar things (cosine of character n-gram
TF-IDF vectors of their redacted, normalised texts, IDF learned from the seed corpus), about a
compatible place (the same kelurahan, street or landmark, or a place only one of them names), for
a compatible government function, a few days apart at most (a post covers the days from its
incident date to its posting: "air mati sejak 4 hari" overlaps a post two days later). A near-copy
(a repost, a quote) needs only a compatible place and the date window. Thresholds are measured
by ``bench.bench_drafts`` on the labelled pairs in ``bench/data/merge_pairs.jsonl``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from classify.model import Prediction
from reports.facts import PostFacts
from reports.kategori import choose_kategori
from reports.locate import Location

DATE_WINDOW_DAYS = 3  # incidents further apart than this are different incidents
SAME_PLACE_SIMILARITY = 0.18  # enough when both posts name the same place
UNKNOWN_PLACE_SIMILARITY = 0.50  # needed when only one post (or neither) names a place
DUPLICATE_SIMILARITY = 0.85  # a repost or quote: place and function need not agree
FUNCTION_ALTERNATIVE = 0.2  # a code this likely in the other's top 3 still counts as agreeing
CROSS_FUNCTION_SIMILARITY = 0.30  # needed when the two posts were routed to different codes


@dataclass(frozen=True)
class Evidence:
    """A post as incident matching sees it: its facts, the classifier's verdict, its problem."""

    facts: PostFacts
    prediction: Prediction
    vector: np.ndarray = field(repr=False, compare=False, default=None)
    kategori: str = ""
    rincian: str | None = None


@dataclass(frozen=True)
class Match:
    """How well a post fits an incident, and why it does or does not."""

    similarity: float
    place: str  # "sama", "tidak_diketahui" or "berbeda"
    same_incident: bool


@lru_cache(maxsize=1)
def _vectorizer() -> TfidfVectorizer:
    """Character n-gram TF-IDF with document frequencies of the seed corpus."""
    from classify.corpus import load_seed
    from classify.normalize import normalize_text

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                 min_df=2, dtype=np.float32)
    return vectorizer.fit([normalize_text(ex.text) for ex in load_seed()])


def text_vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit-length dense rows for normalised texts (cosine is a dot product)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return _vectorizer().transform(list(texts)).toarray()


def evidence(facts: Sequence[PostFacts], predictions: Sequence[Prediction]) -> list[Evidence]:
    """Evidence for matching, vectorised in one batch."""
    vectors = text_vectors([f.normalized for f in facts])
    found = []
    for f, p, v in zip(facts, predictions, vectors, strict=True):
        kategori = choose_kategori(f.normalized, p.opd_code)
        detail = kategori.detail(f.normalized)
        found.append(Evidence(f, p, v, kategori.name, detail.masalah if detail else None))
    return found


def place_agreement(a: Location, b: Location) -> str:
    """``sama`` (same spot), ``berbeda`` (different spots) or ``tidak_diketahui``."""
    pairs = [(a.street, b.street), (a.place, b.place), (a.kelurahan, b.kelurahan)]
    if any(x and y and x != y for x, y in pairs[::2]):
        return "berbeda"  # two streets or two kelurahan: two incidents
    if any(x and y and x == y for x, y in pairs):
        return "sama"
    return "tidak_diketahui"


def functions_agree(a: Prediction, b: Prediction) -> bool:
    """The same function code, or one a likely alternative (top 3, p ≥ 0.2) of the other."""
    if a.opd_code == b.opd_code:
        return True
    a_alt = {c for c, p in a.opd_top3 if p >= FUNCTION_ALTERNATIVE}
    b_alt = {c for c, p in b.opd_top3 if p >= FUNCTION_ALTERNATIVE}
    return b.opd_code in a_alt or a.opd_code in b_alt


def days_apart(a: PostFacts, b: PostFacts) -> int:
    """Days between two posts' incidents, each lasting from its incident date to its posting."""
    start = max(a.when.value, b.when.value)
    end = min(a.posted_on, b.posted_on)
    return max(0, (start - end).days)


def problems_differ(a: Evidence, b: Evidence) -> bool:
    """Two problems of one function: a blocked drain is not a pothole, even on one street."""
    if a.prediction.opd_code != b.prediction.opd_code:
        return False  # categories of different functions cannot be compared
    return a.kategori != b.kategori or bool(a.rincian and b.rincian and a.rincian != b.rincian)


def compare(a: Evidence, b: Evidence) -> Match:
    """Whether two posts describe the same incident."""
    similarity = float(np.dot(a.vector, b.vector))
    place = place_agreement(a.facts.location, b.facts.location)
    if place == "berbeda" or days_apart(a.facts, b.facts) > DATE_WINDOW_DAYS:
        return Match(similarity, place, False)  # a repost never moves the incident
    if similarity >= DUPLICATE_SIMILARITY:
        return Match(similarity, place, True)
    agree = functions_agree(a.prediction, b.prediction) and not problems_differ(a, b)
    needed = SAME_PLACE_SIMILARITY if place == "sama" else UNKNOWN_PLACE_SIMILARITY
    if a.prediction.opd_code != b.prediction.opd_code:
        needed = max(needed, CROSS_FUNCTION_SIMILARITY)  # routed apart: the words must agree more
    return Match(similarity, place, agree and similarity >= needed)


def best_incident(new: Evidence,
                  incidents: Sequence[Sequence[Evidence]]) -> tuple[int, Match] | None:
    """The index of the incident ``new`` belongs to (its closest member decides), if any."""
    best: tuple[int, Match] | None = None
    for i, members in enumerate(incidents):
        for member in members:
            match = compare(new, member)
            if match.same_incident and (best is None or match.similarity > best[1].similarity):
                best = (i, match)
    return best


def combined_prediction(predictions: Sequence[Prediction]) -> Prediction:
    """The verdict for an incident: the function most posts point to, its most confident post."""
    votes: dict[str, float] = {}
    for p in predictions:
        for code, probability in p.opd_top3 or ((p.opd_code, p.opd_probability),):
            votes[code] = votes.get(code, 0.0) + probability
    winner = max(votes, key=votes.__getitem__)
    routed = [p for p in predictions if p.opd_code == winner] or list(predictions)
    return max(routed, key=lambda p: p.confidence)
