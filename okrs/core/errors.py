"""Validation errors that name the field they are about."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidInput(ValueError):
    """Raised with every problem found, so a form can show each next to its field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))

    def by_field(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for error in self.errors:
            grouped.setdefault(error.field, []).append(error.message)
        return grouped


class Conflict(Exception):
    """The request is understood and allowed, but what is stored forbids it now (a closed
    objective or period, say): the API answers 409, the pages show the message."""

    def __init__(self, message: str, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(message)


class NotFound(LookupError):
    """What a request names does not exist, is in another organisation, or the person may
    not read it: all three are answered alike (404), so ids reveal nothing. `what` names
    the kind of thing ("objective"), `field` the input the id came from, if any."""

    def __init__(self, what: str = "", field: str | None = None) -> None:
        self.what = what
        self.field = field
        super().__init__(f"No {what} here." if what else "Not found.")
