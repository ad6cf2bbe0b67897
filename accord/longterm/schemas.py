"""API shapes of practice 6: one in and one out per operation."""

import datetime as dt
from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from ninja import Schema
from pydantic import Field, StrictInt

from accord.core.models import Visibility
from accord.core.record_schemas import (
    InputSchema,
    RecordIn,
    RecordOut,
    patch_of,
    record_example,
)
from accord.core.schemas import (
    AsDecimalString,
    DecimalOut,
    OrganizationOut,
    PersonOut,
    Share,
    rounded_to,
)
from accord.lib import bounds
from accord.lib.bounds import VALUE_PLACES, BoundedDate
from accord.lib.kpi import ForecastState, Status, TrendState
from accord.longterm.batch import MAX_ROWS, BatchOutcome, BatchPlan, PlannedRow
from accord.longterm.csvio import CsvChoices, CsvLayout, DateOrder, DecimalMark, Delimiter
from accord.longterm.models import (
    Decision,
    Direction,
    Flow,
    Frequency,
    KpiHorizon,
    MilestoneStatus,
    ValueCategory,
)
from accord.longterm.selectors import Flows, PartyBalance

GoalId = Annotated[StrictInt, Field(ge=1, le=2**63 - 1)]
KpiValue = Annotated[bounds.KpiValue, AsDecimalString]
Money = Annotated[bounds.Money, AsDecimalString]

# --- KPIs ------------------------------------------------------------------------------------


KPI_EXAMPLE = {
    "name": "Nitrate at the intake",
    "unit": "mg/l",
    "decimals": 1,
    "currency": "",
    "direction": "down",
    "baseline": "48.5",
    "baseline_date": "2026-01-15",
    "target": "25",
    "target_date": "2030-12-31",
    "horizon": "long_term",
    "frequency": "monthly",
    "goal_id": 42,
}


class KpiOut(RecordOut):
    name: str
    unit: str
    decimals: int = Field(description="Decimal places its values are shown with (0 to 4).")
    currency: str = Field(description="ISO 4217 code for a KPI in money, else empty.")
    direction: Direction
    baseline: DecimalOut
    baseline_date: date
    target: DecimalOut | None
    target_date: date | None
    range_low: DecimalOut | None
    range_high: DecimalOut | None
    horizon: KpiHorizon
    frequency: Frequency
    goal_id: int | None

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {**KPI_EXAMPLE, "range_low": None, "range_high": None}
    )


class KpiIn(RecordIn):
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(default="", max_length=30)
    decimals: int = Field(default=2, ge=0, le=VALUE_PLACES, description="Decimals shown.")
    currency: str = Field(
        default="", max_length=3, description="ISO 4217 code for a KPI in money (e.g. EUR)."
    )
    direction: Direction = Direction.UP
    baseline: KpiValue
    baseline_date: BoundedDate
    target: KpiValue | None = Field(default=None, description="Up or down: the value aimed at.")
    target_date: BoundedDate | None = Field(default=None, description="When, for a target.")
    range_low: KpiValue | None = Field(default=None, description="Range: the lowest good value.")
    range_high: KpiValue | None = Field(default=None, description="Range: the highest one.")
    horizon: KpiHorizon = KpiHorizon.LONG_TERM
    frequency: Frequency = Frequency.MONTHLY
    goal_id: GoalId | None = Field(default=None, description="A shared goal of the partnership.")
    visibility: Visibility = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = KPI_EXAMPLE


KpiPatch = patch_of(KpiIn)


MEASUREMENT_EXAMPLE = {"measured_on": "2026-03-01", "value": "44.2", "note": "After the thaw."}


class MeasurementOut(Schema):
    id: int
    version: int
    measured_on: date
    value: DecimalOut
    note: str
    entered_by: PersonOut
    entered_at: datetime

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "id": 301,
        "version": 1,
        **MEASUREMENT_EXAMPLE,
        "entered_by": {"id": 5, "email": "ada@northwind.example", "full_name": "Ada Berg"},
        "entered_at": "2026-03-02T08:05:00Z",
    }


class MeasurementIn(InputSchema):
    measured_on: BoundedDate
    value: KpiValue
    note: str = Field(default="", max_length=500)

    EXAMPLE: ClassVar[dict[str, Any]] = MEASUREMENT_EXAMPLE


