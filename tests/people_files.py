"""People files for the import tests: 200 people in 3 departments and 10 teams."""

from __future__ import annotations

from django.contrib.auth.models import User

from okrs.audit.models import AuditEntry
from okrs.orgs.models import Member, Membership, Unit

TEAMS = [
    "Engineering/Web App",
    "Engineering/API",
    "Engineering/Mobile",
    "Engineering/Platform",
    "Product/Design",
    "Product/Research",
    "Product/Growth",
    "Sales/EMEA",
    "Sales/Americas",
    "Sales/APAC",
]


def people_csv(count: int = 200, *, bad_line: int | None = None, role: str = "") -> str:
    """`count` people, one a line from line 2; the first of each team leads it, every 50th
    is an admin. `bad_line` gets a broken address, or `role` as its role when given."""
    lines = ["name,email,unit,role,access"]
    for n in range(count):
        line = n + 2
        email = f"person{n}@example.com"
        unit_role = "lead" if n < len(TEAMS) else "member"
        if line == bad_line:
            email, unit_role = (email, role) if role else (f"person{n}@", unit_role)
        access = "admin" if n % 50 == 49 else ""
        lines.append(f"Person Number{n},{email},{TEAMS[n % len(TEAMS)]},{unit_role},{access}")
    return "\n".join(lines) + "\n"


def stored() -> tuple[int, ...]:
    """What an import may change, counted: people, members, units, memberships, audit."""
    return tuple(model.objects.count() for model in (User, Member, Unit, Membership, AuditEntry))
