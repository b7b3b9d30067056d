"""Invitations: admins invite anyone, leads into the units they lead; the invited person
accepts with the token from their link (no credentials needed: the token is the key)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES, not_found, require
from okrs.api.schemas.admin import AcceptedOut, AcceptIn, InvitationIn, InvitationOut
from okrs.api.schemas.common import Page, PageQuery, PathId, page
from okrs.goals import queries
from okrs.orgs import invitations
from okrs.orgs.models import Invitation, Organisation
from okrs.tokens.services import create_token

router = Router(tags=["people"])


def _out(invitation: Invitation, sent: invitations.Sent | None = None) -> dict:
    fields = ("id", "email", "name", "role", "unit_id", "unit_role", "sent_at", "expires_at")
    out = {field: getattr(invitation, field) for field in fields}
    if sent is not None:
        out["emailed"] = sent.emailed
        out["link"] = None if sent.emailed else sent.link
    return out


@router.post(
    "/invitations",
    response={201: InvitationOut, **ERROR_RESPONSES},
    operation_id="create_invitation",
)
def create_invitation(request: HttpRequest, payload: InvitationIn) -> Status:
    """Mails a link that works once; sending again to the same address replaces it."""
    who = caller(request)
    unit = queries.unit(who.access, payload.unit, "unit")
    require(who.access.can_manage_unit(unit), "Only admins and the unit's leads invite.", "unit")
    require(who.access.can_grant(payload.role), "Only admins make admins.", "role")
    sent = invitations.invite(
        Organisation.objects.get(pk=who.access.actor.organisation_id),
        payload.email,
        name=payload.name,
        role=payload.role,
        unit=unit,
        unit_role=payload.unit_role,
        by=who.author,
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return Status(201, _out(sent.invitation, sent))


@router.get(
    "/invitations",
    response={200: Page[InvitationOut], **ERROR_RESPONSES},
    operation_id="list_invitations",
)
def list_invitations(request: HttpRequest, query: Query[PageQuery]) -> dict:
    """Not yet accepted, for admins and unit leads."""
    who = caller(request)
    require(who.access.manages_any_unit, "Only admins and unit leads see invitations.")
    found = Invitation.objects.filter(
        organisation_id=who.access.actor.organisation_id, accepted_at=None, revoked_at=None
    ).order_by("-sent_at", "-pk")
    shown = page(found, query)
    shown["items"] = [_out(invitation) for invitation in shown["items"]]
    return shown


# Declared before /invitations/{invitation_id}, whose pattern would take "accept" first.
@router.post(
    "/invitations/accept",
    response={201: AcceptedOut, **ERROR_RESPONSES},
    operation_id="accept_invitation",
    auth=None,
)
def accept_invitation(request: HttpRequest, payload: AcceptIn) -> Status:
    """Join with the token of an invitation link: a new account with this password."""
    try:
        invitation = invitations.invitation_for(payload.token)
        user = invitations.accept(
            payload.token, name=payload.name, password=payload.password, username=payload.username
        )
    except invitations.InvalidLink:
        raise not_found("invitation") from None
    token = None
    if payload.api_token_name.strip():
        token = create_token(
            invitation.organisation,
            user,
            payload.api_token_name,
            can_write=True,
            request=request,
            via="api",
        ).secret
    return Status(
        201,
        {
            "person_id": user.pk,
            "username": user.get_username(),
            "organisation_id": invitation.organisation_id,
            "unit_id": invitation.unit_id,
            "token": token,
        },
    )


@router.delete(
    "/invitations/{invitation_id}",
    response={204: None, **ERROR_RESPONSES},
    operation_id="revoke_invitation",
)
def revoke_invitation(request: HttpRequest, invitation_id: PathId) -> Status:
    who = caller(request)
    found = Invitation.objects.filter(
        pk=invitation_id, organisation_id=who.access.actor.organisation_id
    ).first()
    if found is None or not found.is_pending:
        raise not_found("invitation")
    allowed = found.unit is not None and who.access.can_manage_unit(found.unit)
    require(allowed or who.access.can_administer, "Only admins and the unit's leads withdraw.")
    invitations.revoke(found, by=who.author)
    return Status(204, None)
