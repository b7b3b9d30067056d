"""events: adoption, signups, upgrade conversion, N-day retention and task success.

The same 23 events are checked in as CSV (in time order) and as JSON lines (shuffled, as an
export may come): every figure must be equal for both. Users, first events and what they did:

- a: signup 03-01 09:00; export_pdf; task t1 finished, t2 not; upgrade 03-03; login 03-08 09:30
- b: signup 03-02 12:00; two tasks without an id, both finished; login 03-10 13:00
- c: signup 03-03 23:00; a task_finished with no start; login 03-10 22:00
- d: first seen 02-20 08:00 (login); export_pdf 03-04; upgrade 03-05 (no signup)
- e: signup 03-20 10:00; task t9 started 03-25 10:00 (the last event in the file)
"""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.base import MetricError
from okrs.metrics.registry import measure
from tests.metrics.bad_input import one_line_error

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "events"
MARCH = {"since": "2026-03-01", "until": "2026-03-31"}


@pytest.fixture(params=["events.csv", "events.jsonl"])
def events(request):
    return str(DATA / request.param)


def test_it_computes_feature_adoption(events):
    # active in March: a, b, c, d, e = 5; used export_pdf: a, d -> 2/5 = 40 %
    result = measure("events", events, {"feature": "export_pdf", **MARCH})
    assert result.value == 40
    assert result.details["adopters"] == 2
    assert result.details["active_users"] == 5
    # 03-01..03-03: active a, b, c; adopters a -> 1/3
    narrow = {"feature": "export_pdf", "since": "2026-03-01", "until": "2026-03-03"}
    assert measure("events", events, narrow).value == pytest.approx(100 / 3)


def test_active_event_narrows_the_active_users(events):
    # logged in during March: a, b, c (d's login is in February) -> adopters a = 1/3
    options = {"feature": "export_pdf", "active-event": "login", **MARCH}
    assert measure("events", events, options).value == pytest.approx(100 / 3)


def test_it_counts_signups(events):
    assert measure("events", events, {"measure": "signups", **MARCH}).value == 4  # a b c e
    until_10th = {"measure": "signups", "until": "2026-03-10"}
    assert measure("events", events, until_10th).value == 3


def test_it_computes_upgrade_conversion(events):
    # signed up in March: a, b, c, e; upgraded after signing up: a -> 1/4 = 25 %
    # (d upgraded but did not sign up in the range)
    result = measure("events", events, {"measure": "upgrade-conversion", **MARCH})
    assert result.value == 25
    assert (result.details["signed_up"], result.details["converted"]) == (4, 1)


def test_it_computes_rolling_n_day_retention(events):
    # last event 03-25 10:00; day 7 of e starts 03-27 10:00 -> too recent; eligible a b c d.
    # a: login 03-08 09:30 is in [03-08 09:00, 03-09 09:00) -> retained
    # b: [03-09 12:00, 03-10 12:00) has nothing (login 03-10 13:00); c: [03-10 23:00, …) has
    # nothing (login 03-10 22:00); d: [02-27 08:00, 02-28 08:00) has nothing -> 1/4 = 25 %
    result = measure("events", events, {"measure": "retention", "days": "7"})
    assert result.value == 25
    assert result.details["cohort"] == 5
    assert result.details["too_recent"] == 1
    assert (result.details["eligible"], result.details["retained"]) == (4, 1)


def test_it_computes_calendar_day_retention(events):
    # calendar day 7: a 03-08 (login) yes; b 03-09 no; c 03-10 (login 22:00) yes; d 02-27 no;
    # e 03-27 is after the last day -> 2/4 = 50 %; cohort from March: a b c -> 2/3
    result = measure("events", events, {"measure": "retention", "day": "calendar"})
    assert result.value == 50
    march = {"measure": "retention", "day": "calendar", "since": "2026-03-01"}
    assert measure("events", events, march).value == pytest.approx(200 / 3)


def test_it_computes_task_success(events):
    # started in March: a t1, a t2, b ×2, e t9 = 5; finished: a t1, b ×2 = 3 -> 60 %
    # (c's finish has no start and counts for nothing)
    result = measure("events", events, {"measure": "task-success", **MARCH})
    assert result.value == 60
    assert (result.details["started"], result.details["completed"]) == (5, 3)


def test_it_reads_aliases_and_unix_times(tmp_path):
    path = tmp_path / "events.jsonl"
    lines = [
        {"user_id": 1, "event": "task_started", "ts": 1772445600},  # 2026-03-02 10:00 UTC
        {"user_id": 1, "event": "task_finished", "ts": 1772445660000},  # ms, a minute later
        {"user_id": 2, "event": "task_started", "ts": "2026-03-02T11:00:00+01:00"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = measure("events", str(path), {"measure": "task-success", "since": "2026-03-02"})
    assert result.value == 50


def test_the_cli_prints_json(events):
    args = ["metric", "events", events, "--opt", "measure=signups", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["value"] == 4
    assert data["digest"].startswith("sha256:")


def test_it_asks_for_the_feature(events):
    with pytest.raises(MetricError, match="option feature is required"):
        measure("events", events)


@pytest.mark.parametrize(
    ("content", "options", "problem"),
    [
        (b"", ["feature=x"], "is empty"),
        (b"\n\n  \n", ["feature=x"], "is empty"),
        (b"\x00\x01\x02binary", ["feature=x"], "binary"),
        (b"user,event\na,login\n", ["feature=x"], "no column 'timestamp'"),
        (
            b"user,event,timestamp\na,login,yesterday\n",
            ["feature=x"],
            "line 2: a text of 9 characters is not an ISO date or time",
        ),
        (b'{"user": "a", "event": "x"}\n', ["feature=x"], "line 1: no 'timestamp' value"),
        (b'{"user": "a", "event": "x", "ts": 1}\n{"user"\n', ["feature=x"], "line 2 is not JSON"),
        (b"user,event,timestamp\na,login,2026-01-01\n", ["feature=exprt"], "no 'exprt' event"),
        (b"user,event,timestamp\na,x,2026-01-01\n", ["feature=x", "since=2027-01-01"], "no active"),
        (b"user,event,timestamp\na,x,2026-01-01\n", ["measure=retention"], "day 7 has begun"),
        (b"user,event,timestamp\na,x,2026-01-01\n", ["measure=task-success"], "no 'task_start"),
        (b"user,event,timestamp\na,x,2026-01-01\n", ["measure=nps"], "use one of adoption"),
        (b"user,event,timestamp\na,x,2026-01-01\xff\n", ["feature=x"], "is not UTF-8"),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(tmp_path, content, options, problem):
    assert problem in one_line_error(tmp_path, "events", "events.csv", content, *options)


def test_a_missing_file_is_named(tmp_path):
    result = runner.invoke(app, ["metric", "events", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "no such file" in result.output
