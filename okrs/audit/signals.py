"""What the security log hears by itself: logins, failures, lockouts, logouts, and changes
to who belongs to which organisation and unit with which role.

Connected in AuditConfig.ready(). Tokens, refusals and password changes are recorded where
they happen (okrs.tokens.services, okrs.audit.middleware, okrs.web.views.account).
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from okrs.audit.security import Kind, record_event
from okrs.orgs.models import Member, Membership


@receiver(user_logged_in, dispatch_uid="okrs-security-login")
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record_event(Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="okrs-security-logout")
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="okrs-security-login-failed")
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    from django.contrib.auth.models import User

    username = str(credentials.get("username", ""))
    locked = bool(getattr(request, "axes_locked_out", False))
    detail = "refused while locked out" if locked else "wrong username or password"
    refusal = getattr(request, "sso_refusal", None)  # set by okrs.sso.backend
    if refusal is not None:
        username, detail = refusal.email, refusal.detail
    elif "nonce" in credentials:  # a single sign-on callback that did not log in
        detail = "single sign-on failed"
    user = User.objects.filter(username=username).first() if username else None
    record_event(Kind.LOGIN_FAILED, request=request, user=user, username=username, detail=detail)


@receiver(user_locked_out, dispatch_uid="okrs-security-locked-out")
def _locked_out(sender: Any, request: HttpRequest, username: str, **kwargs: Any) -> None:
    from django.conf import settings
    from django.contrib.auth.models import User

    user = User.objects.filter(username=username).first() if username else None
    detail = f"{settings.AXES_FAILURE_LIMIT} failures from this address"
    record_event(Kind.LOCKED_OUT, request=request, user=user, username=username, detail=detail)


@receiver(pre_save, sender=Member, dispatch_uid="okrs-security-member-before")
@receiver(pre_save, sender=Membership, dispatch_uid="okrs-security-membership-before")
def _remember_role(sender: Any, instance: Member | Membership, **kwargs: Any) -> None:
    before = sender.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
    # Ignored below: remembered on the instance for the post_save handler, not a model field
    instance._role_before = before  # type: ignore[union-attr]


@receiver(post_save, sender=Member, dispatch_uid="okrs-security-member")
@receiver(post_save, sender=Membership, dispatch_uid="okrs-security-membership")
def _role_saved(sender: Any, instance: Member | Membership, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_role_before", None)
    if not created and before == instance.role:
        return
    change = f"{before} → {instance.role}" if before else f"joined as {instance.role}"
    record_event(
        Kind.MEMBERSHIP_CHANGED,
        user=instance.user,
        organisation_id=_organisation_id(instance),
        detail=f"{_place(instance)}: {change}",
    )


@receiver(post_delete, sender=Member, dispatch_uid="okrs-security-member-gone")
@receiver(post_delete, sender=Membership, dispatch_uid="okrs-security-membership-gone")
def _role_removed(sender: Any, instance: Member | Membership, **kwargs: Any) -> None:
    # After the commit: the deletion may be the person's or the organisation's own, and a
    # row pointing at either, written inside it, would fail the deletion at commit.
    organisation_id = _organisation_id(instance)
    username = instance.user.get_username()
    detail = f"{_place(instance)}: was {instance.role}"

    def record() -> None:
        from django.contrib.auth.models import User

        from okrs.orgs.models import Organisation

        if Organisation.objects.filter(pk=organisation_id).exists():
            user = User.objects.filter(username=username).first()
            record_event(
                Kind.MEMBERSHIP_REMOVED,
                user=user,
                username=username,
                organisation_id=organisation_id,
                detail=detail,
            )

    transaction.on_commit(record)


def _organisation_id(instance: Member | Membership) -> int:
    if isinstance(instance, Member):
        return instance.organisation_id
    return instance.unit.organisation_id


def _place(instance: Member | Membership) -> str:
    if isinstance(instance, Member):
        return f"organisation {instance.organisation.name}"
    return f"unit {instance.unit.name}"
