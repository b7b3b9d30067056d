"""Stored roll-ups: a check-in updates its path to the roots, and equals a full recompute."""

import contextlib
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from okrs.audit.services import Author
from okrs.core.errors import InvalidInput
from okrs.goals.models import FocusArea, KeyResult, Objective, Period, UnitRollup
from okrs.goals.rollup import recompute
from okrs.goals.services import (
    add_key_result,
    align,
    batch,
    create_focus_area,
    create_objective,
    record_check_in,
)
from okrs.orgs.services import add_unit
from tests.factories import make_world
from tests.passes import on_sqlite_or_postgres

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def stored_figures():
    """Every stored figure, keyed so two snapshots can be compared."""
    snapshot = {}
    aggregated = ["objective_count", "progress_total", "progress", "health", "health_counts"]
    key_result = ["current", "confidence", "progress", "progress_raw", "health", "health_reason"]
    key_result += ["last_check_in_at", "forecast_value", "forecast_off_track"]
    for model, fields in [
        (KeyResult, key_result),
        (Objective, ["progress", "health", "health_reason", "last_check_in_at"]),
        (FocusArea, [*aggregated, "last_check_in_at"]),
        (Period, [*aggregated, "last_check_in_at"]),
    ]:
        for row in model.objects.order_by("pk").values("pk", *fields):
            snapshot[(model.__name__, row.pop("pk"))] = row
    # A unit row with no objectives reads the same as no row (the page shows 0 objectives):
    # the incremental path keeps emptied rows, a recompute makes only the rows it needs.
    for row in UnitRollup.objects.exclude(objective_count=0).values():
        key = ("UnitRollup", row["unit_id"], row["period_id"])
        snapshot[key] = {k: v for k, v in row.items() if k not in ("id",)}
    return snapshot


def build_tree(world):
    """Objectives at three levels, aligned by contribute and support links, two focus areas."""
    quality = create_focus_area(world.period, "Code health")
    speed = create_focus_area(world.period, "Fast everywhere")
    company = create_objective(
        world.period,
        "Customers trust every release",
        owner_unit=world.company,
        now=NOW,
        focus_areas=[quality],
    )
    cfr = add_key_result(
        company, "Change failure rate", direction="decrease", start=25, target=15, now=NOW
    )
    department = create_objective(
        world.period, "Ship safely", owner_unit=world.engineering, now=NOW
    )
    coverage = add_key_result(department, "Coverage", start=62, target=75, weight=2, now=NOW)
    web = create_objective(
        world.period,
        "Fast web app",
        owner_unit=world.web_team,
        focus_areas=[speed, quality],
        now=NOW,
    )
    lcp = add_key_result(web, "LCP", direction="decrease", start=3400, target=2500, now=NOW)
    band = add_key_result(
        web, "Error budget", direction="stay_within", low=99.5, high=99.9, tolerance=0.5, now=NOW
    )
    api = create_objective(
        world.period, "API", owner_unit=world.api_team, now=NOW, visibility="private"
    )
    p95 = add_key_result(api, "p95", direction="decrease", start=400, target=200, now=NOW)
    launch = add_key_result(api, "Launched", direction="milestone", now=NOW)
    align(department, parent_objective=company, now=NOW)
    align(web, parent_key_result=coverage, weight=3, now=NOW)
    align(api, parent_objective=department, kind="support", now=NOW)
    align(api, parent_objective=company, now=NOW)
    return [cfr, coverage, lcp, band, p95, launch]


check_ins = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5),  # which key result
        st.floats(min_value=-5000, max_value=5000, allow_nan=False),
        st.integers(min_value=0, max_value=10),
        st.integers(min_value=0, max_value=60),  # days before NOW
    ),
    max_size=12,
)


def check_in_all(world, key_results, sequence):
    for index, value, confidence, days_ago in sequence:
        key_result = key_results[index]
        if key_result.direction == "milestone":
            value = float(value > 0)
        # Before the period, or on the child-measured coverage: refused, stores nothing.
        with contextlib.suppress(InvalidInput):
            record_check_in(
                key_result,
                value,
                confidence,
                checked_at=NOW - timedelta(days=days_ago),
                now=NOW,
                by=Author(world.bob),
            )


class TestIncrementalEqualsRecompute(TestCase):
    # 25 random organisations on SQLite, 10 on PostgreSQL (the same SQL; tests/passes.py)
    @settings(
        max_examples=on_sqlite_or_postgres(25, 10),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(check_ins)
    def test_it_stores_what_a_recompute_would(self, sequence):
        world = make_world()
        key_results = build_tree(world)
        check_in_all(world, key_results, sequence)
        incremental = stored_figures()
        recompute(world.organisation, now=NOW)
        assert stored_figures() == incremental


@pytest.mark.django_db
def test_a_check_in_touches_only_its_path(world):
    """Adding ten sibling teams must not change how much work one check-in does."""
    key_results = build_tree(world)
    record_check_in(
        key_results[2], 3100, 7, now=NOW, by=Author(world.bob)
    )  # the first one also sets times

    def queries_for_one_check_in(value):
        with CaptureQueriesContext(connection) as captured:
            record_check_in(key_results[2], value, 7, now=NOW, by=Author(world.bob))
        return len(captured)

    before = queries_for_one_check_in(2900)
    for index in range(10):
        team = add_unit(world.organisation, f"Team {index}", "team", world.engineering)
        objective = create_objective(world.period, f"Objective {index}", owner_unit=team, now=NOW)
        add_key_result(objective, "Something measurable", start=0, target=10, now=NOW)
    assert queries_for_one_check_in(3100) == before


@pytest.mark.django_db
def test_units_roll_up_their_whole_subtree_and_skip_private_objectives(world):
    key_results = build_tree(world)
    record_check_in(key_results[2], 2950, 7, now=NOW, by=Author(world.bob))  # LCP half way
    rows = {row.unit.name: row for row in UnitRollup.objects.select_related("unit")}
    assert rows["Web"].objective_count == 1
    assert rows["Web"].progress == pytest.approx(0.25)  # LCP 0.5, band pending at start 0
    assert "API" not in rows or rows["API"].objective_count == 0  # private
    assert rows["Acme Inc"].objective_count == 3


class TestABatchEqualsRecompute(TestCase):
    @settings(
        max_examples=on_sqlite_or_postgres(25, 10),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(check_ins)
    def test_a_batch_rolled_up_once_stores_what_a_recompute_would(self, sequence):
        world = make_world()
        key_results = build_tree(world)
        with batch(world.organisation.pk, Author(world.bob), NOW):
            check_in_all(world, key_results, sequence)
        batched = stored_figures()
        recompute(world.organisation, now=NOW)
        assert stored_figures() == batched


@pytest.mark.django_db
def test_a_batch_refreshes_each_objective_once(world):
    key_results = build_tree(world)
    lcp = key_results[2]

    def queries_for(values, batched):
        with CaptureQueriesContext(connection) as captured:
            if batched:
                with batch(world.organisation.pk, Author(world.bob), NOW):
                    for value in values:
                        record_check_in(lcp, value, 7, now=NOW, by=Author(world.bob))
            else:
                for value in values:
                    record_check_in(lcp, value, 7, now=NOW, by=Author(world.bob))
        return len(captured)

    one_by_one = queries_for(range(3000, 2980, -1), batched=False)
    in_a_batch = queries_for(range(2980, 2960, -1), batched=True)
    assert in_a_batch < one_by_one / 3
