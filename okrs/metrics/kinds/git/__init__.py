"""`git`: release cadence, lead time and weighted churn from a repository folder.

- `release-interval`: median days between consecutive release tags (metrics.md §6.3).
- `tags-in-range`: release tags dated in [since, until], a deploy-frequency proxy (§8).
- `lead-time`: median hours from a commit to the first release tag that contains it (§6.3, §8).
- `churn`: weighted changed lines without whitespace, moved lines and ignored paths (§1.4).

A tag's date is git's `creatordate`: the tagger date of an annotated tag, the committer date of
the commit a lightweight tag points at. Tags that point at the same commit are one release,
dated by the earliest of them. Days are UTC calendar days, both ends included.
"""

from __future__ import annotations

import fnmatch
import itertools
import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from okrs.metrics.base import Kind, MetricError, Options, Reading
from okrs.metrics.kinds.git.churn import ChurnCounter, git_window
from okrs.metrics.kinds.git.run import check_repository, run_git, stream_git

MEASURES = ("release-interval", "tags-in-range", "lead-time", "churn")
CHURN_LOG = (
    "log",
    "--no-merges",
    "--reverse",
    "--format=%x00%H %ct",
    "-p",
    "-U0",
    "-w",
    "--ignore-blank-lines",
    "-M",
    "-C",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--src-prefix=a/",
    "--dst-prefix=b/",
)


@dataclass(frozen=True)
class Tag:
    name: str
    moment: int  # seconds since the epoch
    commit: str

    @property
    def day(self) -> date:
        return datetime.fromtimestamp(self.moment, UTC).date()


def measure(source: str, options: Options) -> Reading:
    chosen = options.choice("measure", MEASURES, "release-interval")
    since, until = options.day("since"), options.day("until")
    if since and until and since > until:
        raise MetricError(source, f"option since={since} is after until={until}")
    pattern = options.text("tag-pattern", "v*")
    ignore = tuple(glob.strip() for glob in options.text("ignore", "").split(",") if glob.strip())
    recent_days = options.integer("recent-days", 21)
    head = check_repository(source)
    if chosen == "churn":
        value, unit, details = _churn(source, ignore, recent_days, since, until)
    else:
        tags = release_tags(source, pattern)
        if chosen == "release-interval":
            value, unit, details = _release_interval(source, tags, since, until)
        elif chosen == "tags-in-range":
            value, unit, details = _tags_in_range(tags, since, until)
        else:
            value, unit, details = _lead_time(source, tags, since, until)
        details = {"tag_pattern": pattern, **details}
    return Reading(value, unit, "git", source, dict(options), f"git:{head}", details)


def release_tags(source: str, pattern: str) -> list[Tag]:
    """Tags whose name matches the glob, one per commit, oldest first."""
    listing = run_git(
        source,
        [
            "for-each-ref",
            "--format=%(refname)%00%(creatordate:unix)%00%(objecttype)%00%(objectname)"
            "%00%(*objecttype)%00%(*objectname)",
            "refs/tags",
        ],
    )
    earliest: dict[str, Tag] = {}
    for line in listing.splitlines():
        ref, stamp, kind, obj, peeled_kind, peeled = line.split("\x00")
        name = ref.removeprefix("refs/tags/")
        if not fnmatch.fnmatchcase(name, pattern):
            continue
        commit = obj if kind == "commit" else peeled if peeled_kind == "commit" else None
        if commit is None or not stamp:
            continue  # a tag of a tree, a blob or another tag: not a release
        tag = Tag(name, int(stamp), commit)
        known = earliest.get(commit)
        if known is None or (tag.moment, tag.name) < (known.moment, known.name):
            earliest[commit] = tag
    if not earliest:
        raise MetricError(source, f"has no tags matching {pattern!r} (option tag-pattern)")
    return sorted(earliest.values(), key=lambda tag: (tag.moment, tag.name))


def _in_range(tags: list[Tag], since: date | None, until: date | None) -> list[Tag]:
    return [
        tag
        for tag in tags
        if (since is None or tag.day >= since) and (until is None or tag.day <= until)
    ]


def _range_text(since: date | None, until: date | None) -> str:
    return f"from {since or 'the start'} to {until or 'the end'}"


