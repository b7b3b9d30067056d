import pytest

from okrs.core.checkins import Signal, parse_check_in
from okrs.core.errors import InvalidInput


def test_it_parses_numbers_from_text():
    check_in = parse_check_in("71.5", "7", " up 2 points ", "insight")
    assert (check_in.value, check_in.confidence, check_in.note) == (71.5, 7, "up 2 points")
    assert check_in.signal is Signal.INSIGHT


@pytest.mark.parametrize("absent", [None, "", "  "])
def test_it_keeps_a_confidence_nobody_gave_absent(absent):
    assert parse_check_in("12", absent).confidence is None


@pytest.mark.parametrize(
    ("value", "confidence", "note", "signal", "fields"),
    [
        ("abc", 5, "", "none", {"value"}),
        ("nan", 5, "", "none", {"value"}),
        (True, 5, "", "none", {"value"}),
        (1, 11, "", "none", {"confidence"}),
        (1, 2.5, "", "none", {"confidence"}),
        (1, 5, "x" * 141, "none", {"note"}),
        (1, 5, "", "panic", {"signal"}),
        ("", "high", "x" * 200, "?", {"value", "confidence", "note", "signal"}),
    ],
)
def test_it_names_every_bad_field(value, confidence, note, signal, fields):
    with pytest.raises(InvalidInput) as raised:
        parse_check_in(value, confidence, note, signal)
    assert set(raised.value.by_field()) == fields


def test_a_note_of_exactly_140_characters_is_fine():
    assert len(parse_check_in(1, 5, "x" * 140).note) == 140
