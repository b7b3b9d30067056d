"""OKRS_OIDC_* and OKRS_LOCAL_PASSWORDS: read when right, refused by name when wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from okrs.config import ConfigError, env_domains, local_passwords, oidc

CLIENT = {"OKRS_OIDC_CLIENT_ID": "okrs", "OKRS_OIDC_CLIENT_SECRET": "s3cret"}


@pytest.fixture
def env(monkeypatch):
    for name in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET", "DOMAINS", "BUTTON"):
        monkeypatch.delenv(f"OKRS_OIDC_{name}", raising=False)
    monkeypatch.delenv("OKRS_LOCAL_PASSWORDS", raising=False)

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_it_is_off_without_an_issuer_and_a_client_id(env):
    assert oidc() is None
    assert local_passwords(sso=False) is True


def test_it_reads_the_provider_the_client_and_the_domains(env):
    env(OKRS_OIDC_ISSUER="https://id.acme.com/", OKRS_OIDC_DOMAINS="acme.com=acme, @Acme.IO=acme")
    env(**CLIENT)
    found = oidc()
    assert found is not None
    assert found.issuer == "https://id.acme.com"
    assert found.discovery_url == "https://id.acme.com/.well-known/openid-configuration"
    assert (found.client_id, found.client_secret) == ("okrs", "s3cret")
    assert found.domains == {"acme.com": "acme", "acme.io": "acme"}
    assert found.button == "Log in with SSO"


def test_the_issuer_may_be_given_as_its_discovery_document(env):
    env(OKRS_OIDC_ISSUER="https://id.acme.com/realms/x/.well-known/openid-configuration", **CLIENT)
    env(OKRS_OIDC_BUTTON="Log in with Acme ID")
    found = oidc()
    assert found is not None
    assert found.issuer == "https://id.acme.com/realms/x"
    assert found.button == "Log in with Acme ID"


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"OKRS_OIDC_ISSUER": "https://id.acme.com"}, "OKRS_OIDC_CLIENT_ID is not set"),
        ({"OKRS_OIDC_CLIENT_ID": "okrs"}, "OKRS_OIDC_ISSUER is not set"),
        ({"OKRS_OIDC_ISSUER": "id.acme.com", **CLIENT}, "OKRS_OIDC_ISSUER='id.acme.com' is not"),
        (
            {"OKRS_OIDC_ISSUER": "https://id.acme.com", "OKRS_OIDC_CLIENT_ID": "okrs"},
            "OKRS_OIDC_CLIENT_SECRET is not set",
        ),
        (
            {"OKRS_OIDC_ISSUER": "https://id.acme.com", "OKRS_OIDC_DOMAINS": "acme.com", **CLIENT},
            "OKRS_OIDC_DOMAINS: 'acme.com' is not domain=organisation-slug",
        ),
    ],
)
def test_it_names_what_is_wrong(env, values, words):
    env(**values)
    with pytest.raises(ConfigError, match=re.escape(words)):
        oidc()


def test_a_domain_given_to_two_organisations_is_refused(env):
    env(OKRS_OIDC_DOMAINS="acme.com=acme,ACME.com=rival")
    with pytest.raises(ConfigError, match=re.escape("'acme.com' is given to two organisations")):
        env_domains("OKRS_OIDC_DOMAINS")


def test_local_passwords_go_off_only_beside_single_sign_on(env):
    env(OKRS_LOCAL_PASSWORDS="false")
    assert local_passwords(sso=True) is False
    with pytest.raises(ConfigError, match="OKRS_LOCAL_PASSWORDS=false leaves no way to log in"):
        local_passwords(sso=False)
    env(OKRS_LOCAL_PASSWORDS="nope")
    with pytest.raises(ConfigError, match="OKRS_LOCAL_PASSWORDS='nope' is not a boolean"):
        local_passwords(sso=True)


def test_every_single_sign_on_variable_is_in_the_readmes_configuration_table():
    root = Path(__file__).resolve().parents[2]
    read = set(
        re.findall(
            r'"(OKRS_(?:OIDC_[A-Z_]+|LOCAL_PASSWORDS))"', (root / "okrs/config.py").read_text()
        )
    )
    table = (root / "README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    assert len(read) == 6
    assert [name for name in sorted(read) if f"`{name}`" not in table] == []
