"""Migration goals/0004 brings stored data to issue 12's rules: machine values lose the
confidence nobody gave them; contribute links between periods that do not nest become
support links (then `okrs recompute`, as the README says, rebuilds the figures)."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("goals", "0003_alignment_state_weight_bound")]
AFTER = [("goals", "0004_objective_activated_kr_due_precision_optional_confidence")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_it_moves_stored_data_to_the_new_rules():
    old = migrate(BEFORE)
    organisation = old.get_model("orgs", "Organisation").objects.create(name="Acme", slug="acme")
    unit = old.get_model("orgs", "Unit").objects.create(
        organisation=organisation, name="Web", slug="web", kind="team"
    )
    Period = old.get_model("goals", "Period")
    q4 = Period.objects.create(
        organisation=organisation, name="Q4", start=date(2026, 10, 1), end=date(2026, 12, 31)
    )
    year = Period.objects.create(
        organisation=organisation, name="2026", start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    q1 = Period.objects.create(
        organisation=organisation, name="Q1", start=date(2027, 1, 1), end=date(2027, 3, 31)
    )
    Objective = old.get_model("goals", "Objective")

    def objective(period, title):
        return Objective.objects.create(
            organisation=organisation, period=period, title=title, owner_unit=unit
        )

    quarter, annual, later = objective(q4, "Quarter"), objective(year, "Year"), objective(q1, "Q1")
    Alignment = old.get_model("goals", "Alignment")
    into_year = Alignment.objects.create(child=quarter, parent_objective=annual)
    across = Alignment.objects.create(child=later, parent_objective=quarter)
    key_result = old.get_model("goals", "KeyResult").objects.create(objective=quarter, title="LCP")
    CheckIn = old.get_model("goals", "CheckIn")
    at = datetime(2026, 11, 2, tzinfo=UTC)
    typed = CheckIn.objects.create(key_result=key_result, value=1, confidence=7, checked_at=at)
    measured = CheckIn.objects.create(
        key_result=key_result, value=2, confidence=5, checked_at=at, source="measure:coverage"
    )

    new = migrate(AFTER)
    NewCheckIn, NewAlignment = (
        new.get_model("goals", "CheckIn"),
        new.get_model("goals", "Alignment"),
    )
    assert NewCheckIn.objects.get(pk=typed.pk).confidence == 7  # a person gave it
    assert NewCheckIn.objects.get(pk=measured.pk).confidence is None
    assert NewAlignment.objects.get(pk=into_year.pk).kind == "contribute"  # a quarter in its year
    assert NewAlignment.objects.get(pk=across.pk).kind == "support"
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())  # leave the schema as the other tests expect
