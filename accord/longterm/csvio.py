"""Measurements as CSV, the way spreadsheets write them.

Reading takes any header (or none): it finds the date, value and note columns by their names
or, failing that, by what their cells hold; it detects the delimiter (comma, semicolon, tab),
the order of the parts of a date (year first, day first, month first) and the decimal mark
(point or comma, with thousands separators). Whatever it detects, the person or the caller can
choose instead (`CsvChoices`); the layout it used, and what it had to guess, go back with the
rows so that a preview can show them before anything is recorded. Every problem comes with its
line; the rows are checked against the KPI afterwards (`batch.plan_batch`).

Writing produces `date,value,note` with ISO dates, which reads back as it is. Notes that a
spreadsheet would run as a formula (starting with = + - @) are written with a leading
apostrophe, which reading takes off again.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from accord.longterm.batch import MAX_ROWS, MeasurementRow, RowProblem, plain_number

MAX_BYTES = 1_000_000
SAMPLE_LINES = 20
FORMULA_START = ("=", "+", "-", "@")

DATE_NAMES = {"date", "day", "measured on", "measured_on", "when", "period", "datum", "fecha"}
VALUE_NAMES = {"value", "amount", "measurement", "figure", "total", "count", "wert", "valor"}
NOTE_NAMES = {"note", "notes", "comment", "comments", "remark", "remarks", "memo"}


class Delimiter(StrEnum):
    COMMA = "comma"
    SEMICOLON = "semicolon"
    TAB = "tab"

    @property
    def char(self) -> str:
        return {"comma": ",", "semicolon": ";", "tab": "\t"}[self.value]


class DateOrder(StrEnum):
    YEAR_FIRST = "year_first"  # 2025-03-31, 2025/03/31
    DAY_FIRST = "day_first"  # 31/03/2025, 31.03.2025
    MONTH_FIRST = "month_first"  # 03/31/2025


class DecimalMark(StrEnum):
    POINT = "point"  # 1,234.5
    COMMA = "comma"  # 1.234,5


DATE_EXAMPLES = {
    DateOrder.YEAR_FIRST: "YYYY-MM-DD",
    DateOrder.DAY_FIRST: "DD/MM/YYYY",
    DateOrder.MONTH_FIRST: "MM/DD/YYYY",
}
TIME_OF_DAY = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
DATE_PATTERNS = {
    DateOrder.YEAR_FIRST: re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){TIME_OF_DAY}"),
    DateOrder.DAY_FIRST: re.compile(rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}){TIME_OF_DAY}"),
    DateOrder.MONTH_FIRST: re.compile(rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}){TIME_OF_DAY}"),
}
# (year, month, day) as the groups of each pattern.
DATE_PARTS = {DateOrder.YEAR_FIRST: (0, 1, 2), DateOrder.DAY_FIRST: (2, 1, 0)}
DATE_PARTS[DateOrder.MONTH_FIRST] = (2, 0, 1)

PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
GROUPED = {
    DecimalMark.POINT: re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?"),
    DecimalMark.COMMA: re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d*)?"),
}
# A value that can only be read one way: a mark followed by other than three digits, or both
# marks (the last one is the decimal mark).
SURELY = {
    DecimalMark.POINT: re.compile(r"[+-]?\d*\.(\d{1,2}|\d{4,})|[+-]?\d{1,3}(,\d{3})+\.\d*"),
    DecimalMark.COMMA: re.compile(r"[+-]?\d*,(\d{1,2}|\d{4,})|[+-]?\d{1,3}(\.\d{3})+,\d*"),
}
DIGIT_GROUPING = str.maketrans("", "", " \u00a0\u202f'")


@dataclass(frozen=True)
class CsvChoices:
    """What the person chose; None: detect it. A column is named by its header, case aside;
    `note_column=""` says there is none."""

    delimiter: Delimiter | None = None
    date_column: str | None = None
    value_column: str | None = None
    note_column: str | None = None
    date_order: DateOrder | None = None
    decimal_mark: DecimalMark | None = None


@dataclass(frozen=True)
class CsvLayout:
    """How a file was read: its columns and the formats of its cells."""

    delimiter: Delimiter
    columns: tuple[str, ...]
    has_header: bool
    date_column: int | None
    value_column: int | None
    note_column: int | None
    date_order: DateOrder
    decimal_mark: DecimalMark
    guesses: tuple[str, ...] = ()  # what detection could not be sure of, in words

    def column_name(self, index: int | None) -> str:
        return "" if index is None else self.columns[index]


@dataclass
class CsvReading:
    """The rows of a file, the problems found reading it, and the layout used (None when the
    file could not be read at all)."""

    layout: CsvLayout | None
    rows: list[MeasurementRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    text: str = ""  # the file's text, to read again with other choices


def read_measurements(data: bytes, choices: CsvChoices | None = None) -> CsvReading:
    """The measurements of a CSV file, read with what was chosen and detected for the rest."""
    choices = choices or CsvChoices()
    text, problem = _decode(data)
    if problem:
        return CsvReading(None, problems=[problem])
    delimiter = choices.delimiter or _detect_delimiter(text)
    problems: list[RowProblem] = []
    records = list(_records(text, delimiter, problems))
    if len(records) > MAX_ROWS + 1:
        return CsvReading(
            None, problems=[RowProblem(None, f"More than {MAX_ROWS:,} rows: split the file.")]
        )
    if not records:
        return CsvReading(None, problems=problems or [RowProblem(None, "The file is empty.")])
    layout, problem = _layout(records, delimiter, choices)
    if problem:
        return CsvReading(layout, problems=[problem], text=text)
    data_records = records[1:] if layout.has_header else records
    rows = []
    for line, cells in data_records:
        row = _row(line, cells, layout, problems)
        if row:
            rows.append(row)
    if not rows and not problems:
        problems.append(RowProblem(None, "The file has a header but no measurements."))
    return CsvReading(layout, rows, problems, text)


def _decode(data: bytes) -> tuple[str, RowProblem | None]:
    if len(data) > MAX_BYTES:
        return "", RowProblem(
            None, f"The file is larger than {MAX_BYTES // 1_000_000} MB: split it."
        )
    if not data.strip():
        return "", RowProblem(None, "The file is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", RowProblem(None, "The file is not UTF-8 text: save it as “CSV UTF-8”.")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return "", RowProblem(line, "contains a NUL character: this is not a text file")
    return text, None


def _detect_delimiter(text: str) -> Delimiter:
    """The delimiter that splits the first lines into the same number (two or more) of cells;
    a tab before a semicolon before a comma, because a comma may be a decimal mark."""
    sample = [line for line in text.splitlines()[: SAMPLE_LINES * 2] if line.strip()]
    sample = sample[:SAMPLE_LINES]
    for delimiter in (Delimiter.TAB, Delimiter.SEMICOLON, Delimiter.COMMA):
        try:
            widths = {len(cells) for cells in csv.reader(sample, delimiter=delimiter.char)}
        except csv.Error:
            continue
        if len(widths) == 1 and widths.pop() >= 2:
            return delimiter
    return Delimiter.COMMA


def _records(
    text: str, delimiter: Delimiter, problems: list[RowProblem]
) -> Iterable[tuple[int, list[str]]]:
    """(line, cells) of each non-blank record; a CSV syntax error ends the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter.char, strict=True)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(RowProblem(reader.line_num, f"not valid CSV ({error})"))
            return
        if any(cell.strip() for cell in cells):
            yield reader.line_num, [cell.strip() for cell in cells]


