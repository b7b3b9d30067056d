"""What the objective page shows, gathered in a handful of queries.

Views, the check-in fragment and the feedback fragment all build from here, so a fragment
swapped in by HTMX is exactly what a full reload would show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils.safestring import SafeString

from okrs.audit.models import AuditEntry
from okrs.core.checkins import NOTE_MAX_LENGTH, Signal
from okrs.core.numbers import plain_value
from okrs.goals.access import Access
from okrs.goals.models import Alignment, AlignmentQuerySet, CheckIn, KeyResult, Objective
from okrs.goals.services.objectives import closed_conflict
from okrs.web.pages.bindings import BindingBlock, binding_blocks
from okrs.web.pages.charts import ChartPoint, ChartSpec, key_result_chart
from okrs.web.templatetags.okrs import kr_decimals

RECENT_CHECK_INS = 3
# What a link's ends need loaded to be read-checked and shown without a query per link.
CHILD_END = ("child__owner_unit", "child__owner_user", "child__period")
PARENT_END = (
    "parent_objective__owner_unit",
    "parent_objective__owner_user",
    "parent_objective__period",
    "parent_key_result__objective__owner_unit",
    "parent_key_result__objective__owner_user",
    "parent_key_result__objective__period",
)
CONFIDENCE_TREND = 5


@dataclass
class CheckInView:
    check_in: CheckIn
    can_give_feedback: bool
    form: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    saved: bool = False


@dataclass
class KeyResultView:
    kr: KeyResult
    check_ins: list[CheckInView]  # newest first
    earlier: int  # check-ins older than the ones listed
    chart: SafeString
    confidences: list[int]  # oldest first
    measured_by_children: bool
    can_check_in: bool
    form: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)
    saved: bool = False
    binding: BindingBlock | None = None  # the binding block (okrs.web.pages.bindings)
    signals = [member.value for member in Signal]

    @property
    def note_length(self) -> int:
        return len(self.form.get("note", ""))

    @property
    def confidence_change(self) -> int:
        if len(self.confidences) < 2:
            return 0
        return self.confidences[-1] - self.confidences[-2]


def check_in_view(entry: CheckIn, *, can_give_feedback: bool) -> CheckInView:
    return CheckInView(entry, can_give_feedback, {"kind": "continue", "note": ""})


def plain_number(value: float | None, decimals: int, *, decimal_comma: bool = False) -> str:
    """A value as an <input> takes it back: 2950 not 2950.0, rounded as the page shows it
    (11.1 not 11.111111111111107), with the reader's decimal separator."""
    if value is None:
        return ""
    return plain_value(value, decimals, decimal_comma=decimal_comma)


def key_result_view(
    kr: KeyResult,
    objective: Objective,
    history: list[CheckIn],
    access: Access,
    measured_by_children: bool,
    now: datetime,
    *,
    decimal_comma: bool = False,
) -> KeyResultView:
    can_feedback = access.can_give_feedback(objective)
    recent = history[::-1][:RECENT_CHECK_INS]
    return KeyResultView(
        kr=kr,
        check_ins=[check_in_view(entry, can_give_feedback=can_feedback) for entry in recent],
        earlier=max(0, len(history) - RECENT_CHECK_INS),
        chart=_chart(kr, objective, history, now, decimal_comma),
        confidences=[entry.confidence for entry in history if entry.confidence is not None][
            -CONFIDENCE_TREND:
        ],
        measured_by_children=measured_by_children,
        # A key result its children measure takes no check-ins of its own (README).
        can_check_in=not objective.is_closed
        and not measured_by_children
        and access.can_check_in(objective, kr.owner_id),
        form={
            "value": plain_number(kr.current, kr_decimals(kr), decimal_comma=decimal_comma),
            "confidence": str(kr.confidence if kr.confidence is not None else 5),
            "note": "",
            "signal": "none",
        },
    )


def _chart(
    kr: KeyResult,
    objective: Objective,
    history: list[CheckIn],
    now: datetime,
    decimal_comma: bool,
) -> SafeString:
    spec = ChartSpec(
        chart_id=f"kr-chart-{kr.pk}",
        title=kr.title,
        direction=kr.direction,
        start=kr.start,
        target=kr.target,
        unit_label=kr.unit_label,
        period_start=objective.period.start,
        period_end=objective.period.end,
        low=kr.low,
        high=kr.high,
        decimals=kr_decimals(kr),
        decimal_comma=decimal_comma,
        activated_at=objective.activated_at,
    )
    points = [ChartPoint(entry.checked_at, entry.value) for entry in history]
    return key_result_chart(spec, points, now)


