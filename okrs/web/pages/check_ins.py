"""Every check-in of a key result, a page at a time, newest first.

The objective page lists a key result's latest few check-ins; this page is where the rest
are read. Four queries whatever the page holds: the count, the page's rows with their
authors, the feedback on them, and the feedback's authors.
"""

from __future__ import annotations

from django.core.paginator import Paginator

from okrs.goals.models import CheckIn, KeyResult
from okrs.web.pages.objective import check_in_view

PER_PAGE = 20


def check_ins_context(key_result: KeyResult, asked: str | None) -> dict[str, object]:
    """The page `asked` for (a number as typed in the query string); a page that is not a
    number shows the first, one past the end the last, as Django's paginator does."""
    entries = (
        CheckIn.objects.filter(key_result=key_result)
        .select_related("author")
        .prefetch_related("feedback__author")
        .order_by("-checked_at", "-id")
    )
    shown = Paginator(entries, PER_PAGE).get_page(asked)
    rows = list(shown.object_list)
    for entry in rows:
        entry.key_result = key_result  # each row shows the unit label; no query per row
    return {
        "key_result": key_result,
        "objective": key_result.objective,
        # Read-only rows: feedback is given on the objective page, where a form posted
        # without JavaScript comes back to.
        "check_ins": [check_in_view(entry, can_give_feedback=False) for entry in rows],
        "page": shown,
    }
