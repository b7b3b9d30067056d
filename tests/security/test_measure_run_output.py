"""Issue 9, finding 6: a killed `okrs measure` had printed nothing although it had stored 83
values, because its output was block-buffered into the cron log. Each result is a line the
moment it is stored, so `kill -9` loses none of what was said."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

from tests.live import OKRS, LiveOkrs, query, server_database
from tests.security.test_bindings_on_a_shared_server import Trickle

SAMPLE_JSON = Path(__file__).parents[1] / "metrics" / "data" / "coverage" / "sample.json"

MIGRATE = "from django.core.management import call_command; call_command('migrate')"

SCENE = """
import json
from tests.factories import make_world
from okrs.goals.services import add_key_result, create_objective
from okrs.bindings.models import Binding
from django.utils import timezone

world = make_world("acme")
objective = create_objective(world.period, "Ship with confidence", owner_unit=world.web_team)
ids = []
for n, (kind, source, options) in enumerate({bindings!r}):
    kr = add_key_result(objective, f"KR {{n}}", target=100)
    Binding.objects.create(key_result=kr, kind=kind, input=source, options=options,
                           cadence_hours=24, next_due_at=timezone.now())
    ids.append(kr.pk)
print(json.dumps(ids))
"""


def test_a_killed_run_has_already_printed_every_value_it_stored(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    reports = []
    for n in range(3):
        reports.append(tmp_path / "sources" / f"coverage-{n}.json")
        reports[-1].parent.mkdir(exist_ok=True)
        shutil.copy(SAMPLE_JSON, reports[-1])
    bindings = [("coverage", str(path), {}) for path in reports]
    bindings.insert(1, ("http-json", f"http://127.0.0.1:{server.server_port}/", {"path": "$.n"}))
    try:
        (tmp_path / "data").mkdir()  # the data folder, which no binding may read
        with server_database(tmp_path / "data") as database_url:
            live = LiveOkrs(tmp_path / "data", database_url)
            live.env |= {
                "OKRS_BINDING_FILE_ROOTS": str(tmp_path / "sources"),
                "OKRS_BINDING_ALLOWED_NETWORKS": "127.0.0.1",
            }
            live.python(MIGRATE)
            ids = json.loads(live.python(SCENE.format(bindings=bindings)))
            run = subprocess.Popen(
                [str(OKRS), "measure", "--all", "--jobs", "2"],
                env=live.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            try:
                stored = wait_for_check_ins(database_url, 3)
            finally:
                run.send_signal(signal.SIGKILL)
            printed, _ = run.communicate(timeout=30)
    finally:
        server.shutdown()
        server.server_close()
    assert stored == 3
    for kr in (ids[0], ids[2], ids[3]):
        assert f"stored KR {kr} (KR " in printed, printed


def wait_for_check_ins(database_url: str, count: int, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        stored = query(database_url, "SELECT count(*) FROM goals_checkin")[0][0]
        if stored >= count:
            return stored
        time.sleep(0.2)
    raise AssertionError(f"okrs measure stored fewer than {count} values in {seconds} s")
