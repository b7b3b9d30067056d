"""Forms of the set-up and administration pages. Like the editor's, their error messages
follow the field's label ("Email is not an email address"), the shape of the services'
FieldErrors, which `attach` puts next to the fields they name."""

from __future__ import annotations

from datetime import date

from django import forms

from okrs.orgs.first_run import quarters
from okrs.web.forms import MESSAGES, EditorForm, _text


def _quarter_choices(today: date) -> list[tuple[str, str]]:
    return [
        (key, f"{name} ({start:%-d %b} – {end:%-d %b %Y})")
        for key, (name, start, end) in quarters(today).items()
    ]


class SetupForm(EditorForm):
    organisation = _text("Organisation", 200, required=True)
    name = _text("Your name", 150, required=True)
    email = forms.EmailField(
        label="Email",
        max_length=254,
        error_messages={**MESSAGES, "invalid": "is not an email address"},
    )
    username = _text("Username", 150)
    password = forms.CharField(
        label="Password", widget=forms.PasswordInput(render_value=False), error_messages=MESSAGES
    )
    password_again = forms.CharField(
        label="Password again", widget=forms.PasswordInput(), error_messages=MESSAGES
    )
    quarter = forms.ChoiceField(label="First quarter", error_messages=MESSAGES)

    def __init__(self, *args: object, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["quarter"].choices = _quarter_choices(today)  # type: ignore[attr-defined]
        self.fields["username"].help_text = "Made from your email when left empty."
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password_again"].widget.attrs["autocomplete"] = "new-password"

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "does not match the password")
        return data


class AcceptForm(EditorForm):
    """Joining through an invitation: who you are and your password."""

    name = _text("Your name", 150, required=True)
    username = _text("Username", 150)
    password = forms.CharField(
        label="Password", widget=forms.PasswordInput(), error_messages=MESSAGES
    )
    password_again = forms.CharField(
        label="Password again", widget=forms.PasswordInput(), error_messages=MESSAGES
    )

    def __init__(self, *args: object, new_account: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if new_account:
            self.fields["username"].help_text = "Made from your email when left empty."
        else:
            del self.fields["username"]  # the account an import made has one already
        for name in ("password", "password_again"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "does not match the password")
        return data


class InviteForm(EditorForm):
    email = forms.EmailField(
        label="Email",
        max_length=254,
        error_messages={**MESSAGES, "invalid": "is not an email address"},
    )
    name = _text("Name", 150)
    unit = forms.TypedChoiceField(label="Unit", coerce=int, error_messages=MESSAGES)
    unit_role = forms.ChoiceField(
        label="Role in the unit",
        choices=[("member", "member"), ("lead", "lead")],
        error_messages=MESSAGES,
    )
    role = forms.ChoiceField(label="Access", error_messages=MESSAGES)

    def __init__(
        self, *args: object, units: list[tuple[int, str]], roles: list[str], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.fields["role"].choices = [(role, role) for role in roles]  # type: ignore[attr-defined]
        self.fields["role"].initial = "member"
