"""Checks of the sample package: they pass, fail, error and skip on purpose.

The name does not match `test_*.py`, so the okrs suite never collects this file; the metric
tests copy it to a temporary folder and run it by name under coverage.py with --junitxml.
"""

import pytest
from sample.grades import grade, progress
from sample.rollup import average


def test_green():
    assert grade(0.8) == "green"


def test_yellow():
    assert grade(0.5) == "yellow"


def test_progress():
    assert progress(0, 5, 10) == 0.5


def test_average():
    assert average([0.5, 1.5]) == 0.75


def test_failing_on_purpose():
    assert grade(0.1) == "green"  # it is "red": this check fails


@pytest.fixture
def broken_fixture():
    raise RuntimeError("this fixture errors on purpose")


def test_erroring_on_purpose(broken_fixture):
    assert broken_fixture


@pytest.mark.skip(reason="skipped on purpose")
def test_skipped_on_purpose():
    assert grade(2) == "red"
