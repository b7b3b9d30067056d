"""Who the caller is, in which organisation, with which rights."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES
from okrs.api.routers.people import members, people_out
from okrs.api.schemas.orgs import MeOut
from okrs.orgs.models import Organisation

router = Router(tags=["me"])


@router.get("/me", response={200: MeOut, **ERROR_RESPONSES}, operation_id="get_me")
def get_me(request: HttpRequest) -> dict:
    who = caller(request)
    access, token = who.access, who.token
    member = members(who).get(user_id=access.actor.user_id)
    return {
        "person": people_out(who, [member])[0],
        "organisation": Organisation.objects.get(pk=access.actor.organisation_id),
        "via": who.author.via,
        "can_write": access.actor.can_write,
        "can_administer": access.can_administer,
        "can_read_audit": access.can_read_audit,
        "token": None
        if token is None
        else {
            "id": token.pk,
            "name": token.name,
            "prefix": token.prefix,
            "can_write": token.can_write,
            "unit_id": token.unit_id,
            "scope": token.scope_label,
        },
    }
