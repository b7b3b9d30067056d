"""A small, documented subset of JSONPath: enough to point at one value in an API response.

Supported, and nothing else:

- `$` the root (required first);
- `.name` a member whose name is letters, digits, `_` or `-`;
- `['name']` or `["name"]` any member name (a backslash escapes the quote or itself);
- `[index]` an array element; negative indexes count from the end (`[-1]` is the last).

Examples: `$.data.total`, `$.items[0].value`, `$.items[-1].value`,
`$.record.metrics['largest_contentful_paint'].percentiles.p75`. No wildcards, slices, filters or
recursive descent: a path names exactly one value.
"""

from __future__ import annotations

import re
from typing import Any

Step = str | int

_NAME = re.compile(r"[A-Za-z0-9_\-]+")
_INDEX = re.compile(r"-?[0-9]+")


class JsonPathError(ValueError):
    """A path that cannot be parsed, or that does not lead to a value in the document."""


def parse(path: str) -> list[Step]:
    """The steps of `path`: member names (str) and array indexes (int)."""
    text = path.strip()
    if not text.startswith("$"):
        raise JsonPathError("a path starts with $")
    steps: list[Step] = []
    position = 1
    while position < len(text):
        char = text[position]
        if char == ".":
            match = _NAME.match(text, position + 1)
            if not match:
                raise JsonPathError(f"expected a member name after '.' at character {position + 1}")
            steps.append(match.group())
            position = match.end()
        elif char == "[":
            position = _bracket(text, position + 1, steps)
        else:
            raise JsonPathError(f"unexpected {char!r} at character {position + 1}")
    return steps


def _bracket(text: str, position: int, steps: list[Step]) -> int:
    """Parse `[...]` starting just after the bracket; return the position after `]`."""
    if position < len(text) and text[position] in "'\"":
        quote, name, position = text[position], [], position + 1
        while position < len(text) and text[position] != quote:
            if text[position] == "\\" and position + 1 < len(text):
                position += 1
            name.append(text[position])
            position += 1
        if position >= len(text):
            raise JsonPathError("unterminated quoted name")
        steps.append("".join(name))
        position += 1
    else:
        match = _INDEX.match(text, position)
        if not match:
            raise JsonPathError(f"expected an index or a quoted name at character {position + 1}")
        steps.append(int(match.group()))
        position = match.end()
    if position >= len(text) or text[position] != "]":
        raise JsonPathError(f"expected ']' at character {position + 1}")
    return position + 1


def render(steps: list[Step]) -> str:
    parts = ["$"]
    for step in steps:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif _NAME.fullmatch(step):
            parts.append(f".{step}")
        else:
            parts.append("['" + step.replace("\\", "\\\\").replace("'", "\\'") + "']")
    return "".join(parts)


def find(document: Any, path: str) -> Any:
    """The value `path` points at; JsonPathError says which step found nothing."""
    steps = parse(path)
    value = document
    for number, step in enumerate(steps):
        where = render(steps[:number]) or "$"
        if isinstance(step, int):
            if not isinstance(value, list):
                raise JsonPathError(f"{where} is {_type(value)}, not an array")
            if not -len(value) <= step < len(value):
                raise JsonPathError(f"{where} has {len(value)} elements; no index {step}")
            value = value[step]
        else:
            if not isinstance(value, dict):
                raise JsonPathError(f"{where} is {_type(value)}, not an object")
            if step not in value:
                raise JsonPathError(f"{where} has no member {step!r}")
            value = value[step]
    return value


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
