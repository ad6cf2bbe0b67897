"""Practice 6 API: KPIs, milestones, value entries and reviews as standard record APIs, plus
measurements (one by one, CSV import and export), KPI status, the roadmap and the value
balance. Access is the same as the pages': `partnership_access`, then `record_for`."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from accord.api.api import ERRORS, Pages, error
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

router = Router(tags=["long-term"])
TAG = "long-term"


register_record_api(
    router,
    RecordKind(
        name="kpi",
        path="kpis",
        model=Kpi,
        out=KpiOut,
        create_in=KpiIn,
        patch_in=KpiPatch,
        create=services.kpi_create,
        update=services.kpi_update,
        delete=services.kpi_delete,
        tag=TAG,
    ),
)
register_record_api(
    router,
    RecordKind(
        name="milestone",
        path="milestones",
        model=Milestone,
        out=MilestoneOut,
        create_in=MilestoneIn,
        patch_in=MilestonePatch,
        create=services.milestone_create,
        update=services.milestone_update,
        tag=TAG,
    ),
)
register_record_api(
    router,
    RecordKind(
        name="value_entry",
        path="value",
        model=ValueEntry,
        out=ValueEntryOut,
        create_in=ValueEntryIn,
        patch_in=ValueEntryPatch,
        create=services.value_entry_create,
        update=services.value_entry_update,
        tag=TAG,
    ),
)
register_record_api(
    router,
    RecordKind(
        name="review",
        path="reviews",
        model=Review,
        out=ReviewOut,
        create_in=ReviewIn,
        patch_in=ReviewPatch,
        create=services.review_create,
        update=services.review_update,
        tag=TAG,
    ),
)

KPI = "/partnerships/{id:partnership_id}/kpis/{id:kpi_id}"


def _kpi(request, partnership_id: int, kpi_id: int, need: access.Need = "view") -> Kpi:
    """The KPI if the user may see it (404) and, for "edit", change it (403)."""
    grant = access.partnership_access(request.user, partnership_id, need)
    return access.record_for(grant, selectors.kpi_records(), kpi_id, need)


@router.get(
    f"{KPI}/measurements",
    response={200: list[MeasurementOut], **ERRORS},
    url_name="measurement_list",
    operation_id="measurement_list",
    tags=[TAG],
    summary="List a KPI's measurements, oldest first",
)
@paginate(Pages)
def measurement_list(request, partnership_id: int, kpi_id: int):
    kpi = _kpi(request, partnership_id, kpi_id)
    return selectors.measurements_of(kpi)


@router.post(
    f"{KPI}/measurements",
    response={201: MeasurementOut, **ERRORS},
    url_name="measurement_create",
    operation_id="measurement_create",
    tags=[TAG],
    summary="Record a KPI's value on a date (the KPI's owning party)",
)
def measurement_create(request, partnership_id: int, kpi_id: int, payload: MeasurementIn):
    kpi = _kpi(request, partnership_id, kpi_id, "edit")
    measurement = services.measurement_add(kpi=kpi, actor=request.user, **payload.dict())
    return Status(201, measurement)


@router.delete(
    f"{KPI}/measurements/{{id:measurement_id}}",
    response={204: None, **ERRORS},
    url_name="measurement_delete",
    operation_id="measurement_delete",
    tags=[TAG],
    summary="Delete a measurement (the KPI's owning party)",
)
def measurement_delete(request, partnership_id: int, kpi_id: int, measurement_id: int):
    kpi = _kpi(request, partnership_id, kpi_id, "edit")
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


def _upload(request) -> bytes | None:
    """The CSV sent as a multipart `file` or as a text/csv body; at most one byte over the
    limit is read, so that a huge upload is refused without being held in memory."""
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        return None if upload is None else upload.read(MAX_BYTES + 1)
    if request.content_type == "text/csv":
        return request.body
    return None


@router.post(
    f"{KPI}/measurements/import",
    response={201: ImportOut, **ERRORS},
    url_name="measurement_import",
    operation_id="measurement_import",
    tags=[TAG],
    summary="Import measurements from CSV (date,value[,note]; all or nothing)",
    description=(
        "Send the file as `text/csv` or as the `file` field of a multipart form. A header row "
        "`date,value` or `date,value,note`, ISO dates, at most 1 MB and 10,000 rows. If any "
        "row is wrong nothing is imported and each problem is listed with its line."
    ),
    openapi_extra=CSV_BODY,
)
def measurement_import(request, partnership_id: int, kpi_id: int):
    kpi = _kpi(request, partnership_id, kpi_id, "edit")
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
        )
    try:
        imported = services.measurements_import(kpi=kpi, actor=request.user, data=data)
    except MeasurementsRejected as rejected:
        problems = [
            {"field": f"line {p.line}" if p.line else "file", "message": p.message}
            for p in rejected.shown
        ]
        return error(request, 400, str(rejected), problems, more_problems=rejected.hidden)
    return Status(201, {"imported": imported})


@router.get(
    f"{KPI}/measurements.csv",
    response={200: None, **ERRORS},
    url_name="measurement_export",
    operation_id="measurement_export",
    tags=[TAG],
    summary="Export a KPI's measurements as CSV (date,value,note)",
    openapi_extra={
        "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {}}}}}
    },
)
def measurement_export(request, partnership_id: int, kpi_id: int):
    kpi = _kpi(request, partnership_id, kpi_id)
    return csv_download(kpi)


@router.get(
    f"{KPI}/status",
    response={200: KpiStatusOut, **ERRORS},
    url_name="kpi_status",
    operation_id="kpi_status",
    tags=[TAG],
    summary="A KPI's status, trend and forecast against its planned path",
)
def kpi_status(request, partnership_id: int, kpi_id: int):
    figures = selectors.kpi_detail(_kpi(request, partnership_id, kpi_id))
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
    }


@dataclass(frozen=True)
class LateOrNot:
    """A milestone as the roadmap lists it: its fields, and whether it is late."""

    milestone: Milestone
    late: bool

    def __getattr__(self, name: str) -> Any:
        return getattr(self.milestone, name)


@router.get(
    "/partnerships/{id:partnership_id}/roadmap",
    response={200: RoadmapOut, **ERRORS},
    url_name="roadmap",
    operation_id="roadmap",
    tags=[TAG],
    summary="Milestones by horizon: now (90 days, or late), next (a year), later",
)
def roadmap(request, partnership_id: int):
    grant = access.partnership_access(request.user, partnership_id)
    result = selectors.roadmap(grant.viewpoint, timezone.localdate())
    items = lambda milestones: [  # noqa: E731
        LateOrNot(m, m.is_late_on(result.today)) for m in milestones
    ]
    return {
        "today": result.today,
        "now": items(result.now),
        "next": items(result.next),
        "later": items(result.later),
        "past": items(result.past),
        "late": len(result.late),
    }


@router.get(
    "/partnerships/{id:partnership_id}/value/balance",
    response={200: BalanceOut, **ERRORS},
    url_name="value_balance",
    operation_id="value_balance",
    tags=[TAG],
    summary="What each party put in and got out, per currency and quarter",
)
def value_balance(request, partnership_id: int):
    grant = access.partnership_access(request.user, partnership_id)
    return selectors.value_balance(grant.viewpoint)
