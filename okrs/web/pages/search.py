"""Search across objectives and key results: every word in the title or description."""

from __future__ import annotations

from functools import reduce
from operator import and_

from django.db.models import Q

from okrs.goals.access import Access
from okrs.goals.models import KeyResult, Objective

SHOWN = 50
QUERY_MAX_LENGTH = 200


def words_of(query: str) -> list[str]:
    return query[:QUERY_MAX_LENGTH].split()[:10]


def search_results(access: Access, query: str) -> dict[str, object]:
    """What the search page shows for `query`: the first matches of each and their counts."""
    words = words_of(query)
    objectives: list[Objective] = []
    key_results: list[KeyResult] = []
    if words:
        in_org = Objective.objects.filter(organisation_id=access.actor.organisation_id)
        found = in_org.filter(
            reduce(and_, [Q(title__icontains=w) | Q(description__icontains=w) for w in words])
        ).select_related("period", "owner_unit", "owner_user")
        objectives = access.readable(found.order_by("-period__start", "title", "pk"))
        krs = KeyResult.objects.filter(
            reduce(and_, [Q(title__icontains=word) for word in words]),
            objective__organisation_id=access.actor.organisation_id,
        ).select_related("objective__period", "objective__owner_unit", "objective__owner_user")
        key_results = [
            kr
            for kr in krs.order_by("-objective__period__start", "title", "pk")
            if access.can_read(kr.objective)
        ]
    return {
        "query": query,
        "objectives": objectives[:SHOWN],
        "objective_count": len(objectives),
        "key_results": key_results[:SHOWN],
        "key_result_count": len(key_results),
        "shown": SHOWN,
    }
