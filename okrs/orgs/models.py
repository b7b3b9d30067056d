"""Organisations, their tree of units, and who belongs where."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db import models


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A node of the organisation tree: the company, a department, a team, or a role.

    A role is a cross-team group (all software engineers, say) so that role-specific OKRs
    have an owner even though the people sit in different teams.
    """

    class Kind(models.TextChoices):
        COMPANY = "company"
        DEPARTMENT = "department"
        TEAM = "team"
        ROLE = "role"

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TEAM)
    # Depth in the tree (root = 0), kept so ancestors and indentation need no recursion.
    depth = models.PositiveIntegerField(default=0, editable=False)
    # An archived unit keeps its OKRs and history for reading, leaves the tree of current
    # units, and takes no new objectives or members (okrs.orgs.admin).
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["depth", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unit_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.depth = self.parent.depth + 1 if self.parent else 0
        # Ignored below: args/kwargs are Model.save's, passed through; typed object here
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def ancestors(self) -> Iterator[Unit]:
        """Parent, grandparent, ... up to the root: one query per level."""
        unit = self.parent
        while unit is not None:
            yield unit
            unit = unit.parent


class Member(models.Model):
    """A person's place in an organisation.

    Admins manage periods, focus areas, units and people and may do everything; members
    work on OKRs as their unit roles allow; viewers only read.
    """

    class Role(models.TextChoices):
        ADMIN = "admin"
        MEMBER = "member"
        VIEWER = "viewer"

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="org_members")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    # A deactivated person keeps their objectives, check-ins and audit trail but no longer
    # belongs: no access to the organisation, no reminders.
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation}"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class Membership(models.Model):
    """A person in a unit, as its lead or as a member; a person may be in many units."""

    class Role(models.TextChoices):
        LEAD = "lead"
        MEMBER = "member"

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.unit}"


class Invitation(models.Model):
    """An emailed offer to join an organisation, in a unit, with a role.

    The link carries the invitation's id and a random nonce, signed with the server's key
    and dated (okrs.orgs.invitations); only the nonce's digest is stored. Sending it again
    draws a new nonce, so only the newest link works, and accepting it ends it.
    """

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="invitations")
    email = models.EmailField()
    name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=10, choices=Member.Role.choices, default=Member.Role.MEMBER)
    unit = models.ForeignKey(Unit, models.CASCADE, null=True, blank=True, related_name="+")
    unit_role = models.CharField(
        max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nonce_digest = models.CharField(max_length=64)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
