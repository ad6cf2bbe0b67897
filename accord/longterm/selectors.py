"""Reads of practice 6 shared by pages, API, evidence and jobs: KPI figures, the roadmap, the
value balance and the next review. Each reads through a `Viewpoint`, so another organization's
private records never appear in, or change, any figure. No HTTP and no drawing here: the chart
and the CSV download are in `presentation`."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from accord.alignment.models import SharedGoal
from accord.core.models import Party, Visibility
from accord.core.viewpoint import Viewpoint
from accord.lib import formatting
from accord.lib.kpi import (
    Forecast,
    StatusResult,
    Story,
    Trend,
    kpi_forecast,
    kpi_status,
    kpi_story,
    kpi_trend,
)
from accord.longterm.batch import BatchPlan, MeasurementRow, RowProblem, plan_batch
from accord.longterm.csvio import CsvChoices, CsvReading, read_measurements
from accord.longterm.models import Flow, Kpi, Measurement, Milestone, Review, ValueEntry

# --- KPIs ------------------------------------------------------------------------------------


@dataclass
class KpiFigures:
    """A KPI with its measurements (oldest first) and what they say."""

    kpi: Kpi
    measurements: list[Measurement]
    status: StatusResult
    trend: Trend
    forecast: Forecast
    story: Story  # the one headline and sentence the page shows

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None


def kpi_figures(kpi: Kpi, measurements: list[Measurement], today: date | None = None) -> KpiFigures:
    plan = kpi.plan
    points = [(m.measured_on, float(m.value)) for m in measurements]
    latest = points[-1] if points else None
    trend = kpi_trend(plan, points)
    status, forecast = kpi_status(plan, latest), kpi_forecast(plan, latest, trend)
    story = kpi_story(
        plan,
        status,
        trend,
        forecast,
        latest[0] if latest else None,
        today or timezone.localdate(),
        kpi.frequency,
    )
    return KpiFigures(kpi, measurements, status, trend, forecast, story)


def kpis_visible(viewpoint: Viewpoint) -> QuerySet[Kpi]:
    return viewpoint.records(
        Kpi.objects.select_related("owner_party__organization", "goal")
    ).order_by("name", "id")


def kpi_list(viewpoint: Viewpoint) -> list[KpiFigures]:
    """Every KPI seen from the viewpoint with its figures: two queries however many there are."""
    ordered = Measurement.objects.order_by("measured_on")
    kpis = kpis_visible(viewpoint).prefetch_related(Prefetch("measurements", queryset=ordered))
    return [kpi_figures(kpi, list(kpi.measurements.all())) for kpi in kpis]


def measurement_rows(kpi: Kpi) -> QuerySet[Measurement, tuple[date, Decimal, str]]:
    """(date, value, note) of each measurement, oldest first: what the CSV export writes."""
    return kpi.measurements.order_by("measured_on").values_list("measured_on", "value", "note")


def kpi_records() -> QuerySet[Kpi]:
    """KPIs with what their page and the API show: owner organization, goal, partnership."""
    return Kpi.objects.select_related("owner_party__organization", "goal", "partnership")


def measurements_plan(
    kpi: Kpi,
    rows: Iterable[MeasurementRow],
    *,
    replace: bool,
    name_row: Callable[[int], str] = "row {}".format,
    known_problems: Iterable[RowProblem] = (),
) -> BatchPlan:
    """What recording a batch of measurements would change, row by row, or its problems: the
    preview of an import, the API's dry run, and the check before the write."""
    current = {m.measured_on: m for m in kpi.measurements.all()}
    return plan_batch(
        kpi,
        rows,
        current,
        replace=replace,
        today=timezone.localdate(),
        known_problems=known_problems,
        name_row=name_row,
    )


@dataclass
class ImportPreview:
    """A CSV file as read, and what importing it would change."""

    reading: CsvReading
    plan: BatchPlan


