"""Building the demo on any day of a quarter, with any seed, never over a real account."""

from __future__ import annotations

from datetime import date
from random import Random

import pytest
from django.contrib.auth.models import User

from okrs.core.checkins import parse_check_in
from okrs.core.errors import InvalidInput
from okrs.demo import DEMO_USERNAME, active, build_demo, demo_loaded, demo_now, notes, previous
from okrs.demo.history import Arc, Window, plan
from okrs.goals.models import CheckIn, Period
from tests.passes import every_pass

pytestmark = pytest.mark.django_db


FIRST_DAY = (date(2025, 1, 1), ("Q1 2025", "Q4 2024"))  # of a quarter and of a year
LAST_DAY = (date(2025, 6, 30), ("Q2 2025", "Q1 2025"))  # of a quarter


# The dates change what is built, not how it is stored: PostgreSQL builds one (tests/passes.py).
@pytest.mark.parametrize(("today", "active"), every_pass([FIRST_DAY, LAST_DAY], [LAST_DAY]))
def test_it_builds_on_the_first_and_last_day_of_a_quarter(today, active):
    organisation = build_demo(today)
    current = organisation.periods.get(state=Period.State.ACTIVE)
    last = organisation.periods.get(state=Period.State.CLOSED)
    assert (current.name, last.name) == active
    assert current.start <= today <= current.end
    assert not last.objectives.filter(final_score__isnull=True).exists()
    assert not CheckIn.objects.filter(checked_at__date__gte=today).exists()
    # On a quarter's first day nobody has checked in yet; by its last, everyone has.
    checked = CheckIn.objects.filter(key_result__objective__period=current).exists()
    assert checked == (today > current.start)


def test_it_never_takes_over_a_real_account_with_a_demo_name():
    User.objects.create_user(DEMO_USERNAME, password="a real secret", is_staff=True)
    with pytest.raises(InvalidInput, match="real account"):
        build_demo(date(2025, 11, 12))
    assert not demo_loaded()
    assert User.objects.get(username=DEMO_USERNAME).check_password("a real secret")


def test_it_keeps_every_note_phrase_short_enough_to_carry_a_value():
    pools = [notes.WHY, notes.MILESTONE_WHY, notes.FLAT, notes.CLOSING, notes.UNBLOCK]
    pools += [notes.CONTINUE, notes.CONSIDER]
    pools += [notes.MILESTONE_DONE, notes.MILESTONE_KEPT, notes.MILESTONE_OPEN]
    for moods in notes.NOTES.values():
        assert set(moods) == {"good", "bad", "insight", "blocker"}
        pools += list(moods.values())
    assert all(len(phrase) <= notes.PHRASE_MAX_LENGTH for pool in pools for phrase in pool)


@pytest.mark.parametrize("seed", range(12))
def test_it_plans_valid_check_ins_for_any_seed(seed):
    # Planning is pure, so many seeds cost little: every note must pass the real validation.
    rng = Random(seed)
    for specs, today in ((active.OBJECTIVES, date(2025, 6, 30)), (previous.OBJECTIVES, None)):
        window = Window(date(2025, 4, 1), date(2025, 6, 30), demo_now(today or date(2025, 8, 1)))
        for spec in specs:
            for key_result in spec.key_results:
                arc = Arc(spec.story, spec.final, blocker=True)
                for planned in plan(key_result, arc, window, rng):
                    parsed = parse_check_in(
                        planned.value, planned.confidence, planned.note, planned.signal
                    )
                    if key_result.direction == "milestone":
                        assert parsed.value in (0, 1)
