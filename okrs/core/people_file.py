"""Reading a people file: CSV rows of name, email, unit path, unit role and access.

    name,email,unit,role,access
    Ada Lovelace,ada@example.com,Engineering/Web App,lead,admin

Every problem is collected and named by line and column (`line 17, column email: 'bob@'
is not an email address`), so a person fixes the whole file in one go; nothing here knows
about the database, the service (okrs.orgs.importing) decides what the rows change.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace

from okrs.core.errors import FieldError, InvalidInput

COLUMNS = ("name", "email", "unit", "role")
OPTIONAL_COLUMNS = ("access",)
UNIT_ROLES = ("lead", "member")
ACCESS_ROLES = ("admin", "member", "viewer")

# The stored limits (User.first_name, User.email, Unit.name); tests/orgs checks they match
# the models, since the core may not read them from Django.
NAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 254
UNIT_NAME_MAX_LENGTH = 200
UNIT_MAX_DEPTH = 10
MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
MAX_ERRORS = 20

# Enough to catch typos (a missing @, a missing domain, spaces), not RFC 5322: the
# invitation e-mail is the real test of an address.
_EMAIL = re.compile(
    r"[^@\s\"(),:;<>\[\\\]]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
# PostgreSQL cannot store NUL, and no name needs a tab or a bell.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class PersonRow:
    """One line of the file: a person in a unit. `access` is None when the file leaves it
    out, so a rerun never demotes an admin by omission."""

    line: int
    name: str
    email: str
    unit_path: tuple[str, ...]
    role: str
    access: str | None = None

    @property
    def email_key(self) -> str:
        return self.email.casefold()

    @property
    def unit_key(self) -> tuple[str, ...]:
        return tuple(part.casefold() for part in self.unit_path)


def parse_people(data: bytes | str, *, max_rows: int | None = None) -> list[PersonRow]:
    """The file's rows, or InvalidInput naming every problem by line and column.
    `max_rows` lowers the row limit (the web page's, which must answer within a request)."""
    max_rows = min(max_rows or MAX_ROWS, MAX_ROWS)
    text = _decode(data)
    records = _records(text, max_rows)
    if not records:
        raise InvalidInput([FieldError("line 1", "the file is empty; it needs a header row")])
    errors: list[FieldError] = []
    (_, header), body = records[0], records[1:]
    columns = _read_header(header, errors)
    if len(body) > max_rows:
        line = body[max_rows][0]
        errors.append(FieldError(f"line {line}", f"more than {max_rows:,} people; split the file"))
    if errors:
        raise InvalidInput(errors)
    rows = [row for row in (_read_row(line, cells, columns, errors) for line, cells in body) if row]
    rows = _merge_people(rows, errors)
    if errors:
        raise InvalidInput(capped(errors))
    return rows


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > MAX_BYTES:
        message = f"is {len(data):,} bytes; {MAX_BYTES / 2**20:.0f} MB at most"
        raise InvalidInput([FieldError("file", message)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte {error.start + 1}); save it as CSV UTF-8"
        raise InvalidInput([FieldError("file", message)]) from None


def _records(text: str, max_rows: int) -> list[tuple[int, list[str]]]:
    """(first line, cells) of each non-blank record; a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    found: list[tuple[int, list[str]]] = []
    last_line = 0
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                found.append((last_line + 1, cells))
            last_line = reader.line_num
            if len(found) > max_rows + 1:
                break  # the row limit's error names this line; reading on would only cost
    except csv.Error as error:
        message = f"is not CSV from here on ({error})"
        raise InvalidInput([FieldError(f"line {last_line + 1}", message)]) from None
    return found


def _read_header(header: list[str], errors: list[FieldError]) -> dict[str, int]:
    names = [cell.strip().lower() for cell in header]
    known = (*COLUMNS, *OPTIONAL_COLUMNS)
    expected = f"the columns are {', '.join(COLUMNS)} and optionally {', '.join(OPTIONAL_COLUMNS)}"
    for name in dict.fromkeys(names):  # a column named twice is one error, not two
        if name not in known:
            errors.append(FieldError("line 1, header", f"unknown column {name!r}; {expected}"))
        elif names.count(name) > 1:
            errors.append(FieldError("line 1, header", f"column {name!r} appears twice"))
    errors += [
        FieldError("line 1, header", f"column {name!r} is missing")
        for name in COLUMNS
        if name not in names
    ]
    return {name: names.index(name) for name in known if name in names}


def _read_row(
    line: int, cells: list[str], columns: dict[str, int], errors: list[FieldError]
) -> PersonRow | None:
    width = max(columns.values()) + 1
    if any(cell.strip() for cell in cells[width:]):
        message = f"has {len(cells)} cells; the header has {width}"
        errors.append(FieldError(f"line {line}", message))
        return None
    found: list[FieldError] = []

    def cell(name: str) -> str:
        index = columns.get(name)
        value = cells[index].strip() if index is not None and index < len(cells) else ""
        if _CONTROL.search(value):
            found.append(FieldError(f"line {line}, column {name}", "has a control character"))
        return value

    name, email, unit, role, access = (cell(column) for column in (*COLUMNS, "access"))
    where = f"line {line}, column "
    found += _check_name(name, where + "name")
    found += _check_email(email, where + "email")
    path = tuple(part.strip() for part in unit.split("/"))
    found += _check_unit(unit, path, where + "unit")
    if role.lower() not in UNIT_ROLES:
        found.append(FieldError(where + "role", _not_one_of(role, "role", UNIT_ROLES)))
    if access and access.lower() not in ACCESS_ROLES:
        found.append(FieldError(where + "access", _not_one_of(access, "access", ACCESS_ROLES)))
    errors += found
    if found:
        return None
    return PersonRow(line, name, email, path, role.lower(), access.lower() or None)


def _not_one_of(value: str, what: str, allowed: tuple[str, ...]) -> str:
    if not value:
        return f"is required: {' or '.join(allowed)}"
    return f"{value!r} is not a {what}; use {' or '.join(allowed)}"


def _check_name(name: str, field: str) -> list[FieldError]:
    if not name:
        return [FieldError(field, "is required")]
    if len(name) > NAME_MAX_LENGTH:
        return [FieldError(field, f"is {len(name)} characters; keep it to {NAME_MAX_LENGTH}")]
    return []


def _check_email(email: str, field: str) -> list[FieldError]:
    if not email:
        return [FieldError(field, "is required")]
    if len(email) > EMAIL_MAX_LENGTH:
        return [FieldError(field, f"is {len(email)} characters; keep it to {EMAIL_MAX_LENGTH}")]
    local = email.partition("@")[0]
    dots = local.startswith(".") or local.endswith(".") or ".." in local
    if not _EMAIL.fullmatch(email) or dots or len(local) > 64:
        return [FieldError(field, f"{email!r} is not an email address")]
    return []


def _check_unit(unit: str, path: tuple[str, ...], field: str) -> list[FieldError]:
    if not unit:
        return [FieldError(field, "is required: a path such as Engineering/Web App")]
    if "" in path:
        return [FieldError(field, f"{unit!r} has an empty part; write Engineering/Web App")]
    if len(path) > UNIT_MAX_DEPTH:
        return [FieldError(field, f"{unit!r} is {len(path)} levels deep; {UNIT_MAX_DEPTH} at most")]
    too_long = [part for part in path if len(part) > UNIT_NAME_MAX_LENGTH]
    if too_long:
        message = f"a unit name is {len(too_long[0])} characters; keep it to "
        return [FieldError(field, message + str(UNIT_NAME_MAX_LENGTH))]
    return []


def _merge_people(rows: list[PersonRow], errors: list[FieldError]) -> list[PersonRow]:
    """One person may sit in several units (several lines), but with one name and one
    access; a unit named twice for them needs one role. The access given on any line is
    the person's on every line."""
    first: dict[str, PersonRow] = {}
    first_access: dict[str, PersonRow] = {}
    places: dict[tuple[str, tuple[str, ...]], PersonRow] = {}
    for row in rows:
        seen = first.setdefault(row.email_key, row)
        _conflict(row, seen, "name", row.name, seen.name, errors)
        if row.access is not None:
            seen = first_access.setdefault(row.email_key, row)
            _conflict(row, seen, "access", row.access, seen.access or "", errors)
        seen = places.setdefault((row.email_key, row.unit_key), row)
        _conflict(row, seen, "role", row.role, seen.role, errors)
    given = {key: row.access for key, row in first_access.items()}
    return [replace(row, access=given.get(row.email_key)) for row in rows]


def _conflict(
    row: PersonRow, seen: PersonRow, column: str, value: str, earlier: str, errors: list[FieldError]
) -> None:
    if value != earlier:
        message = f"{value!r} differs from {earlier!r} on line {seen.line} for {row.email}"
        errors.append(FieldError(f"line {row.line}, column {column}", message))


def capped(errors: list[FieldError]) -> list[FieldError]:
    """The first MAX_ERRORS errors and a count of the rest: a file wrong on every line
    gives a page to read, not ten thousand lines."""
    if len(errors) <= MAX_ERRORS:
        return errors
    more = len(errors) - MAX_ERRORS
    return [*errors[:MAX_ERRORS], FieldError("file", f"and {more} more error{'s' * (more > 1)}")]
