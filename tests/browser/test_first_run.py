"""Issue 11's acceptance in a real browser, from an empty database: the setup page makes the
organisation, its admin and the quarter; the admin adds a department with two teams and
invites three people, whose mail arrives at the test's SMTP server; each follows the link,
sets a password and lands on their team; the lead writes an objective with three key
results, a member checks in, and the roll-up shows on home."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shoot
from tests.live import LiveOkrs

PASSWORD = "a long passphrase"
PEOPLE = [
    ("lena@acme.test", "Lena Lead", "Web App", "lead"),
    ("max@acme.test", "Max Member", "Web App", "member"),
    ("ora@acme.test", "Ora Other", "Public API", "member"),
]
KEY_RESULTS = [
    ("p75 LCP", "decrease", "4000", "2000", "ms"),
    ("Lighthouse performance score", "increase", "60", "90", "points"),
    ("Pages within their budget", "increase", "0", "20", "pages"),
]


@pytest.fixture
def empty_site(tmp_path, smtp_server):
    """`okrs serve` on an empty SQLite file, mailing through the test's SMTP server."""
    mailbox, port = smtp_server
    live = LiveOkrs(tmp_path, f"sqlite:///{tmp_path / 'okrs.sqlite3'}")
    live.env["OKRS_EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    with live.serving(workers=2):
        yield live, mailbox


def _open_unit(page, base: str, name: str) -> None:
    page.goto(f"{base}/")
    page.locator("a.unit-name", has_text=re.compile(f"^{name}$")).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def _add_below(page, name: str, kind: str) -> None:
    section = page.get_by_role("region", name=re.compile("^New unit below"))
    section.get_by_label("Name", exact=True).fill(name)
    section.get_by_label("Kind").select_option(kind)
    section.get_by_role("button", name="Add unit").click()
    expect(page.get_by_role("status").first).to_contain_text(name)


def _set_up(page, base: str) -> None:
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/setup/")  # an empty server sends its first visitor here
    page.get_by_label("Organisation").fill("Acme Software")
    page.get_by_label("Your name").fill("Ada Admin")
    page.get_by_label("Email").fill("ada@acme.test")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Set up okrs").click()
    expect(page.get_by_role("status").first).to_contain_text("Acme Software is set up")


def _invite(page, base: str, email: str, name: str, team: str, role: str) -> None:
    page.goto(f"{base}/people/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Unit", exact=True).select_option(label=f"· · {team}")
    page.get_by_label("Role in the unit").select_option(role)
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_role("status").first).to_have_text(f"Invitation sent to {email}.")


def _accept(page, link: str, name: str, team: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", name="Join Acme Software")).to_be_visible()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Join Acme Software").click()
    expect(page.get_by_role("heading", level=1, name=team)).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Welcome to Acme Software")


def test_an_organisation_from_an_empty_server_to_its_first_roll_up(browser, empty_site):
    site, mailbox = empty_site
    base = site.base
    admin = browser.new_context().new_page()
    _set_up(admin, base)

    _open_unit(admin, base, "Acme Software")
    admin.get_by_role("link", name="Manage").click()
    _add_below(admin, "Engineering", "department")
    _open_unit(admin, base, "Engineering")
    admin.get_by_role("link", name="Manage").click()
    _add_below(admin, "Web App", "team")
    _add_below(admin, "Public API", "team")

    for email, name, team, role in PEOPLE:
        _invite(admin, base, email, name, team, role)
    people = {}
    for email, name, team, _ in PEOPLE:
        link = mailbox.link(email)
        assert link.startswith(f"{base}/invitations/")
        page = browser.new_context().new_page()
        _accept(page, link, name, team)
        people[email] = page

    lena = people["lena@acme.test"]
    lena.get_by_role("link", name="New objective").click()
    lena.locator("#id_title").fill("Pages feel instant on every device")
    for index, (title, direction, start, target, unit) in enumerate(KEY_RESULTS):
        lena.locator(f"#id_kr-{index}-title").fill(title)
        lena.locator(f"#id_kr-{index}-direction").select_option(direction)
        lena.locator(f"#id_kr-{index}-start").fill(start)
        lena.locator(f"#id_kr-{index}-target").fill(target)
        lena.locator(f"#id_kr-{index}-unit_label").fill(unit)
    lena.get_by_role("button", name="Create objective").click()
    anyway = lena.get_by_role("button", name="Save anyway").first
    heading = lena.get_by_role("heading", level=1, name="Pages feel instant on every device")
    expect(anyway.or_(heading)).to_be_visible()
    if anyway.is_visible():  # lint hints ask for a second look; the lead saves as written
        anyway.click()
    expect(heading).to_be_visible()

    max_ = people["max@acme.test"]
    max_.reload()
    max_.get_by_role("link", name="Pages feel instant on every device").first.click()
    kr = max_.locator("article.kr").filter(has_text="p75 LCP")
    kr.get_by_text("Check in on this key result").click()
    kr.get_by_role("textbox", name="Value (ms)").fill("3000")
    kr.get_by_label(re.compile("^Confidence")).fill("7")
    kr.get_by_role("textbox", name=re.compile("^Note")).fill("Images moved to the CDN")
    kr.get_by_role("button", name="Save check-in").click()
    expect(kr.get_by_role("status")).to_contain_text("Check-in saved")

    admin.goto(f"{base}/")
    web_app = admin.locator("summary", has=admin.locator("a.unit-name", has_text="Web App"))
    expect(web_app.locator(".pct")).to_have_text("17%")  # (0.5 + 0 + 0) / 3
    expect(web_app.locator(".count")).to_have_text("1 public objective")
    shoot(admin, "first-run-home")
