"""The audit trail: who changed what, when, from which value to which."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from okrs.orgs.models import Organisation


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create"
        UPDATE = "update"
        DELETE = "delete"

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # How the change came in: web, api, token:<id>, cli, demo, measure.
    via = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=30)
    object_id = models.BigIntegerField()
    object_repr = models.CharField(max_length=200)
    # {"field": [old, new]}; a create has old None, a delete new None.
    changes = models.JSONField(default=dict)
    # Ids kept plainly (not foreign keys) so history outlives deletions.
    objective_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    key_result_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    moved_goal_post = models.BooleanField(default=False)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["organisation", "at"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"


class SecurityEvent(models.Model):
    """One entry of the security log: a login, a refusal, a token, a change of rights.

    Kept apart from AuditEntry (changes to OKRs): most events have no object, some no
    organisation (a failed login for an unknown name), and they are read by other people.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", "Login"
        LOGIN_FAILED = "login_failed", "Login failed"
        LOCKED_OUT = "locked_out", "Locked out"
        LOGOUT = "logout", "Logout"
        DENIED = "denied", "Refused (403)"
        TOKEN_CREATED = "token_created", "Token created"
        TOKEN_REVOKED = "token_revoked", "Token revoked"
        MEMBERSHIP_CHANGED = "membership_changed", "Role changed"
        MEMBERSHIP_REMOVED = "membership_removed", "Role removed"
        PASSWORD_CHANGED = "password_changed", "Password changed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    # The name as typed (a failed login may name nobody), kept even if the person goes.
    username = models.CharField(max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, models.CASCADE, null=True, blank=True, related_name="security_events"
    )
    address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.username} {self.at:%Y-%m-%d %H:%M}"
