"""Many clients post check-ins to a live `okrs serve` at the same time.

Every check-in must be stored exactly once, no request may fail with a 5xx, and the stored
roll-ups must equal a full recompute afterwards. Runs on the database of the test run
(SQLite file, or a fresh PostgreSQL database). Correctness only: throughput belongs in the
benchmarks, not here.

`make test` sends 16 clients × 20 check-ins: the concurrency that met every lock-order
problem the larger run found (16 writers at once), at a small part of its time.
`make bench` runs the full 32 × 200 (OKRS_LOAD_CLIENTS, OKRS_LOAD_CHECK_INS).
"""

import json
import os
import random
import threading
import urllib.error
import urllib.request

import pytest

from tests.live import LiveOkrs, query, server_database

CLIENTS = int(os.environ.get("OKRS_LOAD_CLIENTS", "16"))
CHECK_INS_EACH = int(os.environ.get("OKRS_LOAD_CHECK_INS", "20"))

OPEN_KEY_RESULTS = """
    SELECT kr.id, kr.start, kr.target FROM goals_keyresult kr
    JOIN goals_objective o ON o.id = kr.objective_id
    JOIN goals_period p ON p.id = o.period_id
    WHERE p.state = 'active' AND o.state = 'active' AND kr.direction IN ('increase', 'decrease')
      AND NOT EXISTS (SELECT 1 FROM goals_alignment a WHERE a.parent_key_result_id = kr.id)
    ORDER BY kr.id
"""

STORED_LOAD_CHECK_INS = """
    SELECT count(*), count(DISTINCT idempotency_key) FROM goals_checkin WHERE source = 'load-test'
"""


def post(url, token, body, key):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Client(threading.Thread):
    def __init__(self, number, base, token, key_results, statuses):
        super().__init__()
        self.number, self.base, self.token = number, base, token
        self.key_results, self.statuses = key_results, statuses
        self.random = random.Random(number)

    def run(self):
        for index in range(CHECK_INS_EACH):
            kr_id, start, target = self.random.choice(self.key_results)
            value = round(start + (target - start) * self.random.random(), 2)
            body = {"value": value, "source": "load-test", "note": f"client {self.number}"}
            key = f"load-{self.number}-{index}"
            status = self._post_with_retry(
                f"{self.base}/api/v1/key-results/{kr_id}/values", body, key
            )
            self.statuses.append(status)

    def _post_with_retry(self, url, body, key):
        # A dropped connection is retried with the same Idempotency-Key, as a CI job would.
        for _ in range(5):
            try:
                return post(url, self.token, body, key)
            except OSError:
                continue
        return "connection failed"


@pytest.mark.django_db
def test_concurrent_clients_store_every_check_in_once(tmp_path):
    with server_database(tmp_path) as database_url:
        live = LiveOkrs(tmp_path, database_url)
        with live.serving("--demo-if-empty", workers=2):
            created = live.okrs(
                "token", "create", "demo", "--name", "load", "--org", "demo", "--write"
            )
            assert created.returncode == 0, created.stderr
            token = created.stdout.strip().splitlines()[-1]
            key_results = query(database_url, OPEN_KEY_RESULTS)
            assert len(key_results) > 20
            statuses = []
            clients = [Client(n, live.base, token, key_results, statuses) for n in range(CLIENTS)]
            for client in clients:
                client.start()
            for client in clients:
                client.join()
        assert len(statuses) == CLIENTS * CHECK_INS_EACH
        assert set(statuses) <= {200, 201}, sorted(set(map(str, statuses)))
        stored = query(database_url, STORED_LOAD_CHECK_INS)
        assert stored == [(CLIENTS * CHECK_INS_EACH, CLIENTS * CHECK_INS_EACH)]
        check = live.okrs("recompute", "--check", timeout=300)
        assert check.returncode == 0, check.stdout[-3000:]
