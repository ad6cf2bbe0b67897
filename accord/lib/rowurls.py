"""URLs with one record id in them, reversed once per page instead of once per row.

`{% url %}` resolves its name and arguments on every call; a page printing a link per row paid
it a hundred times and more. `row_url` reverses once with a sentinel id and splits around it,
so the shape of the URL still comes from urls.py and the row only fills in its id."""

from dataclasses import dataclass

from django.urls import reverse

_SENTINEL = 987654321987  # an id that no URL shape contains otherwise


@dataclass(frozen=True)
class RowUrl:
    """A URL split around its last id: a template prints `{{ u.head }}{{ id }}{{ u.tail }}`,
    Python calls `u.of(id)`."""

    head: str
    tail: str

    def of(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


def row_url(name: str, *args: int) -> RowUrl:
    head, tail = reverse(name, args=[*args, _SENTINEL]).split(str(_SENTINEL))
    return RowUrl(head, tail)
