"""A batch of measurements (a CSV file, a bulk API call) and what it would change.

One plan serves the preview, the API's dry run and the write itself: each row is checked
against the KPI's rules (`Kpi.measurement_day_error`) and against the values the KPI already
has, and is new, replaces a value of the same day (only when the caller asked to replace), or
changes nothing. A batch with any problem writes nothing.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from accord.lib.bounds import VALUE_PLACES, date_error, number_error

if TYPE_CHECKING:
    from accord.longterm.models import Kpi, Measurement

MAX_ROWS = 10_000
MAX_PROBLEMS = 100
NOTE_LENGTH = 500


@dataclass(frozen=True)
class MeasurementRow:
    """One value to record; `row` is where it came from (a CSV line, a position in a list)."""

    row: int
    measured_on: date
    value: Decimal
    note: str = ""


@dataclass(frozen=True)
class RowProblem:
    row: int | None  # None: the batch as a whole
    message: str


class MeasurementsRejected(Exception):
    """A batch with problems: nothing of it was recorded."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        self.shown = problems[:MAX_PROBLEMS]
        self.hidden = len(problems) - len(self.shown)
        rows = len({p.row for p in problems if p.row is not None})
        super().__init__(
            f"Nothing was recorded: {rows} row{'s' if rows != 1 else ''} "
            f"{'have' if rows != 1 else 'has'} problems."
            if rows
            else f"Nothing was recorded: {_lower_first(problems[0].message)}"
        )


class BatchOutcome(StrEnum):
    NEW = "new"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class PlannedRow:
    row: MeasurementRow
    current: "Measurement | None"  # the value already recorded on that day

    @property
    def outcome(self) -> BatchOutcome:
        if self.current is None:
            return BatchOutcome.NEW
        if (self.current.value, self.current.note) == (self.row.value, self.row.note):
            return BatchOutcome.UNCHANGED
        return BatchOutcome.REPLACED


@dataclass
class BatchPlan:
    """What recording the batch does, row by row, or why it cannot."""

    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def count(self, outcome: BatchOutcome) -> int:
        return sum(1 for planned in self.rows if planned.outcome == outcome)

    @property
    def added(self) -> int:
        return self.count(BatchOutcome.NEW)

    @property
    def replaced(self) -> int:
        return self.count(BatchOutcome.REPLACED)

    @property
    def unchanged(self) -> int:
        return self.count(BatchOutcome.UNCHANGED)

    @property
    def changes(self) -> list[PlannedRow]:
        """The rows that write something, oldest day first."""
        changing = [p for p in self.rows if p.outcome != BatchOutcome.UNCHANGED]
        return sorted(changing, key=lambda p: p.row.measured_on)


def row_problems(row: MeasurementRow) -> list[str]:
    """What is wrong with a row on its own, before the KPI is looked at."""
    problems = []
    if bad_date := date_error(row.measured_on):
        problems.append(f"bad date {row.measured_on}: {_lower_first(bad_date)}")
    if bad_number := number_error(row.value, VALUE_PLACES):
        problems.append(f"bad number {row.value:f}: {_lower_first(bad_number)}")
    if len(row.note) > NOTE_LENGTH:
        problems.append(f"note longer than {NOTE_LENGTH} characters")
    return problems


def plan_batch(
    kpi: "Kpi",
    rows: Iterable[MeasurementRow],
    current: Mapping[date, "Measurement"],
    *,
    replace: bool,
    today: date,
    known_problems: Iterable[RowProblem] = (),
    name_row: Callable[[int], str] = "row {}".format,
) -> BatchPlan:
    """Check every row against the KPI's rules and its `current` values (by day).

    Without `replace`, a day that already has a value is a problem, as for a single value;
    with it, the row replaces that value. A day twice in the batch is always a problem.
    `known_problems` (found while reading a file) are kept, in row order with the others."""
    plan = BatchPlan(problems=list(known_problems))
    first_row: dict[date, int] = {}
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            return BatchPlan(
                problems=[RowProblem(None, f"More than {MAX_ROWS:,} rows: split them.")]
            )
        reasons = row_problems(row)
        if not reasons:
            day = row.measured_on
            if day in first_row:
                reasons.append(f"{day} appears twice (first on {name_row(first_row[day])})")
            elif day in current and not replace:
                reasons.append(
                    f"{day} already has a value ({plain_number(current[day].value)}): "
                    "replace existing values, or leave this one out"
                )
            elif problem := kpi.measurement_day_error(day, today, ()):
                reasons.append(problem)
            first_row.setdefault(row.measured_on, row.row)
        if reasons:
            plan.problems.append(RowProblem(row.row, "; ".join(reasons)))
        else:
            plan.rows.append(PlannedRow(row, current.get(row.measured_on)))
    if not plan.rows and not plan.problems:
        plan.problems.append(RowProblem(None, "There are no measurements in it."))
    plan.problems.sort(key=lambda p: -1 if p.row is None else p.row)
    return plan


def plain_number(value: Decimal) -> str:
    """A stored value as written: no exponent, no trailing zeros (12.5000 → 12.5)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
