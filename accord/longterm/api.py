"""Practice 6 API: KPIs, milestones, value entries and reviews as standard record APIs, plus
measurements (one by one, CSV import and export), KPI status, the roadmap and the value
balance. Access is the same as the pages': `partnership_access`, then `record_for`."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import P, PathEx, Query, Status
from ninja.pagination import paginate

from accord.accounts.http import AuthedRequest
from accord.accounts.models import User
from accord.api.api import conflict, conflict_schema, error
from accord.api.conditional import (
    conditional,
    etag_of,
    expected_version,
    not_modified,
    precondition_failed,
)
from accord.api.lists import Listing, Pages
from accord.api.operations import ApiRouter, PartnershipId
from accord.core import access
from accord.core.errors import StaleEdit
from accord.core.record_api import RecordKind, register_record_api
from accord.longterm import selectors, services
from accord.longterm.batch import MeasurementRow, MeasurementsRejected, RowProblem
from accord.longterm.csvio import MAX_BYTES, read_measurements
from accord.longterm.models import Kpi, Milestone, Review, ValueEntry
from accord.longterm.presentation import csv_download
from accord.longterm.schemas import (
    BalanceOut,
    BatchOptions,
    BatchOut,
    CsvLayoutOut,
    CsvOptions,
    ImportOut,
    KpiIn,
    KpiOut,
    KpiPatch,
    KpiStatusOut,
    MeasurementIn,
    MeasurementOut,
    MeasurementPatch,
    MeasurementsBulkIn,
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


@router.get(f"{KPI}/measurements/{{id:measurement_id}}", response={200: MeasurementOut})
@conditional
def measurement_get(
    request: AuthedRequest,
    response: HttpResponse,
    partnership_id: PartnershipId,
    kpi_id: KpiId,
    measurement_id: MeasurementId,
) -> Any:
    """Read a measurement.

    Its date, value, note, version and who entered it, with its ETag.
    """
    kpi = _kpi(request.user, partnership_id, kpi_id)
    measurement = get_object_or_404(selectors.measurements_of(kpi), pk=measurement_id)
    etag = etag_of(MeasurementOut, measurement)
    if answer := not_modified(request, etag):
        return answer
    response["ETag"] = etag
    return measurement


@router.patch(
    f"{KPI}/measurements/{{id:measurement_id}}",
    response={
        200: MeasurementOut,
        409: conflict_schema(MeasurementOut),
        412: conflict_schema(MeasurementOut),
    },
)
@conditional
def measurement_update(
    request: AuthedRequest,
    response: HttpResponse,
    partnership_id: PartnershipId,
    kpi_id: KpiId,
    measurement_id: MeasurementId,
    payload: MeasurementPatch,  # type: ignore[valid-type]
) -> Any:
    """Change a measurement, from the version it is based on.

    Its date, value or note; only the KPI's owning party changes its values, by the same rules
    as a new one. Send the `version` your change is based on (or its ETag in `If-Match`): if
    the measurement changed since, nothing is saved and the answer is 409 with it as it is now.
    """
    kpi = _kpi(request.user, partnership_id, kpi_id, "edit")
    measurement = get_object_or_404(selectors.measurements_of(kpi), pk=measurement_id)
    refused = precondition_failed(request, MeasurementOut, measurement)
    if refused:
        return refused
    version = expected_version(request, payload.version, measurement.version)  # type: ignore[attr-defined]
    changes = payload.dict(exclude_unset=True, exclude={"version"})  # type: ignore[attr-defined]
    measurement.kpi = kpi
    try:
        measurement = services.measurement_update(
            measurement=measurement, actor=request.user, expected_version=version, changes=changes
        )
    except StaleEdit as stale:
        return conflict(request, stale, MeasurementOut)
    response["ETag"] = etag_of(MeasurementOut, measurement)
    return measurement


@router.post(f"{KPI}/measurements/bulk", response={200: BatchOut, 201: BatchOut})
def measurement_bulk(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    kpi_id: KpiId,
    payload: MeasurementsBulkIn,
    options: Query[BatchOptions],
) -> HttpResponse | Status:
    """Record many measurements in one call, all or nothing.

    The same rules as one by one: a value a day, from the baseline date to today. With
    `replace`, a value replaces the one already recorded on its day; without it, such a day is
    a problem. If any value has a problem nothing is recorded and each problem names its item
    (`measurements[3]`). With `dry_run`, nothing is recorded: the answer (200) says what would
    change.
    """
    kpi = _kpi(request.user, partnership_id, kpi_id, "edit")
    rows = [
        MeasurementRow(position, **item.dict())
        for position, item in enumerate(payload.measurements)
    ]
    return _record_batch(request, kpi, rows, options, "bulk", name_item)


@router.delete(
    f"{KPI}/measurements/{{id:measurement_id}}",
    response={204: None, 412: conflict_schema(MeasurementOut)},
)
@conditional
def measurement_delete(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    kpi_id: KpiId,
    measurement_id: MeasurementId,
) -> HttpResponse | Status:
    """Delete a measurement.

    Only the KPI's owning party deletes its values. With `If-Match`, only if the measurement
    is still as that ETag says.
    """
    kpi = _kpi(request.user, partnership_id, kpi_id, "edit")
    measurement = get_object_or_404(selectors.measurements_of(kpi), pk=measurement_id)
    refused = precondition_failed(request, MeasurementOut, measurement)
    if refused:
        return refused
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


@router.post(
    f"{KPI}/measurements/import",
    response={200: ImportOut, 201: ImportOut},
    openapi_extra=CSV_BODY,
)
def measurement_import(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    kpi_id: KpiId,
    options: Query[CsvOptions],
) -> HttpResponse | Status:
    """Import measurements from a CSV file, all or nothing.

    Send the file as `text/csv` or as the `file` field of a multipart form, at most 1 MB and
    10,000 rows. Any header (or none): the date, value and note columns are found by their
    names (`date`, `value`, `note`…) or by what they hold, and the delimiter (comma, semicolon,
    tab), the order of the dates' parts and the decimal mark (point or comma) are detected;
    name whatever detection should not decide in the query. The answer's `layout` says how the
    file was read. With `replace`, a row replaces the value already recorded on its day. If
    any row is wrong nothing is imported and each problem is listed with its line. With
    `dry_run`, nothing is imported: the answer (200) says what would change.
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
    reading = read_measurements(data, options.choices())
    answer = _record_batch(request, kpi, reading.rows, options, "csv", name_line, reading.problems)
    if isinstance(answer, Status) and reading.layout is not None:
        answer.value["layout"] = CsvLayoutOut.of(reading.layout)
    return answer


