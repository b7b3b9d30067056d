"""Types every schema shares: ids, bounded numbers, clean text, moments, pages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeAlias, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.params import functions as params
from pydantic import AfterValidator, BeforeValidator, ConfigDict

from okrs.core.alignment import MAX_LINK_WEIGHT
from okrs.core.checkins import CONFIDENCE_MAX, CONFIDENCE_MIN, NOTE_MAX_LENGTH
from okrs.core.validation import EARLIEST, LATEST, MAX_KR_WEIGHT
from okrs.goals.services.checkins import SOURCE_MAX_LENGTH

# Ids are 64-bit: anything larger could never exist, and would overflow the database driver.
MAX_ID = 2**63 - 1
# Far beyond any measurement a key result tracks, and far from float overflow in the maths.
MAX_NUMBER = 1e15
MAX_OFFSET = 1_000_000_000


def _not_bool(value: object) -> object:
    # pydantic reads true as 1 and false as 0: `"owner": true` would name person 1 and
    # `"weight": false` would silence a link. JSON Schema's integer and number exclude
    # booleans, so refusing them keeps the server and the OpenAPI document in agreement.
    if isinstance(value, bool):
        raise ValueError("must be a number, not true or false")
    return value


NotBool = BeforeValidator(_not_bool)
Id: TypeAlias = Annotated[int, NotBool, Field(ge=1, le=MAX_ID)]
# What ninja's `Path[int, {...}]` shorthand builds, spelled so mypy reads it as an int.
PathId: TypeAlias = Annotated[int, params.Path(ge=1, le=MAX_ID)]
Number: TypeAlias = Annotated[
    float, NotBool, Field(ge=-MAX_NUMBER, le=MAX_NUMBER, allow_inf_nan=False)
]
Weight: TypeAlias = Annotated[float, NotBool, Field(ge=0, le=MAX_KR_WEIGHT, allow_inf_nan=False)]
# A link's weight, bounded by the core rule (okrs.core.alignment.weight_errors).
LinkWeight: TypeAlias = Annotated[
    float, NotBool, Field(gt=0, le=MAX_LINK_WEIGHT, allow_inf_nan=False)
]
Score: TypeAlias = Annotated[float, NotBool, Field(ge=0, le=1, allow_inf_nan=False)]
Confidence: TypeAlias = Annotated[int, NotBool, Field(ge=CONFIDENCE_MIN, le=CONFIDENCE_MAX)]


def _no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text; refuse it here, as a 422, on every database.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


# Clean text: `Annotated[str, Field(min_length=..., max_length=...), NoNul]`, written out
# per alias (a factory function would hide the type from mypy).
NoNul = AfterValidator(_no_nul)


# Dates and moments: the range the services accept (okrs.core.validation), so the OpenAPI
# document states the same bounds the domain holds.


def _iso_text(value: object) -> object:
    # pydantic would read a number as seconds since 1970: a client mistake, not a date.
    if isinstance(value, int | float):
        raise ValueError("must be an ISO 8601 date or time in a string, not a number")
    return value


Day: TypeAlias = Annotated[date, BeforeValidator(_iso_text), Field(ge=EARLIEST, le=LATEST)]


def _aware(value: datetime) -> datetime:
    """A moment without a zone is taken as UTC; one far outside the calendar is refused."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if not EARLIEST <= value.date() <= LATEST:
        raise ValueError(f"must be between {EARLIEST} and {LATEST}")
    return value.astimezone(UTC)


Moment: TypeAlias = Annotated[datetime, BeforeValidator(_iso_text), AfterValidator(_aware)]

Title: TypeAlias = Annotated[str, Field(min_length=1, max_length=200), NoNul]
Name: TypeAlias = Annotated[str, Field(min_length=1, max_length=100), NoNul]
Note: TypeAlias = Annotated[str, Field(min_length=0, max_length=500), NoNul]
LongText: TypeAlias = Annotated[str, Field(min_length=0, max_length=20_000), NoNul]
Search: TypeAlias = Annotated[str, Field(min_length=0, max_length=200), NoNul]
CheckInNote: TypeAlias = Annotated[str, Field(min_length=0, max_length=NOTE_MAX_LENGTH), NoNul]
Source: TypeAlias = Annotated[str, Field(min_length=0, max_length=SOURCE_MAX_LENGTH), NoNul]


T = TypeVar("T")

if TYPE_CHECKING:
    # A patch field: left out, it reads None; an explicit null is refused like any
    # other wrong type, so at run time the annotation stays the bare type.
    Omittable: TypeAlias = T | None
else:

    class _Omittable:
        def __getitem__(self, item: object) -> object:
            return item

    Omittable = _Omittable()


class Input(Schema):
    """A request body: unknown fields (read-only ones included) are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


class Page(Schema, Generic[T]):
    items: list[T]
    count: int = Field(description="How many match in all, after the permission filter.")


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def page(items: list[Any] | QuerySet[Any], query: PageQuery) -> dict[str, Any]:
    """Slice after the permission filter, so `count` is what the caller may see."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    return {"items": list(items[query.offset : query.offset + query.limit]), "count": count}
