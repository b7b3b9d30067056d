"""`issues`: resolution time, stories to bugs, story points and tested bugs from an issue export.

Reads a GitHub issues JSON (as the REST API returns it), a GitLab issues JSON, a Jira JSON
export (search answer) or a Jira CSV export, from a file or an API URL (every page).

Every measure looks at issues closed as done in [since, until] (UTC days of the close date):
GitHub `state_reason` not_planned and duplicate, GitLab moved issues, and issues labelled (or,
Jira, resolved) as one of `exclude` are left out (metrics.md §6.2, §7).

- `resolution-median`, `resolution-p85`: closed − created, in days. Percentiles interpolate
  linearly between the two closest ranks (numpy's default, SQL PERCENTILE_CONT), so the median
  of an even count is the mean of the middle two.
- `stories-to-bugs`: closed stories / closed bugs (labels, GitHub issue types, Jira issue types);
  `feature-share`: stories / (stories + bugs) in %. An issue that is both counts as a bug.
- `story-points`: Σ points of the closed issues (§6.1).
- `tested-bug-share`: closed bugs with the tested label / closed bugs, in % (§1.1).
"""

from __future__ import annotations

import math
from typing import Any

from okrs.metrics.base import Kind, MetricError, Options, Reading
from okrs.metrics.inputs import read_text
from okrs.metrics.kinds.issues.fetch import fetch_issues, is_url
from okrs.metrics.kinds.issues.formats import (
    Export,
    Issue,
    Settings,
    from_json,
    normal,
    read_export,
    split_list,
)
from okrs.metrics.tables import within

MEASURES = (
    "resolution-median",
    "resolution-p85",
    "stories-to-bugs",
    "feature-share",
    "story-points",
    "tested-bug-share",
)
EXCLUDE = "duplicate,won't do,won't fix,wontfix,invalid,cannot reproduce,incomplete,declined"
PERCENTILE_METHOD = "linear interpolation between closest ranks (PERCENTILE_CONT)"


def percentile(values: list[float], share: float) -> float:
    """Linear interpolation between closest ranks, as numpy's default and PERCENTILE_CONT."""
    ordered = sorted(values)
    rank = share * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def measure(source: str, options: Options) -> Reading:
    chosen = options.choice("measure", MEASURES, "resolution-median")
    since, until = options.day("since"), options.day("until")
    if since and until and since > until:
        raise MetricError(source, f"option since={since} is after until={until}")
    settings = Settings(
        exclude=split_list(options.text("exclude", EXCLUDE)),
        points_field=options.text("points-field", "").strip() or None,
        points_label=normal(options.text("points-label", "points:")),
    )
    bugs = split_list(options.text("bug-labels", "bug"))
    stories = split_list(options.text("story-labels", "enhancement,feature,story"))
    tested = normal(options.text("tested-label", "has-test"))
    if is_url(source):
        data, digest = fetch_issues(source, options.text("token-env", "") or None)
        export = from_json(source, data, settings)
    else:
        text, digest = read_text(source)
        export = read_export(source, text, settings)
    if not export.issues:
        only = " (only pull requests)" if export.pull_requests else ""
        raise MetricError(source, f"has no issues{only}")
    done = [
        issue
        for issue in export.issues
        if issue.closed is not None and issue.dropped is None and within(issue.closed, since, until)
    ]
    details: dict[str, Any] = {
        "format": export.format,
        "issues": len(export.issues),
        "open": sum(1 for issue in export.issues if issue.closed is None),
        "closed_not_done": _not_done(export, since, until),
        "closed_done": len(done),
    }
    if export.pull_requests:
        details["pull_requests_skipped"] = export.pull_requests
    if chosen.startswith("resolution-"):
        value, unit = _resolution(source, chosen, done, details)
    elif chosen in ("stories-to-bugs", "feature-share"):
        value, unit = _stories_to_bugs(source, chosen, done, bugs, stories, details)
    elif chosen == "story-points":
        value, unit = _story_points(source, export, done, details)
    else:
        value, unit = _tested_bugs(source, done, bugs, tested, details)
    return Reading(value, unit, "issues", source, dict(options), digest, details)


