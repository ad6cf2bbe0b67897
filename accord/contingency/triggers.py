"""Whether a plan's trigger holds, and the sentence that says why: a pure function of the plan,
its KPI's measurements and the day, shared by the trigger job (which fires) and the pages
(which show what would fire).

- date: holds from its date on;
- KPI above / below: the KPI's latest measurement is strictly above / below the value;
- KPI behind: the KPI's status (accord/lib/kpi.py, each measurement against the planned path
  at its own date) was at risk or off track — behind its path — for each of its latest N
  measurements;
- manual: never holds by itself.

The trigger holding is a level, not an edge: the plan fires once, when armed; while active or
resolved it does not fire again, whatever the figures say, until someone re-arms it.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from accord.contingency.models import ContingencyPlan, TriggerKind
from accord.lib import formatting
from accord.lib.kpi import Status, kpi_status
from accord.longterm.models import Kpi

BEHIND = (Status.AT_RISK, Status.OFF_TRACK)
Reading = tuple[date, Decimal]  # a measurement's date and value, oldest first


def trigger_reason(plan: ContingencyPlan, readings: Sequence[Reading], today: date) -> str | None:
    """Why the plan's trigger holds today (the figure that crossed), or None if it does not."""
    kind = plan.trigger_kind
    if kind == TriggerKind.DATE:
        if plan.trigger_date is not None and plan.trigger_date <= today:
            return f"Its date came: {formatting.day(plan.trigger_date)}."
        return None
    kpi = plan.trigger_kpi
    if kind == TriggerKind.MANUAL or kpi is None or not readings:
        return None
    if kind in (TriggerKind.KPI_ABOVE, TriggerKind.KPI_BELOW):
        return _threshold_reason(plan, kpi, readings[-1])
    return _behind_reason(plan, kpi, readings)


def _threshold_reason(plan: ContingencyPlan, kpi: Kpi, latest: Reading) -> str | None:
    day, value = latest
    threshold = plan.trigger_value
    if threshold is None:
        return None
    above = plan.trigger_kind == TriggerKind.KPI_ABOVE
    if (value > threshold) if above else (value < threshold):
        word = "above" if above else "below"
        shown = kpi.measure.value
        return f"{kpi.name} was {shown(value)} on {formatting.day(day)}, {word} {shown(threshold)}."
    return None


def _behind_reason(plan: ContingencyPlan, kpi: Kpi, readings: Sequence[Reading]) -> str | None:
    count = plan.trigger_count or 0
    if count < 1 or len(readings) < count:
        return None
    path = kpi.plan
    latest = readings[-count:]
    statuses = [kpi_status(path, (day, float(value))).status for day, value in latest]
    if not all(status in BEHIND for status in statuses):
        return None
    in_a_row = "measurement" if count == 1 else f"{count} measurements in a row"
    return (
        f"{kpi.name} was behind its path for {in_a_row}, the latest "
        f"{kpi.measure.value(latest[-1][1])} on {formatting.day(latest[-1][0])}."
    )
