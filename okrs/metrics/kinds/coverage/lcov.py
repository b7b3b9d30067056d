"""LCOV tracefiles (geninfo(1)): the four coverage counts, merged per source file.

A record runs from `SF:<path>` to `end_of_record`; its lines are `DA:<line>,<count>[,…]`,
its branches `BRDA:<line>,<block>,<branch>,<taken|->`, and `LF`/`LH`/`BRF`/`BRH` sum them up.
The same `SF` may have one record per test name (`TN:`): such records are merged line by
line, a line or branch being hit when any record hit it, before anything is summed.

Memory stays flat: the first pass keeps only the record being read and, per source file, a
name and four sums. Only when some `SF` has several records does a second pass read those
records again, keeping their lines to merge them: memory then grows with the number of
distinct lines of those files, not with how many records repeat them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from okrs.metrics.base import MetricError, describe
from okrs.metrics.kinds.coverage.formats import Counts, check
from okrs.metrics.kinds.coverage.xml import open_report

Sums = tuple[int, int, int, int]  # lines found, lines hit, branches found, branches hit


@dataclass
class Record:
    sf: str
    line: int  # where its SF is, for errors
    lines: dict[int, bool] = field(default_factory=dict)
    branches: dict[str, bool] = field(default_factory=dict)
    lf: int | None = None
    lh: int | None = None
    brf: int | None = None
    brh: int | None = None

    def sums(self) -> Sums:
        """Its own summary lines when it has them (coverage.py's), else its DA/BRDA lines."""
        if self.lf is not None and self.lh is not None:
            lines = (self.lf, self.lh)
        else:
            lines = (len(self.lines), sum(self.lines.values()))
        if self.brf is not None and self.brh is not None:
            branches = (self.brf, self.brh)
        else:
            branches = (len(self.branches), sum(self.branches.values()))
        return lines + branches


def _count(source: str, number: int, key: str, raw: str) -> int:
    raw = raw.strip()
    if raw == "-":  # BRDA: the branch's block never ran
        return 0
    try:
        return int(raw)
    except ValueError:
        try:
            return int(float(raw))
        except ValueError:
            raise MetricError(
                source, f"line {number}: {key} {describe(raw)} is not a count"
            ) from None


class Reader:
    """The records of one pass over the file; `digest` and `branch_data` once it is done."""

    def __init__(self, source: str, only: set[str] | None = None) -> None:
        self.source = source
        self.only = only  # read the lines of these SFs only (the second pass)
        self.digest = ""
        self.branch_data = False

    def __iter__(self) -> Iterator[Record]:
        source = self.source
        hasher = hashlib.sha256()
        current: Record | None = None
        skip = False
        with open_report(source).open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                hasher.update(raw)
                text = raw.strip().decode("utf-8", "replace")
                if not text:
                    continue
                if text == "end_of_record":
                    if current is None and not skip:
                        raise MetricError(source, f"line {number}: end_of_record without an SF")
                    if current is not None:
                        yield current
                    current, skip = None, False
                    continue
                key, colon, value = text.partition(":")
                if not colon or not key.isalpha() or not key.isupper():
                    raise MetricError(
                        source,
                        f"line {number} is not an LCOV record ({len(text)} characters); "
                        "expected coverage.py JSON, Cobertura XML or LCOV",
                    )
                if key in ("TN", "VER"):
                    continue
                if key == "SF":
                    if current is not None or skip:
                        where = current.sf if current is not None else "the record before"
                        raise MetricError(
                            source, f"line {number}: SF before the end_of_record of {where}"
                        )
                    skip = self.only is not None and value not in self.only
                    current = None if skip else Record(value, number)
                    continue
                if current is None:
                    if skip:
                        continue
                    raise MetricError(
                        source, f"line {number}: {key} outside a record (no SF before)"
                    )
                self._entry(current, number, key, value)
        if current is not None or skip:
            where = f"{current.sf} (line {current.line})" if current else "its last SF"
            raise MetricError(
                source, f"ends inside the record for {where} with no end_of_record: truncated?"
            )
        self.digest = "sha256:" + hasher.hexdigest()

    def _entry(self, record: Record, number: int, key: str, value: str) -> None:
        source = self.source
        if key == "DA":
            parts = value.split(",")
            if len(parts) < 2:
                raise MetricError(source, f"line {number}: DA needs <line>,<count>")
            line = _count(source, number, "DA line", parts[0])
            hit = _count(source, number, "DA count", parts[1]) > 0
            record.lines[line] = record.lines.get(line, False) or hit
        elif key == "BRDA":
            branch, comma, taken = value.rpartition(",")
            if not comma:
                raise MetricError(source, f"line {number}: BRDA needs <line>,<block>,…,<taken>")
            self.branch_data = True
            hit = _count(source, number, "BRDA taken", taken) > 0
            record.branches[branch] = record.branches.get(branch, False) or hit
        elif key in ("LF", "LH", "BRF", "BRH"):
            setattr(record, key.lower(), _count(source, number, key, value))
            self.branch_data = self.branch_data or key in ("BRF", "BRH")


def from_lcov(source: str) -> Counts:
    reader = Reader(source)
    per_file: dict[str, Sums] = {}
    records: dict[str, int] = {}
    for record in reader:
        lf, lh, brf, brh = record.sums()
        if lh > lf:
            raise MetricError(source, f"record for {record.sf}: LH {lh} > LF {lf}")
        old = per_file.get(record.sf, (0, 0, 0, 0))
        per_file[record.sf] = (old[0] + lf, old[1] + lh, old[2] + brf, old[3] + brh)
        records[record.sf] = records.get(record.sf, 0) + 1
    if not per_file:
        raise MetricError(source, "has no SF records: not an LCOV tracefile")
    repeated = {sf for sf, count in records.items() if count > 1}
    if repeated:
        merged = _merged(source, repeated)
        for sf, sums in merged.items():
            if sums[0] == 0 and per_file[sf][0] > 0:
                raise MetricError(
                    source, f"{sf} has {records[sf]} records but no DA lines to merge them by"
                )
        per_file.update(merged)
    lines, covered, branches, branches_covered = (
        sum(column) for column in zip(*per_file.values(), strict=True)
    )
    counts = Counts(
        "LCOV",
        covered,
        lines,
        branches_covered,
        branches,
        reader.branch_data,
        len(per_file),
        reader.digest,
    )
    return check(source, counts)


def _merged(source: str, repeated: set[str]) -> dict[str, Sums]:
    """Second pass: the records of the repeated SFs merged by line and by branch."""
    lines: dict[str, dict[int, bool]] = {sf: {} for sf in repeated}
    branches: dict[str, dict[str, bool]] = {sf: {} for sf in repeated}
    for record in Reader(source, only=repeated):
        merged_lines, merged_branches = lines[record.sf], branches[record.sf]
        for line, hit in record.lines.items():
            merged_lines[line] = merged_lines.get(line, False) or hit
        for branch, hit in record.branches.items():
            merged_branches[branch] = merged_branches.get(branch, False) or hit
    return {
        sf: (
            len(lines[sf]),
            sum(lines[sf].values()),
            len(branches[sf]),
            sum(branches[sf].values()),
        )
        for sf in repeated
    }
