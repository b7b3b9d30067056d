"""The binding block of a key result, loaded by the block itself so any page can include it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.http import HttpRequest

from okrs.bindings.models import Binding, Measurement, MeasureRequest
from okrs.bindings.queue import latest_request
from okrs.goals.access import Access, access_for
from okrs.goals.models import KeyResult

register = template.Library()


@dataclass(frozen=True)
class BindingBlock:
    binding: Binding | None
    latest: Measurement | None
    request: MeasureRequest | None  # the latest *Measure now*, pending or done
    can_measure: bool
    can_bind: bool


def _access(request: HttpRequest | None, organisation_id: int) -> Access | None:
    """One Access per request and organisation, however many key results the page shows."""
    if request is None:
        return None
    cache: dict[int, Access | None] = request.__dict__.setdefault("_okrs_measure_access", {})
    if organisation_id not in cache:
        # Ignored below: the tag is used on signed-in pages only, so the user is a User
        cache[organisation_id] = access_for(request.user, organisation_id)  # type: ignore[arg-type]
    return cache[organisation_id]


@register.simple_tag(takes_context=True)
def binding_block(context: dict[str, Any], kr: KeyResult) -> BindingBlock:
    binding = Binding.objects.filter(key_result_id=kr.pk).first()
    objective = kr.objective
    access = _access(context.get("request"), objective.organisation_id)
    can_check_in = access is not None and access.can_check_in(objective, kr.owner_id)
    latest = request = None
    if binding is not None:
        request = latest_request(binding)
        latest = (
            binding.measurements.select_related("check_in")
            .order_by("-check_in__checked_at", "-pk")
            .first()
        )
    return BindingBlock(
        binding=binding,
        latest=latest,
        request=request,
        can_measure=binding is not None and can_check_in and not objective.is_closed,
        can_bind=access is not None and access.can_administer,
    )
