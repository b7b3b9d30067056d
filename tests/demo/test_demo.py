"""What someone exploring the demo organisation would notice.

All tests share one build (see conftest.py), so the module pays for a single build.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, timedelta
from itertools import pairwise

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User

from okrs.core.checkins import NOTE_MAX_LENGTH
from okrs.core.errors import InvalidInput
from okrs.core.scoring import Grade, Kind, grade, needs_reason
from okrs.demo import DEMO_PASSWORD, DEMO_USERNAME, build_demo, demo_loaded, demo_now
from okrs.goals.models import (
    Alignment,
    Canvas,
    CheckIn,
    Feedback,
    KeyResult,
    Objective,
)
from okrs.goals.rollup import recompute
from okrs.orgs.models import Member, Membership, Organisation, Unit
from tests.demo.helpers import TODAY, department_of, snapshot, stored_figures

pytestmark = pytest.mark.django_db


# Every metric the seed article lists, as words a KR title would use. Acronyms match
# case-sensitively as whole words ("CES" is not "services"); the rest ignore case.
SEED_METRICS = {
    "test coverage": r"coverage",
    "bugs/tickets tested": r"regression test",
    "NPS": r"\bNPS\b",
    "CSAT": r"\bCSAT\b",
    "CES": r"\bCES\b",
    "retention": r"retention",
    "adoption": r"adoption",
    "signups": r"signups",
    "upgrades": r"upgrades",
    "task success": r"task completion",
    "hypothesis validation": r"hypothes[ie]s",
    "lead time": r"lead time",
    "TTFB": r"\bTTFB\b",
    "LCP": r"\bLCP\b",
    "release cycle time": r"release cycle time",
    "open-to-closed ticket time": r"open-to-closed",
    "story points completed": r"story points completed",
    "stories-to-bugs ratio": r"user stories per closed bug",
    "value / cost of development": r"value .*development cost",
}


def test_it_reports_the_demo_as_loaded(demo):
    assert demo_loaded()
    assert (demo.slug, demo.name) == ("demo", "Lumen Software")


def test_it_builds_a_company_with_at_least_three_levels_of_units(demo):
    units = demo.units.all()
    assert units.get(depth=0).kind == Unit.Kind.COMPANY
    assert max(unit.depth for unit in units) >= 2
    departments = {unit.name for unit in units.filter(kind=Unit.Kind.DEPARTMENT)}
    assert {"Engineering", "Product", "Customer Success"} <= departments
    assert all(team.parent.kind == Unit.Kind.DEPARTMENT for team in units.filter(kind="team"))


def test_it_has_about_twelve_teams_and_a_software_engineers_role(demo):
    assert 10 <= demo.units.filter(kind=Unit.Kind.TEAM).count() <= 14
    role = demo.units.get(kind=Unit.Kind.ROLE)
    assert role.name == "Software Engineers"
    engineers = Membership.objects.filter(unit=role)
    teams = Unit.objects.filter(kind=Unit.Kind.TEAM, memberships__user__in=engineers.values("user"))
    assert teams.distinct().count() >= 5  # a group across teams, not a team
    assert Objective.objects.filter(owner_unit=role, period__state="active").count() >= 2


def test_it_has_named_people_who_each_sit_in_a_unit_with_a_lead(demo):
    members = Member.objects.filter(organisation=demo).select_related("user")
    assert 20 <= members.count() <= 30
    for member in members:
        assert member.user.first_name
        assert member.user.last_name
        assert member.user.memberships.exists()
    for unit in demo.units.all():
        assert unit.memberships.filter(role=Membership.Role.LEAD).count() == 1, unit


def test_it_lets_the_demo_user_log_in_as_an_admin_who_leads_a_team(demo):
    user = authenticate(username=DEMO_USERNAME, password=DEMO_PASSWORD)
    assert user is not None
    assert Member.objects.get(organisation=demo, user=user).is_admin
    lead_of = Membership.objects.get(user=user, role=Membership.Role.LEAD).unit
    assert lead_of.kind == Unit.Kind.TEAM
    others = User.objects.filter(org_members__organisation=demo).exclude(pk=user.pk)
    assert not any(other.has_usable_password() for other in others)


def test_it_has_an_active_quarter_around_today_and_the_closed_one_before(current, last):
    assert (current.start, current.end, current.name) == (
        date(2025, 4, 1),
        date(2025, 6, 30),
        "Q2 2025",
    )
    assert (last.start, last.end, last.name) == (date(2025, 1, 1), date(2025, 3, 31), "Q1 2025")


def test_it_has_three_or_four_focus_areas_per_period_linking_many_objectives(current, last):
    for period in (current, last):
        assert 3 <= period.focus_areas.count() <= 4
        linked = period.objectives.filter(focus_areas__isnull=False).distinct().count()
        assert linked >= period.objectives.count() * 0.6
    titles = set(current.focus_areas.values_list("title", flat=True))
    assert {"Code health", "Customers love the product", "Fast everywhere"} <= titles


def test_it_has_about_forty_objectives_now_and_a_dozen_last_quarter(current, last):
    assert 35 <= current.objectives.count() <= 45
    assert 10 <= last.objectives.count() <= 15


def test_it_gives_every_objective_two_to_four_key_results(demo):
    for objective in Objective.objects.filter(organisation=demo):
        assert 2 <= objective.key_results.count() <= 4, objective


def test_it_has_owners_at_every_level_and_a_few_people(current):
    kinds = set(current.objectives.values_list("owner_unit__kind", flat=True))
    assert {"company", "department", "team", "role"} <= kinds
    assert 2 <= current.objectives.filter(owner_user__isnull=False).count() <= 5


def test_it_uses_every_metric_of_the_seed_article(current):
    titles = list(
        KeyResult.objects.filter(objective__period=current).values_list("title", flat=True)
    )
    missing = [
        metric
        for metric, pattern in SEED_METRICS.items()
        if not any(
            re.search(pattern, title, re.IGNORECASE if pattern.islower() else 0) for title in titles
        )
    ]
    assert missing == []


def test_it_mixes_directions_and_committed_with_aspirational(current):
    key_results = KeyResult.objects.filter(objective__period=current)
    directions = Counter(key_results.values_list("direction", flat=True))
    assert set(directions) == {"increase", "decrease", "stay_within", "milestone"}
    assert directions["stay_within"] >= 2
    band = key_results.filter(direction="stay_within").first()
    assert band.low is not None
    assert band.high is not None
    lcp = key_results.get(title="LCP p75 across the web app")
    assert (lcp.start, lcp.target, lcp.unit_label, lcp.direction) == (3400, 2500, "ms", "decrease")
    kinds = Counter(current.objectives.values_list("kind", flat=True))
    assert kinds[Kind.COMMITTED] >= 10
    assert kinds[Kind.ASPIRATIONAL] >= 10


def test_it_avoids_business_as_usual_words_in_objective_titles(demo):
    for title in Objective.objects.filter(organisation=demo).values_list("title", flat=True):
        assert not re.search(r"\b(maintain|keep|continue)\b", title, re.IGNORECASE), title


def test_it_scores_every_objective_of_last_quarter_across_all_colours(last):
    objectives = list(last.objectives.all())
    assert all(o.state == Objective.State.CLOSED and o.final_score is not None for o in objectives)
    assert {grade(o.final_score) for o in objectives} == set(Grade)
    for objective in objectives:
        if needs_reason(Kind(objective.kind), objective.final_score):
            assert objective.score_note
    assert any(o.kind == Kind.COMMITTED and o.final_score < 1 for o in objectives)
    assert set(
        KeyResult.objects.filter(objective__period=last).values_list("health", flat=True)
    ) == {"closed"}


def test_it_checks_in_roughly_weekly_up_to_yesterday(current, last):
    now = demo_now(TODAY)
    for period in (current, last):
        for key_result in KeyResult.objects.filter(objective__period=period):
            times = list(key_result.check_ins.values_list("checked_at", flat=True))
            gaps = [(later.date() - earlier.date()).days for earlier, later in pairwise(times)]
            # Weekly give or take a day; the closing check-in lands on the quarter's last day.
            assert all(3 <= gap <= 10 for gap in gaps), (key_result, gaps)
            assert all(t.tzinfo is not None and t.utcoffset() == timedelta(0) for t in times)
            assert all(period.start <= t.date() <= period.end and t < now for t in times)
    assert CheckIn.objects.filter(key_result__objective__period=current).count() >= 500
    assert CheckIn.objects.filter(key_result__objective__period=last).count() >= 250


def test_it_shows_key_results_on_pace_behind_outdated_and_pending(current):
    health = Counter(
        KeyResult.objects.filter(objective__period=current).values_list("health", flat=True)
    )
    assert health["on_track"] >= 20
    assert health["at_risk"] + health["off_track"] >= 10
    assert health["outdated"] >= 3
    assert 1 <= health["pending"] <= 2


def test_it_keeps_notes_short_confidence_in_range_and_milestones_binary(demo):
    check_ins = CheckIn.objects.filter(key_result__objective__organisation=demo)
    assert all(len(note) <= NOTE_MAX_LENGTH for note in check_ins.values_list("note", flat=True))
    assert all(0 <= c <= 10 for c in check_ins.values_list("confidence", flat=True))
    milestones = check_ins.filter(key_result__direction="milestone")
    assert set(milestones.values_list("value", flat=True)) == {0.0, 1.0}


def test_it_raises_a_few_blockers_and_some_insights(current):
    signals = Counter(
        CheckIn.objects.filter(key_result__objective__period=current).values_list(
            "signal", flat=True
        )
    )
    assert 3 <= signals["blocker"] <= 15
    assert signals["insight"] >= 10


def test_it_has_feedback_from_leads_on_check_ins(demo):
    feedback = Feedback.objects.filter(check_in__key_result__objective__organisation=demo)
    assert feedback.count() >= 10
    assert set(feedback.values_list("kind", flat=True)) == {"continue", "consider"}
    leads = Membership.objects.filter(role=Membership.Role.LEAD).values_list("user", flat=True)
    assert all(item.author_id in set(leads) for item in feedback)
    assert all(
        item.author_id != item.check_in.author_id for item in feedback.select_related("check_in")
    )
    assert feedback.filter(check_in__signal="blocker").exists()


def test_it_has_exactly_one_private_objective(demo, current):
    private = Objective.objects.filter(organisation=demo, visibility=Objective.Visibility.PRIVATE)
    assert private.count() == 1
    assert private.get().period == current


def test_it_has_canvases_for_at_least_three_teams(current):
    canvases = Canvas.objects.filter(period=current, unit__kind=Unit.Kind.TEAM)
    assert canvases.count() >= 3
    for canvas in canvases:
        assert canvas.current_state
        assert canvas.impacts
        assert canvas.blockers


def test_it_aligns_objectives_across_units(current):
    links = Alignment.objects.filter(child__period=current).select_related(
        "child__owner_unit__parent",
        "parent_objective__owner_unit__parent",
        "parent_key_result__objective__owner_unit__parent",
    )
    shapes = set()
    across_departments = 0
    for link in links:
        parent = link.parent_objective or link.parent_key_result.objective
        child_kind = link.child.owner_unit.kind if link.child.owner_unit else "person"
        target = "kr" if link.parent_key_result else "objective"
        shapes.add((child_kind, parent.owner_unit.kind, target, link.kind))
        child_department = department_of(link.child.owner_unit)
        parent_department = department_of(parent.owner_unit)
        if child_department and parent_department and child_department != parent_department:
            across_departments += 1
    assert ("team", "department", "objective", "contribute") in shapes
    assert ("team", "department", "kr", "contribute") in shapes
    assert ("department", "company", "objective", "contribute") in shapes
    assert any(shape[3] == "support" for shape in shapes)
    assert across_departments >= 1


def test_it_measures_a_key_result_with_contributors_by_them_alone(current):
    measured = KeyResult.objects.filter(objective__period=current, child_links__kind="contribute")
    assert measured.exists()
    assert not CheckIn.objects.filter(key_result__in=measured).exists()
    assert all(key_result.last_check_in_at is not None for key_result in measured)


def test_it_stores_figures_that_recompute_leaves_unchanged(demo):
    before = stored_figures(demo)
    # Health depends on the clock, so rebuild as of the build's own clock (noon UTC today).
    assert demo_now(TODAY).tzinfo == UTC
    recompute(demo, now=demo_now(TODAY))
    assert stored_figures(demo) == before


def test_it_is_deterministic_for_the_same_day_and_seed(demo):
    first = snapshot(demo)
    demo.delete()
    assert not demo_loaded()
    # The people of the deleted demo are still there; the second build reuses them.
    second = snapshot(build_demo(TODAY))
    assert second == first
    assert len(first["check_ins"]) > 500


def test_it_refuses_to_build_twice_and_leaves_the_first_build_alone(demo):
    objectives = Objective.objects.count()
    with pytest.raises(InvalidInput, match="taken"):
        build_demo(TODAY)
    assert Organisation.objects.filter(slug="demo").count() == 1
    assert Objective.objects.count() == objectives
