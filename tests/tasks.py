"""Run queued background tasks inside a test, as `okrs worker --once` would.

django-tasks-db's own worker loop closes "old" connections between tasks, which would end a
test's transaction; its `run_task` is what runs each task, so the tests use that directly.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued_tasks() -> list[object]:
    """Run every ready task in order; answers their return values."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    results = []
    while (task := DBTaskResult.objects.ready().get_locked()) is not None:
        task.claim("test")
        worker.run_task(task)
        task.refresh_from_db()
        results.append(task.return_value)
    return results
