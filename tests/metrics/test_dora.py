"""dora: the four keys from Four Keys deployment, change and incident records.

`data/dora/fourkeys.json` holds the three Four Keys tables (`deploy_id`, `change_id`,
`incident_id` rows with their column names) and `fourkeys.csv` the same rows as one CSV.
Commit SHAs are sha1("c0") … sha1("c9"); in the comments below they are c0 … c9.

deployments (2026-03-01 is a Sunday, so 03-01 .. 03-28 is four Four Keys weeks):
  d7 02-20 12:00 [c0]      (before the window)
  d1 03-02 10:00 [c1, c2]  d2 03-04 15:00 [c3]  d3 03-05 09:00 [c4]
  d4 03-11 12:00 [c5, c6]  d5 03-18 12:00 [c7, c8 (no commit time)]
  d6 03-19 08:00 status "failure": not a deployment
commits: c1 03-01 10:00, c2 03-02 08:00, c3 03-04 14:00, c4 03-03 09:00, c5 03-11 11:30,
  c6 03-11 12:00, c7 03-16 12:00
incidents: 1041 03-04 16:00 → 20:00, root cause c3 (shipped by d2 at 15:00)
  1057 03-12 09:00 → 03-13 09:00, deploy_id d4 (03-11 12:00)
  1063 03-20 10:00, still open; 1070 03-25 10:00 → 10:30, no link
"""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.registry import measure
from tests.metrics.bad_input import one_line_error

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "dora"
MARCH = {"since": "2026-03-01", "until": "2026-03-28"}


@pytest.fixture(params=["fourkeys.json", "fourkeys.csv"])
def records(request):
    return str(DATA / request.param)


def dora(source, measure_name, **window):
    return measure("dora", source, {"measure": measure_name, **(window or MARCH)})


def test_it_computes_deployment_frequency_and_the_weekly_bucket(records):
    # 5 deployments over 28 days = 1.25 a week. Days with a deploy per week: 3, 1, 1, 0
    # -> median 1 (< 3, not daily); weeks with a deploy 1, 1, 1, 0 -> median 1: Weekly
    result = dora(records, "deployment-frequency")
    assert result.value == 1.25
    assert result.unit == "deploys/week"
    assert result.details["bucket"] == "Weekly"
    assert result.details["deployments"] == 5
    assert result.details["median_days_deployed_per_week"] == 1
    assert result.details["not_successful_skipped"] == 1


def test_it_finds_the_daily_monthly_and_yearly_buckets(records):
    # one week with deploys on 3 days: Daily, 3 a week
    daily = dora(records, "deployment-frequency", since="2026-03-01", until="2026-03-07")
    assert (daily.value, daily.details["bucket"]) == (3, "Daily")
    # weeks of 03-15 (one deploy) and 03-22 (none): weekly median 0.5; the March weeks
    # with a deploy = 1 for both rows -> median 1: Monthly; 1 deploy in 2 weeks
    monthly = dora(records, "deployment-frequency", since="2026-03-15", until="2026-03-28")
    assert (monthly.value, monthly.details["bucket"]) == (0.5, "Monthly")
    yearly = dora(records, "deployment-frequency", since="2026-03-20", until="2026-03-28")
    assert (yearly.value, yearly.details["bucket"]) == (0, "Yearly")


def test_it_computes_the_median_lead_time_for_changes(records):
    # d1: c1 1440 min, c2 120; d2: c3 60; d3: c4 2880; d4: c5 30, c6 0 (ignored);
    # d5: c7 2880, c8 unknown. Sorted 30 60 120 1440 2880 2880 -> (120 + 1440) / 2 = 780
    # minutes = 13 hours: "One day"
    result = dora(records, "lead-time")
    assert result.value == 13
    assert result.unit == "hours"
    assert result.details["changes"] == 6
    assert result.details["changes_without_time"] == 1
    assert result.details["ignored_not_after_commit"] == 1
    assert result.details["bucket"] == "One day"


def test_it_computes_the_change_failure_rate(records):
    # d2 (root cause c3 of 1041) and d4 (1057's deploy_id) failed: 2 of 5 = 40 %
    result = dora(records, "change-failure-rate")
    assert result.value == 40
    assert result.details["failed"] == ["d2", "d4"]
    assert result.details["bucket"] == "16-45%"


def test_it_computes_the_median_time_to_restore(records):
    # 1041 starts at its root-cause deploy (15:00) -> 20:00 = 300 min; 1057 starts at d4
    # 03-11 12:00 -> 03-13 09:00 = 2700 min; 1070 30 min; 1063 is open.
    # median of 30, 300, 2700 = 300 min = 5 hours
    result = dora(records, "time-to-restore")
    assert result.value == 5
    assert (result.details["incidents"], result.details["unresolved"]) == (3, 1)
    assert result.details["bucket"] == "One day"


def test_it_reads_a_json_array_and_json_lines(tmp_path):
    tables = json.loads((DATA / "fourkeys.json").read_text())
    rows = tables["deployments"] + tables["changes"] + tables["incidents"]
    array, lines = tmp_path / "records.json", tmp_path / "records.jsonl"
    array.write_text(json.dumps(rows))
    lines.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    assert dora(str(array), "lead-time").value == 13
    assert dora(str(lines), "change-failure-rate").value == 40


def test_commit_times_may_come_inline(tmp_path):
    path = tmp_path / "deploys.json"
    deployment = {
        "deploy_id": "42",
        "time_created": "2026-03-03T12:00:00Z",
        "changes": [{"change_id": "abc", "time_created": "2026-03-03T09:00:00Z"}],
    }
    path.write_text(json.dumps({"deployments": [deployment]}))
    assert dora(str(path), "lead-time").value == 3


def test_the_window_defaults_to_the_three_months_up_to_today(records):
    result = measure("dora", records, {"until": "2026-05-31"})
    # 2026-02-28 .. 2026-05-31, but not before the first record (c0, 2026-02-19)
    assert result.details["since"] == "2026-02-28"
    assert result.details["deployments"] == 5


def test_the_cli_prints_json(records):
    args = ["metric", "dora", records, "--opt", "measure=lead-time", "--json"]
    args += ["--opt", "since=2026-03-01", "--opt", "until=2026-03-28"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["value"] == 13


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b'{"deployments": [{"deploy_id": "1"}]}', "deployments[0] has no 'time_created'"),
        (b'{"deployments": [{"id": "1"}]}', "deployments[0] has no 'deploy_id'"),
        (b'{"builds": []}', "has no deployments, changes or incidents lists"),
        (b'{"deployments": [', "is not valid JSON"),
        (b"id,time\n1,2026-03-01\n", "has no column deploy_id, change_id or incident_id"),
        (
            b"deploy_id,time_created\n1,last week\n",
            "line 2, time_created: a text of 9 characters is not an ISO date or time",
        ),
        (b'[{"change_id": "a", "time_created": "2026-03-01"}]', "has no deployment records"),
        (b'{"deployments": [{"deploy_id": 1, "time_created": "2026-03-01"}]}', "no changes with"),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(tmp_path, content, problem):
    error = one_line_error(tmp_path, "dora", "records.json", content, "measure=lead-time")
    assert problem in error