def _release_interval(
    source: str, tags: list[Tag], since: date | None, until: date | None
) -> tuple[float, str, dict[str, Any]]:
    chosen = _in_range(tags, since, until)
    if len(chosen) < 2:
        raise MetricError(
            source,
            f"needs two release tags {_range_text(since, until)} to measure an interval; "
            f"found {len(chosen)}",
        )
    intervals = [
        (later.moment - earlier.moment) / 86400 for earlier, later in itertools.pairwise(chosen)
    ]
    details = {
        "tags": len(chosen),
        "first_tag": chosen[0].name,
        "last_tag": chosen[-1].name,
        "intervals_days": [round(days, 4) for days in intervals],
        "median_days": statistics.median(intervals),
    }
    return statistics.median(intervals), "days", details


def _tags_in_range(
    tags: list[Tag], since: date | None, until: date | None
) -> tuple[float, str, dict[str, Any]]:
    chosen = _in_range(tags, since, until)
    details: dict[str, Any] = {
        "tags": len(chosen),
        "since": str(since) if since else None,
        "until": str(until) if until else None,
        "tag_names": [tag.name for tag in chosen][-50:],
    }
    if since and until:
        days = (until - since).days + 1
        details["days"] = days
        details["tags_per_week"] = round(len(chosen) * 7 / days, 4)
    return float(len(chosen)), "tags", details


def _lead_time(
    source: str, tags: list[Tag], since: date | None, until: date | None
) -> tuple[float, str, dict[str, Any]]:
    """Hours from each commit's committer time to the first release tag containing it.

    The repository's first release tag has no earlier release to bound its changes: it only
    marks where the next release starts. Merge commits carry no change of their own and are
    left out; a commit dated after its tag (clock skew) is skipped and counted.
    """
    chosen = set(_in_range(tags, since, until)) - {tags[0]}
    hours: list[float] = []
    skipped = 0
    for index, tag in enumerate(tags):
        if tag not in chosen:
            continue
        revisions = [tag.commit, *(f"^{earlier.commit}" for earlier in tags[:index])]
        listing = run_git(
            source,
            ["rev-list", "--no-merges", "--timestamp", "--stdin"],
            stdin="\n".join(revisions).encode() + b"\n",
        )
        for line in listing.splitlines():
            stamp = int(line.split(" ", 1)[0])
            if stamp > tag.moment:
                skipped += 1
            else:
                hours.append((tag.moment - stamp) / 3600)
    if not hours:
        raise MetricError(
            source,
            f"no released commits {_range_text(since, until)}: lead time needs a release tag "
            "after the first one, with commits since the previous tag",
        )
    details = {
        "releases": len(chosen),
        "commits": len(hours),
        "commits_after_their_tag": skipped,
        "median_hours": statistics.median(hours),
        "median_days": round(statistics.median(hours) / 24, 4),
        "from": "committer time",
        "to": "tag creatordate (tagger date, or the commit date for lightweight tags)",
    }
    return statistics.median(hours), "hours", details


def _churn(
    source: str, ignore: tuple[str, ...], recent_days: int, since: date | None, until: date | None
) -> tuple[float, str, dict[str, Any]]:
    counter = ChurnCounter(ignore, since, until, recent_days)
    with stream_git(source, [*CHURN_LOG, *git_window(since, until, recent_days), "HEAD"]) as lines:
        result = counter.feed(lines)
    details: dict[str, Any] = {
        **result.details(),
        "ignore": list(ignore),
        "recent_days": recent_days,
        "weights": "added 1, deleted 1, updated 1; rewrites of lines added in the last "
        f"{recent_days} days 0.1; moved, whitespace-only and punctuation-only lines 0",
    }
    return round(result.score, 6), "weighted lines", details


KIND = Kind(
    name="git",
    summary="Release interval, tags in a range, commit-to-tag lead time or weighted churn "
    "of a git repository folder.",
    options={
        "measure": "release-interval (median days) | tags-in-range (count) | "
        "lead-time (median hours) | churn (weighted lines) (default: release-interval)",
        "tag-pattern": "glob for release tag names (default: v*)",
        "since": "first day to include, YYYY-MM-DD (tag dates; commit dates for churn)",
        "until": "last day to include, YYYY-MM-DD",
        "ignore": "churn: comma-separated path globs to leave out, e.g. vendor/*,*.lock",
        "recent-days": "churn: rewrites of lines added within this many days weigh 0.1 "
        "(default: 21; 0 turns it off)",
    },
    measure=measure,
)
