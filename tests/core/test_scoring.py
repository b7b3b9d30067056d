import pytest

from okrs.core.scoring import Grade, Kind, grade, meets_expectation, needs_reason, suggested_score


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0.0, Grade.RED),
        (0.3, Grade.RED),
        (0.4, Grade.YELLOW),
        (0.6, Grade.YELLOW),
        (0.7, Grade.GREEN),
        (1.0, Grade.GREEN),
        (0.64, Grade.YELLOW),
        (0.66, Grade.GREEN),
    ],
)
def test_it_grades_with_googles_colour_bands(score, expected):
    assert grade(score) is expected


def test_it_expects_more_of_committed_than_of_aspirational_objectives():
    assert meets_expectation(Kind.ASPIRATIONAL, 0.7)
    assert not meets_expectation(Kind.COMMITTED, 0.7)
    assert needs_reason(Kind.COMMITTED, 0.9)
    assert not needs_reason(Kind.ASPIRATIONAL, 0.3)


def test_it_suggests_the_clamped_progress_as_the_score():
    assert suggested_score(1.4) == 1.0
    assert suggested_score(0.567) == 0.57
    assert suggested_score(None) == 0.0
