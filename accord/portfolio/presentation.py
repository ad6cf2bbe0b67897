"""What the portfolio's page and CSV print of a row: words and numbers, ready to show."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.safestring import SafeString

from accord.lib import formatting
from accord.lib.rowurls import row_url
from accord.lib.sparkline import sparkline
from accord.portfolio.selectors import AttentionRow, PortfolioRow
from accord.roles.presentation import as_text

NO_CHECK = "No health check yet"


@dataclass(frozen=True)
class RowView:
    url: str
    name: str
    stage: str
    stage_label: str
    partners: str
    checked: bool
    health: str
    band: str
    band_label: str
    change: str
    trend: SafeString
    weakest: str
    overdue: str
    risks: str
    balance: str
    next_review: str


def _count(value: int | None) -> str:
    return "—" if value is None else formatting.number(value)


def _change(value: int | None) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else ("±0" if value == 0 else f"-{-value}")


def _risks(row: PortfolioRow) -> str:
    if row.open_high_risks is None:
        return "—"
    unplanned = row.high_risks_without_plan or 0
    return _count(row.open_high_risks) + (f" ({unplanned} without a plan)" if unplanned else "")


def row_views(rows: Iterable[PortfolioRow]) -> list[RowView]:
    link = row_url("accord-partnership")
    return [
        RowView(
            url=link.of(row.partnership_id),
            name=row.name,
            stage=row.stage.value,
            stage_label=row.stage.label,
            partners=", ".join(row.partners),
            checked=row.checked_on is not None,
            health="—" if row.overall is None else str(row.overall),
            band=row.band.value,
            band_label=row.band.label,
            change=_change(row.change),
            trend=sparkline(row.trend, label=f"Health over the last twelve weeks of {row.name}"),
            weakest=row.weakest_name or "—",
            overdue=_count(row.overdue_commitments),
            risks=_risks(row),
            balance=row.value_balance.label,
            next_review=formatting.day(row.next_review) if row.next_review else "Not planned",
        )
        for row in rows
    ]


def attention_views(items: list[AttentionRow]) -> list[tuple[RowView, tuple[str, ...]]]:
    views = row_views(item.row for item in items)
    return [(view, item.reasons) for view, item in zip(views, items, strict=True)]


CSV_HEADER = [
    "Partnership",
    "Stage",
    "Partners",
    "Health",
    "Band",
    "Change over four weeks",
    "Weakest practice",
    "Overdue commitments",
    "Open high risks",
    "High risks without a plan",
    "Value balance",
    "Next review",
    "Health checked on",
]


def csv_lines(rows: Iterable[PortfolioRow]) -> Iterator[list[str]]:
    """The CSV's lines, header first: plain values (ISO dates, bare numbers, empty where
    unknown), every text a spreadsheet reads as text (`as_text`), never as a formula."""
    yield CSV_HEADER
    for row in rows:
        checked = row.checked_on is not None
        yield [
            as_text(row.name),
            row.stage.label,
            as_text("; ".join(row.partners)),
            _plain(row.overall),
            row.band.label if checked else NO_CHECK,
            _plain(row.change),
            row.weakest_name,
            _plain(row.overdue_commitments),
            _plain(row.open_high_risks),
            _plain(row.high_risks_without_plan),
            row.value_balance.label if row.value_balance.value != "unknown" else "",
            row.next_review.isoformat() if row.next_review else "",
            row.checked_on.isoformat() if row.checked_on else "",
        ]


def _plain(value: int | None) -> str:
    # A negative change starts with "-": a number a spreadsheet reads as a number, not text.
    return "" if value is None else str(value)
