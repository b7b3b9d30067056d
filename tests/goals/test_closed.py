"""Closed objectives are read-only until an admin reopens them; a closed period's stay
closed (issue 12, finding 10)."""

import pytest

from okrs.audit.models import AuditEntry
from okrs.audit.services import Author
from okrs.core.errors import Conflict
from okrs.goals.models import KeyResult, Objective
from okrs.goals.rollup import recompute
from okrs.goals.services import (
    add_key_result,
    align,
    close_objective,
    create_objective,
    delete_key_result,
    delete_objective,
    record_check_in,
    reopen_objective,
    update_key_result,
    update_objective,
    update_period,
)


@pytest.fixture
def objective(world):
    return create_objective(
        world.period, "Make the web app feel instant", owner_unit=world.web_team
    )


@pytest.fixture
def lcp(objective, world):
    kr = add_key_result(
        objective, "LCP p75", direction="decrease", start=3400, target=2500, unit_label="ms"
    )
    record_check_in(kr, 2950, 7, by=Author(world.alice))
    return kr


@pytest.fixture
def closed(objective, lcp):
    close_objective(objective, 0.5, "Images took longer", key_result_scores={lcp.pk: 0.5})
    return Objective.objects.get(pk=objective.pk)


def figures(objective):
    objective.refresh_from_db()
    return objective.progress, objective.health, objective.final_score


def test_it_refuses_to_edit_a_closed_objective(closed, lcp, world):
    before = figures(closed)
    lead = Author(world.alice)
    kr = KeyResult.objects.get(pk=lcp.pk)
    refusals = [
        lambda: update_objective(closed, title="Something else", by=lead),
        lambda: update_objective(closed, state="active", by=lead),
        lambda: add_key_result(closed, "TTFB p75", by=lead),
        lambda: update_key_result(kr, target=3000, by=lead),
        lambda: delete_key_result(kr, by=lead),
        lambda: delete_objective(closed, by=lead),
        lambda: close_objective(closed, 1.0, by=lead),
    ]
    for refused in refusals:
        with pytest.raises(Conflict, match="closed: it is read-only until an admin reopens it"):
            refused()
    assert figures(closed) == before
    kr.refresh_from_db()
    assert (kr.target, kr.final_score) == (2500, 0.5)
    assert closed.title == "Make the web app feel instant"


def test_it_says_the_period_is_closed_when_checking_in(objective, lcp, world):
    update_period(world.period, state="closed")
    with pytest.raises(Conflict) as raised:
        record_check_in(lcp, 2600, 8, by=Author(world.alice))
    assert raised.value.message == "2026 Q4 is closed: check-ins are history now."
    assert raised.value.field == "period"
    assert lcp.check_ins.count() == 1


def test_it_says_the_objective_is_closed_when_checking_in(closed, lcp, world):
    with pytest.raises(Conflict, match="closed: it takes no more check-ins until an admin"):
        record_check_in(lcp, 2600, 8, by=Author(world.alice))


def test_it_lets_an_admin_reopen_a_closed_objective(objective, lcp, world):
    parent = create_objective(world.period, "Fast everywhere", owner_unit=world.engineering)
    align(objective, parent_objective=parent)
    close_objective(objective, 0.5, "Images took longer", key_result_scores={lcp.pk: 0.5})
    closed = Objective.objects.get(pk=objective.pk)
    assert figures(closed)[1] == "closed"

    reopened = reopen_objective(closed, by=Author(world.dave, "web"))

    assert reopened.state == "active"
    progress, health, score = figures(closed)
    assert health != "closed"
    assert (score, closed.score_note) == (None, "")
    assert progress == pytest.approx(0.5)
    lcp.refresh_from_db()
    assert (lcp.health, lcp.final_score) == (health, None)
    parent.refresh_from_db()
    assert parent.progress == pytest.approx(0.5)
    entry = AuditEntry.objects.filter(object_type="objective", objective_id=closed.pk).last()
    assert (entry.action, entry.actor, entry.via) == ("update", world.dave, "web")
    assert entry.changes["state"] == ["closed", "active"]
    assert entry.changes["final_score"] == [0.5, None]
    kr_entry = AuditEntry.objects.filter(object_type="keyresult", key_result_id=lcp.pk).last()
    assert kr_entry.changes == {"final_score": [0.5, None]}
    # What a rebuild from scratch gives: the incremental roll-up left nothing stale.
    stored = figures(closed), figures(parent)
    recompute(world.organisation)
    assert (figures(closed), figures(parent)) == stored
    # Editable and open for check-ins again; the retrospective outlives the reopening.
    update_objective(closed, title="Make every page feel instant", by=Author(world.alice))
    record_check_in(lcp, 2500, 9, by=Author(world.alice))
    assert figures(closed)[0] == pytest.approx(1.0)


def test_it_keeps_the_retrospective_when_reopening(objective, lcp, world):
    close_objective(objective, 1.0, retrospective="Measure before optimising")
    reopen_objective(objective, by=Author(world.dave))
    objective.refresh_from_db()
    assert objective.retrospective == "Measure before optimising"


def test_it_refuses_reopening_in_a_closed_period(closed, world):
    update_period(world.period, state="closed")
    with pytest.raises(Conflict) as raised:
        reopen_objective(closed, by=Author(world.dave))
    assert raised.value.message == "2026 Q4 is closed: its objectives stay closed."
    assert figures(closed)[2] == 0.5


def test_it_refuses_reopening_an_open_objective(objective, world):
    with pytest.raises(Conflict, match="not closed"):
        reopen_objective(objective, by=Author(world.dave))
    assert not AuditEntry.objects.filter(objective_id=objective.pk, action="update").exists()
