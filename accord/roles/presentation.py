"""What the roles pages show but do not compute: the rows of the CSV export of the matrix."""

from collections.abc import Iterator

from accord.roles.selectors import Column, WorkstreamRows


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