def import_preview(kpi: Kpi, data: bytes, choices: CsvChoices, *, replace: bool) -> ImportPreview:
    reading = read_measurements(data, choices)
    plan = measurements_plan(
        kpi,
        reading.rows,
        replace=replace,
        name_row="line {}".format,
        known_problems=reading.problems,
    )
    return ImportPreview(reading, plan)


def measurements_of(kpi: Kpi) -> QuerySet[Measurement]:
    """The KPI's measurements, oldest first, with who entered them."""
    return kpi.measurements.select_related("entered_by").order_by("measured_on", "id")


def kpi_detail(kpi: Kpi) -> KpiFigures:
    return kpi_figures(kpi, list(measurements_of(kpi)))


# --- Roadmap ---------------------------------------------------------------------------------


@dataclass
class Roadmap:
    today: date
    now: list[Milestone] = field(default_factory=list)
    next: list[Milestone] = field(default_factory=list)
    later: list[Milestone] = field(default_factory=list)
    past: list[Milestone] = field(default_factory=list)  # overdue but done or dropped

    @property
    def late(self) -> list[Milestone]:
        return [m for m in self.now if m.is_late_on(self.today)]

    @property
    def columns(self) -> list[tuple[str, str, list[Milestone]]]:
        return [
            ("now", "Now · within 90 days", self.now),
            ("next", "Next · 3 to 12 months", self.next),
            ("later", "Later · beyond a year", self.later),
        ]


def roadmap(viewpoint: Viewpoint, today: date) -> Roadmap:
    """The milestones seen from the viewpoint, by horizon relative to `today`."""
    milestones = viewpoint.records(
        Milestone.objects.select_related("owner_party__organization", "goal")
    ).order_by("due_date", "id")
    result = Roadmap(today)
    for milestone in milestones:
        getattr(result, milestone.horizon_on(today)).append(milestone)
    return result


# --- Value ledger ----------------------------------------------------------------------------

# One side gets less than half of what another gets back for its money: not a lasting deal.
LOPSIDED_RATIO = Decimal("0.5")

Money = dict[str, Decimal]


def money_text(money: Money) -> str:
    """Totals one per currency, never added across currencies."""
    return formatting.money_totals(money)


@dataclass
class Flows:
    """What went in or out: amounts per currency and how many entries (with no amount apart)."""

    money: Money = field(default_factory=lambda: defaultdict(Decimal))
    entries: int = 0
    without_amount: int = 0

    def add(self, entry: ValueEntry) -> None:
        self.entries += 1
        if entry.amount is None:
            self.without_amount += 1
        else:
            self.money[entry.currency] += entry.amount

    @property
    def text(self) -> str:
        return money_text(self.money)


@dataclass
class PartyBalance:
    party: Party
    put_in: Flows = field(default_factory=Flows)
    got_out: Flows = field(default_factory=Flows)

    def ratio(self, currency: str) -> Decimal | None:
        """What it got out divided by what it put in, in one currency; None unless money was
        put in."""
        spent = self.put_in.money.get(currency)
        if not spent:
            return None
        return (self.got_out.money.get(currency, Decimal(0)) / spent).quantize(Decimal("0.01"))

    @property
    def ratios(self) -> dict[str, Decimal]:
        return {c: r for c in sorted(self.put_in.money) if (r := self.ratio(c)) is not None}

    def add(self, entry: ValueEntry) -> None:
        (self.put_in if entry.flow == Flow.CONTRIBUTION else self.got_out).add(entry)


@dataclass
class QuarterBalance:
    quarter: str  # "2025-Q3"
    parties: list[PartyBalance]


