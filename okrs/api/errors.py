"""One JSON envelope for every error the API returns, and the handlers that produce it.

    {"ok": false, "status": 404, "error": "No objective here.", "errors": {"field": ["..."]}}

Client mistakes are 4xx: a body that is not JSON is 400, a body or parameter of the wrong
type or out of range and an `InvalidInput` from the services are 422 (both mean "understood,
but not acceptable"), an id that does not exist or that the caller may not read is 404, and
a write that what is stored forbids now (a `Conflict`: a link into a closed objective or
period) is 409.
"""

from __future__ import annotations

import logging
from typing import Literal

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from okrs.core.errors import Conflict, InvalidInput, NotFound

logger = logging.getLogger(__name__)

MESSAGES = {
    400: "The request could not be read.",
    401: "Sign in, or send 'Authorization: Bearer <token>'.",
    403: "You may not do that.",
    404: "Not found.",
    405: "Method not allowed.",
    409: "That conflicts with what is stored.",
    413: "The request body is too large.",
    422: "The input is not valid.",
    500: "Something went wrong on our side.",
}


class ErrorOut(Schema):
    ok: Literal[False] = False
    status: int
    error: str
    errors: dict[str, list[str]] = {}


# Documented on every operation so that clients (and schema checkers) know the 4xx shape.
ERROR_STATUSES = (400, 401, 403, 404, 409, 413, 422)
ERROR_RESPONSES: dict[int, type[ErrorOut]] = dict.fromkeys(ERROR_STATUSES, ErrorOut)


class ApiError(Exception):
    """Raised by routes to answer with a given status, message and per-field errors."""

    def __init__(
        self, status: int, message: str = "", errors: dict[str, list[str]] | None = None
    ) -> None:
        self.status = status
        self.message = message or MESSAGES.get(status, "Error.")
        self.errors = errors or {}
        super().__init__(self.message)


def not_found(what: str = "", field: str | None = None) -> ApiError:
    message = f"No {what} here." if what else MESSAGES[404]
    return ApiError(404, message, {field: ["not found"]} if field else None)


def require(allowed: bool, message: str = "", field: str | None = None) -> None:
    """Readable but not permitted: 403."""
    if not allowed:
        raise ApiError(403, message, {field: [message or "not permitted"]} if field else None)


def forbidden(message: str = "") -> ApiError:
    return ApiError(403, message)


def envelope(status: int, message: str = "", errors: dict[str, list[str]] | None = None) -> dict:
    return {
        "ok": False,
        "status": status,
        "error": " ".join((message or MESSAGES.get(status, "Error.")).split()),
        "errors": errors or {},
    }


def field_name(loc: tuple | list) -> str:
    """`("body", "payload", "items", 3, "value")` -> `"items.3.value"`.

    The first part names where the value came from (body, query, path, header); a body
    parsed into one schema adds that parameter's name, which clients never see.
    """
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 1 else []
    elif parts:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for error in exc.errors:
        message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
        grouped.setdefault(field_name(error.get("loc", ())), []).append(message)
    return grouped


def _one_line(errors: dict[str, list[str]]) -> str:
    text = "; ".join(f"{field}: {', '.join(messages)}" for field, messages in errors.items())
    return text[:500] or MESSAGES[422]


def install(api: NinjaAPI) -> None:
    """Register a handler for every exception a request can end in."""

    def respond(request: HttpRequest, status: int, message: str = "", errors=None) -> HttpResponse:
        response = api.create_response(request, envelope(status, message, errors), status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="okrs"'
        return response

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc.status, exc.message, exc.errors)

    @api.exception_handler(NotFound)
    def lookup_not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
        # Missing, in another organisation or unreadable: okrs.goals.queries says which not.
        found = not_found(exc.what, exc.field)
        return respond(request, 404, found.message, found.errors)

    @api.exception_handler(InvalidInput)
    def invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
        errors = exc.by_field()
        return respond(request, 422, _one_line(errors), errors)

    @api.exception_handler(Conflict)
    def stored_conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
        # Allowed, but what is stored forbids it now (a closed objective or period).
        errors = {exc.field: [exc.message]} if exc.field else None
        return respond(request, 409, exc.message, errors)

    @api.exception_handler(ValidationError)
    def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = _validation_errors(exc)
        return respond(request, 422, _one_line(errors), errors)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own defaults ("Unauthorized", "Forbidden") say less than ours
        generic = exc.message in ("Unauthorized", "Forbidden", "")
        return respond(request, exc.status_code, "" if generic else exc.message)

    @api.exception_handler(Http404)
    def http_404(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 404)

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 404)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 403)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 413)

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 400)

    @api.exception_handler(IntegrityError)
    def conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 409)

    @api.exception_handler(DataError)
    def data_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The database refused a value (too long, out of range) that validation let through.
        return respond(request, 422, "A value is too long or out of range.")

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500)
