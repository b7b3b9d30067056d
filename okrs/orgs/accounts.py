"""Creating people who can log in."""

from __future__ import annotations

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
