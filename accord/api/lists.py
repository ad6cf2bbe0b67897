"""How every list of the API is read (decision 0012): a page at a time behind an opaque cursor,
in a documented order that stays stable while records are added, filtered by the list's
documented query parameters.

A list operation declares itself with `@paginate(Pages, listing=Listing(...))`: the orderings it
offers (each broken by id, so that no two items share a position), the default one, and its
filters. `Pages` then documents them as query parameters, applies them to the queryset the
handler returns, and answers `{"items": […], "has_more": …, "next": …}`, in a fixed number of
queries whatever the page: the page's rows are read with one more row, which says whether
there is a next page; nothing is counted.

A cursor is signed and names the list it belongs to (the request's path) and its ordering: a
cursor edited, from another list or another partnership, or under another `ordering`, answers
400 `validation_error`, never another list's items.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal

from django.core import signing
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from pydantic import AwareDatetime, BeforeValidator, create_model

CURSOR_SALT = "accord.api.cursor"
MAX_CURSOR_LENGTH = 2000


class QueryError(Exception):
    """A query parameter the operation cannot use: unknown, or a cursor it did not give.
    Answered 400 `validation_error`, naming the parameter (`accord.api.api`)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def sign_cursor(scope: str, position: Any) -> str:
    """An opaque cursor for `position` in the list `scope`."""
    return signing.dumps({"scope": scope, "at": position}, salt=CURSOR_SALT, compress=True)


def read_cursor(token: str, scope: str) -> Any:
    """The position a cursor of the list `scope` names; QueryError for any other string."""
    if len(token) > MAX_CURSOR_LENGTH:
        raise QueryError("cursor", "Not a cursor of this list.")
    try:
        data = signing.loads(token, salt=CURSOR_SALT)
    except (signing.BadSignature, ValueError, UnicodeDecodeError, OverflowError) as exc:
        raise QueryError("cursor", "Not a cursor of this list: send one this list gave.") from exc
    if not isinstance(data, dict) or data.get("scope") != scope:
        raise QueryError("cursor", "This cursor belongs to another list (or ordering).")
    return data.get("at")


def _plus_sign_restored(value: Any) -> Any:
    """A `+` left unencoded in a query string arrives as a space: "…T10:00:00 02:00"."""
    return re.sub(r" (\d\d:?\d\d)$", r"+\1", value) if isinstance(value, str) else value


# An instant with its offset (`Z` or `+02:00`); a time without one is refused.
Instant = Annotated[AwareDatetime, BeforeValidator(_plus_sign_restored)]


@dataclass(frozen=True)
class Filter:
    """One documented query parameter that narrows a list."""

    name: str
    annotation: Any
    description: str
    lookup: str  # the queryset filter it sets: "visibility", "updated_at__gte"

    def apply(self, queryset: QuerySet, value: Any) -> QuerySet:
        return queryset.filter(**{self.lookup: value})


def updated_range(field: str = "updated_at") -> tuple[Filter, Filter]:
    """`updated_since` and `updated_before`: the sync filters of every list of records."""
    return (
        Filter(
            "updated_since",
            Instant,
            "Only items changed at or after this time: ISO 8601 with its offset "
            "(`2026-05-01T09:30:00Z`; send `+` as `%2B`). Keep the time of your last sync "
            "to read only what changed since (deletions are in the changes feed).",
            f"{field}__gte",
        ),
        Filter(
            "updated_before",
            Instant,
            "Only items changed before this time (ISO 8601 with its offset).",
            f"{field}__lt",
        ),
    )


def choice_filter(name: str, values: Sequence[str], description: str, lookup: str) -> Filter:
    return Filter(name, Literal[tuple(values)], description, lookup)


@dataclass(frozen=True)
class Listing:
    """What a list offers: its orderings (public name: model field, never null), the default
    one (`-` for descending), and its filters."""

    orderings: dict[str, str] = field(default_factory=lambda: {"id": "id"})
    default: str = "id"
    filters: tuple[Filter, ...] = ()

    def choices(self) -> list[str]:
        return [f"{sign}{name}" for name in self.orderings for sign in ("", "-")]

    def ordering_description(self) -> str:
        names = ", ".join(f"`{choice}`" for choice in self.choices())
        return (
            f"The order of the list: {names} (`-`: descending); ties are broken by id in the "
            f"same direction. Default `{self.default}`."
        )


