"""Bounded types every router uses, so that the published contract is exact.

An integer the API accepts is bounded by what the database can hold: ids by the
`BigAutoField` primary keys (1 … 2^63 − 1), counts and amounts by their columns. A value
outside answers 422 (the shared error format) instead of reaching the database, where
it failed with a 500 ("Python int too large to convert to SQLite INTEGER", "bigint out
of range"). Pages are bounded too: `LimitOffsetPagination` is the ninja paginator with
a bounded input schema.
"""

from typing import Annotated, Any, Literal

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

#: The largest value of a `BigAutoField` / `BigIntegerField` (PostgreSQL bigint).
BIGINT_MAX = 2**63 - 1
#: The largest value of an `IntegerField` / `PositiveIntegerField`.
INT_MAX = 2**31 - 1
#: The largest value of a `SmallIntegerField` / `PositiveSmallIntegerField`.
SMALLINT_MAX = 2**15 - 1

#: A primary key (or a reference to one).
Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
#: A count or quantity stored in an `IntegerField`/`PositiveIntegerField`.
Count = Annotated[int, Field(ge=0, le=INT_MAX)]
#: A `PositiveSmallIntegerField` value (a year, …).
SmallCount = Annotated[int, Field(ge=0, le=SMALLINT_MAX)]
#: Any `IntegerField` value (may be negative).
Int32 = Annotated[int, Field(ge=-(2**31), le=INT_MAX)]
#: A `BigIntegerField` value (rupiah amounts, …).
BigInt = Annotated[int, Field(ge=-(2**63), le=BIGINT_MAX)]
#: A non-negative `BigIntegerField` value.
Amount = Annotated[int, Field(ge=0, le=BIGINT_MAX)]
#: A page number of a numbered listing.
PageNumber = Annotated[int, Field(ge=1, le=INT_MAX)]

#: The most rows one page of a listing can hold.
MAX_LIMIT = 500
#: The largest offset of a paginated listing (far past any table we keep).
MAX_OFFSET = INT_MAX


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    """`?limit=&offset=` with both bounded (ninja leaves them unbounded)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    class Output(Schema):
        items: list[Any]
        count: Count

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def one_of(values) -> Any:
    """The fixed set `values` (a model's choices, …) as an OpenAPI enum: a `Literal`, so
    that it is published inline and needs no component name of its own. Integer choices
    stay integers; every other value is published as its string."""
    return Literal[tuple(_plain(v) for v in dict.fromkeys(values))]


def _plain(value):
    if isinstance(value, bool) or not isinstance(value, int):
        return str(value)
    return int(value)


def actions_of(lifecycle) -> Any:
    """The actions of a `kriya.core.workflow.Lifecycle`, as an enum."""
    return one_of(move.action for move in lifecycle.moves)
