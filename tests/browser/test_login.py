"""Logging in and out in a real browser."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import shoot, sign_in


def test_it_logs_in_with_the_demo_login_shown_on_the_login_page(page, site):
    page.goto(f"{site.base}/login/")
    expect(page.get_by_text("okrs-demo")).to_be_visible()
    sign_in(page, site)
    expect(page.get_by_role("heading", name=re.compile("Lumen Software"))).to_be_visible()
    shoot(page, "home")


def test_it_refuses_a_wrong_password_next_to_the_form(page, site):
    page.goto(f"{site.base}/login/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    expect(page.get_by_text(re.compile("username and password didn.t match", re.I))).to_be_visible()