# --- The layout: columns and formats -----------------------------------------------------------


class _Unreadable(Exception):
    def __init__(self, message: str) -> None:
        self.problem = RowProblem(None, message)


def _layout(
    records: list[tuple[int, list[str]]], delimiter: Delimiter, choices: CsvChoices
) -> tuple[CsvLayout, RowProblem | None]:
    first = records[0][1]
    has_header = not any(_date_order_of(cell) for cell in first)
    if has_header:
        columns = tuple(name or f"Column {n}" for n, name in enumerate(first, start=1))
    else:
        width = max(len(cells) for _, cells in records[: SAMPLE_LINES + 1])
        columns = tuple(f"Column {n}" for n in range(1, width + 1))
    layout = CsvLayout(
        delimiter, columns, has_header, None, None, None, DateOrder.YEAR_FIRST, DecimalMark.POINT
    )
    body = [cells for _, cells in (records[1:] if has_header else records)]
    try:
        date_column = _column(columns, choices.date_column, DATE_NAMES, "dates")
        if date_column is None:
            date_column = _first_column(body, range(len(columns)), _looks_like_date)
        value_column = _column(columns, choices.value_column, VALUE_NAMES, "values")
        if value_column is None:
            others = [n for n in range(len(columns)) if n != date_column]
            value_column = _first_column(body, others, _looks_numeric)
        note_column = _column(columns, choices.note_column, NOTE_NAMES, "notes")
    except _Unreadable as unreadable:
        return layout, unreadable.problem
    rest = [n for n in range(len(columns)) if n not in (date_column, value_column)]
    if note_column is None and choices.note_column is None and len(rest) == 1:
        # A third column is the note, unless it holds numbers (a target, another figure).
        note_column = None if _first_column(body, rest, _looks_numeric) is not None else rest[0]
    layout = replace(
        layout, date_column=date_column, value_column=value_column, note_column=note_column
    )
    if date_column is None or value_column is None:
        missing = "dates" if date_column is None else "values"
        names = ", ".join(f"“{name}”" for name in columns)
        return layout, RowProblem(
            None, f"Which column holds the {missing}? Choose it; the columns are {names}."
        )
    if date_column == value_column:
        return layout, RowProblem(None, "The dates and the values must be in two columns.")
    guesses: list[str] = []
    date_cells = [cells[date_column] for cells in body if len(cells) > date_column]
    value_cells = [cells[value_column] for cells in body if len(cells) > value_column]
    date_order = choices.date_order or _detect_date_order(date_cells, guesses)
    decimal_mark = choices.decimal_mark or _detect_decimal_mark(value_cells, delimiter, guesses)
    layout = replace(
        layout, date_order=date_order, decimal_mark=decimal_mark, guesses=tuple(guesses)
    )
    return layout, None


