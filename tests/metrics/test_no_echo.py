"""No error quotes what a source holds (issue 9): secret-looking content fed to every kind
comes back as a shape ("a text of 40 characters"), never as itself."""

from __future__ import annotations

import json
import sqlite3

import pytest

from okrs.metrics.base import MetricError
from okrs.metrics.registry import measure

SECRET = "django-insecure-SECRETVALUE1234567890abcdef"


# One case per row (kind, file name, content, options); keep the formatter from exploding rows.
# fmt: off
FILE_CASES = [
    ("csv", "a.csv", f"date,{SECRET}\n2026-01-01,1\n", {}),
    ("csv", "b.csv", f"date,value\n2026-01-01,{SECRET}\n", {}),
    ("csv", "c.csv", f"date,value\n{SECRET},1\n", {"since": "2026-01-01"}),
    ("csv", "secret_key", SECRET, {"column": "x"}),
    ("coverage", "c.json", json.dumps({SECRET: 1, "meta": {}}), {}),
    ("coverage", "d.info", f"SF:a.py\nDA:1,{SECRET}\nend_of_record\n", {}),
    ("coverage", "e.info", f"{SECRET}\n", {}),
    ("lighthouse", "l.json", json.dumps({SECRET: {}}), {}),
    ("lighthouse", "m.json",
     json.dumps({"audits": {}, "runtimeError": {"code": "X", "message": SECRET}}), {}),
    ("junit", "j.xml", SECRET, {}),
    ("survey", "s.csv", f"date,score\n2026-01-01,{SECRET}\n", {}),
    ("events", "e.csv", f"user,event,timestamp\na,login,{SECRET}\n", {"feature": "x"}),
    ("experiments", "x.csv",
     f"name,started,ended,outcome\nx,2026-01-01,2026-01-09,{SECRET}\n", {}),
    ("dora", "d.csv", f"deploy_id,time_created\n1,{SECRET}\n", {}),
    ("dora", "f.csv", f"{SECRET},time\n1,2026-03-01\n", {}),
    ("crux", "r.json", json.dumps({SECRET: 1}), {"metric": "lcp"}),
    ("issues", "i.json", json.dumps({SECRET: []}), {}),
    ("junit", "k.xml", f'<testsuite name="{SECRET}" tests="x"/>', {}),
    ("issues", "g.json", json.dumps([{"number": SECRET, "title": "t"}]), {}),
    ("issues", "j.json", json.dumps({"issues": [{"key": SECRET, "fields": {}}]}), {}),
]
# fmt: on


@pytest.mark.parametrize(("kind", "name", "content", "options"), FILE_CASES)
def test_file_kinds_never_echo_content(tmp_path, kind, name, content, options):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(MetricError) as caught:
        measure(kind, str(path), options)
    assert SECRET not in str(caught.value)
    assert "SECRETVALUE" not in str(caught.value)


def test_sql_never_echoes_a_value(tmp_path):
    url = f"sqlite:///{tmp_path}/s.db"
    with sqlite3.connect(tmp_path / "s.db") as db:
        db.execute("CREATE TABLE auth_user (password TEXT)")
        db.execute("INSERT INTO auth_user VALUES (?)", (SECRET,))
    with pytest.raises(MetricError) as caught:
        measure("sql", url, {"query": "SELECT password FROM auth_user"})
    assert SECRET not in str(caught.value)
    assert "a text of 43 characters" in str(caught.value)
