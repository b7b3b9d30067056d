"""The first run of a real deployment: its organisation, first admin and first quarter.

The web's setup page and `okrs setup` both call `set_up`, which works only while the
server holds no organisation at all: once one exists, every later person is invited by an
admin, so the page cannot be used to take over an installation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils.text import slugify

from okrs.audit.services import Author
from okrs.core import validation
from okrs.core.closing import next_quarter, quarter_of
from okrs.core.errors import Conflict, FieldError, InvalidInput
from okrs.goals.models import Period
from okrs.goals.services.periods import create_period
from okrs.orgs.accounts import set_name, username_for
from okrs.orgs.models import Member, Membership, Organisation, Unit
from okrs.orgs.services import add_unit

NAME_MAX_LENGTH = 150  # Django's first_name holds the whole name
# Any number will do, as long as no other code takes the same advisory lock.
_FIRST_RUN_LOCK = 7_201_001


@dataclass(frozen=True)
class FirstRun:
    organisation: str
    name: str
    email: str
    password: str
    username: str = ""  # made from the email when empty
    quarter: str = "this"  # "this" or "next": the first period, a calendar quarter


def is_first_run() -> bool:
    """True while the server holds no organisation: the setup page is open."""
    return not Organisation.objects.exists()


def quarters(today: date) -> dict[str, tuple[str, date, date]]:
    """The quarters a first period may be: the one holding today and the next."""
    this = quarter_of(today)
    return {"this": this, "next": next_quarter(this[2])}


@dataclass(frozen=True)
class SetUp:
    organisation: Organisation
    admin: User
    period: Period


def set_up(plan: FirstRun, *, today: date) -> SetUp:
    """The organisation with its company unit, the admin leading it, and an active first
    quarter, in one transaction. Refused (Conflict) once any organisation exists."""
    username = plan.username.strip() or username_for(plan.email)
    raise_if_invalid(plan, username)
    with transaction.atomic():
        _serialise_first_runs()
        if not is_first_run():
            raise Conflict("okrs is set up already: ask an admin for an invitation")
        name = plan.organisation.strip()
        organisation = Organisation.objects.create(name=name, slug=slugify(name)[:50] or "org")
        admin = User.objects.create_user(username, email=plan.email.strip(), password=None)
        admin.set_password(plan.password)
        set_name(admin, plan.name)
        admin.save()
        by = Author(admin, "setup")
        Member.objects.create(organisation=organisation, user=admin, role=Member.Role.ADMIN)
        company = add_unit(organisation, name, Unit.Kind.COMPANY, by=by)
        Membership.objects.create(unit=company, user=admin, role=Membership.Role.LEAD)
        period_name, start, end = quarters(today)[plan.quarter]
        period = create_period(organisation, period_name, start, end, Period.State.ACTIVE, by=by)
    return SetUp(organisation, admin, period)


def raise_if_invalid(plan: FirstRun, username: str) -> None:
    """Every field's error at once, before anything is written."""
    errors = validation.title_errors(plan.organisation, "organisation", max_length=200)
    if not slugify(plan.organisation):
        errors.append(FieldError("organisation", "needs a letter or a digit"))
    errors += validation.title_errors(plan.name, "name", max_length=NAME_MAX_LENGTH)
    try:
        validate_email(plan.email.strip())
    except ValidationError:
        errors.append(FieldError("email", f"{plan.email.strip()[:80]!r} is not an email address"))
    if User.objects.filter(username=username).exists():
        errors.append(FieldError("username", f"{username!r} is taken"))
    try:
        validate_password(plan.password, User(username=username, email=plan.email))
    except ValidationError as error:
        errors += [FieldError("password", message) for message in error.messages]
    if plan.quarter not in ("this", "next"):
        errors.append(FieldError("quarter", "must be this or next"))
    if errors:
        raise InvalidInput(errors)


def _serialise_first_runs() -> None:
    """Two visitors submitting the setup page at once must not make two organisations.
    SQLite's immediate transactions already take the write lock at BEGIN; PostgreSQL needs
    a lock that exists before any row does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_FIRST_RUN_LOCK])
