"""The web app's forms: the objective editor's (one for the objective, one per key result
row) and the login form.

Error messages are fragments that follow the field's label ("Target must be a number"), the
same shape as the services' FieldErrors, so both read alike next to a field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict

from okrs.core import validation
from okrs.core.alignment import LinkKind
from okrs.core.errors import InvalidInput
from okrs.core.lint import Hint, KeyResultDraft
from okrs.core.numbers import PRECISION_MAX, PRECISION_MIN, NumberFormatError, parse_number
from okrs.core.progress import Direction, KeyResultSpec
from okrs.core.scoring import Kind
from okrs.goals.models import Objective

MESSAGES = {
    "required": "is required",
    "invalid": "must be a number",
    "invalid_choice": "is not one of the choices",
    "max_length": "is too long: keep it to %(limit_value)d characters",
    "min_value": "must be at least %(limit_value)s",
    "max_value": "must be at most %(limit_value)s",
}
MIN_ROWS = 5
MAX_ROWS = 20
DIRECTION_CHOICES = [
    (Direction.INCREASE.value, "increase"),
    (Direction.DECREASE.value, "decrease"),
    (Direction.STAY_WITHIN.value, "stay within"),
    (Direction.MILESTONE.value, "milestone (done or not)"),
]


class ValueField(forms.FloatField):
    """A value typed as pages show it: 2,530, 2 530 or 1,234.5 (okrs.core.numbers); with
    decimal_comma set (the reader's convention) 2.530,5 and 0,7."""

    decimal_comma = False

    # Ignored below: django-stubs types FloatField.to_python as IntegerField's (int | None)
    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        try:
            return parse_number(str(value), self.decimal_comma)
        except NumberFormatError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


def _number(label: str) -> forms.FloatField:
    # A text box, not type=number: browsers silently drop what they cannot parse, and the
    # person should see why "lots" is not taken.
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    return ValueField(label=label, required=False, widget=widget, error_messages=MESSAGES)


def _text(label: str, max_length: int, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, required=required, error_messages=MESSAGES
    )


class EditorForm(forms.Form):
    """Errors from forms and services land on fields; each field points to its message."""

    def attach(self, error: InvalidInput, fields: dict[str, str | None]) -> None:
        """Put a service's FieldErrors next to the form fields they name."""
        for field_error in error.errors:
            name = fields.get(field_error.field, field_error.field)
            if name in self.fields:
                self.add_error(name, field_error.message)
            else:
                self.add_error(None, f"{field_error.field.replace('_', ' ')} {field_error.message}")

    def describe_errors(self) -> None:
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"


class ObjectiveForm(EditorForm):
    period = forms.TypedChoiceField(label="Period", coerce=int, error_messages=MESSAGES)
    owner = forms.ChoiceField(label="Owner", error_messages=MESSAGES)
    kind = forms.ChoiceField(
        label="Kind",
        choices=[(Kind.COMMITTED.value, "committed"), (Kind.ASPIRATIONAL.value, "aspirational")],
        widget=forms.RadioSelect,
        error_messages=MESSAGES,
    )
    visibility = forms.ChoiceField(
        label="Visibility",
        choices=Objective.Visibility.choices,
        widget=forms.RadioSelect,
        error_messages=MESSAGES,
    )
    title = _text("Title", validation.TITLE_MAX_LENGTH, required=True)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    focus_areas = forms.TypedMultipleChoiceField(
        label="Focus areas",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=MESSAGES,
    )
    parent = forms.ChoiceField(label="Aligned to", required=False, error_messages=MESSAGES)
    link_kind = forms.ChoiceField(
        label="How it aligns",
        choices=[
            (LinkKind.CONTRIBUTE.value, "contributes (counts in the parent's progress)"),
            (LinkKind.SUPPORT.value, "supports (shown, not counted)"),
        ],
        widget=forms.RadioSelect,
        error_messages=MESSAGES,
    )
    canvas = forms.IntegerField(required=False, widget=forms.HiddenInput)
    canvas_impact = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: dict[str, list[Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            # Ignored below: these are declared as ChoiceFields; form.fields is typed as Field
            self.fields[name].choices = options  # type: ignore[attr-defined]


class KeyResultForm(EditorForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = _text("Title", validation.TITLE_MAX_LENGTH)
    direction = forms.ChoiceField(
        label="Direction", choices=DIRECTION_CHOICES, error_messages=MESSAGES
    )
    start = _number("Start")
    target = _number("Target")
    low = _number("Low")
    high = _number("High")
    unit_label = _text("Unit", validation.UNIT_LABEL_MAX_LENGTH)
    weight = forms.FloatField(label="Weight", required=False, min_value=0, error_messages=MESSAGES)
    # Decimals its values are shown with; blank: as many as start and target use.
    precision = forms.IntegerField(
        label="Decimals shown",
        required=False,
        min_value=PRECISION_MIN,
        max_value=PRECISION_MAX,
        error_messages=MESSAGES,
    )
    # A milestone's due date: on track until then, off track once it passes undone.
    due = forms.DateField(
        label="Due (milestone)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=MESSAGES | {"invalid": "must be a date (YYYY-MM-DD)"},
    )
    owner = forms.TypedChoiceField(
        label="Owner", coerce=int, required=False, empty_value=None, error_messages=MESSAGES
    )
    remove = forms.BooleanField(label="Remove this key result", required=False)

    NUMBERS = ("start", "target", "low", "high", "weight")

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Ignored below: owner is declared as a ChoiceField; form.fields is typed as Field
        self.fields["owner"].choices = [("", "—"), *people]  # type: ignore[attr-defined]

    def read_decimal_comma(self, comma: bool) -> None:
        """Read start, target and band as the reader writes numbers (okrs.web.locale)."""
        for field in self.fields.values():
            if isinstance(field, ValueField):
                field.decimal_comma = comma

    @property
    def is_blank(self) -> bool:
        """A new row left empty: ignored, not an error."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        typed = [
            self.data.get(self.add_prefix(name), "").strip()
            for name in ("id", "title", "start", "target", "low", "high", "unit_label")
        ]
        return not any(typed) and not data.get("id")

    @property
    def is_removed(self) -> bool:
        return bool(self.cleaned_data.get("id")) and bool(self.cleaned_data.get("remove"))

    def full_clean(self) -> None:
        if self.is_bound and self.is_blank:
            # An empty row is no key result: nothing to check.
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove") or self.errors:
            return data
        data["weight"] = 1.0 if data.get("weight") is None else data["weight"]
        direction = Direction(data["direction"])
        for name in self._needed(direction):
            if data.get(name) is None:
                self.add_error(name, f"is required for '{direction.value.replace('_', ' ')}'")
        if self.errors:
            return data
        spec = self.spec()
        for error in validation.key_result_errors(
            data.get("title") or "", spec, data["weight"], data.get("unit_label") or ""
        ):
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return data

    @staticmethod
    def _needed(direction: Direction) -> tuple[str, ...]:
        if direction in (Direction.INCREASE, Direction.DECREASE):
            return ("start", "target")
        if direction is Direction.STAY_WITHIN:
            return ("low", "high")
        return ()

    def spec(self) -> KeyResultSpec:
        data = self.cleaned_data
        direction = Direction(data["direction"])
        if direction is Direction.MILESTONE:
            return KeyResultSpec(direction)
        if direction is Direction.STAY_WITHIN:
            start, target = data.get("start"), data.get("target")
            return KeyResultSpec(
                direction,
                start if start is not None else data["low"],
                target if target is not None else data["high"],
                data["low"],
                data["high"],
            )
        return KeyResultSpec(direction, data["start"], data["target"])

    def values(self) -> dict[str, Any]:
        """What the key result services take, from a valid, non-blank row."""
        spec, data = self.spec(), self.cleaned_data
        return {
            "title": data["title"].strip(),
            "direction": spec.direction.value,
            "start": spec.start,
            "target": spec.target,
            "low": spec.low,
            "high": spec.high,
            "unit_label": data.get("unit_label") or "",
            "weight": data["weight"],
            "precision": data.get("precision"),
            # A due date means something only to a milestone: other rows drop it.
            "due": data.get("due") if spec.direction is Direction.MILESTONE else None,
        }

    def draft(self) -> KeyResultDraft:
        """The row as typed, for the method hints; unparsable numbers count as missing."""
        data = getattr(self, "cleaned_data", {})
        raw = self.data.get(self.add_prefix("direction"), "")
        direction = Direction(raw) if raw in Direction._value2member_map_ else Direction.INCREASE
        return KeyResultDraft(
            self.data.get(self.add_prefix("title"), ""),
            direction,
            data.get("start"),
            data.get("target"),
            data.get("low"),
            data.get("high"),
            self.data.get(self.add_prefix("unit_label"), ""),
        )


def hints_by_place(hints: list[Hint]) -> tuple[list[str], dict[int, list[str]]]:
    """Objective-level hint sentences, and each key result's by its lint position."""
    objective: list[str] = []
    rows: dict[int, list[str]] = {}
    for hint in hints:
        parts = hint.field.split(".")
        if parts[0] == "title":
            objective.append(f"The title {hint.message}.")
        elif len(parts) == 1:
            objective.append(f"This objective {hint.message}.")
        else:
            rows.setdefault(int(parts[1]), []).append(f"This key result {hint.message}.")
    return objective, rows


class LoginForm(AuthenticationForm):
    def clean_username(self) -> str:
        # Django sets the field's max_length after building its validators, so a name
        # longer than any account reached authenticate() and overflowed the failure
        # tables (a 500 on PostgreSQL). No account has it: the usual refusal, uncounted.
        username: str = self.cleaned_data["username"]
        limit = User._meta.get_field("username").max_length  # 150: Django's own
        if limit is not None and len(username) > limit:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
        return username