def page_context(
    access: Access, objective: Objective, now: datetime, *, decimal_comma: bool = False
) -> dict[str, object]:
    """decimal_comma: the reader's convention (okrs.web.locale), for the chart and the
    check-in form's value; the templates' kr_value tag reads it from the request."""
    key_results = list(objective.key_results.select_related("owner"))
    histories: dict[int, list[CheckIn]] = {kr.pk: [] for kr in key_results}
    entries = (
        CheckIn.objects.filter(key_result__objective=objective)
        .select_related("author")
        .prefetch_related("feedback__author")
        .order_by("checked_at", "id")
    )
    by_id = {kr.pk: kr for kr in key_results}
    for entry in entries:
        entry.key_result = by_id[entry.key_result_id]  # the list shows the KR's unit label
        histories[entry.key_result_id].append(entry)
    measured = set(
        Alignment.objects.counted()
        .filter(parent_key_result__in=key_results)
        .values_list("parent_key_result_id", flat=True)
    )
    blocks = binding_blocks(access, key_results)
    items = [
        key_result_view(
            kr,
            objective,
            histories[kr.pk],
            access,
            kr.pk in measured,
            now,
            decimal_comma=decimal_comma,
        )
        for kr in key_results
    ]
    for item in items:
        item.binding = blocks[item.kr.pk]
    return {
        "objective": objective,
        # Closed objectives are read-only until an admin reopens them (in an open period).
        "can_edit": access.can_edit(objective) and not objective.is_closed,
        "can_reopen": objective.is_closed
        and not objective.period.is_closed
        and access.can_reopen(objective),
        "closed_note": closed_conflict(objective, check_in=True).message
        if objective.is_closed
        else "",
        "key_results": items,
        "on_track": sum(1 for kr in key_results if kr.health == "on_track"),
        **alignment_context(access, objective),
        "focus_areas": objective.focus_areas.all(),
        "moved_goal_posts": AuditEntry.objects.filter(
            objective_id=objective.pk, moved_goal_post=True
        ).select_related("actor"),
        "note_max_length": NOTE_MAX_LENGTH,
    }


def alignment_context(access: Access, objective: Objective) -> dict[str, object]:
    """The page's alignment section: accepted links up and down, and the proposals the
    reader may act on (accept: the parent's side; remove: either side). Each link carries
    `may_accept` and `may_remove` for its buttons."""
    parents = visible_parents(access, objective)
    children = _visible_children(access, objective, Alignment.objects.accepted())
    proposals = _proposals(access, objective)
    for link in [*parents, *children, *proposals]:
        # Ignored below: may_accept / may_remove are set on the links for the template only
        link.may_accept = link.is_proposed and access.can_accept_link(link)  # type: ignore[attr-defined]
        link.may_remove = access.can_remove_link(link)  # type: ignore[attr-defined]
    proposals = [link for link in proposals if link.may_remove]  # type: ignore[attr-defined]
    return {
        "objective": objective,
        "parents": parents,
        "children": children,
        "proposals": proposals,
    }


def _proposals(access: Access, objective: Objective) -> list[Alignment]:
    """Proposed links from or into this objective (one query), both ends readable."""
    ends = Q(parent_objective=objective) | Q(parent_key_result__objective=objective)
    links = (
        Alignment.objects.proposed()
        .filter(Q(child=objective) | ends)
        .select_related(*CHILD_END, *PARENT_END)
    )
    return [link for link in links if access.can_read(link.child) and access.can_read(link.parent)]


def visible_parents(access: Access, objective: Objective) -> list[Alignment]:
    """The objectives and key results this one aligns to, as far as the reader may see."""
    links = Alignment.objects.accepted().filter(child=objective).select_related(*PARENT_END)
    return [link for link in links if access.can_read(link.parent)]


def _visible_children(
    access: Access, objective: Objective, links: AlignmentQuerySet
) -> list[Alignment]:
    links = links.filter(
        Q(parent_objective=objective) | Q(parent_key_result__objective=objective)
    ).select_related(*CHILD_END, "parent_objective__period", "parent_key_result__objective__period")
    return [link for link in links if access.can_read(link.child)]
