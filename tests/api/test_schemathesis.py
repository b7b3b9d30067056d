"""schemathesis against a live `okrs serve` with the demo data, as an admin and as a member.

Every operation of /api/v1/openapi.json is exercised through the coverage phase (boundary
and invalid values, derived from the schema) and the fuzzing phase (generated requests,
half of whose ids are drawn from the objects the demo stored, so requests reach the
routes' logic instead of stopping at 404). No response may be a 5xx, or carry a status,
content type, header or body the schema does not declare for it.

Each role gets its own server on its own database (a SQLite file, or a fresh PostgreSQL
database when the suite runs on PostgreSQL), so the two runs go side by side. Each run is
reproducible (fixed seed, one worker, no example database). `make test` generates 5
examples an operation after the coverage phase's boundary values (OKRS_SCHEMATHESIS_EXAMPLES);
`make bench` runs 25.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.live import LiveOkrs, query, server_database
from tests.passes import every_pass, on_sqlite_or_postgres

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
# The demo's admin, and a plain member of its web team (okrs/demo/catalogue.py). The
# PostgreSQL pass runs the admin, who reaches every write (where PostgreSQL differs).
PEOPLE = {
    role: username
    for role, username in {"admin": "demo", "member": "priya.raman"}.items()
    if role in every_pass(["admin", "member"], ["admin"])
}
MAX_EXAMPLES = int(os.environ.get("OKRS_SCHEMATHESIS_EXAMPLES", "5"))
SEED = 20261

# Real ids for the generated requests: dictionary name -> (SQL, parameters it feeds).
# A table: its rows and columns line up to be read across.
# fmt: off
IDS = {
    "objectives": (
        "SELECT id FROM goals_objective ORDER BY id",
        ["path.objective_id", "body.objective", "body.child", "body.parent_objective",
         "query.objective"],
    ),
    "key_results": (
        "SELECT id FROM goals_keyresult ORDER BY id",
        ["path.key_result_id", "body.key_result", "body.items[*].key_result",
         "body.parent_key_result", "query.key_result"],
    ),
    "check_ins": (
        "SELECT id FROM goals_checkin ORDER BY id DESC LIMIT 100",
        ["path.check_in_id", "body.check_in", "query.check_in"],
    ),
    "periods": ("SELECT id FROM goals_period", ["path.period_id", "body.period", "query.period"]),
    "focus_areas": (
        "SELECT id FROM goals_focusarea",
        ["path.focus_area_id", "body.focus_areas[*]", "query.focus_area"],
    ),
    "units": (
        "SELECT id FROM orgs_unit",
        ["path.unit_id", "body.unit", "body.owner_unit", "body.parent", "query.unit",
         "query.parent"],
    ),
    "people": (
        "SELECT user_id FROM orgs_member",
        ["path.person_id", "body.owner_user", "body.owner", "query.owner_user", "query.owner"],
    ),
    "feedback": ("SELECT id FROM goals_feedback", ["path.feedback_id"]),
    "alignments": ("SELECT id FROM goals_alignment", ["path.alignment_id"]),
    "canvases": ("SELECT id FROM goals_canvas", ["path.canvas_id"]),
}
# fmt: on


def write_config(path: Path, database_url: str) -> Path:
    """A schemathesis.toml whose dictionaries hold the stored ids."""
    lines = ["[generation]", 'database = "none"', ""]
    bindings = []
    for name, (sql, parameters) in IDS.items():
        values = [row[0] for row in query(database_url, sql)]
        assert values, f"the demo stored no {name}"
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}", ""]
        bindings += [
            f'"{key}" = {{ dictionary = "{name}", probability = 0.5 }}' for key in parameters
        ]
    path.write_text("\n".join([*lines, "[parameters]", *bindings, ""]))
    return path


# What django.request logs for every 4xx: not errors.
CLIENT_ERRORS = re.compile(
    r"^(Bad Request|Unauthorized|Forbidden|Not Found|Method Not Allowed|Conflict"
    r"|Request Entity Too Large|Unprocessable (Entity|Content)): "
)


def server_errors(live: LiveOkrs) -> str:
    """The server log without access lines and 4xx warnings: tracebacks, if any."""
    lines = live.log_path.read_text().splitlines()
    kept = [line for line in lines if '" HTTP/1.1" ' not in line and not CLIENT_ERRORS.match(line)]
    return "\n".join(kept)[-6000:]


@dataclass
class Run:
    live: LiveOkrs
    process: subprocess.Popen
    output_path: Path


def start(live: LiveOkrs, folder: Path, username: str) -> Run:
    """A write token for `username`, then schemathesis in the background."""
    created = live.okrs(
        "token", "create", username, "--name", "schemathesis", "--org", "demo", "--write"
    )
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    config = write_config(folder / "schemathesis.toml", live.env["DATABASE_URL"])
    command = [
        str(SCHEMATHESIS),
        "--no-color",
        "--config-file",
        str(config),
        "run",
        f"{live.base}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--phases",
        # stateful needs links the schema lacks; PostgreSQL gets the boundary values (where it
        # differs from SQLite: lengths, NUL, huge numbers), SQLite the generated requests too
        on_sqlite_or_postgres("examples,coverage,fuzzing", "examples,coverage"),
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--request-timeout",
        "30",
        # One worker: the seed fixes the requests, not how two workers' requests interleave,
        # so a failure stays reproducible with `st replay`. Concurrent writes have tests of
        # their own (tests/load, test_write_lock_order.py).
        "--workers",
        "1",
    ]
    output_path = folder / "schemathesis.out"
    with output_path.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return Run(live, process, output_path)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One server with its own database per role, so the two runs go side by side without
    touching each other's data (and each stays reproducible on its own)."""
    started: dict[str, Run] = {}
    with ExitStack() as stack:
        try:
            for role, username in PEOPLE.items():
                folder = tmp_path_factory.mktemp(f"schemathesis-{role}")
                database_url = stack.enter_context(server_database(folder))
                live = stack.enter_context(
                    LiveOkrs(folder, database_url).serving("--demo-if-empty", workers=2)
                )
                started[role] = start(live, folder, username)
            yield started
        finally:
            for run in started.values():
                if run.process.poll() is None:
                    run.process.kill()
                run.process.wait()


@pytest.mark.parametrize("role", list(PEOPLE))
def test_schemathesis_finds_no_server_error_and_no_schema_violation(runs, role):
    run = runs[role]
    returncode = run.process.wait(timeout=600)
    output = run.output_path.read_text()
    assert returncode == 0, f"{output[-8000:]}\n--- server log ---\n{server_errors(run.live)}"
    # Every operation of the schema was tested, none skipped.
    with urllib.request.urlopen(f"{run.live.base}/api/v1/openapi.json", timeout=30) as response:
        schema = json.load(response)
    operations = sum(len(methods) for methods in schema["paths"].values())
    assert f"Selected: {operations}/{operations}" in output, output[-3000:]
    assert f"Tested: {operations}" in output, output[-3000:]
