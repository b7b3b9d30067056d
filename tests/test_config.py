"""Configuration from the environment: good values work, bad ones fail loudly by name."""

import pytest
from django.db.utils import ConnectionHandler

from okrs import config_mail as config
from okrs.config import ConfigError, database, env_bool, env_int, secret_key


def test_it_defaults_to_a_sqlite_file_in_the_data_dir(tmp_path):
    config = database("", tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "okrs.sqlite3")


def test_it_reads_a_postgresql_url(tmp_path):
    config = database("postgresql://okr:s%40cret@db.example:5433/okrs?sslmode=require", tmp_path)
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("okrs", "okr", "s@cret")
    assert (config["HOST"], config["PORT"], config["OPTIONS"]) == (
        "db.example",
        "5433",
        {"sslmode": "require"},
    )


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://x@y/z", "scheme 'mysql'"),
        ("postgresql://u:pw@host/", "names no database"),
        ("postgresql://u@host:port/db", "bad port"),
        ("sqlite://", "names no file"),
    ],
)
def test_it_names_what_is_wrong_with_a_database_url(tmp_path, url, words):
    with pytest.raises(ConfigError) as raised:
        database(url, tmp_path)
    assert "DATABASE_URL" in str(raised.value)
    assert words in str(raised.value)
    assert ":pw@" not in str(raised.value)


def test_it_refuses_a_boolean_it_cannot_read(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ConfigError, match="DEBUG='maybe'"):
        env_bool("DEBUG", default=False)
    monkeypatch.setenv("DEBUG", "true")
    assert env_bool("DEBUG", default=False) is True


def test_it_refuses_a_number_it_cannot_read(monkeypatch):
    monkeypatch.setenv("OKRS_CHECK_IN_CADENCE_DAYS", "two weeks")
    with pytest.raises(ConfigError, match="OKRS_CHECK_IN_CADENCE_DAYS"):
        env_int("OKRS_CHECK_IN_CADENCE_DAYS", 14, minimum=1)


def test_it_generates_a_secret_key_once_and_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) >= 50
    assert secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_it_refuses_a_short_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        secret_key(tmp_path)


def test_a_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(tmp_path, django_db_blocker):
    handler = ConnectionHandler(
        {"default": database(f"sqlite:///{tmp_path}/okrs.sqlite3", tmp_path)}
    )
    connection = handler["default"]
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert connection.transaction_mode == "IMMEDIATE"
    connection.close()


def _mode(path) -> int:
    import stat

    return stat.S_IMODE(path.stat().st_mode)


def test_it_creates_the_data_folder_database_and_secret_key_private(tmp_path, monkeypatch):
    from okrs.config import data_dir

    monkeypatch.setenv("OKRS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    folder = data_dir()
    secret_key(folder)
    database("", folder)
    assert _mode(folder) == 0o700
    assert _mode(folder / "secret_key") == 0o600
    assert _mode(folder / "okrs.sqlite3") == 0o600


def test_it_closes_files_of_an_older_install_left_readable(tmp_path, monkeypatch):
    from okrs.config import data_dir

    folder = tmp_path / "var"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    for name in ("secret_key", "okrs.sqlite3"):
        (folder / name).write_text("x" * 40)
        (folder / name).chmod(0o644)
    monkeypatch.setenv("OKRS_DATA_DIR", str(folder))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    secret_key(data_dir())
    database(f"sqlite:///{folder}/okrs.sqlite3", folder)
    assert (_mode(folder), _mode(folder / "secret_key"), _mode(folder / "okrs.sqlite3")) == (
        0o700,
        0o600,
        0o600,
    )


def test_it_leaves_a_shared_sticky_folder_alone(tmp_path, monkeypatch):
    from okrs.config import data_dir

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("OKRS_DATA_DIR", str(shared))
    data_dir()
    assert _mode(shared) == 0o1777


def test_email_goes_to_the_console_until_a_server_is_named(monkeypatch):
    for name in ("OKRS_EMAIL_URL", "OKRS_SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    assert config.email() == {"EMAIL_BACKEND": config.CONSOLE_EMAIL}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.com", ("mail.example.com", 25, "", "", False, False)),
        (
            "smtp+tls://okrs:p%40ss@mail.example.com",
            ("mail.example.com", 587, "okrs", "p@ss", True, False),
        ),
        ("smtps://u:p@mail.example.com:2465", ("mail.example.com", 2465, "u", "p", False, True)),
    ],
)
def test_it_reads_an_smtp_url(monkeypatch, url, expected):
    monkeypatch.setenv("OKRS_EMAIL_URL", url)
    got = config.email()
    keys = ["EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"]
    assert tuple(got[key] for key in [*keys, "EMAIL_USE_TLS", "EMAIL_USE_SSL"]) == expected
    assert got["EMAIL_BACKEND"] == config.SMTP_EMAIL


def test_it_reads_smtp_host_variables(monkeypatch):
    monkeypatch.delenv("OKRS_EMAIL_URL", raising=False)
    monkeypatch.setenv("OKRS_SMTP_HOST", "mail.example.com")
    monkeypatch.setenv("OKRS_SMTP_TLS", "ssl")
    monkeypatch.setenv("OKRS_SMTP_USER", "okrs")
    got = config.email()
    assert (got["EMAIL_PORT"], got["EMAIL_USE_SSL"], got["EMAIL_HOST_USER"]) == (465, True, "okrs")


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("OKRS_EMAIL_URL", "http://mail.example.com", "use smtp://"),
        ("OKRS_EMAIL_URL", "smtp://u:secret@mail.example.com:99999", "bad port"),
        ("OKRS_SMTP_TLS", "maybe", "use starttls, ssl or none"),
        ("OKRS_BASE_URL", "okrs.example.com", "use https://"),
    ],
)
def test_it_names_a_bad_email_variable_without_its_password(monkeypatch, name, value, words):
    monkeypatch.delenv("OKRS_EMAIL_URL", raising=False)
    monkeypatch.setenv("OKRS_SMTP_HOST", "mail.example.com")
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as raised:
        config.base_url() if name == "OKRS_BASE_URL" else config.email()
    assert name in str(raised.value)
    assert words in str(raised.value)
    assert "secret" not in str(raised.value)
