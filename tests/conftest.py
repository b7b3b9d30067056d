import pytest

from tests.factories import make_world


@pytest.fixture
def world(db):
    return make_world()
