"""A team's objective in a real browser: find it, check in without a reload, give feedback."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import shoot, sign_in

OBJECTIVE = "The web app loads fast on a mid-range phone"
KEY_RESULT = "LCP p75 on the dashboard (mobile)"


def open_objective_from_home(page, site):
    sign_in(page, site)
    team = page.locator("summary").filter(has_text="Web App")
    team.locator(".kind").click()  # unfold the team without following its link
    expect(page.get_by_role("link", name=OBJECTIVE)).to_be_visible()
    team.get_by_role("link", name="Web App").click()
    expect(page.get_by_role("heading", name=re.compile("^Web App"))).to_be_visible()
    expect(page.get_by_role("heading", name="People")).to_be_visible()
    shoot(page, "unit")
    page.get_by_role("link", name=OBJECTIVE).click()
    expect(page.get_by_role("heading", name=OBJECTIVE, level=1)).to_be_visible()
    # The owner links back up to the team's page.
    crumbs = page.get_by_role("navigation", name="Breadcrumbs")
    expect(crumbs.get_by_role("link", name="Web App")).to_be_visible()


def test_a_lead_checks_in_and_gives_feedback_without_a_reload(page, site):
    open_objective_from_home(page, site)
    page.evaluate("window.stillHere = 'yes'")
    kr = page.locator("article.kr").filter(has_text=KEY_RESULT)
    kr_pct = kr.locator(".kr-state .pct")
    objective_pct = page.locator("#objective-summary .pct")
    parent_pct = page.locator("[id^=parent-link-] .pct").first
    before = {"kr": kr_pct.inner_text(), "objective": objective_pct.inner_text()}
    before["parent"] = parent_pct.inner_text()
    assert before["kr"] != "100%"

    kr.get_by_text("Check in on this key result").click()
    kr.get_by_role("textbox", name="Value (ms)").fill("2500")
    kr.get_by_label(re.compile("^Confidence")).fill("9")
    kr.get_by_label("Signal").select_option("insight")
    kr.get_by_role("textbox", name=re.compile("^Note")).fill("AVIF hero images shipped")
    expect(kr.locator(".counter")).to_have_text("24/140")
    kr.get_by_role("button", name="Save check-in").click()

    expect(kr.get_by_role("status")).to_contain_text("Check-in saved")
    expect(kr_pct).to_have_text("100%")
    expect(objective_pct).not_to_have_text(before["objective"])
    expect(parent_pct).not_to_have_text(before["parent"])
    assert page.evaluate("window.stillHere") == "yes"  # no navigation happened

    check_in = kr.locator("li.check-in").first
    expect(check_in).to_contain_text("AVIF hero images shipped")
    check_in.get_by_text("Give feedback").click()
    check_in.get_by_label("consider").check()
    check_in.get_by_label(re.compile("^Note")).fill(
        "Could the settings page get the same treatment?"
    )
    check_in.get_by_role("button", name="Send feedback").click()
    expect(check_in.get_by_role("status")).to_have_text("Feedback sent.")
    expect(check_in.locator(".feedback-consider")).to_contain_text("settings page")
    assert page.evaluate("window.stillHere") == "yes"
    shoot(page, "objective")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    shoot(page, "objective-375")
