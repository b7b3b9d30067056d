"""Reading the three coverage formats into the same counts.

coverage.py computes its total from counts, never from rates:
`100 * (executed lines + executed branches) / (statements + branches)`
(`coverage/results.py`, `Numbers.ratio_covered`). Every format here is read down to those
four integers, so the three formats of one run give the very same float:

- coverage.py JSON: `totals.covered_lines`, `num_statements`, `covered_branches`, `num_branches`.
- Cobertura XML: the root's `lines-covered`, `lines-valid`, `branches-covered`,
  `branches-valid` (integers; the `line-rate` / `branch-rate` attributes carry only 4
  significant digits and are never used). A writer that leaves the counts out gets its
  class-level `<line>` elements counted instead (`hits > 0`; `condition-coverage="50% (1/2)"`).
- LCOV: see `okrs/metrics/kinds/coverage/lcov.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from okrs.metrics.base import MetricError, describe
from okrs.metrics.inputs import parse_json
from okrs.metrics.kinds.coverage.xml import parse, whole_number


@dataclass(frozen=True)
class Counts:
    """The four numbers behind every coverage figure, and where they came from."""

    format: str
    lines_covered: int
    lines: int
    branches_covered: int
    branches: int
    branch_data: bool  # False when the run did not measure branches at all
    files: int | None  # None when the format's totals are read without going through files
    digest: str


def check(source: str, counts: Counts) -> Counts:
    if counts.lines_covered > counts.lines:
        raise MetricError(source, f"{counts.lines_covered} covered lines of {counts.lines}")
    if counts.branches_covered > counts.branches:
        raise MetricError(
            source, f"{counts.branches_covered} covered branches of {counts.branches}"
        )
    return counts


# coverage.py JSON ------------------------------------------------------------------------


def from_json(source: str, text: str, digest: str) -> Counts:
    data = parse_json(source, text)
    if not isinstance(data, dict) or not isinstance(data.get("totals"), dict):
        keys = describe(data)
        raise MetricError(source, f"is JSON but not a coverage.py report: no 'totals' ({keys})")
    totals: dict[str, Any] = data["totals"]
    meta = data.get("meta")
    if not isinstance(meta, dict):
        meta = {}
    branch_data = bool(meta.get("branch_coverage", "num_branches" in totals))

    def count(name: str) -> int:
        value = totals.get(name)
        if value is None:
            raise MetricError(source, f"totals.{name} is missing")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise MetricError(source, f"totals.{name} is {describe(value)}, not a count")
        return value

    files = data.get("files")
    return check(
        source,
        Counts(
            format="coverage.py JSON",
            lines_covered=count("covered_lines"),
            lines=count("num_statements"),
            branches_covered=count("covered_branches") if branch_data else 0,
            branches=count("num_branches") if branch_data else 0,
            branch_data=branch_data,
            files=len(files) if isinstance(files, dict) else 0,
            digest=digest,
        ),
    )


# Cobertura XML ---------------------------------------------------------------------------

CONDITION = re.compile(r"\((\d+)\s*/\s*(\d+)\)")
ROOT_COUNTS = ("lines-covered", "lines-valid", "branches-covered", "branches-valid")


class _ClassLines:
    """Counts the class-level `<line>` elements (Java's `<method><lines>` repeat them).

    `start` and `end` are closures over local counters rather than methods: expat calls
    `start` for each of the two million elements of a 100 MB report, and cell variables
    cost about half what instance attributes do (benchmarks/bench_coverage.py).
    """

    start: Callable[[str, dict[str, str]], None]
    end: Callable[[str], None]
    counts: Callable[[], tuple[int, int, int, int, bool, int]]

    def __init__(self, source: str) -> None:
        lines = covered = branches = branches_covered = classes = in_method = 0
        branch_lines = False
        filename = "?"
        search = CONDITION.search

        def start(tag: str, attrib: dict[str, str]) -> None:
            nonlocal lines, covered, branches, branches_covered, classes, in_method
            nonlocal branch_lines, filename
            if tag == "line":
                if in_method:
                    return
                lines += 1
                raw = attrib.get("hits", "0")
                if raw != "0":
                    try:  # the common case without a call: `whole_number` starts with int()
                        hits = int(raw)
                    except ValueError:
                        hits = -1
                    if hits < 0:
                        where = f"line {attrib.get('number', '?')} of {filename}: hits"
                        hits = whole_number(source, where, raw)
                    if hits > 0:
                        covered += 1
                if attrib.get("branch") == "true":
                    branch_lines = True
                    match = search(attrib.get("condition-coverage", ""))
                    if match:
                        branches_covered += int(match[1])
                        branches += int(match[2])
            elif tag == "method":
                in_method += 1
            elif tag == "class":
                classes += 1
                filename = attrib.get("filename", "?")

        def end(tag: str) -> None:
            nonlocal in_method
            if tag == "method":
                in_method -= 1

        def counts() -> tuple[int, int, int, int, bool, int]:
            return covered, lines, branches_covered, branches, branch_lines, classes

        self.start, self.end, self.counts = start, end, counts


class _WellFormed:
    """No callbacks: expat checks the rest of the file at its own speed."""


def from_cobertura(source: str, root: dict[str, str]) -> Counts:
    """`root` is the `<coverage>` element's attributes, read from the head of the file.

    With the root's counts (coverage.py, gcovr and most writers) the rest of the file is
    only checked to be well-formed XML; without them the class-level lines are counted.
    """
    if not all(name in root for name in ROOT_COUNTS):
        counter = _ClassLines(source)
        digest = parse(source, counter)
        return check(source, Counts("Cobertura XML", *counter.counts(), digest))
    digest = parse(source, _WellFormed())
    lines = whole_number(source, "root attribute lines-valid", root["lines-valid"])
    covered = whole_number(source, "root attribute lines-covered", root["lines-covered"])
    branches = whole_number(source, "root attribute branches-valid", root["branches-valid"])
    branches_covered = whole_number(
        source, "root attribute branches-covered", root["branches-covered"]
    )
    # coverage.py without --branch writes branches-valid="0" branch-rate="0"; with
    # --branch and no branches it writes branch-rate="1"
    branch_data = branches > 0 or _rate(root.get("branch-rate")) != 0
    return check(
        source,
        Counts(
            "Cobertura XML", covered, lines, branches_covered, branches, branch_data, None, digest
        ),
    )


def _rate(raw: str | None) -> float:
    try:
        return float(raw or 0)
    except ValueError:
        return 0.0
