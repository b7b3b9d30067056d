"""API tokens: shown once, stored as a SHA-256 digest, scoped, revocable."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from okrs.orgs.models import Organisation, Unit

NAME_MAX_LENGTH = 100


class ApiToken(models.Model):
    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="api_tokens")
    # The token acts with this person's rights, narrowed by its scope.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    # The first characters, so people can tell their tokens apart without the secret.
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    can_write = models.BooleanField(default=False)
    unit = models.ForeignKey(Unit, models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_label(self) -> str:
        scope = "read and write" if self.can_write else "read"
        return f"{scope}, {self.unit.name} only" if self.unit else scope
