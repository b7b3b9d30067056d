"""Scores for a closed quarter of the synthetic enterprise (okrs.demo.synthetic_okrs).

Each objective closes at the score the close form suggests from its progress, as the demo
closes its last quarter; the progress is worked out here, before the one rebuild of the
figures, from the same core rules the roll-up uses (okrs.goals.figures), so the stored
progress the rebuild then writes is the one each score was taken from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrs.core.progress import Direction, KeyResultSpec, progress
from okrs.core.rollup import Part, weighted_mean
from okrs.core.scoring import Kind, needs_reason, suggested_score
from okrs.goals.models import KeyResult, Objective

if TYPE_CHECKING:
    from okrs.demo.synthetic_okrs import Planned

BATCH = 5_000
CLOSING_NOTE = "Scored at its progress when the quarter ended."


def score(planned: list[Planned], last: dict[int, float]) -> None:
    """Close each objective at the score its progress suggests, computed from the same
    core rules the roll-up uses (children before parents), written in grouped UPDATEs."""
    done: dict[int, float | None] = {}
    for index in sorted(range(len(planned)), key=lambda i: -planned[i].depth):
        done[index] = _progress_of(planned, index, done, last)
    groups: dict[tuple[float, str], list[int]] = {}
    for index, item in enumerate(planned):
        score = suggested_score(done[index])
        note = CLOSING_NOTE if needs_reason(Kind(item.objective.kind), score) else ""
        groups.setdefault((score, note), []).append(item.objective.pk)
    for (score, note), ids in groups.items():
        for start in range(0, len(ids), BATCH):
            chosen = Objective.objects.filter(pk__in=ids[start : start + BATCH])
            chosen.update(final_score=score, score_note=note)


def _progress_of(
    planned: list[Planned], index: int, done: dict[int, float | None], last: dict[int, float]
) -> float | None:
    item = planned[index]
    public = item.objective.visibility == Objective.Visibility.PUBLIC

    def parts(children: list[int]) -> list[Part]:
        counted = [
            child
            for child in children
            if not public or planned[child].objective.visibility == Objective.Visibility.PUBLIC
        ]
        return [Part(done[child]) for child in counted]

    kr_parts = []
    for key_result in item.key_results:
        from_children = parts(item.kr_children.get(key_result.pk, []))
        if from_children:
            measured = weighted_mean(from_children)
        elif key_result.pk in last:
            measured = progress(_spec(key_result), last[key_result.pk])
        else:
            measured = None
        kr_parts.append(Part(measured, key_result.weight))
    return weighted_mean(kr_parts + parts(item.children))


def _spec(key_result: KeyResult) -> KeyResultSpec:
    return KeyResultSpec(
        Direction(key_result.direction),
        key_result.start,
        key_result.target,
        key_result.low,
        key_result.high,
        key_result.tolerance,
    )
