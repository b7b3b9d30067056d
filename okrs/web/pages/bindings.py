"""The binding block of each key result a page shows: its metric binding, the latest
measurement, the latest *Measure now* and what the reader may do with them.

Built for all the page's key results at once: three queries (bindings, their latest
measurements, their latest requests) however many key results the page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from okrs.bindings.models import Binding, Measurement, MeasureRequest
from okrs.goals.access import Access
from okrs.goals.models import KeyResult


@dataclass(frozen=True)
class BindingBlock:
    binding: Binding | None
    latest: Measurement | None
    request: MeasureRequest | None  # the latest *Measure now*, pending or done
    can_measure: bool
    can_bind: bool


def binding_blocks(access: Access, key_results: Sequence[KeyResult]) -> dict[int, BindingBlock]:
    """Each key result's block by its id; each key result's objective is loaded already."""
    bindings: dict[int, Binding] = {}
    for found in Binding.objects.filter(key_result__in=[kr.pk for kr in key_results]):
        bindings[found.key_result_id] = found
    bound = [each.pk for each in bindings.values()]
    latest, requests = _latest_measurements(bound), _latest_requests(bound)
    blocks = {}
    for kr in key_results:
        binding = bindings.get(kr.pk)
        objective = kr.objective
        can_check_in = access.can_check_in(objective, kr.owner_id)
        blocks[kr.pk] = BindingBlock(
            binding=binding,
            latest=latest.get(binding.pk) if binding else None,
            request=requests.get(binding.pk) if binding else None,
            can_measure=binding is not None and can_check_in and not objective.is_closed,
            can_bind=access.can_administer,
        )
    return blocks


def _latest_measurements(bindings: list[int]) -> dict[int, Measurement]:
    """The measurement of the latest check-in of each binding (one query)."""
    if not bindings:
        return {}
    newest = Measurement.objects.filter(binding=OuterRef("binding")).order_by(
        "-check_in__checked_at", "-pk"
    )
    found = Measurement.objects.filter(
        binding__in=bindings, pk=Subquery(newest.values("pk")[:1])
    ).select_related("check_in")
    return {each.binding_id: each for each in found if each.binding_id is not None}


def _latest_requests(bindings: list[int]) -> dict[int, MeasureRequest]:
    """The latest *Measure now* of each binding (one query)."""
    if not bindings:
        return {}
    newest = MeasureRequest.objects.filter(binding=OuterRef("binding")).order_by("-pk")
    found = MeasureRequest.objects.filter(
        binding__in=bindings, pk=Subquery(newest.values("pk")[:1])
    )
    return {each.binding_id: each for each in found}