def _not_done(export: Export, since: Any, until: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for issue in export.issues:
        if issue.closed and issue.dropped and within(issue.closed, since, until):
            counts[issue.dropped] = counts.get(issue.dropped, 0) + 1
    return dict(sorted(counts.items()))


def _resolution(
    source: str, chosen: str, done: list[Issue], details: dict[str, Any]
) -> tuple[float, str]:
    days = []
    for issue in done:
        assert issue.closed is not None
        elapsed = (issue.closed - issue.created).total_seconds() / 86400
        if elapsed < 0:
            raise MetricError(source, f"issue {issue.key} was closed before it was created")
        days.append(elapsed)
    if not days:
        raise MetricError(source, "has no issues closed as done in the date range")
    guessed = sum(1 for issue in done if issue.closed_guessed)
    if guessed:
        details["closed_at_from_updated_at"] = guessed
    details["median_days"] = round(percentile(days, 0.5), 6)
    details["p85_days"] = round(percentile(days, 0.85), 6)
    details["percentile_method"] = PERCENTILE_METHOD
    share = 0.5 if chosen == "resolution-median" else 0.85
    return round(percentile(days, share), 6), "days"


def _kind(issue: Issue, bugs: frozenset[str], stories: frozenset[str]) -> str | None:
    if issue.tags & bugs:
        return "bug"
    if issue.tags & stories:
        return "story"
    return None


def _stories_to_bugs(
    source: str,
    chosen: str,
    done: list[Issue],
    bugs: frozenset[str],
    stories: frozenset[str],
    details: dict[str, Any],
) -> tuple[float, str]:
    kinds = [_kind(issue, bugs, stories) for issue in done]
    bug_count, story_count = kinds.count("bug"), kinds.count("story")
    details.update(stories=story_count, bugs=bug_count, neither=kinds.count(None))
    if chosen == "feature-share":
        if not bug_count + story_count:
            raise MetricError(source, "has no closed stories or bugs in the date range")
        return 100 * story_count / (story_count + bug_count), "%"
    if not bug_count:
        raise MetricError(
            source,
            f"has no closed bugs in the date range ({story_count} stories): "
            "the ratio has no value; measure=feature-share does",
        )
    details["feature_share_percent"] = round(100 * story_count / (story_count + bug_count), 4)
    return story_count / bug_count, "stories per bug"


def _story_points(
    source: str, export: Export, done: list[Issue], details: dict[str, Any]
) -> tuple[float, str]:
    if all(issue.points is None for issue in export.issues):
        raise MetricError(
            source,
            f"no issue has story points (looked in {export.points_source or 'nothing'}); "
            "name the field or column with --opt points-field=…",
        )
    estimated = [issue.points for issue in done if issue.points is not None]
    details.update(
        points_from=export.points_source,
        estimated=len(estimated),
        unestimated=len(done) - len(estimated),
    )
    return math.fsum(estimated), "points"


def _tested_bugs(
    source: str, done: list[Issue], bugs: frozenset[str], tested: str, details: dict[str, Any]
) -> tuple[float, str]:
    closed_bugs = [issue for issue in done if issue.tags & bugs]
    if not closed_bugs:
        raise MetricError(source, "has no closed bugs in the date range")
    with_test = sum(1 for issue in closed_bugs if tested in issue.tags)
    details.update(closed_bugs=len(closed_bugs), with_test=with_test, tested_label=tested)
    return 100 * with_test / len(closed_bugs), "%"


KIND = Kind(
    name="issues",
    summary="Resolution time (median, p85), stories to bugs, story points and tested-bug "
    "share from GitHub, GitLab or Jira issue exports.",
    options={
        "measure": "resolution-median | resolution-p85 (days) | stories-to-bugs (ratio) | "
        "feature-share (%) | story-points | tested-bug-share (%) (default: resolution-median)",
        "since": "first close day to include, YYYY-MM-DD",
        "until": "last close day to include, YYYY-MM-DD",
        "bug-labels": "labels or issue types of bugs, comma-separated (default: bug)",
        "story-labels": "labels or issue types of stories (default: enhancement,feature,story)",
        "tested-label": "the label of a bug fixed with a test (default: has-test)",
        "points-field": "the field (JSON) or column (CSV) with story points; default: Jira's "
        "'Story Points' field from the export's names, GitLab weight, Jira CSV 'Story Points'",
        "points-label": "GitHub/GitLab label prefix carrying points, e.g. points:3 "
        "(default: points:)",
        "exclude": "labels or Jira resolutions of issues closed without being done "
        f"(default: {EXCLUDE})",
        "token-env": "for an API URL: the environment variable holding a bearer token",
    },
    measure=measure,
)