def name_line(line: int) -> str:
    return f"line {line}"


def name_item(position: int) -> str:
    return f"measurements[{position}]"


def _record_batch(
    request: AuthedRequest,
    kpi: Kpi,
    rows: list[MeasurementRow],
    options: BatchOptions,
    source: str,
    name_row: Callable[[int], str],
    known_problems: Iterable[RowProblem] = (),
) -> HttpResponse | Status:
    """Plan (dry run) or record a batch; its problems as a 400 naming each row."""
    whole = "file" if source == "csv" else "measurements"
    try:
        if options.dry_run:
            plan = selectors.measurements_plan(
                kpi, rows, replace=options.replace, name_row=name_row, known_problems=known_problems
            )
            if plan.problems:
                raise MeasurementsRejected(plan.problems)
        else:
            plan = services.measurements_record(
                kpi=kpi,
                actor=request.user,
                rows=rows,
                replace=options.replace,
                source=source,
                name_row=name_row,
                known_problems=known_problems,
            )
    except MeasurementsRejected as rejected:
        problems = [
            {"field": whole if p.row is None else name_row(p.row), "message": p.message}
            for p in rejected.shown
        ]
        code = "csv_rejected" if source == "csv" else "batch_rejected"
        return error(request, 400, str(rejected), problems, code, more_problems=rejected.hidden)
    return Status(200 if options.dry_run else 201, BatchOut.of(plan, options.dry_run))


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
