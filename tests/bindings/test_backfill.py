"""Weekly history of a git binding, from a repository built here with dated tags."""

from datetime import UTC, date, datetime

import pytest

from okrs.bindings.backfill import backfill_binding, week_ends
from okrs.goals.models import CheckIn
from okrs.goals.services import add_key_result, create_objective, create_period
from tests.metrics.test_git import commit, git, new_repo

NOW = datetime(2026, 11, 11, 12, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture
def repo(tmp_path):
    """v1 on Wed 7 Oct, v2 on Thu 8 Oct, v3 on Wed 21 Oct 2026; nothing since."""
    repo = new_repo(tmp_path / "repo")
    for day, tag in (("2026-10-07", "v1"), ("2026-10-08", "v2"), ("2026-10-21", "v3")):
        commit(repo, f"{day}T10:00:00Z", {"a.txt": tag})
        git(repo, "tag", tag, when=f"{day}T10:00:00Z")
    return repo


def weekly(key_result):
    check_ins = CheckIn.objects.filter(key_result=key_result).order_by("checked_at")
    return {c.checked_at.date(): c.value for c in check_ins}


def test_week_ends_are_the_sundays_that_have_ended():
    assert week_ends(date(2026, 10, 5), date(2026, 10, 26)) == [
        date(2026, 10, 11),
        date(2026, 10, 18),
        date(2026, 10, 25),
    ]
    assert week_ends(date(2026, 10, 11), date(2026, 10, 11)) == []
    assert week_ends(date(2026, 10, 11), date(2026, 10, 12)) == [date(2026, 10, 11)]


def test_it_rebuilds_tags_per_week_as_they_were(key_result, bind, repo):
    binding = bind(key_result, "git", repo, {"measure": "tags-in-range"}, window_days=7)
    history = backfill_binding(binding, date(2026, 10, 1), now=NOW)
    assert (history.stored, history.existing, history.skipped) == (6, 0, [])
    assert weekly(key_result) == {
        date(2026, 10, 4): 0,
        date(2026, 10, 11): 2,
        date(2026, 10, 18): 0,
        date(2026, 10, 25): 1,
        date(2026, 11, 1): 0,
        date(2026, 11, 8): 0,
    }
    first = CheckIn.objects.order_by("checked_at").first()
    assert first.checked_at == datetime(2026, 10, 4, 23, 59, 59, tzinfo=UTC)
    assert first.measurement.options["since"] == "2026-09-28"
    assert first.measurement.options["until"] == "2026-10-04"


def test_a_rerun_stores_nothing_twice_even_after_new_commits(key_result, bind, repo):
    binding = bind(key_result, "git", repo, {"measure": "tags-in-range"}, window_days=7)
    backfill_binding(binding, date(2026, 10, 1), now=NOW)
    commit(repo, "2026-11-10T10:00:00Z", {"a.txt": "later"})
    again = backfill_binding(binding, date(2026, 10, 1), now=NOW)
    assert (again.stored, again.existing) == (0, 6)
    assert CheckIn.objects.count() == 6


def test_weeks_without_a_value_are_skipped_not_fatal(key_result, bind, repo):
    binding = bind(key_result, "git", repo)  # release-interval needs two tags
    history = backfill_binding(binding, date(2026, 9, 28), now=NOW)
    assert [day for day, _ in history.skipped] == [date(2026, 10, 4)]
    assert "needs two release tags" in history.skipped[0][1]
    assert not history.failed
    values = weekly(key_result)
    assert values[date(2026, 10, 11)] == values[date(2026, 10, 18)] == 1  # v1 → v2
    assert values[date(2026, 10, 25)] == 7  # median of 1 and 13 days


def test_a_missing_repository_fails_the_binding(key_result, bind, tmp_path):
    binding = bind(key_result, "git", tmp_path / "nowhere")
    history = backfill_binding(binding, date(2026, 10, 1), now=NOW)
    assert history.failed
    assert not CheckIn.objects.exists()


def test_it_rebuilds_story_points_per_week_from_a_github_export(world, bind):
    from pathlib import Path

    # The export's weeks lie in early 2024: its key result belongs to a period holding them
    # (a check-in falls inside its period).
    h1 = create_period(world.organisation, "2024 H1", date(2024, 1, 1), date(2024, 6, 30))
    objective = create_objective(h1, "Deliver steadily", owner_unit=world.web_team)
    key_result = add_key_result(objective, "Story points closed a week", start=0, target=10)
    export = Path(__file__).parents[1] / "metrics" / "data" / "issues" / "github_issues.json"
    options = {"measure": "story-points"}
    binding = bind(key_result, "issues", export, options, window_days=7)
    history = backfill_binding(binding, date(2024, 2, 26), now=datetime(2024, 4, 10, tzinfo=UTC))
    assert (history.stored, history.skipped) == (6, [])
    assert list(weekly(key_result).values()) == [2, 5, 1, 0, 0, 8]
    # Without a window, as of each Sunday: every point closed until then. A changed binding
    # does not rewrite the weeks already stored.
    total = bind(key_result, "issues", export, options)
    again = backfill_binding(total, date(2024, 2, 26), now=datetime(2024, 4, 10, tzinfo=UTC))
    assert (again.stored, again.existing) == (0, 6)
    other = add_key_result(key_result.objective, "Story points delivered")
    total = bind(other, "issues", export, options)
    backfill_binding(total, date(2024, 2, 26), now=datetime(2024, 4, 10, tzinfo=UTC))
    assert list(weekly(other).values()) == [2, 7, 8, 8, 8, 16]
