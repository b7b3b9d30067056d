"""experiments: the share of concluded experiments that ended with a decision."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.registry import measure
from tests.metrics.bad_input import one_line_error

runner = CliRunner()
LOG = Path(__file__).parent / "data" / "experiments" / "log.csv"


def test_it_counts_decided_over_concluded():
    # concluded: 5 (weekly-digest is still running); decided: 2 validated + 1 invalidated
    # = 3 -> 100 × 3/5 = 60 %
    result = measure("experiments", str(LOG))
    assert result.value == 60
    assert result.unit == "%"
    assert result.details == {
        "decided": 3,
        "concluded": 5,
        "validated": 2,
        "invalidated": 1,
        "inconclusive": 2,
        "running": 1,
    }


def test_it_takes_experiments_that_ended_in_the_range():
    # ended in February: pricing-page-copy (invalidated), dark-mode-default (inconclusive)
    # -> 1 of 2 = 50 %; weekly-digest (started 2026-02-10, no end) is running
    result = measure("experiments", str(LOG), {"since": "2026-02-01", "until": "2026-02-28"})
    assert result.value == 50
    assert (result.details["concluded"], result.details["running"]) == (2, 1)


def test_the_cli_prints_it():
    result = runner.invoke(app, ["metric", "experiments", str(LOG), "--json"])
    assert result.exit_code == 0, result.output
    assert '"value": 60.0' in result.output


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"\x00\x00PK\x03\x04", "binary"),
        (b"name,started,outcome\nx,2026-01-01,validated\n", "no column 'ended'"),
        (
            b"name,started,ended,outcome\nx,2026-01-01,2026-01-09,validated\n"
            b"y,2026-01-01,2026-01-09,maybe\n",
            (
                "line 3, column 'outcome': a text of 5 characters is not one of "
                "validated, invalidated, inconclusive (or blank while running)"
            ),
        ),
        (
            b"name,started,ended,outcome\nx,2026-01-01,2026-01-09,\n",
            "line 2: an experiment has an end date but no outcome",
        ),
        (
            b"name,started,ended,outcome\nx,2026-01-01,,validated\n",
            "has an outcome but no end date",
        ),
        (
            b"name,started,ended,outcome\nx,2026-01-01,soon,validated\n",
            "line 2: a text of 4 characters is not an ISO date or time",
        ),
        (b"name,started,ended,outcome\nx,2026-01-01,,\n", "no concluded experiments in the log"),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(tmp_path, content, problem):
    assert problem in one_line_error(tmp_path, "experiments", "log.csv", content)
