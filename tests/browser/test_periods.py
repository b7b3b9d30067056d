"""Closing the demo's active quarter with scores, then cloning objectives into the next one.

Closing changes every page of the demo, so these tests keep to their own module (and so to
their own copy of the demo database); they run in order.
"""

import re

from playwright.sync_api import expect

from tests.browser.conftest import shoot, sign_in

COMMITTED = "Our codebase is safe to change"
ASPIRATIONAL = "The product feels instant on every device"


def test_it_closes_the_period_with_scores_and_reasons(page, site):
    sign_in(page, site)
    page.get_by_role("link", name="Close this period with scores").click()
    form = page.locator("form.close-form")
    committed = form.locator("fieldset").filter(has=page.get_by_role("link", name=COMMITTED))
    for box in committed.get_by_role("spinbutton").all():
        box.fill("0.3")
    committed.get_by_label(re.compile("Retrospective")).fill("Coverage needs owners")
    page.get_by_role("button", name=re.compile("and close")).click()

    # Committed objectives below 1.0 without a reason: told next to each, nothing closed.
    expect(page.get_by_role("alert").filter(has_text="Nothing was closed")).to_be_visible()
    expect(
        committed.get_by_text("explain why a committed objective ends below 1.0")
    ).to_be_visible()
    expect(committed.get_by_label(re.compile("Retrospective"))).to_have_value(
        "Coverage needs owners"
    )
    expect(committed.get_by_text("0.30", exact=True)).to_be_visible()  # the weighted mean
    shoot(page, "close")
    page.goto(f"{site.base}/")
    expect(page.get_by_role("combobox", name="Period")).to_contain_text("(active)")

    page.go_back()
    for fieldset in form.locator("fieldset.has-errors").all():
        fieldset.get_by_label(re.compile("Reason")).fill("Ran out of quarter")
    committed.get_by_label(re.compile("Reason")).fill("Two teams moved to the billing outage")
    page.get_by_role("button", name=re.compile("and close")).click()

    expect(page.get_by_role("status")).to_contain_text("is closed")
    expect(page.get_by_role("heading", name="Final scores")).to_be_visible()
    page.get_by_role("link", name=COMMITTED).first.click()
    expect(page.get_by_text(re.compile(r"Final score\s+0\.30"))).to_be_visible()
    expect(page.get_by_text("Two teams moved to the billing outage")).to_be_visible()


def test_it_clones_chosen_objectives_into_the_next_quarter(page, site):
    sign_in(page, site)
    page.get_by_role("link", name="Clone objectives into another period").click()
    page.get_by_role("checkbox", name=COMMITTED).check()
    page.get_by_role("checkbox", name=ASPIRATIONAL).check()
    expect(page.get_by_label("Clone into")).to_contain_text("New period: Q")
    page.get_by_role("button", name="Clone chosen objectives").click()

    expect(page.get_by_role("status")).to_contain_text("2 objectives cloned into Q")
    page.get_by_label("Search objectives and key results").fill("codebase safe")
    page.get_by_label("Search objectives and key results").press("Enter")
    results = page.locator("ul.results").first
    expect(results.get_by_role("link", name=COMMITTED)).to_have_count(
        2
    )  # the original and its clone
    # The newest period comes first: the clone, with no check-ins and no score yet.
    results.get_by_role("link", name=COMMITTED).first.click()
    expect(page.get_by_role("heading", name=COMMITTED)).to_be_visible()
    expect(page.locator("ul.check-ins")).to_have_count(0)
    expect(page.get_by_text(re.compile("Final score"))).to_have_count(0)
    expect(page.get_by_role("heading", name="Total test coverage")).to_be_visible()
