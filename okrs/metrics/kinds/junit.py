"""`junit`: test results from JUnit XML (pytest --junitxml, Maven Surefire, Jest, …).

The root is `<testsuites>` (pytest ≥ 5.1, most tools) or a single `<testsuite>` (older
pytest, Ant). Counts come from the innermost `<testsuite>` elements (suites that hold other
suites are not counted twice): their `tests`, `failures`, `errors`, `skipped` and `time`
attributes; a suite without a `tests` attribute has its `<testcase>` children counted
instead (a case with `<failure>`, `<error>` or `<skipped>`).

    pass-rate = 100 × (tests − failures − errors − skipped) / (tests − skipped)
    tests     = tests (skipped ones included, as JUnit counts them)
    failures  = failures + errors (tests that ran and did not pass)
    duration  = Σ suite time, in seconds

The file is streamed through expat callbacks: no element tree, flat memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from okrs.metrics.base import Kind, MetricError, Options, Reading, describe
from okrs.metrics.kinds.coverage.xml import (
    local_name,
    parse,
    read_head,
    root_attributes,
    seconds,
    whole_number,
)

MEASURES = ("pass-rate", "tests", "failures", "duration")
OUTCOMES = ("failure", "error", "skipped")


@dataclass
class Suite:
    """A `<testsuite>` being read: its own attributes and what its cases add up to."""

    name: str
    attributes: dict[str, str]
    cases: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    case_time: float = 0.0
    has_suites: bool = False


@dataclass
class Totals:
    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0
    duration: float = 0.0
    suites: int = 0

    def add(self, source: str, suite: Suite) -> None:
        # By position, not by name: an error never quotes what the source holds.
        where = f"testsuite {self.suites + 1}"
        attributes = suite.attributes
        if "tests" in attributes:
            tests = whole_number(source, f"{where} tests", attributes["tests"])
            failures = whole_number(source, f"{where} failures", attributes.get("failures", "0"))
            errors = whole_number(source, f"{where} errors", attributes.get("errors", "0"))
            # "skipped" as pytest and Surefire write it; the Ant schema's "disabled" is not read
            skipped = whole_number(source, f"{where} skipped", attributes.get("skipped", "0"))
        else:
            tests, skipped = suite.cases, suite.outcomes["skipped"]
            failures, errors = suite.outcomes["failure"], suite.outcomes["error"]
        if failures + errors + skipped > tests:
            raise MetricError(
                source,
                f"{where}: failures {failures} + errors {errors} + skipped {skipped} "
                f"exceed tests {tests}",
            )
        duration = (
            seconds(source, f"{where} time", attributes["time"])
            if "time" in attributes
            else suite.case_time
        )
        self.tests += tests
        self.failures += failures
        self.errors += errors
        self.skipped += skipped
        self.duration += duration
        self.suites += 1


class _Reader:
    """Parser target: suites on a stack, each case's outcome elements noted as they start."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.totals = Totals()
        self.stack: list[Suite] = []
        self.case: dict[str, str] | None = None
        self.found: set[str] = set()

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = local_name(tag)
        if name == "testsuite":
            if self.stack:
                self.stack[-1].has_suites = True
            self.stack.append(Suite(attrib.get("name", "?"), dict(attrib)))
        elif name == "testcase":
            self.case, self.found = dict(attrib), set()
        elif name in OUTCOMES and self.case is not None:
            self.found.add(name)

    def end(self, tag: str) -> None:
        name = local_name(tag)
        if name == "testcase" and self.case is not None:
            if self.stack:
                suite = self.stack[-1]
                suite.cases += 1
                for outcome in OUTCOMES:
                    suite.outcomes[outcome] += outcome in self.found
                where = f"testcase {self.case.get('name', '?')!r} time"
                suite.case_time += seconds(self.source, where, self.case.get("time"))
            self.case = None
        elif name == "testsuite" and self.stack:
            suite = self.stack.pop()
            if not suite.has_suites:
                self.totals.add(self.source, suite)


def read_totals(source: str) -> tuple[Totals, str]:
    head = read_head(source).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        start = head[:16].decode("utf-8", "replace")
        raise MetricError(
            source, f"is not XML (it starts with {describe(start)}), not a JUnit report"
        )
    tag, _ = root_attributes(source, head)
    if tag == "coverage":
        raise MetricError(source, "is Cobertura coverage XML (<coverage>), not JUnit XML")
    if tag not in ("testsuites", "testsuite"):
        raise MetricError(source, f"is XML with root <{tag}>, not JUnit <testsuites>/<testsuite>")
    reader = _Reader(source)
    digest = parse(source, reader)
    if reader.totals.suites == 0:
        raise MetricError(source, "has no <testsuite> element")
    return reader.totals, digest


def measure(source: str, options: Options) -> Reading:
    which = options.choice("measure", MEASURES, "pass-rate")
    totals, digest = read_totals(source)
    passed = totals.tests - totals.failures - totals.errors - totals.skipped
    ran = totals.tests - totals.skipped
    details: dict[str, object] = {
        "measure": which,
        "tests": totals.tests,
        "passed": passed,
        "failures": totals.failures,
        "errors": totals.errors,
        "skipped": totals.skipped,
        "duration_s": totals.duration,
        "suites": totals.suites,
    }
    if which == "pass-rate":
        if ran == 0:
            raise MetricError(
                source, f"no test ran ({totals.tests} tests, {totals.skipped} skipped)"
            )
        value, unit = 100.0 * passed / ran, "%"
        details["formula"] = "100 × (tests − failures − errors − skipped) / (tests − skipped)"
    elif which == "tests":
        value, unit = float(totals.tests), "tests"
    elif which == "failures":
        value, unit = float(totals.failures + totals.errors), "tests"
        details["formula"] = "failures + errors"
    else:
        value, unit = totals.duration, "s"
        details["formula"] = "Σ testsuite time"
    return Reading(value, unit, "junit", source, dict(options), digest, details)


KIND = Kind(
    name="junit",
    summary="Test results from JUnit XML: pass rate, test count, failures, duration.",
    options={
        "measure": "pass-rate | tests | failures (failures + errors) | duration (seconds) "
        "(default: pass-rate)",
    },
    measure=measure,
)
