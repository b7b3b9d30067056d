"""How a request writes numbers: the pages show values and read typed ones the same way.

The rule (okrs.core.numbers.decimal_comma_for) reads the first language of Accept-Language,
not Django's active language: USE_I18N is off, and the browser's preference is the best
guess of the convention the person types in.
"""

from __future__ import annotations

from django.http import HttpRequest

from okrs.core.numbers import decimal_comma_for


def decimal_comma(request: object) -> bool:
    if not isinstance(request, HttpRequest):
        return False
    return decimal_comma_for(request.headers.get("Accept-Language", ""))
