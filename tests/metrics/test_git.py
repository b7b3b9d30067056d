"""The git kind, on repositories built here with real git: dated commits, annotated and
lightweight tags, a merged branch, and commits that only re-indent, move or touch vendor code."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.base import MetricError
from okrs.metrics.kinds.git.churn import is_trivial
from okrs.metrics.registry import measure

runner = CliRunner()


def git(repo: Path, *args: str, when: str = "2024-01-01T00:00:00Z") -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ada",
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Ada",
        "GIT_COMMITTER_EMAIL": "ada@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def commit(repo: Path, when: str, files: dict[str, str | None], message: str = "change") -> str:
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    git(repo, "add", "-A", when=when)
    git(repo, "commit", "-q", "--allow-empty", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD")


def new_repo(path: Path) -> Path:
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    return path


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """
    c1 2024-01-01 00:00   v1.0 annotated, tagged 2024-01-01 12:00
    c2 2024-01-05 00:00
    c3 2024-01-11 00:00   v1.1 and v1.1.0 lightweight (dated by the commit: 01-11 00:00)
    c4 2024-01-12 00:00   nightly-7 (does not match v*)
    c5 2024-01-14 00:00   v1.2 annotated, tagged 2024-01-15 00:00
      f1 2024-02-01 00:00 on a branch from c5
    c6 2024-02-10 00:00
    merge 2024-02-12 00:00 (a merge commit: no lead time of its own)
    c7 2024-02-13 00:00   v2.0 annotated, tagged 2024-02-14 00:00
    c8 2024-02-20 00:00   not released
    """
    repo = new_repo(tmp_path_factory.mktemp("releases") / "repo")
    commit(repo, "2024-01-01T00:00:00Z", {"a.txt": "1\n"})
    git(repo, "tag", "-a", "v1.0", "-m", "1.0", when="2024-01-01T12:00:00Z")
    commit(repo, "2024-01-05T00:00:00Z", {"a.txt": "2\n"})
    commit(repo, "2024-01-11T00:00:00Z", {"a.txt": "3\n"})
    git(repo, "tag", "v1.1", when="2024-03-01T00:00:00Z")
    git(repo, "tag", "v1.1.0", when="2024-03-01T00:00:00Z")
    commit(repo, "2024-01-12T00:00:00Z", {"a.txt": "4\n"})
    git(repo, "tag", "-a", "nightly-7", "-m", "n", when="2024-01-12T06:00:00Z")
    commit(repo, "2024-01-14T00:00:00Z", {"a.txt": "5\n"})
    git(repo, "tag", "-a", "v1.2", "-m", "1.2", when="2024-01-15T00:00:00Z")
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, "2024-02-01T00:00:00Z", {"f.txt": "f\n"})
    git(repo, "checkout", "-q", "main")
    commit(repo, "2024-02-10T00:00:00Z", {"a.txt": "6\n"})
    git(repo, "merge", "-q", "--no-ff", "feature", "-m", "merge", when="2024-02-12T00:00:00Z")
    commit(repo, "2024-02-13T00:00:00Z", {"a.txt": "7\n"})
    git(repo, "tag", "-a", "v2.0", "-m", "2.0", when="2024-02-14T00:00:00Z")
    commit(repo, "2024-02-20T00:00:00Z", {"a.txt": "8\n"})
    return repo


def test_it_takes_the_median_interval_between_release_tags(releases):
    result = measure("git", str(releases), {"measure": "release-interval"})
    # v1.0 01-01 12:00 → v1.1 01-11 00:00: 9.5 days; → v1.2 01-15: 4; → v2.0 02-14: 30.
    # v1.1.0 is the same commit as v1.1, nightly-7 does not match v*: median(9.5, 4, 30) = 9.5
    assert result.value == 9.5
    assert result.unit == "days"
    assert result.details["intervals_days"] == [9.5, 4, 30]
    assert result.digest == "git:" + git(releases, "rev-parse", "HEAD")


def test_it_measures_intervals_between_tags_in_the_range(releases):
    # v1.1, v1.2, v2.0: median(4, 30) = 17
    result = measure("git", str(releases), {"since": "2024-01-10"})
    assert result.value == 17
    assert result.details["first_tag"] == "v1.1"


def test_it_counts_tags_in_a_range(releases):
    result = measure(
        "git",
        str(releases),
        {"measure": "tags-in-range", "since": "2024-01-01", "until": "2024-01-31"},
    )
    assert result.value == 3  # v1.0, v1.1 (= v1.1.0), v1.2
    assert result.details["tag_names"] == ["v1.0", "v1.1", "v1.2"]
    assert result.details["tags_per_week"] == round(3 * 7 / 31, 4)
    assert measure("git", str(releases), {"measure": "tags-in-range"}).value == 4
    everything = {"measure": "tags-in-range", "tag-pattern": "*"}
    assert measure("git", str(releases), everything).value == 5  # and nightly-7


def test_it_takes_the_median_lead_time_from_commit_to_release_tag(releases):
    result = measure("git", str(releases), {"measure": "lead-time"})
    # v1.0 is the first release: it only bounds the next one.
    # v1.1 (01-11 00:00): c2 144 h, c3 0 h.  v1.2 (01-15 00:00): c4 72 h, c5 24 h.
    # v2.0 (02-14 00:00): f1 312 h, c6 96 h, c7 24 h; the merge commit is left out.
    # median(0, 24, 24, 72, 96, 144, 312) = 72
    assert result.value == 72
    assert result.unit == "hours"
    assert result.details["commits"] == 7
    assert result.details["releases"] == 3
    february = measure("git", str(releases), {"measure": "lead-time", "since": "2024-02-01"})
    assert february.value == 96  # median(24, 96, 312)


@pytest.fixture(scope="module")
def changes(tmp_path_factory):
    repo = new_repo(tmp_path_factory.mktemp("changes") / "repo")
    body = "".join(f"    total = total + value_{n}\n" for n in range(6))
    moved = "".join(f"    print('moved line {n}')\n" for n in range(4))
    base = f"def main():\n    total = 0\n{body}{moved}    return total\n"
    commit(repo, "2024-03-01T00:00:00Z", {"a.py": base, "vendor/lib.js": "var x = 1;\n"})
    # 04-01: only re-indents a.py (4 spaces → 8, and a tab): whitespace-only, 0
    commit(repo, "2024-04-01T00:00:00Z", {"a.py": base.replace("    ", "\t    ")})
    # 04-02: moves the four print lines from a.py to a new b.py, unindented there: 0
    reindented = base.replace("    ", "\t    ")
    without = reindented.replace(moved.replace("    ", "\t    "), "")
    b_py = moved.replace("    ", "")
    commit(repo, "2024-04-02T00:00:00Z", {"a.py": without, "b.py": b_py})
    # 04-03: vendor code only, ignored with ignore=vendor/*: 0
    vendor = "var x = 1;\n" + "".join(f"var y{n} = {n};\n" for n in range(5))
    commit(repo, "2024-04-03T00:00:00Z", {"vendor/lib.js": vendor})
    # 04-04: three real lines, plus a blank line and brace-only lines: 3
    extra = "\ndef helper(values):\n    found = [v for v in values if v]\n    return len(found)\n"
    commit(repo, "2024-04-04T00:00:00Z", {"a.py": without + extra, "c.js": "{\n}\n"})
    # 04-10: rewrites one line added on 04-04 (6 days old: 0.1) and one from 03-01 (1): 1.1
    rewritten = (without + extra).replace("return len(found)", "return len(found) + 1")
    rewritten = rewritten.replace("value_0", "value_zero")
    commit(repo, "2024-04-10T00:00:00Z", {"a.py": rewritten})
    # 04-20: deletes two real lines: 2
    final = rewritten.replace("\ttotal = total + value_1\n", "").replace(
        "\ttotal = total + value_2\n", ""
    )
    final = final.replace("\t    total = total + value_1\n", "").replace(
        "\t    total = total + value_2\n", ""
    )
    commit(repo, "2024-04-20T00:00:00Z", {"a.py": final})
    return repo


def churn(repo, day, until=None, **more):
    options = {"measure": "churn", "ignore": "vendor/*,*.lock", "since": day}
    options["until"] = until or day
    return measure("git", str(repo), {**options, **more})


def test_it_scores_whitespace_only_changes_zero(changes):
    result = churn(changes, "2024-04-01")
    assert result.value == 0
    assert result.details["commits"] == 1


def test_it_scores_moved_lines_zero(changes):
    result = churn(changes, "2024-04-02")
    assert result.value == 0
    assert result.details["moved_lines"] == 8  # 4 deleted from a.py, 4 added to b.py


def test_it_scores_ignored_paths_zero(changes):
    result = churn(changes, "2024-04-03")
    assert result.value == 0
    assert result.details["ignored_lines"] == 5
    assert churn(changes, "2024-04-03", ignore="").value == 5


def test_it_counts_real_lines_and_drops_punctuation(changes):
    result = churn(changes, "2024-04-04")
    assert result.value == 3
    assert result.details["lines_added"] == 3
    assert result.details["dropped_lines"] == 3  # the blank line, "{" and "}" in c.js


@pytest.mark.parametrize(
    ("line", "trivial"),
    [
        (b"} else {", True),
        (b"end", True),
        (b"*/", True),
        (b"return;", True),
        (b"fi;;", True),
        (b"", True),
        (b"return total", False),
        (b"ending = 1", False),
        (b"} while (x);", False),
        (b"else if (x) {", False),
    ],
)
def test_it_drops_punctuation_and_keyword_only_lines(line, trivial):
    assert is_trivial(line) is trivial


def test_it_discounts_rewrites_of_recent_lines(changes):
    result = churn(changes, "2024-04-10")
    assert result.value == 1.1  # 0.1 for the 6-day-old line, 1 for the 40-day-old one
    assert result.details["lines_updated"] == 2
    assert result.details["recent_rewrites"] == 1
    assert churn(changes, "2024-04-10", **{"recent-days": "0"}).value == 2
    assert churn(changes, "2024-04-10", **{"recent-days": "3"}).value == 2


def test_it_sums_churn_over_a_range(changes):
    # 0 + 0 + 0 + 3 + 1.1 + 2 (two deleted lines on 04-20)
    assert churn(changes, "2024-04-20").value == 2
    result = churn(changes, "2024-04-01", until="2024-04-30")
    assert result.value == 6.1
    assert result.details["commits"] == 6


def test_the_cli_prints_churn_as_json(changes):
    result = runner.invoke(
        app,
        [
            "metric",
            "git",
            str(changes),
            "--opt",
            "measure=churn",
            "--opt",
            "since=2024-04-04",
            "--opt",
            "until=2024-04-04",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["value"] == 3
    assert data["unit"] == "weighted lines"
    assert data["digest"] == "git:" + git(changes, "rev-parse", "HEAD")


def run_cli(path, *options):
    args = ["metric", "git", str(path)]
    for option in options:
        args += ["--opt", option]
    return runner.invoke(app, args)


def assert_fails(result, path, problem):
    assert result.exit_code == 2, result.output
    assert str(path) in result.output
    assert problem in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_file_is_not_a_repository(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    assert_fails(run_cli(path), path, "is a file")
    assert_fails(run_cli(tmp_path / "missing"), tmp_path / "missing", "no such folder")


def test_a_plain_folder_is_not_a_repository(tmp_path):
    assert_fails(run_cli(tmp_path), tmp_path, "is not a git repository")


def test_a_repository_without_commits_or_tags_is_refused(tmp_path):
    repo = new_repo(tmp_path / "repo")
    assert_fails(run_cli(repo), repo, "without commits")
    commit(repo, "2024-01-01T00:00:00Z", {"a.txt": "a\n"})
    assert_fails(run_cli(repo), repo, "has no tags matching 'v*'")
    assert_fails(run_cli(repo, "measure=lead-time"), repo, "has no tags matching 'v*'")


def test_one_release_has_no_interval_and_no_lead_time(releases):
    assert_fails(run_cli(releases, "tag-pattern=nightly*"), releases, "needs two release tags")
    assert_fails(
        run_cli(releases, "measure=lead-time", "until=2024-01-05"), releases, "no released commits"
    )


def test_bad_options_are_named(releases):
    assert_fails(run_cli(releases, "measure=speed"), releases, "option measure='speed'")
    assert_fails(
        run_cli(releases, "since=2024-02-01", "until=2024-01-01"), releases, "is after until"
    )
    assert_fails(run_cli(releases, "recent-days=-1"), releases, "recent-days=-1")


def test_missing_git_is_an_error_not_a_traceback(releases, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert_fails(run_cli(releases), releases, "git is not installed")
    with pytest.raises(MetricError, match="git is not installed"):
        measure("git", str(releases), {"measure": "churn"})
