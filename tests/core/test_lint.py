import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrs.core.lint import KeyResultDraft, activity_verb, count_hints, lint_okr, objective_hints
from okrs.core.progress import Direction


def measured(title: str, start: float = 62, target: float = 75, unit: str = "%") -> KeyResultDraft:
    return KeyResultDraft(title, Direction.INCREASE, start, target, unit_label=unit)


GOOD = [measured("Total test coverage"), measured("Closed bugs with a regression test", 40, 80)]


def test_it_has_nothing_to_say_about_a_well_written_okr():
    assert lint_okr("Our codebase is safe to change", GOOD) == []


@pytest.mark.parametrize(
    ("count", "hinted"), [(0, True), (1, True), (2, False), (3, False), (4, False), (5, True)]
)
def test_it_recommends_two_to_four_key_results(count, hinted):
    hints = count_hints(count)
    assert bool(hints) is hinted
    assert all(hint.field == "key_results" for hint in hints)


@pytest.mark.parametrize(
    ("title", "verb"),
    [
        ("Launch the new onboarding flow", "launch"),
        ("Implement dark mode", "implement"),
        ("Migrate billing to the new PSP", "migrate"),
        ("Set up error tracking", "set up"),
        ("Roll out feature flags", "roll out"),
        ("Work on performance", "work on"),
        ("Release the workflow editor", "release"),
        ("Deploy 3 services through the pipeline", "deploy"),
        ("Help the support team", "help"),
        ("Hold a weekly demo", "hold"),
        # Metric names that open with a verb-like noun are outcomes, not activities.
        ("Release cycle time for search", ""),
        ("Support CSAT", ""),
        ("Test coverage of the web app", ""),
        ("Help-centre CES (1-7)", ""),
        ("Set a record for signups", ""),
        ("Build time under 3 minutes", ""),
        ("Checkout completion", ""),
        ("", ""),
    ],
)
def test_it_spots_key_results_that_read_as_activities(title, verb):
    assert activity_verb(title) == verb


def test_it_points_at_the_key_result_by_position():
    hints = lint_okr("Our codebase is safe to change", [*GOOD, measured("Write more tests")])
    assert [hint.field for hint in hints] == ["key_results.2.title"]
    assert "activity" in hints[0].message


@pytest.mark.parametrize(
    "draft",
    [
        KeyResultDraft("Total test coverage", Direction.INCREASE, None, None, unit_label="%"),
        KeyResultDraft("Total test coverage", Direction.INCREASE, 62, None, unit_label="%"),
        KeyResultDraft("Total test coverage", Direction.DECREASE, 62, 62, unit_label="%"),
        KeyResultDraft("Error budget consumed", Direction.STAY_WITHIN, low=0, unit_label="%"),
    ],
)
def test_it_asks_for_a_number_to_move(draft):
    hints = lint_okr("Our codebase is safe to change", [draft, GOOD[0]])
    assert [hint.field for hint in hints] == ["key_results.0.target"]
    assert "no number" in hints[0].message


def test_it_asks_what_a_figure_counts_when_neither_title_nor_unit_says():
    draft = measured("Happier customers", 3, 4, unit="")
    hints = lint_okr("Customers love us", [draft, GOOD[0]])
    assert [hint.field for hint in hints] == ["key_results.0.unit_label"]
    assert lint_okr("Customers love us", [measured("NPS above 45", 31, 45, unit=""), GOOD[0]]) == []


def test_a_milestone_needs_no_number():
    done = KeyResultDraft("Card payments run on the new PSP", Direction.MILESTONE)
    assert lint_okr("Upgrading takes one minute", [done, GOOD[0]]) == []


@pytest.mark.parametrize(
    ("title", "hinted"),
    [
        ("Keep the lights on", True),
        ("Maintain our uptime", True),
        ("Continue the migration", True),
        ("Coverage from 62% to 75%", True),
        ("LCP 3.4 -> 2.5 s", True),
        ("Reach 40% adoption", True),
        ("Lead time from 3 to 1 days", True),
        ("Customers see their dashboard in under 2.5 s", False),
        ("The web app loads fast on a mid-range phone", False),
        ("Make the codebase safe to change", False),
    ],
)
def test_it_wants_a_qualitative_objective(title, hinted):
    assert bool(objective_hints(title)) is hinted


drafts = st.builds(
    KeyResultDraft,
    st.text(max_size=60),
    st.sampled_from(Direction),
    st.none() | st.floats(allow_nan=False),
    st.none() | st.floats(allow_nan=False),
    st.none() | st.floats(allow_nan=False),
    st.none() | st.floats(allow_nan=False),
    st.text(max_size=5),
)


@given(st.text(max_size=80), st.lists(drafts, max_size=7))
def test_hints_never_fail_and_always_name_a_known_field(title, key_results):
    fields = {"title", "key_results"} | {
        f"key_results.{position}.{name}"
        for position in range(len(key_results))
        for name in ("title", "target", "unit_label")
    }
    for hint in lint_okr(title, key_results):
        assert hint.field in fields
        assert hint.message
