"""The login page, the refusal page and the provider's discovery, in process. The tests that
open the login page hold an organisation (`world`): an empty server sends it to setup."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from okrs.config import Oidc
from okrs.sso.discovery import DiscoveryError, endpoints
from tests.live import free_port


def sso_on(settings, issuer: str = "http://127.0.0.1:9/") -> None:
    settings.OIDC = Oidc(
        issuer, f"{issuer}.well-known/openid-configuration", "okrs", "s", {}, "Acme ID"
    )
    settings.SSO_ENABLED = True


def test_the_login_page_offers_the_button_beside_the_password_form(client, settings, world):
    sso_on(settings)
    page = client.get(reverse("login") + "?next=/units/")
    assert b'href="/oidc/authenticate/?next=/units/">Acme ID</a>' in page.content
    assert b'name="password"' in page.content


def test_without_single_sign_on_the_login_page_has_no_button(client, world):
    page = client.get(reverse("login"))
    assert b"/oidc/authenticate/" not in page.content
    assert b'name="password"' in page.content
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def test_the_refusal_page_says_what_to_do(client, world):
    page = client.get(reverse("sso_refused"))
    assert page.status_code == 403
    assert "isn't part of an organisation here" in page.content.decode()
    assert b"Ask an admin of your organisation for an invitation" in page.content


def test_an_unreachable_provider_is_a_clear_503(client, settings, world):
    sso_on(settings, f"http://127.0.0.1:{free_port()}/")
    page = client.get("/oidc/authenticate/")
    assert page.status_code == 503
    assert b"cannot reach the sign-in provider" in page.content


@pytest.fixture
def serving():
    """A loopback server answering one JSON document."""
    document: dict[str, object] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(document).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", document
    server.shutdown()
    server.server_close()


def test_discovery_reads_the_endpoints_of_the_issuer_asked_for(serving):
    base, document = serving
    names = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
    document |= {"issuer": base, **{name: f"{base}/{name}" for name in names}}
    found = endpoints(f"{base}/.well-known/openid-configuration", base)
    assert (found.authorization, found.jwks) == (
        f"{base}/authorization_endpoint",
        f"{base}/jwks_uri",
    )
    with pytest.raises(DiscoveryError, match="does not describe the issuer https://other"):
        endpoints(f"{base}/.well-known/openid-configuration", "https://other")
    del document["token_endpoint"]
    with pytest.raises(DiscoveryError, match="names no token_endpoint"):
        endpoints(f"{base}/x/.well-known/openid-configuration", base)


@pytest.mark.parametrize(
    "query", ["", "?code=x", "?code=x&state=y", "?error=access_denied&state=y", "?state=y&code="]
)
def test_an_odd_callback_goes_back_to_the_login_page_with_a_word(client, settings, world, query):
    sso_on(settings)
    answer = client.get("/oidc/callback/" + query)
    assert (answer.status_code, answer["Location"]) == (302, "/login/")
    assert "The single sign-on did not finish" in client.get("/login/").content.decode()


def test_an_unverified_address_is_told_so(client, world):
    session = client.session
    session["sso_refusal"] = ["grace@acme.test", "unverified"]
    session.save()
    page = client.get(reverse("sso_refused")).content.decode()
    assert "did not confirm that <strong>grace@acme.test</strong> is your address" in page
