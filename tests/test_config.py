"""Configuration from the environment: good values work, bad ones fail loudly by name."""

import pytest
from django.db.utils import ConnectionHandler

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
