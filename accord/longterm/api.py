"""Practice 6 API: KPIs, milestones, value entries and reviews as standard record APIs, plus
measurements (one by one, CSV import and export), KPI status, the roadmap and the value
balance. Access is the same as the pages': `partnership_access`, then `record_for`."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import P, PathEx, Status
from ninja.pagination import paginate

from accord.accounts.http import AuthedRequest
from accord.accounts.models import User
from accord.api.api import error
from accord.api.lists import Listing, Pages
from accord.api.operations import ApiRouter, PartnershipId
from accord.core import access
from accord.core.record_api import RecordKind, register_record_api
from accord.longterm import selectors, services
from accord.longterm.csvio import MAX_BYTES, MeasurementsRejected
from accord.longterm.models import Kpi, Measurement, Milestone, Review, ValueEntry
from accord.longterm.presentation import csv_download
from accord.longterm.schemas import (
    BalanceOut,
    ImportOut,
    KpiIn,
    KpiOut,
    KpiPatch,
    KpiStatusOut,
    MeasurementIn,
    MeasurementOut,
    MilestoneIn,
    MilestoneOut,
    MilestonePatch,
    ReviewIn,
    ReviewOut,
    ReviewPatch,
    RoadmapOut,
    ValueEntryIn,
    ValueEntryOut,
    ValueEntryPatch,
)

router = ApiRouter(
    "long-term",
    "Practice 6, long-term success: KPIs with their measurements, status and forecast; "
    "milestones on a roadmap; the ledger of value each party puts in and gets out; reviews.",
)
KpiId = PathEx[int, P(description="The KPI's id.")]
MeasurementId = PathEx[int, P(description="The measurement's id.")]

KPIS = RecordKind(
    "kpi",
    Kpi,
    KpiOut,
    KpiIn,
    KpiPatch,
    services.kpi_create,
    update=services.kpi_update,
    delete=services.kpi_delete,
)
MILESTONES = RecordKind(
    "milestone",
    Milestone,
    MilestoneOut,
    MilestoneIn,
    MilestonePatch,
    services.milestone_create,
    update=services.milestone_update,
)
VALUE_ENTRIES = RecordKind(
    "value_entry",
    ValueEntry,
    ValueEntryOut,
    ValueEntryIn,
    ValueEntryPatch,
    services.value_entry_create,
    update=services.value_entry_update,
    path="value",
)
REVIEWS = RecordKind(
    "review",
    Review,
    ReviewOut,
    ReviewIn,
    ReviewPatch,
    services.review_create,
    update=services.review_update,
)
for kind in (KPIS, MILESTONES, VALUE_ENTRIES, REVIEWS):
    register_record_api(router, kind)

KPI = "/partnerships/{id:partnership_id}/kpis/{id:kpi_id}"


def _kpi(user: User, partnership_id: int, kpi_id: int, need: access.Need = "view") -> Kpi:
    """The KPI if the user may see it (404) and, for "edit", change it (403)."""
    grant = access.partnership_access(user, partnership_id, need)
    return access.record_for(grant, selectors.kpi_records(), kpi_id, need)


@router.get(f"{KPI}/measurements", response={200: list[MeasurementOut]})
@paginate(Pages, listing=Listing({"measured_on": "measured_on"}, "measured_on"))
def measurement_list(
    request: AuthedRequest, partnership_id: PartnershipId, kpi_id: KpiId
) -> QuerySet:
    """List a KPI's measurements, oldest first.

    Each value measured, on its date, with who entered it; a page at a time.
    """
    return selectors.measurements_of(_kpi(request.user, partnership_id, kpi_id))


@router.post(f"{KPI}/measurements", response={201: MeasurementOut})
def measurement_create(
    request: AuthedRequest, partnership_id: PartnershipId, kpi_id: KpiId, payload: MeasurementIn
) -> Status:
    """Record a KPI's value on a date.

    Only the KPI's owning party records its values: one a day, not before the baseline date,
    not in the future.
    """
    kpi = _kpi(request.user, partnership_id, kpi_id, "edit")
    measurement = services.measurement_add(kpi=kpi, actor=request.user, **payload.dict())
    return Status(201, measurement)


@router.delete(f"{KPI}/measurements/{{id:measurement_id}}", response={204: None})
def measurement_delete(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    kpi_id: KpiId,
    measurement_id: MeasurementId,
) -> Status:
    """Delete a measurement.

    Only the KPI's owning party deletes its values.
    """
    kpi = _kpi(request.user, partnership_id, kpi_id, "edit")
    measurement = get_object_or_404(Measurement, kpi=kpi, pk=measurement_id)
    measurement.kpi = kpi
    services.measurement_delete(measurement=measurement, actor=request.user)
    return Status(204, None)


CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}
CSV_ANSWER = {
    "responses": {
        200: {
            "description": "The measurements as CSV, a header row `date,value,note` first.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


def _upload(request: HttpRequest) -> bytes | None:
    """The CSV sent as a multipart `file` or as a text/csv body; at most one byte over the
    limit is read, so that a huge upload is refused without being held in memory."""
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        return None if upload is None else upload.read(MAX_BYTES + 1)
    if request.content_type == "text/csv":
        return request.body
    return None


@router.post(f"{KPI}/measurements/import", response={201: ImportOut}, openapi_extra=CSV_BODY)
def measurement_import(
    request: AuthedRequest, partnership_id: PartnershipId, kpi_id: KpiId
) -> HttpResponse | Status:
    """Import measurements from CSV (date,value[,note]), all or nothing.

    Send the file as `text/csv` or as the `file` field of a multipart form. A header row
    `date,value` or `date,value,note`, ISO dates, at most 1 MB and 10,000 rows. If any row is
    wrong nothing is imported and each problem is listed with its line.
    """
    kpi = _kpi(request.user, partnership_id, kpi_id, "edit")
    try:
        data = _upload(request)
    except RequestDataTooBig:
        data = b"x" * (MAX_BYTES + 1)
    if data is None:
        return error(
            request,
            400,
            "Send a CSV file: a `text/csv` body or a multipart form with a `file` field.",
            [{"field": "file", "message": "No file received."}],
            "file_missing",
        )
    try:
        imported = services.measurements_import(kpi=kpi, actor=request.user, data=data)
    except MeasurementsRejected as rejected:
        problems = [
            {"field": f"line {p.line}" if p.line else "file", "message": p.message}
            for p in rejected.shown
        ]
        hidden = rejected.hidden
        return error(request, 400, str(rejected), problems, "csv_rejected", more_problems=hidden)
    return Status(201, {"imported": imported})


@router.get(f"{KPI}/measurements.csv", openapi_extra=CSV_ANSWER)
def measurement_export(
    request: AuthedRequest, partnership_id: PartnershipId, kpi_id: KpiId
) -> HttpResponse:
    """Export a KPI's measurements as CSV (date,value,note).

    Oldest first, as a file download; the same file the KPI's page offers.
    """
    return csv_download(_kpi(request.user, partnership_id, kpi_id))


@router.get(f"{KPI}/status", response={200: KpiStatusOut})
def kpi_status_get(request: AuthedRequest, partnership_id: PartnershipId, kpi_id: KpiId) -> dict:
    """Read a KPI's status, trend and forecast against its planned path.

    The status compares the latest value with the value planned for its date; the trend is
    the slope of the latest values; the forecast says when the target is reached at that pace.
    The story is what the page shows: one headline (stale when no value came for longer than
    the measurement period; at risk when on the path but the forecast misses the target date)
    and the sentence behind it.
    """
    figures = selectors.kpi_detail(_kpi(request.user, partnership_id, kpi_id))
    latest = figures.latest
    return {
        "kpi_id": figures.kpi.pk,
        "status": figures.status.status.value,
        "expected": figures.status.expected,
        "shortfall": figures.status.shortfall,
        "latest": latest and {"measured_on": latest.measured_on, "value": latest.value},
        "trend": {
            "state": figures.trend.state.value,
            "slope_per_day": figures.trend.slope_per_day,
            "points": figures.trend.points,
        },
        "forecast": {
            "state": figures.forecast.state.value,
            "date": figures.forecast.on,
            "on_time": figures.forecast.on_time,
        },
        "story": {"status": figures.story.status.value, "text": figures.story.text},
    }


@dataclass(frozen=True)
class LateOrNot:
    """A milestone as the roadmap lists it: its fields, and whether it is late."""

    milestone: Milestone
    late: bool

    def __getattr__(self, name: str) -> Any:
        return getattr(self.milestone, name)


def _late_or_not(milestones: list[Milestone], today: date) -> list[LateOrNot]:
    return [LateOrNot(m, m.is_late_on(today)) for m in milestones]


@router.get("/partnerships/{id:partnership_id}/roadmap", response={200: RoadmapOut})
def roadmap_get(request: AuthedRequest, partnership_id: PartnershipId) -> dict:
    """Read the roadmap: milestones by horizon.

    Now (due within 90 days, or late), next (within a year), later, and past (overdue but
    done or dropped), each milestone saying whether it is late.
    """
    grant = access.partnership_access(request.user, partnership_id)
    result = selectors.roadmap(grant.viewpoint, timezone.localdate())
    today = result.today
    return {
        "today": today,
        "now": _late_or_not(result.now, today),
        "next": _late_or_not(result.next, today),
        "later": _late_or_not(result.later, today),
        "past": _late_or_not(result.past, today),
        "late": len(result.late),
    }


@router.get("/partnerships/{id:partnership_id}/value/balance", response={200: BalanceOut})
def value_balance_get(request: AuthedRequest, partnership_id: PartnershipId) -> Any:
    """Read the value balance: what each party put in and got out.

    Per party and currency, in total and per quarter, with each party's return (got out
    divided by put in) and a verdict on whether the exchange is one-sided; as far as you may
    see.
    """
    grant = access.partnership_access(request.user, partnership_id)
    return selectors.value_balance(grant.viewpoint)
