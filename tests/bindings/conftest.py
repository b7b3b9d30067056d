import shutil
from pathlib import Path

import pytest

from okrs.bindings.services import BindingSpec, save_binding
from okrs.goals.services import add_key_result, create_objective

SAMPLE_JSON = Path(__file__).parents[1] / "metrics" / "data" / "coverage" / "sample.json"


@pytest.fixture
def key_result(world):
    objective = create_objective(world.period, "Ship with confidence", owner_unit=world.web_team)
    return add_key_result(
        objective, "Coverage above 80%", start=50, target=80, unit_label="%", owner=world.bob
    )


@pytest.fixture
def coverage_json(tmp_path):
    """A coverage.py JSON report (written by coverage.py on tests/metrics/sample_package)."""
    path = tmp_path / "coverage.json"
    shutil.copy(SAMPLE_JSON, path)
    return path


@pytest.fixture
def bind(world):
    def bind(key_result, kind, source, options=None, **more):
        spec = BindingSpec(kind, str(source), options or {}, **more)
        return save_binding(key_result, spec)

    return bind
