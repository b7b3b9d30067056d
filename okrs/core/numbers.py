"""Numbers as people read and type them: a key result's values rounded for display, and
typed values parsed back from the formats the pages display.

How many decimals a key result shows (`decimals_for`):

- its `precision` when someone set one (0-6; then the decimals are fixed: 12.50);
- otherwise inferred from the key result's own start, target and band values: as many
  decimal places as they are written with, but at least 1, so an average such as an NPS
  of 11.111111111111107 shows as 11.1 even on a 0 -> 30 key result; and one more (at
  least 2) when every one of those values lies in 0-1, because a ratio of 0.347 is
  unreadable as 0.3. Inferred decimals are capped at 4 and trailing zeros are dropped
  (2530, not 2530.0), so whole counts stay whole.

A measured value with no key result to take decimals from (`okrs metric`, `okrs measure`)
shows 2 decimals, or 4 below 1 so a rate such as 0.0123 keeps its digits
(`reading_decimals`); their --json keeps every digit.

Rounding is half up on the shortest decimal that prints the float (2.675 -> 2.68, though
its binary value lies just below), which is how people round what they read; zero never
shows as "-0".

What `parse_number` accepts, with a decimal point (the default): 2530, 2,530, 2 530 (also
with a no-break or thin space), 1,234.5, 0.7, .5, -3 and anything Python prints for a
float (1e-05). With `decimal_comma=True` the roles swap: 2530, 2.530, 2 530, 2.530,5, 0,7.
A thousands separator is one only between groups of exactly three digits, always the
same one; anything else ("12,34" or "1.234.5" with a decimal point, "1,2,3") is refused
with a message naming the accepted formats, rather than guessed: a wrong guess is off by
a factor of a thousand.

Which requests get a decimal comma (`decimal_comma_for`): those whose preferred language,
the first entry of Accept-Language, is one of DECIMAL_COMMA_LANGUAGES; Swiss German and
Italian (de-CH, it-CH, de-LI), which write 1'234.5, get the decimal point. Pages show
values in the same convention as they accept them, so what a page displays can be typed
back as it is.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal

from okrs.core.errors import FieldError

PRECISION_MIN, PRECISION_MAX = 0, 6
INFERRED_MIN, INFERRED_MAX = 1, 4
RATIO_MIN = 2

# Primary language subtags whose common locales write 1.234,5 (or 1 234,5).
DECIMAL_COMMA_LANGUAGES = frozenset(
    [
        "bg",
        "cs",
        "da",
        "de",
        "el",
        "es",
        "et",
        "fi",
        "fr",
        "hr",
        "hu",
        "id",
        "it",
        "lt",
        "lv",
        "nb",
        "nl",
        "nn",
        "no",
        "pl",
        "pt",
        "ro",
        "ru",
        "sk",
        "sl",
        "sr",
        "sv",
        "tr",
        "uk",
    ]
)
_POINT_EXCEPTIONS = frozenset({"de-ch", "it-ch", "de-li"})

# A float has at most 309 integer digits; the context must hold them all plus decimals.
_CONTEXT = Context(prec=340, rounding=ROUND_HALF_UP)
_SPACES = " \u00a0\u202f\u2009"
# What Python prints for a float, and what people type with a decimal point and no groups.
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class NumberFormatError(ValueError):
    """A typed value in no format we accept; the message says which ones we do."""


def precision_errors(precision: object) -> list[FieldError]:
    """A key result's precision is unset (infer) or a whole number of decimals 0-6."""
    if precision is None:
        return []
    if isinstance(precision, bool) or not isinstance(precision, int):
        return [FieldError("precision", "must be a whole number of decimals, or empty")]
    if not PRECISION_MIN <= precision <= PRECISION_MAX:
        return [FieldError("precision", f"must be {PRECISION_MIN} to {PRECISION_MAX} decimals")]
    return []


