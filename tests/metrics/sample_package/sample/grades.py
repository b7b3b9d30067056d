"""Grading key results: some branches the checks reach, some they don't."""


def grade(score: float) -> str:
    if score < 0 or score > 1:
        raise ValueError(f"score {score} is outside 0..1")
    if score >= 0.7:
        return "green"
    if score >= 0.4:
        return "yellow"
    return "red"


def progress(start: float, current: float, target: float) -> float:
    if target == start:
        return 1.0 if current == target else 0.0
    return (current - start) / (target - start)


def clamp(value: float) -> float:
    if value < 0:
        return 0.0
    if value > 1:
        return 1.0
    return value
