"""`coverage`: coverage.py's own total, from the three formats coverage.py writes.

The reports are made here by the real coverage.py on `tests/metrics/sample_package`, and the
reference is what `coverage report --format=total` prints. The `data/coverage/` files cover
what coverage.py never writes (LCOV records to merge, Cobertura without root counts) and keep
the parsers tested where coverage.py is not installed.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.kinds.coverage import display_covered
from okrs.metrics.registry import measure
from tests.metrics.bad_input import one_line_error

runner = CliRunner()
HERE = Path(__file__).parent
SAMPLE = HERE / "sample_package"
DATA = HERE / "data" / "coverage"
FORMATS = ("json", "xml", "lcov")


def child_env() -> dict[str, str]:
    """The child pytest must not inherit this suite's Django settings or coverage hooks."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "COVERAGE_", "PYTEST_"))
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # the sample needs no plugin; loading this venv's (schemathesis, hypothesis, django)
    # under the tracer costs 10 s
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return env


def copy_sample(folder: Path) -> Path:
    shutil.copytree(SAMPLE / "sample", folder / "sample", ignore=shutil.ignore_patterns("__py*"))
    shutil.copy(SAMPLE / "sample_checks.py", folder)
    (folder / "pytest.ini").write_text("[pytest]\n")
    return folder


# Runs coverage.py's command line (`coverage.cmdline.main`, what the `coverage` script calls)
# once per argument list, in one process to save interpreter start-ups; prints a JSON list of
# [exit status, stdout] pairs.
CLI = """
import contextlib, io, json, sys
from coverage.cmdline import main
answers = []
for args in json.loads(sys.argv[1]):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(args)
    answers.append([status, out.getvalue().strip()])
print(json.dumps(answers))
"""


