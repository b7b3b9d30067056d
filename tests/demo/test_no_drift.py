"""`okrs recompute --check` finds no drift on the demo, nor after a random sequence of
check-ins, edits, closes, reopenings and clones (issue 12): the incremental path and the
rebuild follow the same rules."""

import random
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from okrs.audit.services import Author
from okrs.cli import app
from okrs.core.errors import InvalidInput
from okrs.demo import demo_now
from okrs.goals.drift import drift
from okrs.goals.models import KeyResult, Objective
from okrs.goals.services import (
    clone_objectives,
    close_objective,
    create_period,
    record_check_in,
    reopen_objective,
    update_key_result,
    update_objective,
)
from tests.demo.helpers import TODAY
from tests.passes import on_sqlite_or_postgres

NOW = demo_now(TODAY)


@pytest.mark.django_db
def test_it_reports_no_drift_once_the_demo_is_built(demo):
    result = CliRunner().invoke(app, ["recompute", "--check"])
    assert result.exit_code == 0, result.output


def _check_in(rng, current):
    candidates = KeyResult.objects.filter(objective__period=current, objective__state="active")
    key_result = rng.choice(list(candidates.exclude(child_links__state="accepted")))
    if key_result.direction == "milestone":
        value = float(rng.random() < 0.5)
    else:
        low, high = sorted([key_result.start, key_result.target])
        value = rng.uniform(low - (high - low) * 0.2, high + (high - low) * 0.2)
    days_ago = rng.randint(0, 40)
    at = NOW - timedelta(days=days_ago, hours=rng.randint(0, 23))
    record_check_in(key_result, value, rng.randint(0, 10), checked_at=at, now=NOW)


def _edit(rng, current):
    key_result = rng.choice(list(KeyResult.objects.filter(objective__period=current)))
    if key_result.direction in ("increase", "decrease"):
        step = (key_result.target - key_result.start) * rng.uniform(0.1, 0.5)
        update_key_result(key_result, target=key_result.target + step, now=NOW)
    else:
        update_key_result(key_result, weight=rng.choice([0.5, 1, 2]), now=NOW)


def _close(rng, current):
    objective = rng.choice(list(Objective.objects.filter(period=current)))
    if objective.state == "closed":
        reopen_objective(objective, by=Author(None, "cli"), now=NOW)
    else:
        close_objective(objective, round(rng.random(), 2), "We learned a lot", now=NOW)


def _move(rng, current):
    objective = rng.choice(list(Objective.objects.filter(period=current, state="active")))
    update_objective(objective, visibility=rng.choice(["public", "private"]), now=NOW)


def _clone(rng, current, following):
    chosen = rng.sample(list(Objective.objects.filter(period=current)), 3)
    clone_objectives(chosen, following, now=NOW)


@pytest.mark.django_db
# Three random sequences on SQLite, one on PostgreSQL (the same SQL; tests/passes.py)
@pytest.mark.parametrize("seed", on_sqlite_or_postgres([1, 2, 3], [1]))
def test_it_reports_no_drift_after_random_changes(demo, current, seed):
    rng = random.Random(seed)
    following = create_period(demo, "Q3 2025", date(2025, 7, 1), date(2025, 9, 30), "active")
    actions = [_check_in] * 6 + [_edit, _close, _move]
    refused = 0
    for _ in range(30):
        action = rng.choice([*actions, lambda r, c: _clone(r, c, following)])
        try:
            action(rng, current)
        except InvalidInput:  # a refusal (a closed objective, a bad band) stores nothing
            refused += 1
    assert refused < 15  # most changes went through
    assert drift(demo) == []
