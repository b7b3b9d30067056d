"""The metric framework: kinds are found, options are checked by name, errors are one line."""

import ast
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import okrs.metrics
from okrs.cli import app
from okrs.metrics.base import MetricError
from okrs.metrics.registry import all_kinds, measure
from tests.metrics.bad_input import one_line_error

runner = CliRunner()
METRICS = Path(okrs.metrics.__file__).parent


def test_it_imports_nothing_from_django():
    for path in METRICS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [a.name for a in node.names]
                )
                assert not any(name.split(".")[0] == "django" for name in names), path


def test_every_kind_documents_its_options():
    for kind in all_kinds().values():
        assert kind.summary
        assert all(help_text for help_text in kind.options.values()), kind.name


@pytest.fixture
def ledger(tmp_path):
    path = tmp_path / "value.csv"
    path.write_text("date,value,cost\n2026-10-01,10,4\n2026-10-15,5.5,3\n2026-11-01,7,2\n")
    return path


def test_csv_aggregates_a_column_over_a_date_range(ledger):
    assert measure("csv", str(ledger), {"since": "2026-10-02"}).value == 12.5
    assert measure("csv", str(ledger), {"aggregate": "mean", "column": "cost"}).value == 3
    assert measure("csv", str(ledger), {"aggregate": "last"}).value == 7
    assert measure("csv", str(ledger), {"aggregate": "count", "until": "2026-10-15"}).value == 2


def test_it_names_the_unknown_option_and_the_known_ones(ledger):
    with pytest.raises(MetricError, match=r"unknown option .colum. \(options: aggregate, column"):
        measure("csv", str(ledger), {"colum": "cost"})


def test_the_cli_prints_json_with_provenance(ledger):
    result = runner.invoke(app, ["metric", "csv", str(ledger), "--opt", "aggregate=sum", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["value"] == 22.5
    assert data["kind"] == "csv"
    assert data["input"] == str(ledger)
    assert data["options"] == {"aggregate": "sum"}
    assert data["digest"].startswith("sha256:")
    assert data["details"]["rows"] == 3


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"\x00\x01binary", "binary"),
        (
            b"date,value\n2026-10-01,ten\n",
            "line 2, column 'value': a text of 3 characters is not a number",
        ),
        (b"day,value\n2026-10-01,1\n", "no column 'date'"),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(tmp_path, content, problem):
    assert problem in one_line_error(tmp_path, "csv", "bad.csv", content, "aggregate=last")


def test_an_unknown_kind_lists_the_kinds():
    result = runner.invoke(app, ["metric", "nps-magic", "x"])
    assert result.exit_code == 2
    assert "unknown metric kind" in result.output
    assert "csv" in result.output
