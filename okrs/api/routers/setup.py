"""Setting up an empty server over the API, as the setup page does: only while no
organisation exists (afterwards 409), and without credentials, since nobody exists yet."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from okrs.api.errors import ERROR_RESPONSES
from okrs.api.schemas.admin import SetupIn, SetupOut
from okrs.orgs.first_run import FirstRun, set_up
from okrs.tokens.services import create_token

router = Router(tags=["setup"])


@router.post(
    "/setup", response={201: SetupOut, **ERROR_RESPONSES}, operation_id="set_up", auth=None
)
def set_up_server(request: HttpRequest, payload: SetupIn) -> Status:
    """The organisation, its first admin and an active first quarter; the answer holds a
    write token for the admin, to go on building over the API."""
    plan = FirstRun(
        payload.organisation,
        payload.name,
        payload.email,
        payload.password,
        payload.username,
        payload.quarter,
    )
    done = set_up(plan, today=timezone.localdate())
    token = create_token(
        done.organisation, done.admin, "setup", can_write=True, request=request, via="api"
    )
    return Status(
        201,
        {
            "organisation": done.organisation,
            "admin_id": done.admin.pk,
            "period_id": done.period.pk,
            "token": token.secret,
        },
    )
