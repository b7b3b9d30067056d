"""`coverage`: total test coverage from coverage.py JSON, Cobertura XML or LCOV.

The format is told from the content, not the file name: `{` starts coverage.py JSON, `<`
starts XML whose root must be `<coverage>` (Cobertura), anything else is read as an LCOV
tracefile. The figure is the one coverage.py computes (`coverage/results.py`):

    total    = 100 × (lines covered + branches covered) / (lines + branches)
    lines    = 100 × lines covered / lines
    branches = 100 × branches covered / branches

with 100 when the denominator is 0, as coverage.py does. Without `precision` the value is
the exact ratio (a float equal to coverage.py JSON's `percent_covered`); with `precision=N`
it is rounded the way `coverage report --format=total --precision=N` prints it, which never
rounds up to 100 nor down to 0 (`display_covered`). All three formats are read down to
integer counts, so they agree exactly; see `okrs/metrics/kinds/coverage/formats.py` and
`okrs/metrics/kinds/coverage/lcov.py`.
"""

from __future__ import annotations

from okrs.metrics.base import Kind, MetricError, Options, Reading
from okrs.metrics.inputs import read_text
from okrs.metrics.kinds.coverage.formats import Counts, from_cobertura, from_json
from okrs.metrics.kinds.coverage.lcov import from_lcov
from okrs.metrics.kinds.coverage.xml import read_head, root_attributes

MEASURES = ("total", "lines", "branches")
FORMULAS = {
    "total": "100 × (lines_covered + branches_covered) / (lines + branches)",
    "lines": "100 × lines_covered / lines",
    "branches": "100 × branches_covered / branches",
}


def percent(numerator: int, denominator: int) -> float:
    """coverage.py's `Numbers._percent`, the same float operations in the same order."""
    if denominator > 0:
        return (100.0 * numerator) / denominator
    return 100.0


def display_covered(pc: float, precision: int) -> str:
    """coverage.py's rounding for `--format=total`: never "0" or "100" unless exactly so."""
    near0 = 1.0 / 10**precision
    if 0 < pc < near0:
        pc = near0
    elif (100.0 - near0) < pc < 100:
        pc = 100.0 - near0
    else:
        pc = round(pc, precision)
    return f"{pc:.{precision}f}"


def read_counts(source: str) -> Counts:
    head = read_head(source).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        text, digest = read_text(source)
        return from_json(source, text, digest)
    if head.startswith(b"<"):
        tag, attributes = root_attributes(source, head)
        if tag in ("testsuites", "testsuite"):
            raise MetricError(source, f"is JUnit XML (<{tag}>), not a coverage report")
        if tag != "coverage":
            raise MetricError(
                source, f"is XML with root <{tag}>, not Cobertura (<coverage>) coverage"
            )
        return from_cobertura(source, attributes)
    return from_lcov(source)


def measure(source: str, options: Options) -> Reading:
    which = options.choice("measure", MEASURES, "total")
    precision = options.integer("precision", 0) if "precision" in options else None
    counts = read_counts(source)
    if which == "branches" and not counts.branch_data:
        raise MetricError(
            source, f"this {counts.format} has no branch data (run coverage with --branch)"
        )
    if which == "lines":
        exact = percent(counts.lines_covered, counts.lines)
    elif which == "branches":
        exact = percent(counts.branches_covered, counts.branches)
    else:
        exact = percent(
            counts.lines_covered + counts.branches_covered, counts.lines + counts.branches
        )
    details: dict[str, object] = {
        "format": counts.format,
        "measure": which,
        "formula": FORMULAS[which],
        "lines_covered": counts.lines_covered,
        "lines": counts.lines,
        "branches_covered": counts.branches_covered,
        "branches": counts.branches,
        "branch_data": counts.branch_data,
        **({"files": counts.files} if counts.files is not None else {}),
        "percent": exact,
    }
    value = exact
    if precision is not None:
        shown = display_covered(exact, precision)
        details["precision"] = precision
        details["display"] = shown
        value = float(shown)
    return Reading(value, "%", "coverage", source, dict(options), counts.digest, details)


KIND = Kind(
    name="coverage",
    summary="Total test coverage as coverage.py computes it, from coverage.py JSON, "
    "Cobertura XML or LCOV (told apart by content).",
    options={
        "measure": "total | lines | branches (default: total, lines and branches together)",
        "precision": "round as `coverage report --format=total --precision=N` does "
        "(default: the exact ratio)",
    },
    measure=measure,
)
