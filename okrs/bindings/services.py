"""Binding a key result to a metric source, changing it and removing it (admins only).

The input of a binding is read on the server: a file path, a folder, a URL, a database URL.
That is why binding is trusted work, left to organisation admins by the shells that call here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from okrs.audit.services import SYSTEM, Author, snapshot
from okrs.bindings.cadence import CadenceError, parse_cadence
from okrs.bindings.models import Binding
from okrs.bindings.policy import binding_guard
from okrs.core.errors import FieldError, InvalidInput
from okrs.goals.models import KeyResult
from okrs.goals.services.common import change
from okrs.metrics.base import MetricError
from okrs.metrics.guard import check_input
from okrs.metrics.registry import all_kinds

INPUT_MAX_LENGTH = 2000
WINDOW_MAX_DAYS = 3660
BINDING_FIELDS = ["kind", "input", "options", "cadence_hours", "window_days"]
DATED_OPTIONS = ("since", "until")


@dataclass(frozen=True)
class BindingSpec:
    """What a person asks for, as typed; `clean()` turns it into stored values or errors."""

    kind: str
    input: str
    options: Mapping[str, str] | str = ""  # a mapping, or "key=value" lines as a form sends them
    cadence: str | int = "daily"
    window_days: str | int | None = None


def reads_server(source: str) -> bool:
    """The input names something on the server itself (a file, a folder, a database URL),
    not an http(s) URL: on a shared server, only its operator binds to those."""
    return not source.strip().lower().startswith(("http://", "https://"))


def takes_window(kind: str) -> bool:
    """Kinds with since and until options can measure a rolling window or an earlier date."""
    found = all_kinds().get(kind)
    return found is not None and all(name in found.options for name in DATED_OPTIONS)


def parse_option_lines(text: str) -> tuple[dict[str, str], list[FieldError]]:
    options: dict[str, str] = {}
    errors = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        key, equals, value = line.partition("=")
        if not equals or not key.strip():
            errors.append(FieldError("options", f"line {number}: write it as key=value"))
            continue
        options[key.strip()] = value.strip()
    return options, errors


def option_lines(options: Mapping[str, str]) -> str:
    return "\n".join(f"{key}={value}" for key, value in options.items())


def _clean_options(spec: BindingSpec) -> tuple[dict[str, str], list[FieldError]]:
    if isinstance(spec.options, str):
        options, errors = parse_option_lines(spec.options)
    else:
        options = {str(key).strip(): str(value).strip() for key, value in spec.options.items()}
        errors = []
    kind = all_kinds().get(spec.kind)
    if kind is not None:
        for name in options:
            if name not in kind.options:
                known = ", ".join(kind.options) or "none"
                errors.append(
                    FieldError("options", f"{name!r} is not an option of {spec.kind} ({known})")
                )
    return options, errors


def _clean_window(
    spec: BindingSpec, options: Mapping[str, str]
) -> tuple[int | None, list[FieldError]]:
    raw = "" if spec.window_days is None else str(spec.window_days).strip()
    if not raw:
        return None, []
    if not raw.isdigit() or not 1 <= int(raw) <= WINDOW_MAX_DAYS:
        return None, [
            FieldError("window_days", f"is a whole number of days, 1 to {WINDOW_MAX_DAYS}")
        ]
    if spec.kind in all_kinds() and not takes_window(spec.kind):
        return None, [FieldError("window_days", f"{spec.kind} has no since and until options")]
    if any(name in options for name in DATED_OPTIONS):
        return None, [FieldError("window_days", "leave since and until out of the options")]
    return int(raw), []


def _guard_errors(kind: str, source: str, options: Mapping[str, str]) -> list[FieldError]:
    """What the binding guard refuses (docs/measure.md, "What a binding may read")."""
    try:
        check_input(binding_guard(), kind, source, options)
    except MetricError as error:
        return [FieldError("input", error.problem)]
    return []


def clean(spec: BindingSpec) -> dict[str, object]:
    """The values to store, or InvalidInput naming each field that is wrong."""
    errors = []
    if spec.kind not in all_kinds():
        errors.append(FieldError("kind", f"is not a metric kind ({', '.join(all_kinds())})"))
    source = spec.input.strip()
    if not source:
        errors.append(FieldError("input", "is required: a file, folder or URL"))
    elif len(source) > INPUT_MAX_LENGTH:
        errors.append(FieldError("input", f"keep it to {INPUT_MAX_LENGTH} characters"))
    elif "://" not in source and not PurePath(source).is_absolute():
        # The web server and a cron job run in different folders: a relative path would
        # name a different file for each.
        errors.append(FieldError("input", "use an absolute path (/srv/…) or a URL"))
    options, option_errors = _clean_options(spec)
    errors += option_errors
    if not errors:
        errors += _guard_errors(spec.kind, source, options)
    try:
        hours = parse_cadence(str(spec.cadence))
    except CadenceError as error:
        errors.append(FieldError("cadence", str(error)))
    window, window_errors = _clean_window(spec, options)
    errors += window_errors
    if errors:
        raise InvalidInput(errors)
    return {
        "kind": spec.kind,
        "input": source,
        "options": options,
        "cadence_hours": hours,
        "window_days": window,
    }


def save_binding(
    key_result: KeyResult, spec: BindingSpec, *, by: Author = SYSTEM, now: datetime | None = None
) -> Binding:
    """Create or change the key result's binding; a changed source is due at once."""
    values = clean(spec)
    with change(key_result.objective.organisation_id, by, now) as write:
        binding = Binding.objects.filter(key_result=key_result).first()
        if binding is None:
            binding = Binding(key_result=key_result, created_by=by.user, next_due_at=write.now)
            before = None
        else:
            before = snapshot(binding, BINDING_FIELDS)
        for name, value in values.items():
            setattr(binding, name, value)
        if before is not None and any(
            before[name] != values[name] for name in ("kind", "input", "options", "window_days")
        ):
            binding.next_due_at = write.now
        binding.save()
        action = "create" if before is None else "update"
        after = snapshot(binding, BINDING_FIELDS)
        write.audit(action, binding, before, after, key_result=key_result)
    return binding


def remove_binding(binding: Binding, *, by: Author = SYSTEM, now: datetime | None = None) -> None:
    """The key result is typed by hand again; its measured check-ins keep their provenance."""
    key_result = binding.key_result
    with change(key_result.objective.organisation_id, by, now) as write:
        before = snapshot(binding, BINDING_FIELDS)
        write.audit("delete", binding, before, None, key_result=key_result)
        binding.delete()
