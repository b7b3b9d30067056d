"""One demo build shared by a test module: built in a transaction rolled back at the end.

Each test still runs in its own savepoint on top, so tests may change or delete the demo.
"""

import pytest
from django.db import transaction

from okrs.demo import build_demo
from okrs.goals.models import Period
from tests.demo.helpers import TODAY


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(TODAY)
        transaction.set_rollback(True)


@pytest.fixture
def current(demo):
    return demo.periods.get(state=Period.State.ACTIVE)


@pytest.fixture
def last(demo):
    return demo.periods.get(state=Period.State.CLOSED)
