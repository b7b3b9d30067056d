"""`junit`: pass rate, test count, failures and duration from JUnit XML.

The report is made here by the real `pytest --junitxml` on `tests/metrics/sample_package`,
whose seven checks are: 4 pass, 1 fails, 1 errors (in a fixture), 1 is skipped.
"""

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.registry import measure

runner = CliRunner()
SAMPLE = Path(__file__).parent / "sample_package"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("junit")
    shutil.copytree(SAMPLE / "sample", folder / "sample", ignore=shutil.ignore_patterns("__py*"))
    shutil.copy(SAMPLE / "sample_checks.py", folder)
    (folder / "pytest.ini").write_text("[pytest]\n")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "COVERAGE_", "PYTEST_"))
    }
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "sample_checks.py",
            "--junitxml=junit.xml",
        ],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # pytest's own summary: what a user reads and checks the figures against
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed, 4 passed, 1 skipped, 1 error" in done.stdout, done.stdout
    return folder / "junit.xml"


def suite_attributes(path: Path) -> dict[str, str]:
    suite = ET.parse(path).getroot().find("testsuite")
    assert suite is not None
    return dict(suite.attrib)


def test_it_reads_pytests_junitxml(report):
    attributes = suite_attributes(report)
    assert ET.parse(report).getroot().tag == "testsuites"
    assert (attributes["tests"], attributes["failures"], attributes["errors"]) == ("7", "1", "1")
    assert attributes["skipped"] == "1"
    # pass rate = 100 × (7 − 1 − 1 − 1) / (7 − 1) = 100 × 4 / 6 = 66.67 %
    rate = measure("junit", str(report))
    assert rate.value == pytest.approx(200 / 3)
    assert rate.unit == "%"
    assert rate.details["passed"] == 4
    assert measure("junit", str(report), {"measure": "tests"}).value == 7
    # the failing check and the erroring one
    assert measure("junit", str(report), {"measure": "failures"}).value == 2
    duration = measure("junit", str(report), {"measure": "duration"})
    assert duration.value == float(attributes["time"])
    assert duration.unit == "s"


def test_a_single_testsuite_root_gives_the_same_figures(report, tmp_path):
    # older pytest (before 5.1) and Ant write <testsuite> as the root
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    single = tmp_path / "single.xml"
    ET.ElementTree(suite).write(single, encoding="utf-8", xml_declaration=True)
    assert ET.parse(single).getroot().tag == "testsuite"
    for which in ("pass-rate", "tests", "failures", "duration"):
        expected = measure("junit", str(report), {"measure": which}).value
        assert measure("junit", str(single), {"measure": which}).value == expected


def test_it_adds_up_several_suites_and_counts_nested_ones_once(report, tmp_path):
    suite = ET.tostring(ET.parse(report).getroot().find("testsuite"), encoding="unicode")
    both = tmp_path / "two-suites.xml"
    both.write_text(f"<testsuites>{suite}{suite}</testsuites>")
    assert measure("junit", str(both), {"measure": "tests"}).value == 14
    assert measure("junit", str(both)).value == pytest.approx(100 * 8 / 12)
    # a suite holding suites (as Jest and some Surefire setups write) is not counted twice
    nested = tmp_path / "nested.xml"
    nested.write_text(
        '<testsuites><testsuite name="all" tests="14" failures="2" errors="2" skipped="2">'
        f"{suite}{suite}</testsuite></testsuites>"
    )
    result = measure("junit", str(nested), {"measure": "tests"})
    assert result.value == 14
    assert result.details["suites"] == 2


def test_a_suite_without_counts_has_its_cases_counted(tmp_path):
    path = tmp_path / "cases.xml"
    path.write_text(
        '<testsuite name="hand">'
        '<testcase name="a" time="0.5"/>'
        '<testcase name="b" time="0.25"><failure message="no"/></testcase>'
        '<testcase name="c" time="0.125"><skipped/></testcase>'
        '<testcase name="d" time="1"><error message="boom"/></testcase>'
        '<testcase name="e" time="0"/>'
        "</testsuite>"
    )
    # 5 cases: 2 pass, 1 fails, 1 errors, 1 skipped → 100 × 2 / 4 = 50 %
    assert measure("junit", str(path)).value == 50
    assert measure("junit", str(path), {"measure": "failures"}).value == 2
    # no suite time: the sum of the cases' times, 0.5 + 0.25 + 0.125 + 1 + 0
    assert measure("junit", str(path), {"measure": "duration"}).value == 1.875


def cli(path: Path, *options: str):
    return runner.invoke(
        app, ["metric", "junit", str(path), *[a for o in options for a in ("--opt", o)]]
    )


def bad(tmp_path: Path, name: str, content: bytes, *options: str) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    result = cli(path, *options)
    assert result.exit_code == 2, result.output
    assert str(path) in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    return result.output


def test_a_truncated_report_names_the_line(report, tmp_path):
    content = report.read_bytes()
    output = bad(tmp_path, "truncated.xml", content[: len(content) * 2 // 3])
    assert "is not well-formed XML:" in output
    assert ": line " in output


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.xml", b"", "is empty"),
        ("binary.xml", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "is a binary file"),
        (
            "coverage.xml",
            b'<?xml version="1.0" ?><coverage lines-valid="1" lines-covered="1"/>',
            "is Cobertura coverage XML (<coverage>), not JUnit XML",
        ),
        (
            "coverage.lcov",
            b"SF:a.py\nDA:1,1\nend_of_record\n",
            "is not XML (it starts with a text of 16 characters), not a JUnit report",
        ),
        ("page.xml", b"<html><body/></html>", "root <html>, not JUnit"),
        ("none.xml", b"<testsuites></testsuites>", "has no <testsuite> element"),
        (
            "count.xml",
            b'<testsuites><testsuite name="s" tests="seven"/></testsuites>',
            "testsuite 1 tests=a text of 5 characters is not a number",
        ),
        (
            "time.xml",
            b'<testsuite name="s" tests="1" time="soon"/>',
            "testsuite 1 time=a text of 4 characters is not a number of seconds",
        ),
        (
            "too-many.xml",
            b'<testsuite name="s" tests="2" failures="2" errors="1"/>',
            "testsuite 1: failures 2 + errors 1 + skipped 0 exceed tests 2",
        ),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(tmp_path, name, content, problem):
    assert problem in bad(tmp_path, name, content)


def test_a_run_where_every_test_was_skipped_has_no_pass_rate(tmp_path):
    content = b'<testsuite name="s" tests="3" skipped="3"/>'
    assert "no test ran (3 tests, 3 skipped)" in bad(tmp_path, "skipped.xml", content)
    path = tmp_path / "skipped.xml"
    assert measure("junit", str(path), {"measure": "tests"}).value == 3
