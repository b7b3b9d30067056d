"""Single sign-on end to end: Chromium, `okrs serve` and a real OpenID Connect provider."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import shoot
from tests.live import query
from tests.sso.browser.conftest import ADA, EVE, GRACE, GRACE_LOCAL_PASSWORD


def log_in_at_the_provider(page, site, person):
    page.goto(f"{site.base}/login/")
    page.get_by_role("link", name="Log in with SSO").click()
    expect(page.get_by_role("heading", name="Test provider: sign in")).to_be_visible()
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()


def members(site, email: str) -> list[tuple]:
    return query(
        site.env["DATABASE_URL"],
        "SELECT u.username, u.first_name, u.last_name, o.slug, m.role FROM auth_user u"
        " LEFT JOIN orgs_member m ON m.user_id = u.id"
        " LEFT JOIN orgs_organisation o ON o.id = m.organisation_id"
        f" WHERE u.email = '{email}'",
    )


def test_a_new_person_of_a_known_domain_lands_on_home_in_their_organisation(page, sso_site):
    log_in_at_the_provider(page, sso_site, ADA)
    expect(page).to_have_url(f"{sso_site.base}/")
    expect(page.get_by_role("heading", name="Acme Rockets")).to_be_visible()
    expect(page.locator(".topbar")).to_contain_text("Ada Lovelace")
    assert members(sso_site, ADA.email) == [("ada", "Ada", "Lovelace", "acme", "member")]


def test_a_known_email_logs_in_as_the_existing_account(page, sso_site):
    log_in_at_the_provider(page, sso_site, GRACE)
    expect(page.get_by_role("heading", name="Acme Rockets")).to_be_visible()
    assert members(sso_site, GRACE.email) == [("grace", "", "", "acme", "member")]


def test_a_person_of_another_domain_is_refused_with_a_clear_page(page, sso_site):
    answers = []
    page.on("response", lambda r: r.url.endswith("/sso/refused/") and answers.append(r.status))
    log_in_at_the_provider(page, sso_site, EVE)
    expect(page).to_have_url(f"{sso_site.base}/sso/refused/")
    expect(page.get_by_role("alert")).to_have_text(
        re.compile(r"email domain, other\.test, isn't part of an organisation here")
    )
    expect(page.get_by_text("Ask an admin of your organisation for an invitation")).to_be_visible()
    assert answers == [403]
    shoot(page, "sso-refused")
    assert members(sso_site, EVE.email) == []
    page.goto(f"{sso_site.base}/")
    expect(page).to_have_url(re.compile(r"/login/"))  # not logged in
    logged = query(
        sso_site.env["DATABASE_URL"],
        "SELECT kind, detail FROM audit_securityevent WHERE username = 'eve@other.test'",
    )
    assert logged == [("login_failed", "single sign-on refused: no organisation for other.test")]
    # Not a wrong password: django-axes counts nothing against the address.
    assert query(sso_site.env["DATABASE_URL"], "SELECT count(*) FROM axes_accessattempt") == [(0,)]


def test_with_local_passwords_off_the_form_is_gone_and_a_password_is_refused(page, sso_site):
    page.goto(f"{sso_site.base}/login/")
    expect(page.get_by_role("link", name="Log in with SSO")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_count(0)
    shoot(page, "sso-login")
    # A password POST all the same, with a valid CSRF token: refused, no session.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    form = {"username": "grace", "password": GRACE_LOCAL_PASSWORD, "csrfmiddlewaretoken": token}
    answer = page.request.post(f"{sso_site.base}/login/", form=form, max_redirects=0)
    assert answer.status == 403
    assert "Passwords are turned off here" in answer.text()
    page.goto(f"{sso_site.base}/")
    expect(page).to_have_url(re.compile(r"/login/"))
