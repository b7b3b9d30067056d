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