MeasurementPatch = patch_of(MeasurementIn)


class BatchOptions(Schema):
    """How a batch of measurements is recorded (query parameters)."""

    replace: bool = Field(
        False,
        description="Replace the values already recorded on the same days; without it, a day "
        "that has a value is a problem and nothing is recorded.",
    )
    dry_run: bool = Field(
        False,
        description="Record nothing: answer what the batch would change, or its problems.",
    )


class CsvOptions(BatchOptions):
    """How to read the CSV file (query parameters); each one left out is detected."""

    delimiter: Delimiter | None = Field(None, description="The cell delimiter.")
    date_column: str | None = Field(
        None, max_length=200, description="The header of the column of the dates."
    )
    value_column: str | None = Field(
        None, max_length=200, description="The header of the column of the values."
    )
    note_column: str | None = Field(
        None, max_length=200, description="The header of the column of the notes; empty: none."
    )
    date_order: DateOrder | None = Field(None, description="How the dates are written.")
    decimal_mark: DecimalMark | None = Field(None, description="The values' decimal mark.")

    def choices(self) -> CsvChoices:
        return CsvChoices(
            **self.dict(exclude={"replace", "dry_run"}),
        )


class MeasurementsBulkIn(InputSchema):
    measurements: list[MeasurementIn] = Field(
        min_length=1, max_length=MAX_ROWS, description=f"1 to {MAX_ROWS:,} values, any order."
    )

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "measurements": [
            MEASUREMENT_EXAMPLE,
            {"measured_on": "2026-04-01", "value": "47.9", "note": ""},
        ]
    }


class BatchRowOut(Schema):
    measured_on: date
    value: DecimalOut
    note: str
    outcome: BatchOutcome = Field(description="`new`, or `replaced` the value of that day.")
    previous_value: DecimalOut | None = Field(description="The value replaced, if any.")
    previous_note: str | None = Field(description="The note replaced, if any.")

    @staticmethod
    def from_planned(planned: PlannedRow) -> "BatchRowOut":
        current = planned.current
        return BatchRowOut(
            measured_on=planned.row.measured_on,
            value=planned.row.value,
            note=planned.row.note,
            outcome=planned.outcome,
            previous_value=current.value if current else None,
            previous_note=current.note if current else None,
        )


class BatchOut(Schema):
    dry_run: bool = Field(description="True: nothing was recorded; this is what would be.")
    imported: int = Field(description="Values added or replaced.")
    added: int
    replaced: int
    unchanged: int = Field(description="Rows equal to the value already recorded.")
    changes: list[BatchRowOut] = Field(description="The rows that add or replace, by date.")

    @staticmethod
    def of(plan: BatchPlan, dry_run: bool) -> dict[str, Any]:
        return {
            "dry_run": dry_run,
            "imported": plan.added + plan.replaced,
            "added": plan.added,
            "replaced": plan.replaced,
            "unchanged": plan.unchanged,
            "changes": [BatchRowOut.from_planned(planned) for planned in plan.changes],
        }


class CsvLayoutOut(Schema):
    delimiter: Delimiter
    columns: list[str] = Field(description="The columns' headers (`Column 1`… without one).")
    has_header: bool
    date_column: str
    value_column: str
    note_column: str | None
    date_order: DateOrder
    decimal_mark: DecimalMark
    guesses: list[str] = Field(description="What detection could not be sure of, in words.")

    @staticmethod
    def of(layout: CsvLayout) -> dict[str, Any]:
        return {
            "delimiter": layout.delimiter,
            "columns": list(layout.columns),
            "has_header": layout.has_header,
            "date_column": layout.column_name(layout.date_column),
            "value_column": layout.column_name(layout.value_column),
            "note_column": layout.column_name(layout.note_column) or None,
            "date_order": layout.date_order,
            "decimal_mark": layout.decimal_mark,
            "guesses": list(layout.guesses),
        }


class ImportOut(BatchOut):
    layout: CsvLayoutOut = Field(description="How the file was read.")


class PointOut(Schema):
    measured_on: date
    value: DecimalOut


# The KPI status figures, computed in floating point: the planned value to a value's places,
# the slope to four more (a change of a value's last place over decades still shows).
PlannedValue = Annotated[DecimalOut, rounded_to(VALUE_PLACES)]
Slope = Annotated[DecimalOut, rounded_to(VALUE_PLACES + 4)]