def run_sample(folder: Path, branch: bool) -> dict[str, object]:
    """Run the sample's checks under coverage.py; write the three reports and the references."""
    pytest.importorskip("coverage", reason="coverage.py is not installed in this environment")
    copy_sample(folder)
    checks = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "sample_checks.py"]
    run = [sys.executable, "-m", "coverage", "run", *(["--branch"] if branch else [])]
    done = subprocess.run(
        [*run, "--source=sample", *checks],
        cwd=folder,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    # the sample's checks fail and error on purpose: pytest exits 1
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed, 4 passed, 1 skipped, 1 error" in done.stdout, done.stdout
    reports = {
        "json": folder / "coverage.json",
        "xml": folder / "coverage.xml",
        "lcov": folder / "coverage.lcov",
    }
    precisions = (0, 2, 4)
    commands = [[name, "-q", "-o", str(path)] for name, path in reports.items()]
    commands += [["report", "--format=total", f"--precision={p}"] for p in precisions]
    done = subprocess.run(
        [sys.executable, "-c", CLI, json.dumps(commands)],
        cwd=folder,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout)
    assert [status for status, _ in answers] == [0] * len(commands), answers
    totals = {p: printed for p, (_, printed) in zip(precisions, answers[3:], strict=True)}
    return {"reports": reports, "totals": totals, "json": json.loads(reports["json"].read_text())}


@pytest.fixture(scope="module")
def branch_run(tmp_path_factory):
    return run_sample(tmp_path_factory.mktemp("branch"), branch=True)


@pytest.fixture(scope="module")
def line_run(tmp_path_factory):
    return run_sample(tmp_path_factory.mktemp("lines"), branch=False)


def cli(*args: str):
    return runner.invoke(app, ["metric", "coverage", *args])


# What coverage.py prints -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_equals_coverage_report_format_total_at_its_precision(branch_run, fmt):
    path = str(branch_run["reports"][fmt])
    for precision, printed in branch_run["totals"].items():
        # e.g. 33 statements (23 run) and 20 branches (12 taken): 100 × 35 / 53 = 66.0377…
        # printed "66" at precision 0, "66.04" at 2, "66.0377" at 4
        value = measure("coverage", path, {"precision": str(precision)}).value
        assert value == float(printed), (fmt, precision)
        assert display_covered(value, precision) == printed


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_gives_the_exact_ratio_of_coverage_json_from_every_format(branch_run, fmt):
    totals = branch_run["json"]["totals"]
    result = measure("coverage", str(branch_run["reports"][fmt]))
    # counts, not rates: Cobertura's line-rate="0.697" and LCOV carry no percentage at all,
    # yet the counts give coverage.py's float bit for bit
    assert result.value == totals["percent_covered"]
    assert result.details["lines_covered"] == totals["covered_lines"]
    assert result.details["lines"] == totals["num_statements"]
    assert result.details["branches_covered"] == totals["covered_branches"]
    assert result.details["branches"] == totals["num_branches"]
    assert result.unit == "%"
    lines = measure("coverage", str(branch_run["reports"][fmt]), {"measure": "lines"})
    assert lines.value == totals["percent_statements_covered"]
    branches = measure("coverage", str(branch_run["reports"][fmt]), {"measure": "branches"})
    assert branches.value == totals["percent_branches_covered"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_equals_the_total_of_a_run_without_branches(line_run, fmt):
    path = str(line_run["reports"][fmt])
    assert measure("coverage", path, {"precision": "2"}).value == float(line_run["totals"][2])
    assert measure("coverage", path).value == line_run["json"]["totals"]["percent_covered"]
    result = cli(path, "--opt", "measure=branches")
    assert result.exit_code == 2
    assert "has no branch data (run coverage with --branch)" in result.output


def test_it_tells_the_format_from_the_content_not_the_name(branch_run, tmp_path):
    expected = branch_run["json"]["totals"]["percent_covered"]
    for fmt, misleading in (("xml", "report.json"), ("lcov", "coverage.xml"), ("json", "a.info")):
        path = tmp_path / misleading
        shutil.copy(branch_run["reports"][fmt], path)
        result = measure("coverage", str(path))
        assert result.value == expected
        assert (
            result.details["format"]
            == {
                "xml": "Cobertura XML",
                "lcov": "LCOV",
                "json": "coverage.py JSON",
            }[fmt]
        )


def test_the_cli_prints_json_with_the_digest_of_the_report(branch_run):
    path = branch_run["reports"]["xml"]
    result = cli(str(path), "--opt", "precision=2", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["value"] == float(branch_run["totals"][2])
    assert data["details"]["display"] == branch_run["totals"][2]
    assert data["digest"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


# Rounding as coverage.py rounds ----------------------------------------------------------


def lcov(tmp_path: Path, found: int, hit: int) -> str:
    path = tmp_path / f"{hit}-of-{found}.info"
    path.write_text(f"TN:\nSF:a.py\nLF:{found}\nLH:{hit}\nend_of_record\n")
    return str(path)


@pytest.mark.parametrize(
    ("found", "hit", "precision", "shown"),
    [
        (10000, 9999, 0, "99"),  # 99.99 %: never rounded up to 100
        (10000, 9999, 2, "99.99"),
        (100000, 99999, 2, "99.99"),  # 99.999 %: still not 100.00
        (10000, 1, 0, "1"),  # 0.01 %: never rounded down to 0
        (3, 2, 0, "67"),  # 66.67
        (8, 1, 1, "12.5"),
        (8, 5, 0, "62"),  # 62.5: round-half-even, like coverage.py (round())
        (4, 4, 0, "100"),
        (4, 0, 0, "0"),
        (0, 0, 0, "100"),  # no statements is 100 %, as coverage.py says
    ],
)
def test_it_rounds_as_coverage_display_covered(tmp_path, found, hit, precision, shown):
    result = measure("coverage", lcov(tmp_path, found, hit), {"precision": str(precision)})
    assert result.details["display"] == shown
    assert result.value == float(shown)


def test_its_rounding_matches_coverage_py_itself():
    results = pytest.importorskip("coverage.results")
    for numerator in range(0, 1001):
        pc = 100.0 * numerator / 1000
        for precision in (0, 1, 2):
            assert display_covered(pc, precision) == results.display_covered(pc, precision)


# Inputs coverage.py does not write ---------------------------------------------------------


def test_it_merges_lcov_records_that_share_a_source_file():
    # gcov + lcov 1.16, two tests of grade.c; `lcov --summary` says
    # lines 10 of 13, branches 6 of 10 → total 100 × 16 / 23 = 69.565…
    result = measure("coverage", str(DATA / "two-tests.info"))
    assert (result.details["lines_covered"], result.details["lines"]) == (10, 13)
    assert (result.details["branches_covered"], result.details["branches"]) == (6, 10)
    assert result.value == 100.0 * 16 / 23
    assert measure("coverage", str(DATA / "two-tests.info"), {"measure": "lines"}).value == (
        100.0 * 10 / 13
    )
    assert result.details["files"] == 1


def test_it_merges_only_the_files_that_repeat(tmp_path):
    path = tmp_path / "mixed.info"
    path.write_text(
        "SF:a.py\nLF:4\nLH:3\nend_of_record\n"
        "TN:t1\nSF:b.py\nDA:1,1\nDA:2,0\nDA:3,0\nLF:3\nLH:1\nend_of_record\n"
        "TN:t2\nSF:b.py\nDA:1,0\nDA:2,4\nDA:3,0\nLF:3\nLH:1\nend_of_record\n"
    )
    # a.py as it says: 3 of 4; b.py merged: lines 1 and 2 hit, of 3 (not 2 of 6) → 5 of 7
    result = measure("coverage", str(path), {"measure": "lines"})
    assert (result.details["lines_covered"], result.details["lines"]) == (5, 7)
    assert result.value == 100.0 * 5 / 7


def test_it_counts_class_lines_when_cobertura_has_no_root_counts():
    # 5 class-level lines, 3 hit; 1 of 2 branches (the <method> lines repeat them: not counted)
    result = measure("coverage", str(DATA / "no-root-counts.xml"))
    assert (result.details["lines_covered"], result.details["lines"]) == (3, 5)
    assert (result.details["branches_covered"], result.details["branches"]) == (1, 2)
    assert result.value == 100.0 * 4 / 7


def cobertura_without_counts(*lines: str) -> bytes:
    body = "".join(f"<line {attributes}/>" for attributes in lines)
    return (
        '<coverage line-rate="0.5"><packages><package name="p"><classes>'
        f'<class name="a" filename="pkg/a.py"><methods/><lines>{body}</lines></class>'
        "</classes></package></packages></coverage>"
    ).encode()


def test_counted_lines_read_hits_as_whole_numbers(tmp_path):
    # hits "0" and "00" are missed; "1.0" (some writers) and "12" are hit: 2 of 4
    path = tmp_path / "coverage.xml"
    path.write_bytes(
        cobertura_without_counts(
            'number="1" hits="0"',
            'number="2" hits="00"',
            'number="3" hits="1.0"',
            'number="4" hits="12"',
        )
    )
    result = measure("coverage", str(path), {"measure": "lines"})
    assert (result.details["lines_covered"], result.details["lines"]) == (2, 4)
    assert result.value == 50


@pytest.mark.parametrize(
    ("hits", "problem"),
    [
        ("-1", "line 7 of pkg/a.py: hits=a text of 2 characters is negative"),
        ("lots", "line 7 of pkg/a.py: hits=a text of 4 characters is not a number"),
    ],
)
def test_a_counted_line_with_bad_hits_is_named(tmp_path, hits, problem):
    content = cobertura_without_counts('number="3" hits="1"', f'number="7" hits="{hits}"')
    assert problem in bad(tmp_path, "coverage.xml", content)


@pytest.mark.parametrize("name", ["sample.json", "sample.xml", "sample.lcov"])
def test_it_reads_the_checked_in_coverage_py_reports(name):
    reference = json.loads((DATA / "sample-reference.json").read_text())
    for precision, printed in reference["total"].items():
        value = measure("coverage", str(DATA / name), {"precision": precision}).value
        assert value == float(printed)
    assert measure("coverage", str(DATA / name)).value == 100.0 * 35 / 53


# Bad input ----------------------------------------------------------------------------------


def bad(tmp_path: Path, name: str, content: bytes, *options: str) -> str:
    return one_line_error(tmp_path, "coverage", name, content, *options)


def test_a_truncated_cobertura_file_is_named_with_the_line(tmp_path):
    content = (DATA / "sample.xml").read_bytes()
    output = bad(tmp_path, "truncated.xml", content[: len(content) // 2])
    # cut inside a tag: "unclosed token: line 28, column 6"
    assert re.search(r"is not well-formed XML: [a-z ]+: line \d+, column \d+$", output.strip())


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.xml", b"", "is empty"),
        ("blank.info", b"\n  \n", "is empty"),
        ("binary.xml", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "is a binary file"),
        (
            "junit.xml",
            b'<?xml version="1.0"?><testsuites><testsuite tests="1"/></testsuites>',
            "is JUnit XML (<testsuites>), not a coverage report",
        ),
        ("page.html", b"<html><body>hi</body></html>", "root <html>, not Cobertura"),
        (
            "lighthouse.json",
            b'{"lighthouseVersion": "12.2.3", "audits": {}}',
            "is JSON but not a coverage.py report: no 'totals' (an object of 2 members)",
        ),
        ("no-statements.json", b'{"totals": {"covered_lines": 3}}', "totals.num_statements"),
        ("broken.json", b'{"totals": {', "is not valid JSON"),
        ("table.csv", b"date,value\n2026-10-01,3\n", "line 1 is not an LCOV record"),
        ("cut.info", b"SF:a.py\nDA:1,1\nDA:2,0\n", "ends inside the record for a.py"),
        (
            "odd.info",
            b"SF:a.py\nDA:1,many\nend_of_record\n",
            "line 2: DA count a text of 4 characters is not a count",
        ),
        (
            "summaries.info",
            b"SF:a.py\nLF:2\nLH:1\nend_of_record\nSF:a.py\nLF:2\nLH:2\nend_of_record\n",
            "a.py has 2 records but no DA lines to merge them by",
        ),
        (
            "lying.info",
            b"SF:a.py\nLF:2\nLH:3\nend_of_record\n",
            "record for a.py: LH 3 > LF 2",
        ),
        (
            "counts.xml",
            b'<coverage lines-valid="ten" lines-covered="1" branches-valid="0" '
            b'branches-covered="0"><packages/></coverage>',
            "root attribute lines-valid=a text of 3 characters is not a number",
        ),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(tmp_path, name, content, problem):
    assert problem in bad(tmp_path, name, content)


def test_a_missing_file_and_a_bad_option_are_one_line(tmp_path):
    result = cli(str(tmp_path / "nope.xml"))
    assert result.exit_code == 2
    assert "nope.xml: no such file" in result.output
    output = bad(tmp_path, "a.info", b"SF:a.py\nLF:1\nLH:1\nend_of_record\n", "measure=statements")
    assert "option measure='statements': use one of total, lines, branches" in output
