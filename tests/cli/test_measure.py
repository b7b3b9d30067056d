"""`okrs measure`: what a cron job sees — one line per failure and an exit code to act on."""

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from typer.testing import CliRunner

from okrs.bindings.backfill import week_ends
from okrs.bindings.models import Binding
from okrs.bindings.services import BindingSpec, save_binding
from okrs.cli import app
from okrs.goals.models import CheckIn
from okrs.goals.services import add_key_result, create_objective
from tests.metrics.test_git import commit, git, new_repo

runner = CliRunner()
SAMPLE_JSON = Path(__file__).parents[1] / "metrics" / "data" / "coverage" / "sample.json"
pytestmark = pytest.mark.django_db


@pytest.fixture
def objective(world):
    return create_objective(world.period, "Ship with confidence", owner_unit=world.web_team)


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "coverage.json"
    shutil.copy(SAMPLE_JSON, path)
    return path


def bound(objective, title, kind, source, options=None, **more):
    key_result = add_key_result(objective, title, start=0, target=100)
    save_binding(key_result, BindingSpec(kind, str(source), options or {}, **more))
    return key_result


def measure(*args):
    return runner.invoke(app, ["measure", *args])


def test_it_measures_what_is_due_and_exits_0(objective, report):
    key_result = bound(objective, "Coverage", "coverage", report)
    result = measure("--due")
    assert result.exit_code == 0, result.output
    # 66.0377… at the one decimal a 0 -> 100 key result implies, as its page shows it
    assert f"stored KR {key_result.pk} (Coverage): 66 %" in result.output
    assert "1 new values, 0 unchanged, 0 failed" in result.output
    assert CheckIn.objects.get().source == "measure:coverage"
    again = measure()  # --due is the default; measured a moment ago, so nothing is due
    assert again.exit_code == 0
    assert "Measured 0 bindings" in again.output
    assert measure("--all").exit_code == 0
    assert CheckIn.objects.count() == 1  # unchanged input, no second check-in


def test_a_failure_is_one_line_naming_the_kr_and_exits_1(objective, report, tmp_path):
    good = bound(objective, "Coverage", "coverage", report)
    broken = tmp_path / "broken.json"
    broken.write_text(report.read_text()[:200])
    bad = bound(objective, "Branch coverage", "coverage", broken)
    measure("--kr", str(good.pk))
    report.unlink()
    result = measure("--all")
    assert result.exit_code == 1, result.output
    # Two sources are read at a time, so the lines come in the order the reads end.
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2, result.stderr
    assert set(errors) == {
        f"error: KR {good.pk} (Coverage): {report}: no such file",
        f"error: KR {bad.pk} (Branch coverage): {broken}: is not valid JSON: "
        "Unterminated string starting at at line 1",
    }, result.stderr
    assert CheckIn.objects.count() == 1
    assert Binding.objects.get(key_result=bad).last_error.startswith(f"{broken}: is not valid")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kr", "999999"], "no key result with id 999999"),
        (["--backfill", "--since", "2026-13-01"], "is not a date"),
        (["--backfill"], "--backfill needs --since"),
        (["--since", "2026-10-01"], "--since goes with --backfill"),
        (["--due", "--all"], "use one of --due, --all and --kr"),
    ],
)
def test_usage_errors_exit_2(world, args, message):
    result = measure(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_unbound_kr_is_a_usage_error(objective):
    key_result = add_key_result(objective, "Typed by hand")
    result = measure("--kr", str(key_result.pk))
    assert result.exit_code == 2
    assert "is not bound to a metric source" in result.stderr


def test_backfill_builds_the_weekly_history_of_a_git_binding(objective, tmp_path, report):
    repo = new_repo(tmp_path / "repo")
    for day, tag in (("2026-10-07", "v1"), ("2026-10-08", "v2"), ("2026-10-21", "v3")):
        commit(repo, f"{day}T10:00:00Z", {"a.txt": tag})
        git(repo, "tag", tag, when=f"{day}T10:00:00Z")
    key_result = bound(
        objective, "Releases", "git", repo, {"measure": "tags-in-range"}, window_days=7
    )
    coverage = bound(objective, "Coverage", "coverage", report)
    weeks = week_ends(date(2026, 10, 5), timezone.now().date())
    result = measure("--backfill", "--since", "2026-10-05")
    assert result.exit_code == 0, result.output
    assert f"skipped KR {coverage.pk} (Coverage): coverage has no history" in result.output
    assert f"{len(weeks)} weeks stored, 0 already stored" in result.output
    values = {c.checked_at.date(): c.value for c in CheckIn.objects.filter(key_result=key_result)}
    assert values[date(2026, 10, 11)] == 2
    assert values[date(2026, 10, 25)] == 1
    assert measure("--backfill", "--since", "2026-10-05").exit_code == 0
    assert CheckIn.objects.count() == len(weeks)
    refused = measure("--backfill", "--since", "2026-10-05", "--kr", str(coverage.pk))
    assert refused.exit_code == 2
    assert "history of git and issues bindings only" in refused.stderr


def test_a_failed_binding_is_due_again_one_cadence_later(objective, tmp_path):
    key_result = bound(objective, "Coverage", "coverage", tmp_path / "none.json", cadence="6")
    before = timezone.now()
    assert measure().exit_code == 1
    binding = Binding.objects.get(key_result=key_result)
    assert binding.next_due_at >= before + timedelta(hours=6)
    assert measure().exit_code == 0  # not due again yet