def decimals_for(
    start: float | None,
    target: float | None,
    low: float | None,
    high: float | None,
    precision: int | None,
) -> int:
    """The decimal places a key result's values are shown with (see the module docstring)."""
    if precision is not None:
        return min(PRECISION_MAX, max(PRECISION_MIN, precision))
    values = [value for value in (start, target, low, high) if value is not None]
    used = max((_decimals_written(value) for value in values), default=0)
    decimals = max(INFERRED_MIN, used)
    if values and all(0 <= value <= 1 for value in values):
        decimals = max(RATIO_MIN, used + 1)
    return min(INFERRED_MAX, decimals)


def reading_decimals(value: float) -> int:
    """The decimals of a value measured on its own, outside any key result."""
    return 4 if abs(value) < 1 else 2


def format_reading(value: object) -> str:
    """A measured figure for people: floats rounded, anything else as it prints."""
    if isinstance(value, float):
        return format_value(value, reading_decimals(value))
    return str(value)


def _decimals_written(value: float) -> int:
    if not math.isfinite(value):
        return 0
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite, so never "n", "N" or "F"
    return max(0, -exponent)


def format_value(
    value: float, decimals: int, *, decimal_comma: bool = False, trim: bool = True
) -> str:
    """2530.0 -> "2,530", 1234.54 at 1 -> "1,234.5"; with trim=False the decimals are fixed."""
    if not math.isfinite(value):
        return "–"
    step = Decimal(1).scaleb(-decimals)
    rounded = _CONTEXT.quantize(Decimal(repr(float(value))), step)
    if rounded.is_zero():
        rounded = rounded.copy_abs()  # no "-0"
    text = f"{rounded:,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(_SWAP) if decimal_comma else text


_SWAP = str.maketrans({",": ".", ".": ","})


def plain_value(value: float, decimals: int, *, decimal_comma: bool = False) -> str:
    """A value for an <input>: rounded, no thousands separators (2530 or 2530,5)."""
    text = format_value(value, decimals)
    text = text.replace(",", "")
    return text.replace(".", ",") if decimal_comma else text


def accepted_formats(decimal_comma: bool) -> str:
    if decimal_comma:
        return "2530, 2.530, 2 530, 2.530,5 or 0,7"
    return "2530, 2,530, 2 530, 1,234.5 or 0.7"


def parse_number(text: str, decimal_comma: bool = False) -> float:
    """A typed value as a float; NumberFormatError naming the accepted formats otherwise."""
    stripped = text.strip().replace("\u2212", "-")  # a typographic minus, as pasted
    if not decimal_comma and _PLAIN.fullmatch(stripped):
        return _finite(float(stripped))
    point, group = (",", ".") if decimal_comma else (".", ",")
    match = _grouped(point, group).fullmatch(stripped)
    if match is None or not (match["whole"] or match["fraction"]):
        raise NumberFormatError(
            f"must be a number such as {accepted_formats(decimal_comma)}, not {text[:40]!r}"
        )
    whole = re.sub(f"[{re.escape(group + _SPACES)}]", "", match["whole"] or "0")
    return _finite(float(f"{match['sign']}{whole}.{match['fraction'] or '0'}"))


def _grouped(point: str, group: str) -> re.Pattern[str]:
    separators = re.escape(group + _SPACES)
    # 2.530.000 or 2 530 000: one separator, repeated between groups of exactly 3 digits
    groups = rf"[0-9]{{1,3}}(?P<sep>[{separators}])[0-9]{{3}}(?:(?P=sep)[0-9]{{3}})*"
    return re.compile(
        rf"(?P<sign>[+-]?)(?P<whole>{groups}|[0-9]+)?(?:{re.escape(point)}(?P<fraction>[0-9]+))?"
    )


def _finite(number: float) -> float:
    if not math.isfinite(number):
        raise NumberFormatError("must be a finite number")
    return number


def decimal_comma_for(accept_language: str) -> bool:
    """Does the request's preferred language write a decimal comma? ("de-DE,en;q=0.8": yes)"""
    first = accept_language.split(",")[0].split(";")[0].strip().lower().replace("_", "-")
    if first in _POINT_EXCEPTIONS:
        return False
    return first.split("-")[0] in DECIMAL_COMMA_LANGUAGES
