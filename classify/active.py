"""Active learning: how much an operator's label on a post would teach the model.

A post is worth labelling when the model hesitates: its two best report types, or its two best
function codes, are close. The score is ``1 - margin`` of the less certain of the two parts
(margin = best probability - second best), so 1.0 is a coin toss and 0.0 a sure verdict.
"""

from __future__ import annotations

from collections.abc import Iterable

from classify.model import Prediction


def margin(probabilities: Iterable[float]) -> float:
    """Best minus second-best probability (1.0 when there is only one)."""
    ranked = sorted((float(p) for p in probabilities), reverse=True)
    if not ranked:
        return 0.0
    return ranked[0] - (ranked[1] if len(ranked) > 1 else 0.0)


def uncertainty(prediction: Prediction) -> float:
    """``1 - margin`` of the less certain part (type, or function for a report)."""
    margins = [margin(prediction.type_probabilities.values())] \
        if prediction.type_probabilities else []
    if prediction.is_report and prediction.opd_top3:
        margins.append(margin(p for _, p in prediction.opd_top3))
    if not margins:
        return 1.0 - prediction.confidence
    return round(1.0 - min(margins), 4)


def most_uncertain(predictions: Iterable[Prediction]) -> float:
    """The highest uncertainty among a draft's posts (0.0 without any)."""
    return max((uncertainty(p) for p in predictions), default=0.0)
