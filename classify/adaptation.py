"""Adapting the router to a city's own mix of complaints, from its unlabelled posts.

A router trained on other cities' complaints carries their mix of functions: Surabaya's media
centre is mostly roads and drains, the national system mostly agencies, a kabupaten's LAPOR!
mostly its kecamatan offices. The posts a city's residents write tell, without a single label,
how its mix differs. The router's probabilities are re-weighted by that estimate
(Saerens, Latinne & Decaestecker 2002, "Adjusting the outputs of a classifier to new a priori
probabilities"): expectation-maximisation of the city's prior over its posts, starting from the
training data's prior (the mean of the router's probabilities on its training rows).

Two choices keep it safe on a small harvest, both made on E1's design splits (docs/CLASSIFIER.md):
the estimate is shrunk towards the training prior by ``PSEUDO_COUNT`` posts' worth (a MAP
estimate under a Dirichlet prior; a function is never written off on a few hundred posts), and
the re-weighting is damped (``STRENGTH``: the square root of the prior ratio, not the ratio).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ConfigError

#: The training prior's weight in the estimate, in posts.
PSEUDO_COUNT = 50.0
#: The exponent of the prior ratio in the re-weighting (1 is the full correction).
STRENGTH = 0.5
#: Fewer posts than this (the router's reports) and no prior is estimated.
MIN_POSTS = 100
FILE = "city_prior.json"


def _check(proba: np.ndarray, reference: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    proba, reference = np.asarray(proba, dtype=float), np.asarray(reference, dtype=float)
    if proba.ndim != 2 or reference.shape != (proba.shape[1],):
        raise ValueError(f"probabilities {proba.shape} and prior {reference.shape} do not match")
    if (reference <= 0).any() or not np.isclose(reference.sum(), 1.0, atol=1e-6):
        raise ValueError("the training prior must be positive and sum to 1")
    return proba, reference


def estimate_prior(proba: np.ndarray, reference: np.ndarray,
                   pseudo_count: float = PSEUDO_COUNT, max_iter: int = 500,
                   tol: float = 1e-7) -> np.ndarray:
    """The prior of the population ``proba`` (rows: a classifier's probabilities, trained under
    the prior ``reference``) came from, by EM; shrunk towards ``reference`` by
    ``pseudo_count`` rows."""
    proba, reference = _check(proba, reference)
    if not len(proba):
        return reference.copy()
    prior = reference.copy()
    for _ in range(max_iter):
        posterior = proba * (prior / reference)
        totals = posterior.sum(axis=1, keepdims=True)
        posterior = np.divide(posterior, totals, out=np.zeros_like(posterior), where=totals > 0)
        new = (posterior.sum(axis=0) + pseudo_count * reference) / (len(proba) + pseudo_count)
        # Unshrunk, a share can underflow to zero; a floor keeps every ratio defined.
        new = np.maximum(new, 1e-12)
        new /= new.sum()
        if np.abs(new - prior).max() < tol:
            return new
        prior = new
    return prior


def shift(proba: np.ndarray, reference: np.ndarray, target: np.ndarray,
          strength: float = STRENGTH) -> np.ndarray:
    """``proba`` re-weighted from the training prior ``reference`` towards ``target``:
    ``p'(y) ∝ p(y) · (target(y) / reference(y)) ** strength``."""
    proba, reference = _check(proba, reference)
    target = np.asarray(target, dtype=float)
    if target.shape != reference.shape or (target <= 0).any():
        raise ValueError("the city prior must be positive, one value per class")
    adjusted = proba * (target / reference) ** strength
    totals = adjusted.sum(axis=1, keepdims=True)
    return np.divide(adjusted, totals, out=proba.copy(), where=totals > 0)


@dataclass(frozen=True)
class CityPrior:
    """A city's estimated mix of functions, for the router it was estimated with."""

    classes: tuple[str, ...]
    reference: tuple[float, ...]
    prior: tuple[float, ...]
    n_posts: int
    estimated_at: str
    strength: float = STRENGTH
    #: How many report verdicts the model had when it was estimated (what "due again" doubles).
    reports_classified: int = 0

    @classmethod
    def estimate(cls, proba: np.ndarray, classes, reference: np.ndarray) -> CityPrior:
        """Estimate from the router's probabilities on a city's report posts."""
        prior = estimate_prior(proba, reference)
        return cls(tuple(str(c) for c in classes), tuple(float(v) for v in reference),
                   tuple(float(v) for v in prior), len(proba),
                   datetime.now(UTC).isoformat(timespec="seconds"))

    def matches(self, classes) -> bool:
        """Whether it was estimated for a router with these classes, in this order."""
        return tuple(str(c) for c in classes) == self.classes

    def apply(self, proba: np.ndarray) -> np.ndarray:
        """The router's probabilities adapted to the city."""
        return shift(proba, np.array(self.reference), np.array(self.prior), self.strength)

    def changes(self, top: int = 5) -> list[tuple[str, float, float]]:
        """The functions whose share moved most: ``(code, training share, city share)``."""
        rows = list(zip(self.classes, self.reference, self.prior, strict=True))
        rows.sort(key=lambda r: -abs(math.log(r[2] / r[1])))
        return rows[:top]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"classes": list(self.classes), "reference": list(self.reference),
                "prior": list(self.prior), "n_posts": self.n_posts,
                "estimated_at": self.estimated_at, "strength": self.strength,
                "reports_classified": self.reports_classified}

    @classmethod
    def from_dict(cls, data: Any) -> CityPrior:
        """Read back :meth:`as_dict`; anything malformed raises :class:`ConfigError`."""
        try:
            found = cls(tuple(str(c) for c in data["classes"]),
                        tuple(float(v) for v in data["reference"]),
                        tuple(float(v) for v in data["prior"]), int(data["n_posts"]),
                        str(data["estimated_at"]), float(data.get("strength", STRENGTH)),
                        int(data.get("reports_classified", 0)))
            shift(np.ones((1, len(found.classes))) / len(found.classes),
                  np.array(found.reference), np.array(found.prior), found.strength)
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"Prior kota tidak valid: {exc}") from None
        return found


def save(prior: CityPrior, model_path: Path) -> Path:
    """Write ``city_prior.json`` into a model directory (atomically: a crash leaves the old one)."""
    path = Path(model_path) / FILE
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(prior.as_dict(), indent=2) + "\n", encoding="utf-8")
    partial.replace(path)
    return path


def load(model_path: Path) -> CityPrior | None:
    """The city prior saved with a model, or None when there is none."""
    path = Path(model_path) / FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"Prior kota di {path} rusak: {exc}") from None
    return CityPrior.from_dict(data)
