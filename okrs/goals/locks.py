"""The organisation's write lock, which every writer of figures takes first."""

from __future__ import annotations

from django.db import connection

from okrs.orgs.models import Organisation


def lock_organisation(organisation_id: int) -> None:
    """Serialise writes to one organisation's figures (a no-op on SQLite, which serialises
    every write transaction already).

    Every write service calls this before it touches a row, so all writers queue on the
    organisation row in one order and never deadlock on the figure rows behind it. FOR NO
    KEY UPDATE still conflicts with itself, but not with the key-share lock that inserting
    a row pointing at the organisation (an audit entry) takes."""
    if connection.vendor == "sqlite":
        return  # BEGIN IMMEDIATE holds the database's write lock already: skip the query
    rows = Organisation.objects.select_for_update(no_key=True).filter(pk=organisation_id)
    list(rows.values_list("pk"))
