"""Background tasks of bound key results, run by `okrs worker` (django-tasks, database queue)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from okrs.audit.services import Author
from okrs.bindings.models import MeasureRequest


@task(queue_name="measure")
def run_measure_request(request_id: int) -> str:
    """Measure the binding of one *Measure now* request and record what happened."""
    from okrs.bindings.runs import measure_binding

    queued = MeasureRequest.objects.filter(pk=request_id, state=MeasureRequest.State.QUEUED)
    if not queued.update(state=MeasureRequest.State.RUNNING):
        return "gone"  # closed as lost, or the binding was removed
    request = MeasureRequest.objects.select_related(
        "binding__key_result__objective", "requested_by"
    ).get(pk=request_id)
    by = Author(request.requested_by, "web")
    outcome = measure_binding(request.binding, by=by)
    MeasureRequest.objects.filter(pk=request_id).update(
        state=MeasureRequest.State.DONE, outcome=outcome.status, finished_at=timezone.now()
    )
    return outcome.status
