"""Find what a request names, fenced by the caller's organisation and read rights.

Something the caller may not read is answered exactly like something that does not exist
(404), so ids reveal nothing. A `field` names the body field the id came from, for the
`errors` of the envelope.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from okrs.api.auth import Caller
from okrs.api.errors import ApiError, not_found
from okrs.goals.models import CheckIn, FocusArea, KeyResult, Objective, Period
from okrs.orgs.models import Unit


def require(allowed: bool, message: str = "", field: str | None = None) -> None:
    """Readable but not permitted: 403."""
    if not allowed:
        raise ApiError(403, message, {field: [message or "not permitted"]} if field else None)


# What `Access.facts` looks at.
FACT_FIELDS = ["id", "organisation_id", "owner_unit_id", "owner_user_id", "visibility", "state"]


def objectives(caller: Caller) -> QuerySet[Objective]:
    return Objective.objects.filter(organisation_id=caller.access.actor.organisation_id)


def objective(caller: Caller, pk: int, field: str | None = None) -> Objective:
    found = objectives(caller).select_related("period").filter(pk=pk).first()
    if found is None or not caller.access.can_read(found):
        raise not_found("objective", field)
    return found


def readable(caller: Caller, path: str = "pk") -> Q:
    """A filter for rows under objectives the caller may read, decided by `can_read` on each
    objective of the organisation; `path` leads from the rows to their objective's id.

    Lets lists of key results, check-ins, feedback and history page and count in SQL.
    """
    rows = objectives(caller).only(*FACT_FIELDS)
    seen: list[int] = []
    hidden: list[int] = []
    for row in rows:
        (seen if caller.access.can_read(row) else hidden).append(row.pk)
    if len(hidden) <= len(seen):
        return ~Q(**{f"{path}__in": hidden}) if hidden else Q()
    return Q(**{f"{path}__in": seen})


def key_results(caller: Caller) -> QuerySet[KeyResult]:
    fence = caller.access.actor.organisation_id
    return KeyResult.objects.filter(objective__organisation_id=fence).select_related(
        "objective__period"
    )


def key_result(caller: Caller, pk: int, field: str | None = None) -> KeyResult:
    found = key_results(caller).filter(pk=pk).first()
    if found is None or not caller.access.can_read(found.objective):
        raise not_found("key result", field)
    return found


def check_ins(caller: Caller) -> QuerySet[CheckIn]:
    fence = caller.access.actor.organisation_id
    return CheckIn.objects.filter(key_result__objective__organisation_id=fence).select_related(
        "key_result__objective__period"
    )


def check_in(caller: Caller, pk: int, field: str | None = None) -> CheckIn:
    found = check_ins(caller).filter(pk=pk).first()
    if found is None or not caller.access.can_read(found.key_result.objective):
        raise not_found("check-in", field)
    return found


def periods(caller: Caller) -> QuerySet[Period]:
    return Period.objects.filter(organisation_id=caller.access.actor.organisation_id)


def period(caller: Caller, pk: int, field: str | None = None) -> Period:
    found = periods(caller).filter(pk=pk).first()
    if found is None:
        raise not_found("period", field)
    return found


def focus_areas(caller: Caller) -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(
        period__organisation_id=caller.access.actor.organisation_id
    ).select_related("period")


def focus_area(caller: Caller, pk: int, field: str | None = None) -> FocusArea:
    found = focus_areas(caller).filter(pk=pk).first()
    if found is None:
        raise not_found("focus area", field)
    return found


def units(caller: Caller) -> list[Unit]:
    fenced = Unit.objects.filter(organisation_id=caller.access.actor.organisation_id)
    return [unit for unit in fenced if caller.access.can_read_unit(unit)]


def unit(caller: Caller, pk: int, field: str | None = None) -> Unit:
    found = Unit.objects.filter(organisation_id=caller.access.actor.organisation_id, pk=pk).first()
    if found is None or not caller.access.can_read_unit(found):
        raise not_found("unit", field)
    return found


def person(caller: Caller, pk: int, field: str | None = None) -> User:
    fence = caller.access.actor.organisation_id
    found = User.objects.filter(pk=pk, org_members__organisation_id=fence).first()
    if found is None:
        raise not_found("person", field)
    return found
