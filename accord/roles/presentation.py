"""What the roles pages show but do not compute: the cells of the RACI matrix, and the rows of
its CSV export."""

from collections.abc import Iterator

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from accord.roles.models import Letter
from accord.roles.selectors import ActivityRow, Cell, Column, WorkstreamRows

# The cells of a matrix are its bulk (an activity per row, a party or person per column, each
# cell a small form): written here rather than by the template engine, whose cost per variable
# made a page of a thousand cells take a hundred times the floor (bench/pages.py "roles").
CELL_FORM = (
    '<td class="raci-cell{}"><form method="post" action="{action}" hx-post="{action}" '
    'hx-trigger="change" hx-target="#activity-{activity}" hx-swap="outerHTML">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
    '<input type="hidden" name="party" value="{party}">{person}{version}{organization}'
    '<label class="visually-hidden" for="{id}">{title}: {label}</label>'
    '<select name="letter" id="{id}">{options}</select>'
    '<noscript><button type="submit" class="btn btn-small">Set</button></noscript>'
    "</form></td>"
)
CHOICES = ("", *Letter.values)
# The options of a cell's select, one list per letter chosen: written once, not per cell.
OPTIONS = {
    chosen: format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((c, " selected" if c == chosen else "", c or "\N{EN DASH}") for c in CHOICES),
    )
    for chosen in CHOICES
}


def matrix_cells(
    row: ActivityRow, *, action: str, csrf_token: str, organization: str | None, editable: bool
) -> SafeString:
    """The cells of an activity's row: a letter each, or, for those who may change the matrix,
    a form that sends the chosen letter (by htmx on change; with a button without scripts)."""
    if not editable:
        return format_html_join(
            "", '<td class="raci-cell{}">{}</td>', ((_mark(c), c.letter) for c in row.cells)
        )
    return SafeString(
        "".join(
            _cell_form(row, index, cell, action, csrf_token, organization)
            for index, cell in enumerate(row.cells)
        )
    )


def _cell_form(
    row: ActivityRow, index: int, cell: Cell, action: str, csrf: str, organization: str | None
) -> str:
    person = cell.column.person
    return format_html(
        CELL_FORM,
        _mark(cell),
        action=action,
        activity=row.activity.pk,
        csrf=csrf,
        party=cell.column.party.pk,
        person=_hidden("person", person.pk) if person else "",
        version=_hidden("version", cell.assignment.version) if cell.assignment else "",
        organization=_hidden("organization", organization) if organization else "",
        id=f"cell-{row.activity.pk}-{index}",
        title=row.activity.title,
        label=cell.column.label,
        options=OPTIONS[cell.letter],
    )


def _hidden(name: str, value: object) -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', name, value)


def _mark(cell: Cell) -> str:
    return f" raci-{cell.letter}" if cell.letter else ""


def matrix_csv_rows(
    columns: tuple[Column, ...], workstreams: tuple[WorkstreamRows, ...]
) -> Iterator[list[str]]:
    """A header (workstream, activity, one column per party or person, problems), then one line
    per activity. People are named with their organization, never by email."""
    headers = [
        column.label if column.person is None else f"{column.label} ({column.organization})"
        for column in columns
    ]
    yield ["Workstream", "Activity", *map(as_text, headers), "Problems"]
    for group in workstreams:
        for row in group.rows:
            letters = [cell.letter for cell in row.cells]
            titles = [as_text(group.workstream.title), as_text(row.activity.title)]
            yield [*titles, *letters, " ".join(row.problems)]


def as_text(value: str) -> str:
    """A value a spreadsheet reads as text, never as a formula (`=HYPERLINK(…)` typed as a
    title by someone of the other party)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
