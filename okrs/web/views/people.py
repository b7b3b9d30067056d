"""The people page: who is in the organisation, pending invitations, and inviting.

Admins invite anyone with any role, change roles and deactivate; unit leads invite people
into the units they manage, as members or viewers (okrs.core.permissions.can_grant).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from okrs.audit.services import Author
from okrs.core.errors import InvalidInput
from okrs.goals.access import Access, access_for
from okrs.orgs import invitations, people
from okrs.orgs.models import Invitation, Member, Membership, Organisation, Unit
from okrs.web.admin_forms import InviteForm
from okrs.web.requests import AuthenticatedHttpRequest


def _manager(request: AuthenticatedHttpRequest) -> Access:
    access = access_for(request.user)
    if access is None or not access.manages_any_unit:
        raise PermissionDenied("Only admins and unit leads manage people.")
    return access


def _admin(request: AuthenticatedHttpRequest) -> Access:
    access = access_for(request.user)
    if access is None or not access.can_administer:
        raise PermissionDenied("Only admins change people's access.")
    return access


def _invite_form(access: Access, data: object = None) -> InviteForm:
    units = Unit.objects.filter(organisation_id=access.actor.organisation_id, archived_at=None)
    choices = [(u.pk, "· " * u.depth + u.name) for u in units if access.can_manage_unit(u)]
    roles = [role for role in Member.Role.values if access.can_grant(role)]
    return InviteForm(data, units=choices, roles=roles)


@login_required
def people_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = _manager(request)
    form = _invite_form(access, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and _invite(request, access, form):
            return redirect("people")
        form.describe_errors()
        status = 400
    return render(request, "web/people.html", _context(access, form), status=status)


def _invite(request: AuthenticatedHttpRequest, access: Access, form: InviteForm) -> bool:
    data = form.cleaned_data
    unit = get_object_or_404(Unit, pk=data["unit"], organisation_id=access.actor.organisation_id)
    if not access.can_manage_unit(unit) or not access.can_grant(data["role"]):
        raise PermissionDenied("You may not invite people there with that access.")
    try:
        sent = invitations.invite(
            Organisation.objects.get(pk=access.actor.organisation_id),
            data["email"],
            name=data["name"],
            role=data["role"],
            unit=unit,
            unit_role=data["unit_role"],
            by=Author(request.user, "web"),
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
    except InvalidInput as error:
        form.attach(error, {})
        return False
    if sent.emailed:
        messages.success(request, f"Invitation sent to {sent.invitation.email}.")
    else:
        # No mail server (or it refused): the admin passes the link on themselves.
        messages.warning(
            request,
            f"No email could be sent from this server: give {sent.invitation.email} this "
            f"link yourself (it works once, for {sent.invitation.expires_at:%-d %b}): {sent.link}",
        )
    return True


def _context(access: Access, form: InviteForm) -> dict[str, object]:
    organisation_id = access.actor.organisation_id
    units = Membership.objects.select_related("unit").order_by("unit__depth", "unit__name")
    members = (
        Member.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__memberships",
                queryset=units.filter(unit__organisation_id=organisation_id),
                to_attr="units_here",
            )
        )
        .order_by("deactivated_at", "user__first_name", "user__last_name", "user__username")
    )
    pending = Invitation.objects.filter(
        organisation_id=organisation_id, accepted_at=None, revoked_at=None
    ).select_related("unit")
    return {
        "members": members,
        "pending": pending,
        "form": form,
        "roles": Member.Role.values,
        "can_administer": access.can_administer,
        "invitation_days": settings.INVITATION_DAYS,
    }


@login_required
@require_POST
def set_role(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    access = _admin(request)
    member = get_object_or_404(Member, pk=member_id, organisation_id=access.actor.organisation_id)
    return _apply(
        request, lambda: people.set_role(member, request.POST.get("role", ""), by=_by(request))
    )


@login_required
@require_POST
def set_active(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    access = _admin(request)
    member = get_object_or_404(Member, pk=member_id, organisation_id=access.actor.organisation_id)
    change = people.reactivate if request.POST.get("active") == "1" else people.deactivate
    return _apply(request, lambda: change(member, by=_by(request)))


@login_required
@require_POST
def revoke(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    access = _manager(request)
    invitation = get_object_or_404(
        Invitation, pk=invitation_id, organisation_id=access.actor.organisation_id
    )
    if invitation.unit is None or not access.can_manage_unit(invitation.unit):
        raise PermissionDenied("You may not withdraw this invitation.")
    invitations.revoke(invitation, by=_by(request))
    messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("people")


def _apply(request: AuthenticatedHttpRequest, change: object) -> HttpResponse:
    try:
        member = change()  # type: ignore[operator]
    except InvalidInput as error:
        messages.error(request, "; ".join(problem.message for problem in error.errors))
    else:
        messages.success(request, f"{member.user.get_full_name() or member.user} is updated.")
    return redirect("people")


def _by(request: AuthenticatedHttpRequest) -> Author:
    return Author(request.user, "web")


urlpatterns = [
    path("people/", people_page, name="people"),
    path("people/<int:member_id>/role/", set_role, name="person-role"),
    path("people/<int:member_id>/active/", set_active, name="person-active"),
    path("invitations/<int:invitation_id>/revoke/", revoke, name="invitation-revoke"),
]
