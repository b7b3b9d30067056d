"""`okrs generate`: a synthetic enterprise of the asked size whose figures a rebuild keeps."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth import authenticate
from django.db import transaction
from typer.testing import CliRunner

from okrs.cli import app
from okrs.core.scoring import suggested_score
from okrs.demo.synthetic import Sizes, counts, generate, level_sizes
from okrs.goals.drift import drift
from okrs.goals.models import CheckIn, KeyResult, Objective, Period
from okrs.orgs.models import Unit

NOW = datetime(2025, 5, 20, 12, tzinfo=UTC)  # seven weeks into Q2 2025
SIZES = Sizes(people=60, teams=12, levels=4, quarters=3, objectives=30, focus_areas=3)


@pytest.fixture(scope="module")
def enterprise(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(SIZES, seed=5, now=NOW)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_it_stores_the_asked_sizes(enterprise):
    stored = counts(enterprise)
    assert (stored.units, stored.people, stored.periods) == (12, 60, 3)
    assert stored.objectives == 3 * 30
    assert 3 * 90 <= stored.key_results <= 4 * 90
    assert stored.alignments > 0
    assert stored.check_ins > stored.key_results  # weekly, over most of three quarters


@pytest.mark.django_db
def test_it_builds_a_tree_of_the_asked_levels(enterprise):
    units = list(Unit.objects.filter(organisation=enterprise).select_related("parent"))
    assert sorted({unit.depth for unit in units}) == [0, 1, 2, 3]
    assert [unit.depth for unit in units if unit.parent is None] == [0]
    assert all(unit.parent.depth == unit.depth - 1 for unit in units if unit.parent)


@pytest.mark.django_db
def test_it_dates_every_check_in_inside_its_period_and_never_later_than_now(enterprise):
    check_ins = CheckIn.objects.filter(key_result__objective__organisation=enterprise)
    for check_in in check_ins.select_related("key_result__objective__period"):
        period = check_in.key_result.objective.period
        assert period.start <= check_in.checked_at.date() <= period.end
        assert check_in.checked_at <= NOW


@pytest.mark.django_db
def test_it_leaves_key_results_measured_by_children_without_check_ins(enterprise):
    measured = KeyResult.objects.filter(
        objective__organisation=enterprise,
        child_links__kind="contribute",
        child_links__state="accepted",
    )
    assert measured.exists()
    assert not CheckIn.objects.filter(key_result__in=measured).exists()


@pytest.mark.django_db
def test_it_stores_figures_a_rebuild_keeps(enterprise):
    assert drift(enterprise) == []


@pytest.mark.django_db
def test_it_makes_some_objectives_private_and_some_personal(enterprise):
    objectives = Objective.objects.filter(organisation=enterprise)
    assert objectives.filter(visibility=Objective.Visibility.PRIVATE).exists()
    assert objectives.filter(owner_user__isnull=False).exists()


@pytest.mark.django_db
def test_it_closes_earlier_quarters_at_the_score_their_progress_suggests(enterprise):
    periods = list(enterprise.periods.order_by("start"))
    assert [period.state for period in periods] == ["closed", "closed", "active"]
    closed = Objective.objects.filter(period__state=Period.State.CLOSED, organisation=enterprise)
    assert closed.exists()
    for objective in closed:
        assert objective.state == Objective.State.CLOSED
        assert objective.final_score == suggested_score(objective.progress)


def test_it_scales_the_default_enterprise_keeping_every_level():
    assert Sizes.scaled(0.01).people == 500
    assert Sizes.scaled(0.01).teams == 50
    assert Sizes.scaled(0.01).objectives == 200
    assert Sizes.scaled(0.00001).teams == 6
    assert level_sizes(5_000, 6)[0] == 1
    assert sum(level_sizes(5_000, 6)) == 5_000


@pytest.mark.django_db
def test_it_generates_from_the_command_line_and_refuses_a_taken_slug():
    runner = CliRunner()
    options = ["--people", "20", "--teams", "6", "--levels", "3", "--quarters", "2"]
    command = ["generate", *options, "--objectives", "8", "--slug", "bench", "--password", "pw-0"]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    assert "Generated 'bench': 6 units, 20 people, 2 periods, 16 objectives" in result.output
    assert authenticate(username="bench.000019", password="pw-0") is not None  # one shared hash
    again = runner.invoke(app, command)
    assert again.exit_code == 2
    assert "'bench' is taken" in again.output