def _column(columns: tuple[str, ...], chosen: str | None, names: set[str], what: str) -> int | None:
    """The column chosen by its name (none for ""), or the first with a usual name for it."""
    folded = [name.casefold() for name in columns]
    if chosen == "":
        return None
    if chosen is None:
        return next((n for n, name in enumerate(folded) if name in names), None)
    matches = [n for n, name in enumerate(folded) if name == chosen.strip().casefold()]
    if len(matches) > 1:
        raise _Unreadable(f"Two columns are named “{chosen[:60]}”: rename one.")
    if not matches:
        known = ", ".join(f"“{name}”" for name in columns)
        raise _Unreadable(
            f"There is no column “{chosen[:60]}” for the {what}; the columns are {known}."
        )
    return matches[0]


def _first_column(
    body: list[list[str]], candidates: Iterable[int], test: Callable[[str], bool]
) -> int | None:
    """The first candidate column most of whose first non-empty cells pass `test`."""
    sample = body[:SAMPLE_LINES]
    for index in candidates:
        cells = [cells[index] for cells in sample if len(cells) > index and cells[index]]
        if cells and sum(map(test, cells)) * 2 > len(cells):
            return index
    return None


def _looks_like_date(cell: str) -> bool:
    return _date_order_of(cell) is not None


def _date_order_of(cell: str) -> DateOrder | None:
    """The first order a cell reads as a date in, if any."""
    return next((order for order in DateOrder if _parse_date(cell, order)), None)


def _detect_date_order(cells: list[str], guesses: list[str]) -> DateOrder:
    """The order that reads the most cells; day first over month first when both read all."""
    read = {order: sum(1 for c in cells if _parse_date(c, order)) for order in DateOrder}
    best = max(DateOrder, key=lambda order: read[order])  # the first of equals
    ambiguous = (
        read[DateOrder.DAY_FIRST] == read[DateOrder.MONTH_FIRST] > read[DateOrder.YEAR_FIRST]
    )
    if ambiguous:
        example = next(c for c in cells if _parse_date(c, DateOrder.DAY_FIRST))
        guesses.append(
            f"Dates such as “{example}” read either day first or month first: "
            "they were read day first."
        )
    return best


