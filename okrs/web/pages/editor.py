"""What the objective editor shows: its forms, their choices and the method hints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.http import QueryDict

from okrs.core.lint import lint_okr
from okrs.goals.access import Access
from okrs.goals.models import Canvas, FocusArea, KeyResult, Objective, Period, open_periods
from okrs.goals.services.editing import link_value
from okrs.orgs.models import Member, Unit
from okrs.web.forms import MAX_ROWS, KeyResultForm, ObjectiveForm, hints_by_place
from okrs.web.locale import decimal_comma
from okrs.web.requests import AuthenticatedHttpRequest


@dataclass
class Editor:
    """Everything the editor page shows: the forms, their choices and the hints."""

    access: Access
    user: User
    objective: Objective | None
    period: Period
    form: ObjectiveForm
    rows: list[KeyResultForm]
    canvas: Canvas | None = None
    notice: str = ""
    hints: list[str] = field(default_factory=list)
    row_hints: dict[int, list[str]] = field(default_factory=dict)

    def is_valid(self) -> bool:
        # Every form validates, so every problem shows at once.
        results = [self.form.is_valid(), *(row.is_valid() for row in self.rows)]
        return all(results)

    @property
    def rows_have_errors(self) -> bool:
        return any(row.is_bound and row.errors for row in self.rows)

    def kept_rows(self) -> list[tuple[int, KeyResultForm]]:
        return [
            (index, row)
            for index, row in enumerate(self.rows)
            if not row.is_blank and not (row.is_bound and row.data.get(row.add_prefix("remove")))
        ]

    def lint(self) -> bool:
        kept = self.kept_rows()
        for _, row in kept:
            row.is_valid()  # parse the numbers the hints look at
        title = self.form["title"].value() or ""
        found = lint_okr(title, [row.draft() for _, row in kept])
        self.hints, by_position = hints_by_place(found)
        # A row with errors shows its errors; hints about it can wait until it parses.
        self.row_hints = {
            kept[position][0]: messages
            for position, messages in by_position.items()
            if not kept[position][1].errors
        }
        return bool(found)

    def context(self, **extra: Any) -> dict[str, Any]:
        for form in [self.form, *self.rows]:
            form.describe_errors()
        return {
            "editor": self,
            "form": self.form,
            "rows": [(row, self.row_hints.get(index, [])) for index, row in enumerate(self.rows)],
            "row_count": len(self.rows),
            "can_add_row": len(self.rows) < MAX_ROWS,
            "objective": self.objective,
            "period": self.period,
            "canvas": self.canvas,
            **extra,
        }


def _owner_choices(access: Access, user: User, objective: Objective | None) -> list[Any]:
    # Current units only: an archived unit takes no new objectives.
    units = Unit.objects.filter(organisation_id=access.actor.organisation_id, archived_at=None)
    choices = [
        (f"unit:{unit.pk}", f"{unit.name} ({unit.kind})")
        for unit in units
        if access.can_create(owner_unit=unit)
    ]
    if access.can_create(owner_user=user):
        choices.append((f"user:{user.pk}", f"Me, {user.get_full_name() or user.username}"))
    if objective is not None and owner_value(objective) not in dict(choices):
        choices.append((owner_value(objective), objective.owner_name))
    return choices


def owner_value(objective: Objective) -> str:
    if objective.owner_unit_id is not None:
        return f"unit:{objective.owner_unit_id}"
    return f"user:{objective.owner_user_id}"


def _parent_choices(access: Access, period: Period, objective: Objective | None) -> list[Any]:
    candidates = Objective.objects.filter(period=period).select_related("owner_unit", "owner_user")
    if objective is not None:
        candidates = candidates.exclude(pk=objective.pk)
    key_results: dict[int, list[KeyResult]] = {}
    for key_result in KeyResult.objects.filter(objective__period=period):
        key_results.setdefault(key_result.objective_id, []).append(key_result)
    choices: list[Any] = [("", "Not aligned")]
    for parent in access.readable(candidates):
        options = [(f"objective:{parent.pk}", f"Objective: {parent.title}")]
        options += [
            (f"key_result:{kr.pk}", f"Key result: {kr.title}")
            for kr in key_results.get(parent.pk, [])
        ]
        choices.append((f"{parent.owner_name}: {parent.title}", options))
    kept = link_value(objective.parent_links.order_by("pk").first()) if objective else ""
    offered = {value for _, group in choices[1:] for value, _ in group}
    if kept and kept not in offered:
        # Aligned (by someone else) to what this person may not read: keep it, unnamed.
        choices.append((kept, "Kept as it is: an objective you may not see"))
    return choices


def _people(organisation_id: int) -> list[tuple[int, str]]:
    members = Member.objects.filter(organisation_id=organisation_id).select_related("user")
    people = [(m.user.pk, m.user.get_full_name() or m.user.username) for m in members]
    return sorted(people, key=lambda person: person[1].lower())


def periods_open_for(organisation_id: int) -> list[Period]:
    return list(Period.objects.filter(open_periods(), organisation_id=organisation_id))


def build_editor(
    request: AuthenticatedHttpRequest,
    access: Access,
    objective: Objective | None,
    period: Period,
    initial: dict[str, Any],
    kr_initial: list[dict[str, Any]],
) -> Editor:
    user: User = request.user
    data: QueryDict | None = request.POST if request.method == "POST" else None
    periods = periods_open_for(access.actor.organisation_id) if objective is None else [period]
    choices = {
        "period": [(each.pk, f"{each.name} ({each.state})") for each in periods],
        "owner": _owner_choices(access, user, objective),
        "focus_areas": [(area.pk, area.title) for area in FocusArea.objects.filter(period=period)],
        "parent": _parent_choices(access, period, objective),
    }
    form = ObjectiveForm(data, initial=initial, choices=choices)
    count = len(kr_initial)
    if data is not None:
        count = as_int(data.get("rows"), count) + (data.get("action") == "add_row")
    count = max(1, min(MAX_ROWS, count))
    people = _people(access.actor.organisation_id)
    rows = [
        KeyResultForm(
            data,
            prefix=f"kr-{index}",
            initial=kr_initial[index] if index < len(kr_initial) else {},
            people=people,
        )
        for index in range(count)
    ]
    comma = decimal_comma(request)
    for row in rows:
        row.read_decimal_comma(comma)
    return Editor(access, user, objective, period, form, rows)


def as_int(raw: object, default: int) -> int:
    try:
        return int(str(raw))
    except ValueError:
        return default
