"""What practice 6 shows but does not compute: KPI charts as SVG, the CSV download, and the
display rows of the Long-term page. Views and the API call these with the selectors' results,
so the selectors stay free of HTTP and drawing."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe

from accord.core.access import PartnershipAccess
from accord.core.models import PartnershipRecord
from accord.lib.svgchart import kpi_chart
from accord.longterm.batch import BatchPlan
from accord.longterm.csvio import measurements_csv
from accord.longterm.models import Kpi, Milestone
from accord.longterm.selectors import KpiFigures, Roadmap, measurement_rows


def chart(figures: KpiFigures, compact: bool = False) -> SafeString:
    """The KPI's actual values against its planned path (and range band), as inline SVG."""
    kpi, plan = figures.kpi, figures.kpi.plan
    actuals = [(m.measured_on, float(m.value)) for m in figures.measurements]
    path = target = band = None
    if plan.has_path:
        assert plan.target is not None and plan.target_date is not None
        path = ((plan.baseline_date, plan.baseline), (plan.target_date, plan.target))
        target = (plan.target_date, plan.target)
    if plan.is_range and plan.low is not None and plan.high is not None:
        band = (plan.low, plan.high)
    unit = f" in {kpi.currency or kpi.unit}" if kpi.currency or kpi.unit else ""
    svg = kpi_chart(
        chart_id=f"kpi-{kpi.pk}-{'small' if compact else 'chart'}",
        title=f"{kpi.name}: actual values against the planned path",
        description=(f"{len(actuals)} measurements{unit}. {figures.story.text}"),
        actuals=actuals,
        plan=path,
        target=target,
        band=band,
        width=240 if compact else 720,
        height=72 if compact else 300,
        compact=compact,
        value_text=kpi.measure.value,
    )
    return mark_safe(svg)  # every text in it is escaped by kpi_chart


def figure_texts(figures: KpiFigures) -> dict[str, str]:
    """The KPI page's computed figures as text: the pace, and the shortfall in the KPI's unit
    (points for a percentage) and in percent of the planned change (or range)."""
    shortfall, measure = figures.status.shortfall, figures.kpi.measure
    return {
        "slope": measure.rate(figures.trend.slope_per_day),
        "shortfall_percent": "" if shortfall is None else str(round(shortfall * 100, 1)),
        "behind_by": "" if not shortfall else measure.change(shortfall * figures.kpi.plan.scale),
    }


def csv_download(kpi: Kpi) -> HttpResponse:
    """The KPI's measurements as a CSV download that imports again as it is."""
    response = HttpResponse(
        measurements_csv(measurement_rows(kpi)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="kpi-{kpi.pk}-measurements.csv"'
    return response


@dataclass(frozen=True)
class KpiCard:
    figures: KpiFigures
    chart: SafeString


def csv_example(kpi: Kpi, today: date) -> str:
    """A file that the KPI would take as it is: its baseline day and today, one value each."""
    days = sorted({kpi.baseline_date, max(kpi.baseline_date, today)})
    return measurements_csv((day, kpi.baseline, "") for day in days)


def batch_summary(plan: BatchPlan) -> str:
    """What a recorded batch did, in words: "Imported 12 values: 10 new, 2 replaced"."""
    imported = plan.added + plan.replaced
    parts = [f"{plan.added} new"]
    if plan.replaced:
        parts.append(f"{plan.replaced} replaced")
    if plan.unchanged:
        parts.append(f"{plan.unchanged} unchanged")
    return f"Imported {imported} value{'s' * (imported != 1)}: {', '.join(parts)}."


def kpi_cards(figures: list[KpiFigures]) -> list[KpiCard]:
    return [KpiCard(f, chart(f, compact=True)) for f in figures]


@dataclass(frozen=True)
class Row:
    """A record as a page lists it: whether the user may change it, whether it is late."""

    record: PartnershipRecord
    editable: bool
    late: bool = False


def rows(grant: PartnershipAccess, records: Iterable[PartnershipRecord]) -> list[Row]:
    return [Row(record, grant.can_edit_record(record)) for record in records]


@dataclass(frozen=True)
class RoadmapColumn:
    key: str
    label: str
    rows: list[Row]


def milestone_rows(grant: PartnershipAccess, milestones: list[Milestone], today: date):
    return [Row(m, grant.can_edit_record(m), m.is_late_on(today)) for m in milestones]


def roadmap_columns(grant: PartnershipAccess, roadmap: Roadmap) -> list[RoadmapColumn]:
    return [
        RoadmapColumn(key, label, milestone_rows(grant, milestones, roadmap.today))
        for key, label, milestones in roadmap.columns
    ]
