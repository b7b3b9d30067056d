"""Find what a request names, fenced by the person's organisation and read rights.

The one place where "load X, not found unless this person may read it" is decided, for the
web pages, the API and the CLI alike. Something the person may not read is answered
exactly like something that does not exist or lives in another organisation: every lookup
raises the same `NotFound`, which each shell maps (the API to its 404 envelope, the pages
to `Http404`), so ids reveal nothing.

Two entries per kind of thing:

- `objective(access, pk, field)` looks in the organisation `access` is for (the API: the
  token's or the session's organisation). `field` names the input the id came from, for
  the API's per-field errors.
- `objective_for(user, pk)` finds the row first and answers it with the person's rights in
  *its* organisation (the pages: someone in several organisations follows a link into any
  of them). No rights there is not found, too.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from okrs.core.errors import NotFound
from okrs.goals.access import Access, access_for
from okrs.goals.models import Alignment, Canvas, CheckIn, FocusArea, KeyResult, Objective, Period
from okrs.orgs.models import Unit

# What `Access.facts` looks at.
FACT_FIELDS = [
    "id",
    "organisation_id",
    "period_id",
    "owner_unit_id",
    "owner_user_id",
    "visibility",
    "state",
]


def _access_in(user: User, organisation_id: int | None, what: str) -> Access:
    """The person's rights in the organisation a found row belongs to; none: not found."""
    access = access_for(user, organisation_id) if organisation_id is not None else None
    if access is None:
        raise NotFound(what)
    return access


# -- objectives ----------------------------------------------------------------------------


def objectives(access: Access) -> QuerySet[Objective]:
    """Every objective of the organisation, readable or not: filter with `readable`."""
    return Objective.objects.filter(organisation_id=access.actor.organisation_id)


def readable(access: Access, path: str = "pk") -> Q:
    """A filter for rows under objectives the person may read, decided by `can_read` on each
    objective of the organisation; `path` leads from the rows to their objective's id.

    Lets lists of key results, check-ins, feedback and history page and count in SQL.
    Without a token narrowing the person to a subtree, everyone may read every public
    objective and an admin every objective, so only private objectives need asking: the
    cost follows the private objectives, not the organisation (issue 13).
    """
    seen, hidden = _read_split(access)
    if seen is not None and len(seen) < len(hidden):
        return Q(**{f"{path}__in": seen})  # the shorter list of ids
    return ~Q(**{f"{path}__in": hidden}) if hidden else Q()


def _read_split(access: Access) -> tuple[list[int] | None, list[int]]:
    """(readable, unreadable) objective ids, worked out once per request; readable is None
    when only private objectives were asked (everything else is readable)."""
    if "read_split" not in access.memo:
        actor = access.actor
        unscoped = actor.token is None or actor.token.unit_subtree is None
        rows = objectives(access).only(*FACT_FIELDS)
        if unscoped and actor.is_admin:
            access.memo["read_split"] = (None, [])
        elif unscoped:
            private = list(rows.filter(visibility=Objective.Visibility.PRIVATE))
            access.learn_facts(private)
            hidden = [row.pk for row in private if not access.can_read(row)]
            access.memo["read_split"] = (None, hidden)
        else:
            every = list(rows)
            access.learn_facts(every)
            seen = [row.pk for row in every if access.can_read(row)]
            access.memo["read_split"] = (seen, [row.pk for row in every if row.pk not in set(seen)])
    split: tuple[list[int] | None, list[int]] = access.memo["read_split"]
    return split


def _objective_rows() -> QuerySet[Objective]:
    return Objective.objects.select_related("period", "owner_unit", "owner_user")


def objective(access: Access, pk: int, field: str | None = None) -> Objective:
    fence = access.actor.organisation_id
    found = _objective_rows().filter(pk=pk, organisation_id=fence).first()
    if found is None or not access.can_read(found):
        raise NotFound("objective", field)
    return found


def objective_for(user: User, pk: int) -> tuple[Objective, Access]:
    found = _objective_rows().filter(pk=pk).first()
    access = _access_in(user, found.organisation_id if found else None, "objective")
    if found is None or not access.can_read(found):
        raise NotFound("objective")
    return found, access


# -- key results and check-ins --------------------------------------------------------------


def key_results(access: Access) -> QuerySet[KeyResult]:
    # Fenced by an IN over the organisation's objectives rather than a join: the database
    # then walks key results in (objective, position) index order and stops at a page's
    # 20 rows, where a join sorted every key result of the organisation first (issue 13).
    fence = Objective.objects.filter(organisation_id=access.actor.organisation_id)
    return _key_result_rows().filter(objective__in=fence.values("pk"))


def _key_result_rows() -> QuerySet[KeyResult]:
    return KeyResult.objects.select_related(
        "objective__period", "objective__owner_unit", "objective__owner_user"
    )


def key_result(access: Access, pk: int, field: str | None = None) -> KeyResult:
    found = key_results(access).filter(pk=pk).first()
    if found is None or not access.can_read(found.objective):
        raise NotFound("key result", field)
    return found


