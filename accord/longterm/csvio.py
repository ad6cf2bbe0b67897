"""Measurements as CSV: `date,value[,note]` with a header row, ISO dates, one row a day.

Reading checks every row and reports each problem with its line; the caller imports nothing
unless there is none. Writing produces the same columns, so an export imports cleanly into
another KPI. Notes that a spreadsheet would run as a formula (starting with = + - @) are written
with a leading apostrophe, which reading takes off again.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from accord.lib.bounds import VALUE_PLACES, date_error, number_error

MAX_BYTES = 1_000_000
MAX_ROWS = 10_000
MAX_PROBLEMS = 100
NOTE_LENGTH = 500
HEADERS = (["date", "value"], ["date", "value", "note"])
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class CsvRow:
    line: int
    measured_on: date
    value: Decimal
    note: str


@dataclass(frozen=True)
class CsvProblem:
    line: int | None  # None: the file as a whole
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


class MeasurementsRejected(Exception):
    """A CSV file with problems: nothing of it was imported."""

    def __init__(self, problems: list[CsvProblem]) -> None:
        self.problems = problems
        self.shown = problems[:MAX_PROBLEMS]
        self.hidden = len(problems) - len(self.shown)
        rows = len({p.line for p in problems if p.line})
        super().__init__(
            f"Nothing was imported: {rows} row{'s' if rows != 1 else ''} "
            f"{'have' if rows != 1 else 'has'} problems."
            if rows
            else f"Nothing was imported: {problems[0].message}"
        )


def parse_measurements(
    data: bytes, *, day_error: Callable[[date], str | None]
) -> tuple[list[CsvRow], list[CsvProblem]]:
    """The rows of a measurements file and the problems found; rows count only without any.
    `day_error(day)` says why the KPI takes no value on a day (`Kpi.measurement_day_error`)."""
    text, problem = _decode(data)
    if problem:
        return [], [problem]
    rows: list[CsvRow] = []
    problems: list[CsvProblem] = []
    first_line: dict[date, int] = {}
    records = _records(text, problems)
    header = next(records, None)
    if header is None:
        return [], problems or [CsvProblem(None, "The file is empty.")]
    line, cells = header
    if [c.strip().lower() for c in cells] not in HEADERS:
        found = ",".join(cells)[:60]
        message = f"the first row must be the header date,value or date,value,note; found “{found}”"
        return [], [CsvProblem(line, message)]
    for line, cells in records:
        if len(rows) + len(problems) >= MAX_ROWS:
            return [], [CsvProblem(None, f"The file has more than {MAX_ROWS:,} rows: split it.")]
        row = _row(line, cells, day_error, first_line, problems)
        if row:
            rows.append(row)
    if not rows and not problems:
        problems.append(CsvProblem(None, "The file has a header but no measurements."))
    return (rows, []) if not problems else ([], problems)


def _decode(data: bytes) -> tuple[str, CsvProblem | None]:
    if len(data) > MAX_BYTES:
        return "", CsvProblem(
            None, f"The file is larger than {MAX_BYTES // 1_000_000} MB: split it."
        )
    if not data.strip():
        return "", CsvProblem(None, "The file is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", CsvProblem(None, "The file is not UTF-8 text: save it as “CSV UTF-8”.")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return "", CsvProblem(line, "contains a NUL character: this is not a text file")
    return text, None


def _records(text: str, problems: list[CsvProblem]) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each non-blank record; a CSV syntax error ends the file."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(CsvProblem(reader.line_num, f"not valid CSV ({error})"))
            return
        if any(cell.strip() for cell in cells):
            yield reader.line_num, cells


def _row(
    line: int,
    cells: list[str],
    day_error: Callable[[date], str | None],
    first_line: dict[date, int],
    problems: list[CsvProblem],
) -> CsvRow | None:
    reasons: list[str] = []
    if len(cells) > 3:
        reasons.append(f"too many columns ({len(cells)}): quote a note that contains commas")
    day = _date(cells[0], reasons)
    value = _value(cells[1] if len(cells) > 1 else "", reasons)
    note = _note(cells[2] if len(cells) > 2 else "", reasons)
    if day is not None:
        if day in first_line:
            reasons.append(f"{day} appears twice in the file (first on line {first_line[day]})")
        elif problem := day_error(day):
            reasons.append(problem)
        first_line.setdefault(day, line)
    if reasons:
        problems.append(CsvProblem(line, "; ".join(reasons)))
        return None
    assert day is not None and value is not None
    return CsvRow(line, day, value, note)


def _date(text: str, reasons: list[str]) -> date | None:
    text = text.strip()
    if not text:
        reasons.append("empty date")
        return None
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        reasons.append(f"bad date “{text[:30]}”: use YYYY-MM-DD")
        return None
    problem = date_error(day)
    if problem:
        reasons.append(f"bad date “{text}”: {problem[0].lower()}{problem[1:]}")
        return None
    return day


def _value(text: str, reasons: list[str]) -> Decimal | None:
    text = text.strip()
    if not text:
        reasons.append("empty value")
        return None
    if not PLAIN_NUMBER.fullmatch(text):
        reasons.append(f"bad number “{text[:30]}”: use digits and a decimal point, e.g. 1234.5")
        return None
    value = Decimal(text)
    problem = number_error(value, VALUE_PLACES)
    if problem:
        reasons.append(f"bad number “{text[:30]}”: {problem[0].lower()}{problem[1:]}")
        return None
    return value


def _note(text: str, reasons: list[str]) -> str:
    text = text.strip()
    if text.startswith("'") and text[1:2] in FORMULA_START and text[1:2]:
        text = text[1:]
    if len(text) > NOTE_LENGTH:
        reasons.append(f"note longer than {NOTE_LENGTH} characters")
    return text


def plain_number(value: Decimal) -> str:
    """A stored value as written: no exponent, no trailing zeros (12.5000 → 12.5)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def measurements_csv(rows: Iterable[tuple[date, Decimal, str]]) -> str:
    """The CSV text of (date, value, note) rows, header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "value", "note"])
    for day, value, note in rows:
        safe = f"'{note}" if note.startswith(FORMULA_START) else note
        writer.writerow([day.isoformat(), plain_number(value), safe])
    return out.getvalue()
