"""Writing OKRs in a real browser: from a canvas impact to an objective with key results."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import shoot, sign_in

IMPACT = "Customers trust the numbers on their dashboard"
KEY_RESULTS = [
    ("Dashboard figures matching the warehouse", "increase", "92", "99", "%"),
    ("Support tickets about wrong numbers", "decrease", "30", "5", "tickets"),
    ("CSAT for the dashboard", "increase", "78", "85", "%"),
]


def open_web_app_canvas(page, site):
    sign_in(page, site)
    link = page.locator("a.unit-name", has_text=re.compile(r"^Web App$"))
    path, query = link.get_attribute("href").split("?")
    page.goto(f"{site.base}{path}canvas/?{query}")
    expect(page.get_by_role("heading", name="OKR Canvas: Web App")).to_be_visible()


def fill_key_result(page, index, title, direction, start, target, unit):
    page.locator(f"#id_kr-{index}-title").fill(title)
    page.locator(f"#id_kr-{index}-direction").select_option(direction)
    page.locator(f"#id_kr-{index}-start").fill(start)
    page.locator(f"#id_kr-{index}-target").fill(target)
    page.locator(f"#id_kr-{index}-unit_label").fill(unit)


def test_it_drafts_an_objective_from_a_new_canvas_impact(page, site):
    open_web_app_canvas(page, site)
    page.get_by_text("Edit the canvas").click()
    impacts = page.get_by_role("textbox", name="Impact we can achieve")
    impacts.fill(f"{impacts.input_value()}\n{IMPACT}")
    page.get_by_role("button", name="Save the canvas").click()
    expect(page.locator(".impact-text", has_text=IMPACT)).to_be_visible()

    impact = page.locator("ul.impacts > li", has_text=IMPACT)
    impact.get_by_role("link", name=re.compile("^Draft an objective from this impact")).click()
    expect(page.locator("#id_title")).to_have_value(IMPACT)
    expect(page.locator("#id_owner")).to_have_value(re.compile(r"^unit:"))
    page.get_by_role("button", name="Add a key result row").click()
    expect(page.locator("#id_kr-5-title")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value(IMPACT)
    hints = page.locator("#objective-hints")
    fill_key_result(page, 0, *KEY_RESULTS[0])
    page.locator("#id_description").focus()  # leaving a field asks for fresh hints
    expect(hints).to_contain_text("has one key result")
    for index, key_result in enumerate(KEY_RESULTS[1:], start=1):
        fill_key_result(page, index, *key_result)
    page.locator("#id_description").focus()
    expect(hints).not_to_contain_text("key result")
    shoot(page, "editor")
    page.get_by_role("button", name="Create objective").click()

    expect(page.get_by_role("heading", level=1, name=IMPACT)).to_be_visible()
    for title, *_ in KEY_RESULTS:
        expect(page.get_by_text(title, exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Edit objective"))).to_be_visible()
    shoot(page, "written-objective")
    page.get_by_role("link", name=re.compile("canvas", re.I)).first.click()
    drafted = page.get_by_role("list", name="Objectives drafted from this impact")
    expect(drafted.get_by_role("link", name=IMPACT)).to_be_visible()
    shoot(page, "canvas")


def test_it_shows_a_bad_number_next_to_its_field_and_saves_nothing(page, site):
    open_web_app_canvas(page, site)
    page.get_by_role("link", name=re.compile("^Draft an objective")).first.click()
    page.locator("#id_title").fill("Dashboards never show a wrong figure")
    fill_key_result(page, 0, *KEY_RESULTS[0])
    fill_key_result(page, 1, "Support tickets about wrong numbers", "decrease", "30", "few", "")
    page.get_by_role("button", name="Create objective").click()

    target = page.locator("#id_kr-1-target")
    expect(target).to_have_value("few")
    expect(target).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_kr-1-target-error")).to_contain_text("Target must be a number")
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    shoot(page, "editor-error")
    page.set_viewport_size({"width": 375, "height": 800})
    shoot(page, "editor-375")
    page.goto(f"{site.base}/search/?q=wrong+figure")
    expect(page.get_by_text("Dashboards never show a wrong figure")).to_have_count(0)