def key_result_for(user: User, pk: int) -> tuple[KeyResult, Access]:
    found = _key_result_rows().filter(pk=pk).first()
    access = _access_in(user, found.objective.organisation_id if found else None, "key result")
    if found is None or not access.can_read(found.objective):
        raise NotFound("key result")
    return found, access


def check_ins(access: Access) -> QuerySet[CheckIn]:
    fence = access.actor.organisation_id
    return _check_in_rows().filter(key_result__objective__organisation_id=fence)


def _check_in_rows() -> QuerySet[CheckIn]:
    return CheckIn.objects.select_related(
        "key_result__objective__period",
        "key_result__objective__owner_unit",
        "key_result__objective__owner_user",
    )


def check_in(access: Access, pk: int, field: str | None = None) -> CheckIn:
    found = check_ins(access).filter(pk=pk).first()
    if found is None or not access.can_read(found.key_result.objective):
        raise NotFound("check-in", field)
    return found


def check_in_for(user: User, pk: int) -> tuple[CheckIn, Access]:
    found = _check_in_rows().filter(pk=pk).first()
    objective = found.key_result.objective if found else None
    access = _access_in(user, objective.organisation_id if objective else None, "check-in")
    if objective is None or found is None or not access.can_read(objective):
        raise NotFound("check-in")
    return found, access


# -- alignment links ------------------------------------------------------------------------


def _links() -> QuerySet[Alignment]:
    return Alignment.objects.select_related(
        "child__period", "parent_objective__period", "parent_key_result__objective__period"
    )


def link_visible(access: Access, link: Alignment) -> bool:
    """Both ends readable: a link must not reveal the objective at its other end."""
    return access.can_read(link.child) and access.can_read(link.parent)


def alignment(access: Access, pk: int, field: str | None = None) -> Alignment:
    fence = access.actor.organisation_id
    found = _links().filter(pk=pk, child__organisation_id=fence).first()
    if found is None or not link_visible(access, found):
        raise NotFound("alignment", field)
    return found


def alignment_for(user: User, pk: int) -> tuple[Alignment, Access]:
    found = _links().filter(pk=pk).first()
    access = _access_in(user, found.child.organisation_id if found else None, "link")
    if found is None or not link_visible(access, found):
        raise NotFound("link")
    return found, access


# -- periods and focus areas: readable by everyone in the organisation ----------------------


def periods(access: Access) -> QuerySet[Period]:
    return Period.objects.filter(organisation_id=access.actor.organisation_id)


def period(access: Access, pk: int, field: str | None = None) -> Period:
    found = periods(access).filter(pk=pk).first()
    if found is None:
        raise NotFound("period", field)
    return found


def period_for(user: User, pk: int) -> tuple[Period, Access]:
    found = Period.objects.filter(pk=pk).first()
    access = _access_in(user, found.organisation_id if found else None, "period")
    if found is None:
        raise NotFound("period")
    return found, access


def focus_areas(access: Access) -> QuerySet[FocusArea]:
    fence = access.actor.organisation_id
    return FocusArea.objects.filter(period__organisation_id=fence).select_related("period")


def focus_area(access: Access, pk: int, field: str | None = None) -> FocusArea:
    found = focus_areas(access).filter(pk=pk).first()
    if found is None:
        raise NotFound("focus area", field)
    return found


def focus_area_for(user: User, pk: int) -> tuple[FocusArea, Access]:
    found = FocusArea.objects.select_related("period").filter(pk=pk).first()
    access = _access_in(user, found.period.organisation_id if found else None, "focus area")
    if found is None:
        raise NotFound("focus area")
    return found, access


# -- units, canvases, people ----------------------------------------------------------------


def units(access: Access) -> list[Unit]:
    fenced = Unit.objects.filter(organisation_id=access.actor.organisation_id)
    return [unit for unit in fenced if access.can_read_unit(unit)]


def unit(access: Access, pk: int, field: str | None = None) -> Unit:
    fence = access.actor.organisation_id
    found = Unit.objects.select_related("parent").filter(organisation_id=fence, pk=pk).first()
    if found is None or not access.can_read_unit(found):
        raise NotFound("unit", field)
    return found


def unit_for(user: User, pk: int) -> tuple[Unit, Access]:
    found = Unit.objects.select_related("parent").filter(pk=pk).first()
    access = _access_in(user, found.organisation_id if found else None, "unit")
    if found is None or not access.can_read_unit(found):
        raise NotFound("unit")
    return found, access


def canvases(access: Access) -> QuerySet[Canvas]:
    """Canvases of the units the person may read."""
    readable_units = [found.pk for found in units(access)]
    return Canvas.objects.filter(unit_id__in=readable_units)


def canvas(access: Access, pk: int, field: str | None = None) -> Canvas:
    found = canvases(access).select_related("unit").filter(pk=pk).first()
    if found is None:
        raise NotFound("canvas", field)
    return found


def person(access: Access, pk: int, field: str | None = None) -> User:
    fence = access.actor.organisation_id
    found = User.objects.filter(pk=pk, org_members__organisation_id=fence).first()
    if found is None:
        raise NotFound("person", field)
    return found