@dataclass
class Balance:
    parties: list[PartyBalance]
    quarters: list[QuarterBalance]
    one_sided: bool
    verdict: str

    @property
    def currencies(self) -> list[str]:
        return sorted({c for p in self.parties for c in (*p.put_in.money, *p.got_out.money)})

    @property
    def entries(self) -> int:
        return sum(p.put_in.entries + p.got_out.entries for p in self.parties)


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def balance_of(parties: list[Party], entries: list[ValueEntry]) -> Balance:
    """Totals per party and per quarter, and whether the partnership pays off for one side.

    One-sided when (a) some party has recorded benefits and another none at all, or (b) in a
    currency where at least two parties put money in, the lowest benefit/contribution ratio is
    below half the highest."""
    totals = {p.pk: PartyBalance(p) for p in parties}
    by_quarter: dict[str, dict[int, PartyBalance]] = defaultdict(dict)
    for entry in entries:
        if entry.owner_party_id not in totals:
            continue
        totals[entry.owner_party_id].add(entry)
        row = by_quarter[quarter_of(entry.occurred_on)]
        row.setdefault(entry.owner_party_id, PartyBalance(totals[entry.owner_party_id].party))
        row[entry.owner_party_id].add(entry)
    quarters = [
        QuarterBalance(q, [row.get(p.pk) or PartyBalance(p) for p in parties])
        for q, row in sorted(by_quarter.items())
    ]
    one_sided, verdict = _verdict(list(totals.values()))
    return Balance(list(totals.values()), quarters, one_sided, verdict)


def _name(balance: PartyBalance) -> str:
    return balance.party.organization.name


def _verdict(balances: list[PartyBalance]) -> tuple[bool, str]:
    if not any(b.put_in.entries or b.got_out.entries for b in balances):
        return False, "No value recorded yet."
    gaining = [b for b in balances if b.got_out.entries]
    empty = [b for b in balances if not b.got_out.entries]
    if gaining and empty:
        return True, (
            f"One-sided: {', '.join(map(_name, gaining))} got something out, "
            f"{', '.join(map(_name, empty))} nothing yet."
        )
    for currency in sorted({c for b in balances for c in b.ratios}):
        ratios = sorted(
            (b.ratio(currency), _name(b)) for b in balances if b.ratio(currency) is not None
        )
        if len(ratios) < 2:
            continue
        (low, low_name), (high, high_name) = ratios[0], ratios[-1]
        assert low is not None and high is not None
        if low < high * LOPSIDED_RATIO:
            return True, (
                f"One-sided: in {currency}, {low_name} gets back {formatting.ratio(low)} what it "
                f"put in, {high_name} {formatting.ratio(high)} — less than half."
            )
    return (
        False,
        "Balanced: every party gets something out, and no one's return is below half another's.",
    )


def value_entries(viewpoint: Viewpoint) -> QuerySet[ValueEntry]:
    return viewpoint.records(
        ValueEntry.objects.select_related("owner_party__organization")
    ).order_by("-occurred_on", "-id")


def value_balance(viewpoint: Viewpoint) -> Balance:
    entries = list(value_entries(viewpoint).order_by("occurred_on", "id"))
    return balance_of(list(viewpoint.parties), entries)


# --- Reviews ---------------------------------------------------------------------------------


@dataclass
class Reviews:
    today: date
    reviews: list[Review]

    @property
    def next_on(self) -> date | None:
        """The next review date set by the latest review held."""
        return self.reviews[0].next_review_on if self.reviews else None

    @property
    def overdue(self) -> bool:
        return self.next_on is not None and self.next_on < self.today


def next_review_on() -> Subquery:
    """A partnership's next review date (`OuterRef("pk")`), as its latest shared review set it.
    Private reviews stay out: the partnership list shows the date to every party."""
    latest = Review.objects.filter(partnership=OuterRef("pk"), visibility=Visibility.SHARED)
    return Subquery(latest.order_by("-held_on", "-id").values("next_review_on")[:1])


def reviews(viewpoint: Viewpoint, today: date) -> Reviews:
    found = viewpoint.records(Review.objects.select_related("owner_party__organization"))
    return Reviews(today, list(found.order_by("-held_on", "-id")))


def goals_of(viewpoint: Viewpoint) -> QuerySet[SharedGoal]:
    """The shared goals a KPI or milestone may measure or serve."""
    return viewpoint.records(SharedGoal.objects.all()).order_by("title", "id")
