"""On PostgreSQL, an API write must not deadlock with a check-in's roll-up running at the
same time.

A roll-up takes the organisation's write lock (`okrs.goals.rollup.lock_organisation`) and
then rewrites figure rows: key results, objectives, periods, focus areas. A write that
changes one of those rows first and asks for the organisation lock afterwards (or, at
commit, for the key-share lock the audit entry's foreign key takes on the organisation
row) waits for the roll-up while the roll-up waits for its row: PostgreSQL aborts one of
them with "deadlock detected", and the API answers 500. schemathesis with two workers
found these; here each is made to happen on purpose, in a fixed order:

1. the roll-up takes the organisation lock;
2. the API request starts, and stops at the first lock it must wait for;
3. the roll-up rewrites the row the request names, then commits.

With the locks taken in one order (organisation first), step 2 waits before touching the
row, step 3 goes through, and the request then succeeds.

SQLite serialises every write transaction, so there is nothing to order there.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import F

from okrs.goals import services
from okrs.goals.models import FocusArea, KeyResult, Objective, Period
from okrs.goals.rollup import lock_organisation
from okrs.tokens.services import create_token
from tests.api.conftest import Api
from tests.factories import make_world

# What to ask for, the model whose row a roll-up rewrites, and the figure it writes.
WRITES = {
    "period": ("/periods/{}", {"name": "Renamed"}, Period, "objective_count"),
    "focus_area": ("/focus-areas/{}", {"title": "Renamed"}, FocusArea, "objective_count"),
    "objective": ("/objectives/{}", {"title": "Renamed"}, Objective, "progress"),
    "key_result": ("/key-results/{}", {"title": "Renamed"}, KeyResult, "progress"),
}

WAITING = """
    SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("write", WRITES)
def test_an_api_write_does_not_deadlock_with_a_roll_up(write):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises write transactions: no row locks to order")
    world = make_world()
    objective = services.create_objective(world.period, "Faster", owner_unit=world.web_team)
    ids = {
        "period": world.period.pk,
        "focus_area": services.create_focus_area(world.period, "Speed").pk,
        "objective": objective.pk,
        "key_result": services.add_key_result(objective, "LCP").pk,
    }
    secret = create_token(world.organisation, world.dave, "lock order", can_write=True).secret
    path, body, model, figure = WRITES[write]
    locked, answered = threading.Event(), threading.Event()
    found: dict[str, object] = {}

    def roll_up() -> None:
        try:
            with transaction.atomic():
                lock_organisation(world.organisation.pk)
                locked.set()
                deadline = time.monotonic() + 20
                with connection.cursor() as cursor:
                    while not answered.is_set() and time.monotonic() < deadline:
                        # pg_stat_activity is a snapshot per transaction unless cleared
                        cursor.execute("SELECT pg_stat_clear_snapshot()")
                        cursor.execute(WAITING)
                        if cursor.fetchone()[0]:
                            break  # the request waits for a lock we hold
                        time.sleep(0.02)
                model.objects.filter(pk=ids[write]).update(**{figure: F(figure)})
        except Exception as error:  # reported below
            found["roll-up"] = error
        finally:
            connection.close()

    def request() -> None:
        try:
            assert locked.wait(20)
            response = Api(secret).patch(path.format(ids[write]), body)
            found["status"], found["body"] = response.status_code, response.body
        finally:
            answered.set()
            connection.close()

    threads = [threading.Thread(target=roll_up), threading.Thread(target=request)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert "roll-up" not in found, found["roll-up"]
    assert found.get("status") == 200, found
