"""A key result's value history: its check-ins over time, paged (issue 12, finding 11).

Before, `/key-results/{id}/history` answered with audit entries; the values now have their
own address and the audit keeps its own name (tests/api/test_audit.py)."""

from datetime import UTC, datetime, timedelta

from okrs.audit.services import Author
from okrs.goals.models import CheckIn
from okrs.goals.services import record_check_in

FIRST_DAY = datetime(2026, 10, 1, 9, tzinfo=UTC)


def _check_ins(world, key_result, how_many):
    for day in range(how_many):
        record_check_in(
            key_result,
            3400 - day * 10,
            5 + day % 5,
            f"Day {day}",
            "blocker" if day == 3 else "none",
            checked_at=FIRST_DAY + timedelta(days=day),
            by=Author(world.bob),
        )


def test_it_returns_the_value_history_of_a_key_result(world, okrs, as_user):
    _check_ins(world, okrs.lcp, 25)
    bob = as_user(world.bob)
    first = bob.get(f"/key-results/{okrs.lcp.pk}/check-ins", limit=20)
    assert first.status_code == 200
    assert first.body["count"] == 25
    assert [item["note"] for item in first.body["items"]] == [f"Day {d}" for d in range(20)]
    second = bob.get(f"/key-results/{okrs.lcp.pk}/check-ins", limit=20, offset=20)
    assert [item["value"] for item in second.body["items"]] == [3200, 3190, 3180, 3170, 3160]
    entry = first.body["items"][3]
    assert entry["signal"] == "blocker"
    assert entry["confidence"] == 8
    assert entry["author_id"] == world.bob.pk
    assert entry["checked_at"].startswith("2026-10-04T09:00:00")
    assert entry["source"] == ""


def test_it_lists_the_newest_first_when_asked(world, okrs, as_user):
    _check_ins(world, okrs.lcp, 3)
    newest = as_user(world.bob).get(
        f"/key-results/{okrs.lcp.pk}/check-ins", ordering="-checked_at", limit=1
    )
    assert [item["note"] for item in newest.body["items"]] == ["Day 2"]
    assert newest.body["count"] == 3


def test_it_answers_null_for_a_confidence_nobody_gave(world, okrs, as_user):
    record_check_in(okrs.lcp, 3000, 6, source="ci-lcp", by=Author(world.bob))
    CheckIn.objects.filter(key_result=okrs.lcp).update(confidence=None)  # a machine's value
    items = as_user(world.bob).get(f"/key-results/{okrs.lcp.pk}/check-ins").body["items"]
    assert [(item["confidence"], item["source"]) for item in items] == [(None, "ci-lcp")]


def test_it_shows_the_history_only_to_readers_of_the_key_result(world, okrs, as_user):
    record_check_in(okrs.term_sheet, 0, 4, "Lawyers slow", by=Author(world.carol))
    hidden = as_user(world.bob).get(f"/key-results/{okrs.term_sheet.pk}/check-ins")
    assert hidden.status_code == 404
    assert "Lawyers" not in str(hidden.body)
    shown = as_user(world.carol).get(f"/key-results/{okrs.term_sheet.pk}/check-ins")
    assert [item["note"] for item in shown.body["items"]] == ["Lawyers slow"]
    assert as_user(world.bob).get("/key-results/999999/check-ins").status_code == 404
