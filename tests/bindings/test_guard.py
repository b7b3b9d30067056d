"""The binding guard, end to end: refused at bind time as the input field's error, and
again at measure time for a binding stored before the guard (inserted here directly)."""

from __future__ import annotations

import os
import sqlite3

import pytest
from django.utils import timezone

from okrs.bindings.models import Binding
from okrs.bindings.runs import measure_binding
from okrs.bindings.services import BindingSpec, save_binding
from okrs.core.errors import InvalidInput

SECRET = "live-session-key-9f8e7d6c5b4a"


@pytest.fixture
def data_dir(tmp_path, settings):
    """okrs's data folder as production has it: the SQLite file and the secret key."""
    data = tmp_path / "var"
    data.mkdir()
    with sqlite3.connect(data / "okrs.sqlite3") as db:
        db.execute("CREATE TABLE django_session (session_key TEXT)")
        db.execute("INSERT INTO django_session VALUES (?)", (SECRET,))
    (data / "secret_key").write_text(SECRET)
    settings.DATA_DIR = data
    return data


def input_errors(key_result, kind, source, options=None):
    with pytest.raises(InvalidInput) as raised:
        save_binding(key_result, BindingSpec(kind, source, options or {}))
    errors = raised.value.by_field()
    assert list(errors) == ["input"]
    assert SECRET not in str(errors)
    return errors["input"][0]


def test_it_refuses_okrs_own_sqlite_file_at_bind_time(key_result, data_dir, settings, tmp_path):
    own = data_dir / "okrs.sqlite3"
    os.symlink(own, tmp_path / "metrics.db")
    query = {"query": "SELECT group_concat(session_key, ',') FROM django_session"}
    for url in (f"sqlite:///{own}", f"sqlite:///{tmp_path}/metrics.db", f"sqlite:///{own}?mode=ro"):
        settings.BINDING_DATABASES = [url]
        assert "okrs's own database" in input_errors(key_result, "sql", url, query)


def test_it_refuses_the_secret_key_through_csv(key_result, data_dir):
    assert "part of okrs itself" in input_errors(key_result, "csv", str(data_dir / "secret_key"))


def test_it_refuses_unlisted_databases_and_inner_urls(key_result, settings, tmp_path):
    problem = input_errors(key_result, "sql", f"sqlite:///{tmp_path}/x.db", {"query": "SELECT 1"})
    assert "OKRS_BINDING_DATABASES" in problem
    settings.BINDING_ALLOWED_NETWORKS = []
    assert "loopback" in input_errors(
        key_result, "http-json", "http://127.0.0.1:9/x", {"path": "$"}
    )


def test_a_binding_stored_before_the_guard_is_refused_when_measured(key_result, data_dir):
    binding = Binding.objects.create(
        key_result=key_result,
        kind="sql",
        input=f"sqlite:///{data_dir}/okrs.sqlite3",
        options={"query": "SELECT unicode(substr(session_key, 1, 1)) FROM django_session"},
        next_due_at=timezone.now(),
    )
    outcome = measure_binding(binding)
    assert outcome.status == "failed"
    assert "okrs's own database" in outcome.error
    binding.refresh_from_db()
    assert "okrs's own database" in binding.last_error
    assert not key_result.check_ins.exists()
