"""The guard's rules, checked up front: files, URLs, databases and token variables."""

from __future__ import annotations

import os
import sqlite3

import pytest

from okrs.metrics.base import MetricError
from okrs.metrics.guard import Guard, check_input


@pytest.fixture
def okrs_home(tmp_path):
    """A stand-in for okrs's data folder (SQLite file, secret key) beside a readable folder."""
    data = tmp_path / "data"
    data.mkdir()
    own = data / "okrs.sqlite3"
    with sqlite3.connect(own) as db:
        db.execute("CREATE TABLE django_session (session_key TEXT)")
    (data / "secret_key").write_text("s3cret-key-never-shown")
    readable = tmp_path / "ci"
    readable.mkdir()
    guard = Guard(
        file_roots=(str(tmp_path),),
        forbidden_paths=(str(data),),
        databases=(f"sqlite:///{readable}/metrics.db",),
        forbidden_databases=(f"sqlite:///{own}",),
    )
    return guard, tmp_path, own


def refused(guard, kind, source, options=None) -> str:
    with pytest.raises(MetricError) as caught:
        check_input(guard, kind, source, options or {})
    return caught.value.problem


def test_it_refuses_okrs_own_sqlite_file_by_every_spelling(okrs_home, monkeypatch):
    guard, root, own = okrs_home
    os.symlink(own, root / "ci" / "innocent.db")
    monkeypatch.chdir(root)
    for url in (
        f"sqlite:///{own}",
        f"sqlite:///{root}/ci/innocent.db",
        "sqlite:///data/okrs.sqlite3",
        "sqlite:///ci/../data/okrs.sqlite3",
        f"sqlite:///file:{own}?mode=ro",
        f"sqlite:///{own}?mode=ro",
    ):
        assert "okrs's own database" in refused(guard, "sql", url, {"query": "SELECT 1"}), url


def test_it_refuses_okrs_own_database_even_when_listed(okrs_home):
    guard, _, own = okrs_home
    listed = Guard(**{**guard.to_json(), "databases": (f"sqlite:///{own}",)})
    assert "okrs's own database" in refused(listed, "sql", f"sqlite:///{own}")


def test_it_refuses_databases_not_listed_exactly(okrs_home):
    guard, root, _ = okrs_home
    check_input(guard, "sql", f"sqlite:///{root}/ci/metrics.db", {})
    assert "OKRS_BINDING_DATABASES" in refused(guard, "sql", f"sqlite:///{root}/ci//metrics.db")


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://okrs@localhost/okrs",
        "postgresql://other@127.0.0.1:5432/okrs",
        "postgres://[::1]/okrs",
        "postgresql+psycopg://localhost/okrs?sslmode=disable",
        "postgresql://db.example.org/elsewhere?host=/var/run/postgresql&dbname=okrs",
        "postgresql://localhost:6000/okrs?port=5432",
    ],
)
def test_it_refuses_okrs_own_postgresql_by_any_alias(url):
    guard = Guard(forbidden_databases=("postgresql://okrs@127.0.0.1:5432/okrs",), databases=(url,))
    assert "okrs's own database" in refused(guard, "sql", url)


def test_it_lets_another_postgresql_database_through_when_listed():
    url = "postgresql://reader@127.0.0.1:5432/warehouse"
    guard = Guard(forbidden_databases=("postgresql://okrs@localhost:5432/okrs",), databases=(url,))
    check_input(guard, "sql", url, {})


def test_it_refuses_the_secret_key_and_links_into_the_data_folder(okrs_home):
    guard, root, _ = okrs_home
    secret = root / "data" / "secret_key"
    os.symlink(secret, root / "ci" / "export.csv")
    os.link(secret, root / "ci" / "hard.csv")
    for path in (secret, root / "ci" / "export.csv", root / "ci" / "hard.csv"):
        assert "part of okrs itself" in refused(guard, "csv", str(path)), path


def test_it_refuses_files_outside_the_roots_and_all_files_without_roots(okrs_home):
    guard, root, _ = okrs_home
    assert "outside the folders" in refused(guard, "csv", "/etc/passwd")
    no_files = Guard()
    assert "allows no files" in refused(no_files, "coverage", str(root / "ci" / "c.json"))


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1:8000/metrics.json", "loopback"),
        ("http://localhost/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://10.0.0.5/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://[fd00:ec2::254]/", "metadata"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://224.0.0.1/", "multicast"),
        ("http://0.0.0.0/", "unspecified"),
    ],
)
def test_it_refuses_urls_to_inner_addresses(url, why):
    assert why in refused(Guard(), "http-json", url)


def test_it_allows_inner_addresses_inside_allowed_networks():
    guard = Guard(allowed_networks=("127.0.0.0/8", "10.0.0.0/8"))
    check_input(guard, "ttfb", "http://127.0.0.1:8000/", {})
    check_input(guard, "ttfb", "http://10.1.2.3/", {})
    assert "metadata" in refused(
        Guard(allowed_networks=("169.254.0.0/16",)), "ttfb", "http://169.254.169.254/"
    )


def test_it_refuses_token_variables_outside_the_prefix():
    problem = refused(Guard(), "http-json", "https://ci.example/x", {"token-env": "SECRET_KEY"})
    assert "OKRS_METRIC_TOKEN_" in problem
    check_input(Guard(), "http-json", "https://ci.example/x", {"token-env": "OKRS_METRIC_TOKEN_CI"})


def test_it_round_trips_through_json():
    guard = Guard(file_roots=("/srv",), allowed_networks=("10.0.0.0/8",), max_bytes=5)
    assert Guard.from_json(guard.to_json()) == guard