def _detect_decimal_mark(cells: list[str], delimiter: Delimiter, guesses: list[str]) -> DecimalMark:
    """The mark that some value can only be read with; else the comma in a semicolon file."""
    plain = [cell.translate(DIGIT_GROUPING) for cell in cells]
    sure = {mark: sum(1 for c in plain if pattern.fullmatch(c)) for mark, pattern in SURELY.items()}
    if sure[DecimalMark.POINT] != sure[DecimalMark.COMMA]:
        return max(DecimalMark, key=lambda mark: sure[mark])
    usual = DecimalMark.COMMA if delimiter == Delimiter.SEMICOLON else DecimalMark.POINT
    example = next((c for c in plain if "," in c or "." in c), None)
    if example is not None:
        guesses.append(
            f"Values such as “{example}” read with either decimal mark: they were read with "
            f"a decimal {usual.value}."
        )
    return usual


def _looks_numeric(cell: str) -> bool:
    return any(_parse_number(cell, mark) is not None for mark in DecimalMark)


# --- Cells -------------------------------------------------------------------------------------


def _parse_date(text: str, order: DateOrder) -> date | None:
    match = DATE_PATTERNS[order].fullmatch(text)
    if not match:
        return None
    year, month, day = (int(match.group(n + 1)) for n in DATE_PARTS[order])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _parse_number(text: str, mark: DecimalMark) -> Decimal | None:
    text = text.translate(DIGIT_GROUPING)
    if GROUPED[mark].fullmatch(text):
        text = text.replace("," if mark == DecimalMark.POINT else ".", "")
    if mark == DecimalMark.COMMA:
        text = text.replace(",", ".")
    return Decimal(text) if PLAIN_NUMBER.fullmatch(text) else None


def _row(
    line: int, cells: list[str], layout: CsvLayout, problems: list[RowProblem]
) -> MeasurementRow | None:
    assert layout.date_column is not None and layout.value_column is not None
    reasons: list[str] = []
    if len(cells) > len(layout.columns):
        reasons.append(
            f"more cells ({len(cells)}) than the header has columns ({len(layout.columns)}): "
            "quote a note that contains the delimiter"
        )

    def cell(index: int | None) -> str:
        return cells[index] if index is not None and index < len(cells) else ""

    day = _date(cell(layout.date_column), layout.date_order, reasons)
    value = _value(cell(layout.value_column), layout.decimal_mark, reasons)
    note = _note(cell(layout.note_column))
    if reasons:
        problems.append(RowProblem(line, "; ".join(reasons)))
        return None
    assert day is not None and value is not None
    return MeasurementRow(line, day, value, note)


def _date(text: str, order: DateOrder, reasons: list[str]) -> date | None:
    if not text:
        reasons.append("empty date")
        return None
    day = _parse_date(text, order)
    if day is None:
        reasons.append(f"bad date “{text[:30]}”: use {DATE_EXAMPLES[order]}")
    return day


def _value(text: str, mark: DecimalMark, reasons: list[str]) -> Decimal | None:
    if not text:
        reasons.append("empty value")
        return None
    value = _parse_number(text, mark)
    if value is None:
        example = "1234.5" if mark == DecimalMark.POINT else "1234,5"
        reasons.append(
            f"bad number “{text[:30]}”: use digits and a decimal {mark.value}, e.g. {example}"
        )
    return value


def _note(text: str) -> str:
    if text.startswith("'") and text[1:2] in FORMULA_START and text[1:2]:
        return text[1:]
    return text


def measurements_csv(rows: Iterable[tuple[date, Decimal, str]]) -> str:
    """The CSV text of (date, value, note) rows, header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "value", "note"])
    for day, value, note in rows:
        safe = f"'{note}" if note.startswith(FORMULA_START) else note
        writer.writerow([day.isoformat(), plain_number(value), safe])
    return out.getvalue()