class PageOut(Schema):
    items: list[Any]
    has_more: bool = Field(description="Whether there are items after this page.")
    next: str | None = Field(
        description="The cursor of the next page, to send as `cursor` with the same "
        "parameters; null on the last page."
    )


class Pages(PaginationBase):
    """Pages of a list behind a cursor, in the `Listing`'s orderings, with its filters."""

    Output = PageOut  # type: ignore[assignment]

    def __init__(self, *, listing: Listing | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.listing = listing or Listing()
        self.Input = _input_schema(self.listing)  # type: ignore[assignment,misc]

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        ordering = getattr(pagination, "ordering", None) or self.listing.default
        descending = ordering.startswith("-")
        path = self.listing.orderings[ordering.lstrip("-")]
        scope = f"{request.path}?ordering={ordering}"
        after = read_cursor(pagination.cursor, scope) if pagination.cursor else None
        for flt in self.listing.filters:
            value = getattr(pagination, flt.name)
            if value is not None:
                queryset = flt.apply(queryset, value)
        page = _page(queryset, path, descending, after, pagination.limit)
        has_more = len(page) > pagination.limit
        page = page[: pagination.limit]
        position = _position(page[-1], path) if has_more else None
        return {
            "items": page,
            "has_more": has_more,
            "next": sign_cursor(scope, position) if has_more else None,
        }


def _input_schema(listing: Listing) -> type[Schema]:
    fields: dict[str, Any] = {
        "limit": (int, Field(50, ge=1, le=200, description="Items per page, 1 to 200.")),
        "cursor": (
            str | None,
            Field(None, description="Where the page starts: the `next` of the page before."),
        ),
    }
    choices = Literal[tuple(listing.choices())]  # type: ignore[valid-type]
    description = listing.ordering_description()
    fields["ordering"] = (choices | None, Field(None, description=description))
    for flt in listing.filters:
        fields[flt.name] = (flt.annotation | None, Field(None, description=flt.description))
    return create_model("ListQuery", __base__=Schema, **fields)


def _field_value(item: Any, path: str) -> Any:
    for name in path.split("__"):
        item = getattr(item, name)
    return item


def _position(item: Any, path: str) -> list[Any]:
    value = _field_value(item, path)
    return [value.isoformat() if isinstance(value, date) else value, item.pk]


def _read_position(
    model: type[Model], path: str, position: Any, annotations: dict[str, Any] | None = None
) -> tuple[Any, int]:
    """The (value, id) a cursor names, as the field's own type (or the annotation's, for a
    list ordered by an annotation of its queryset)."""
    if not (isinstance(position, list) and len(position) == 2 and type(position[1]) is int):
        raise QueryError("cursor", "Not a cursor of this list.")
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model  # type: ignore[assignment]
    annotated = (annotations or {}).get(path)
    try:
        field = annotated.output_field if annotated else model._meta.get_field(name)
        value = field.to_python(position[0])  # type: ignore[union-attr]
    except Exception as exc:  # the field's own refusal of a value it never stored
        raise QueryError("cursor", "Not a cursor of this list.") from exc
    return value, position[1]


def _page(items: Any, path: str, descending: bool, after: Any, limit: int) -> list[Any]:
    """The items after the position `after` (none: from the start), limit + 1 of them."""
    if isinstance(items, QuerySet):
        sign = "-" if descending else ""
        items = items.order_by(f"{sign}{path}", f"{sign}pk")
        if after is not None:
            value, pk = _read_position(items.model, path, after, items.query.annotations)
            beyond = "lt" if descending else "gt"
            items = items.filter(
                Q(**{f"{path}__{beyond}": value}) | Q(**{path: value, f"pk__{beyond}": pk})
            )
        return list(items[: limit + 1])
    return _list_page(list(items), path, descending, after, limit)


def _list_page(items: list, path: str, descending: bool, after: Any, limit: int) -> list:
    """The same page of a list already in memory (a partnership's few parties)."""

    def key(item: Any) -> tuple:
        return (_field_value(item, path), item.pk)

    items.sort(key=key, reverse=descending)
    if after is not None and items:
        value, pk = _read_position(type(items[0]), path, after)
        beyond: Callable[[tuple], bool] = (
            (lambda k: k < (value, pk)) if descending else (lambda k: k > (value, pk))
        )
        items = [item for item in items if beyond(key(item))]
    return items[: limit + 1]
