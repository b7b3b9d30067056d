"""The periods page in Chromium: the demo's admin creates the offered quarter, activates
it after reading what happens, and gives it a focus area."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import shoot, sign_in


def test_an_admin_creates_activates_and_themes_the_next_quarter(page, site):
    sign_in(page, site)
    page.get_by_role("link", name="Periods and focus areas").click()
    expect(page.get_by_role("heading", name="Periods", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile("^Active — the current period")).first).to_be_visible()
    create = page.locator("#new-period")
    name = create.get_by_label("Name").input_value()
    assert re.fullmatch(r"Q[1-4] \d{4}", name), name
    create.get_by_role("button", name="Create the draft period").click()
    expect(page.get_by_role("status").filter(has_text=f"Created {name} as a draft")).to_be_visible()
    card = page.locator("section.period-admin").filter(has=page.get_by_role("heading", name=name))
    expect(card.get_by_text(re.compile("^Draft — objectives can be written"))).to_be_visible()

    card.get_by_role("link", name=f"Activate {name}…").click()
    expect(page.get_by_text(re.compile("stays? active: several periods may run"))).to_be_visible()
    page.get_by_role("button", name=f"Activate {name}").click()
    expect(page.get_by_role("status").filter(has_text=f"{name} is active")).to_be_visible()

    card.get_by_text(f"Add a focus area to {name}").click()
    card.get_by_label("Title").last.fill("Reliability")
    card.get_by_role("button", name="Add focus area").click()
    expect(card.get_by_role("link", name="Reliability")).to_be_visible()
    expect(card.get_by_text(re.compile("^Active — the current period"))).to_be_visible()
    shoot(page, "periods")
