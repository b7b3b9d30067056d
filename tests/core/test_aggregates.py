from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from okrs.core.aggregates import MICRO, Contribution, Tally, contribution, mean_progress, moved

HEALTHS = ["pending", "on_track", "at_risk", "off_track", "outdated", "closed"]
START = datetime(2026, 1, 1, tzinfo=UTC)

times = st.one_of(st.none(), st.integers(0, 1000).map(lambda h: START + timedelta(hours=h)))
contributions = st.builds(Contribution, st.integers(0, MICRO), st.sampled_from(HEALTHS), times)


def tally_of(parts):
    tally = Tally()
    for part in parts:
        tally = moved(tally, None, part).tally
    return tally


def test_a_contribution_is_clamped_progress_in_millionths():
    assert contribution(0.25, "on_track", None, private=False) == Contribution(
        250_000, "on_track", None
    )
    assert contribution(1.5, "on_track", None, private=False).progress_micro == MICRO
    assert contribution(None, "pending", None, private=False).progress_micro == 0


def test_a_private_objective_adds_nothing():
    assert contribution(0.5, "on_track", START, private=True) is None


def test_the_mean_of_nothing_is_unknown():
    assert mean_progress(0, 0) is None
    assert mean_progress(2, MICRO) == 0.5


@given(st.lists(contributions, max_size=12))
def test_a_tally_counts_sums_and_counts_health(parts):
    tally = tally_of(parts)
    assert tally.objective_count == len(parts)
    assert tally.progress_total == sum(part.progress_micro for part in parts)
    assert sum(tally.health_counts.values()) == len(parts)
    assert all(n > 0 for n in tally.health_counts.values())
    assert list(tally.health_counts) == sorted(tally.health_counts)
    assert tally.last_check_in_at == max(
        (part.last_check_in_at for part in parts if part.last_check_in_at), default=None
    )


@given(st.lists(contributions, min_size=1, max_size=12), st.data())
def test_taking_a_part_out_equals_never_adding_it(parts, data):
    leaving = data.draw(st.integers(0, len(parts) - 1))
    result = moved(tally_of(parts), parts[leaving], None)
    rest = tally_of(parts[:leaving] + parts[leaving + 1 :])
    assert result.tally.objective_count == rest.objective_count
    assert result.tally.progress_total == rest.progress_total
    assert result.tally.health_counts == rest.health_counts
    if not result.time_stale:  # otherwise the caller looks the latest time up again
        assert result.tally.last_check_in_at == rest.last_check_in_at


@given(st.lists(contributions, max_size=12), contributions, contributions)
def test_replacing_a_part_equals_adding_the_new_one_instead(parts, old, new):
    result = moved(tally_of([*parts, old]), old, new)
    expected = tally_of([*parts, new])
    assert result.tally.objective_count == expected.objective_count
    assert result.tally.progress_total == expected.progress_total
    assert result.tally.health_counts == expected.health_counts
    if not result.time_stale:
        assert result.tally.last_check_in_at == expected.last_check_in_at


@given(st.lists(contributions, min_size=1, max_size=12))
def test_the_mean_stays_within_the_parts(parts):
    tally = tally_of(parts)
    progress = mean_progress(tally.objective_count, tally.progress_total)
    assert min(p.progress_micro for p in parts) / MICRO <= progress
    assert progress <= max(p.progress_micro for p in parts) / MICRO
