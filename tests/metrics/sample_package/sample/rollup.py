"""Rolling key results up into an objective; the checks leave parts of it unrun."""

from sample.grades import clamp


def average(scores: list[float]) -> float:
    if not scores:
        return 0.0
    total = 0.0
    for score in scores:
        total += clamp(score)
    return total / len(scores)


def weighted(scores: list[float], weights: list[float]) -> float:
    if len(scores) != len(weights):
        raise ValueError("one weight per score")
    total_weight = sum(weights)
    if total_weight == 0:
        return 0.0
    return sum(clamp(s) * w for s, w in zip(scores, weights, strict=True)) / total_weight