class TrendOut(Schema):
    state: TrendState
    slope_per_day: Slope | None = Field(
        description="Least-squares slope of the latest 6 values, in units a day."
    )
    points: int


class ForecastOut(Schema):
    state: ForecastState
    date: dt.date | None = Field(description="When the target is reached at the current pace.")
    on_time: bool | None = Field(description="Whether that is no later than the target date.")


class StoryOut(Schema):
    status: Status = Field(
        description="The headline: the path's status, unless stale or the forecast says otherwise."
    )
    text: str = Field(description="The sentence behind it, for people.")


class KpiStatusOut(Schema):
    kpi_id: int
    status: Status
    expected: PlannedValue | None = Field(
        description="The planned value on the latest value's date."
    )
    shortfall: Share | None = Field(
        description="How far behind, as a share of the planned change (range: of its width)."
    )
    latest: PointOut | None
    trend: TrendOut
    forecast: ForecastOut
    story: StoryOut


# --- Milestones ------------------------------------------------------------------------------


class MilestoneOut(RecordOut):
    title: str
    due_date: date
    status: MilestoneStatus
    completed_on: date | None
    goal_id: int | None


class MilestoneIn(RecordIn):
    title: str = Field(min_length=1, max_length=200)
    due_date: BoundedDate
    status: MilestoneStatus = MilestoneStatus.PLANNED
    completed_on: BoundedDate | None = None
    goal_id: GoalId | None = None
    visibility: Visibility = Visibility.SHARED


MilestonePatch = patch_of(MilestoneIn)


class RoadmapItemOut(MilestoneOut):
    late: bool


class RoadmapOut(Schema):
    today: date
    now: list[RoadmapItemOut]
    next: list[RoadmapItemOut]
    later: list[RoadmapItemOut]
    past: list[RoadmapItemOut] = Field(description="Overdue but done or dropped.")
    late: int = Field(description="How many milestones are late.")


# --- Value ledger ----------------------------------------------------------------------------


class ValueEntryOut(RecordOut):
    flow: Flow
    category: ValueCategory
    description: str
    amount: DecimalOut | None
    currency: str
    occurred_on: date


class ValueEntryIn(RecordIn):
    flow: Flow
    category: ValueCategory
    description: str = Field(min_length=1, max_length=300)
    amount: Money | None = None
    currency: str = Field(default="", max_length=3)
    occurred_on: BoundedDate
    visibility: Visibility = Visibility.SHARED


ValueEntryPatch = patch_of(ValueEntryIn)


class MoneyOut(Schema):
    currency: str
    amount: DecimalOut


class FlowsOut(Schema):
    money: list[MoneyOut]
    entries: int
    without_amount: int

    @staticmethod
    def resolve_money(flows: Flows) -> list[dict]:
        return [{"currency": c, "amount": a} for c, a in sorted(flows.money.items())]


class RatioOut(Schema):
    currency: str
    ratio: DecimalOut = Field(
        description="The return: what the party got out divided by what it put in."
    )


class PartyBalanceOut(Schema):
    organization: OrganizationOut
    put_in: FlowsOut
    got_out: FlowsOut
    ratios: list[RatioOut]

    @staticmethod
    def resolve_organization(balance: PartyBalance) -> object:
        return balance.party.organization

    @staticmethod
    def resolve_ratios(balance: PartyBalance) -> list[dict]:
        return [{"currency": c, "ratio": r} for c, r in balance.ratios.items()]


class QuarterOut(Schema):
    quarter: str
    parties: list[PartyBalanceOut]


class BalanceOut(Schema):
    parties: list[PartyBalanceOut]
    quarters: list[QuarterOut]
    one_sided: bool
    verdict: str


# --- Reviews ---------------------------------------------------------------------------------


class ReviewOut(RecordOut):
    held_on: date
    learned: str
    decision: Decision
    rationale: str
    next_review_on: date | None


class ReviewIn(RecordIn):
    held_on: BoundedDate
    decision: Decision
    learned: str = Field(default="", max_length=10000)
    rationale: str = Field(default="", max_length=10000)
    next_review_on: BoundedDate | None = Field(
        default=None, description="Defaults to the held date plus the partnership's cadence."
    )


ReviewPatch = patch_of(ReviewIn)
