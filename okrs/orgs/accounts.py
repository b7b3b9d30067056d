"""Creating people who can log in."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from okrs.core.errors import FieldError, InvalidInput
from okrs.orgs.models import Organisation
from okrs.orgs.services import add_person


@transaction.atomic
def create_person(
    username: str,
    password: str,
    *,
    email: str = "",
    organisation_slug: str | None = None,
    admin: bool = False,
    operator: bool = False,
) -> User:
    errors: list[FieldError] = []
    if not username.strip():
        errors.append(FieldError("username", "is required"))
    elif User.objects.filter(username=username).exists():
        errors.append(FieldError("username", f"{username!r} is taken"))
    try:
        # Against an unsaved person, so the password may not resemble the username or e-mail.
        validate_password(password, User(username=username, email=email))
    except ValidationError as error:
        errors += [FieldError("password", message) for message in error.messages]
    organisation = None
    if organisation_slug is not None:
        organisation = Organisation.objects.filter(slug=organisation_slug).first()
        if organisation is None:
            errors.append(FieldError("org", f"no organisation has the slug {organisation_slug!r}"))
    if errors:
        raise InvalidInput(errors)
    # The operator runs the server: Django's superuser, a right above organisations.
    create = User.objects.create_superuser if operator else User.objects.create_user
    user = create(username, email=email, password=password)
    if organisation is not None:
        add_person(organisation, user, is_admin=admin)
    return user


def username_for(email: str) -> str:
    """The address's local part in the characters Django allows, made unique with -2, -3…
    (ignoring case: "Ada" and "ada" would be two people nobody tells apart)."""
    base = re.sub(r"[^\w.@+-]", "", email.partition("@")[0], flags=re.ASCII)[:140] or "person"
    found = User.objects.filter(username__istartswith=base).values_list("username", flat=True)
    taken = {username.lower() for username in found}
    name, number = base, 1
    while name.lower() in taken:
        number += 1
        name = f"{base}-{number}"
    return name


def set_name(user: User, name: str) -> None:
    """Split on the last space, as the demo does: Django joins first and last name again
    for every name shown, and the people search looks at both. A one-word name is all
    first name."""
    first, _, last = name.strip().rpartition(" ")
    user.first_name, user.last_name = (first, last) if first else (last, "")
