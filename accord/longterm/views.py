"""Pages of practice 6: the Long-term tab, KPI pages with measurements and CSV, and the forms of
every record kind. Each view reads access → validate → act → respond."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.audit.fragments import page_fragment_key
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.record_views import (
    RecordPages,
    add_form_errors,
    record_delete_action,
    record_edit_page,
    record_new_page,
)
from accord.lib import formatting
from accord.lib import kpi as kpi_maths
from accord.lib.fragments import deferred
from accord.lib.rowurls import row_url
from accord.longterm import presentation, selectors, services
from accord.longterm.batch import MeasurementsRejected
from accord.longterm.csvio import CsvChoices, Delimiter, read_measurements
from accord.longterm.forms import (
    ImportForm,
    ImportPreviewForm,
    KpiForm,
    MeasurementEditForm,
    MeasurementForm,
    MilestoneForm,
    ReviewForm,
    ValueEntryForm,
)
from accord.longterm.models import Kpi, Measurement, Milestone, Review, ValueEntry

# The thresholds of lib.kpi in percent, for "how this is computed".
THRESHOLDS = {
    "on_track": round(kpi_maths.ON_TRACK_SHORTFALL * 100),
    "at_risk": round(kpi_maths.AT_RISK_SHORTFALL * 100),
    "range": round(kpi_maths.RANGE_AT_RISK_SHARE * 100),
    "flat": round(kpi_maths.FLAT_SHARE_PER_MONTH * 100),
    "points": kpi_maths.TREND_POINTS,
}


def _context(grant: PartnershipAccess, **extra: Any) -> dict[str, Any]:
    return {"grant": grant, "p": grant.partnership, "tab": "longterm", **extra}


@login_required
def longterm(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    viewpoint, today = grant.viewpoint, timezone.localdate()

    def sections() -> dict[str, Any]:
        roadmap = selectors.roadmap(viewpoint, today)
        return {
            "kpis": presentation.kpi_cards(selectors.kpi_list(viewpoint)),
            "roadmap": roadmap,
            "columns": presentation.roadmap_columns(grant, roadmap),
            "past": presentation.milestone_rows(grant, roadmap.past, today),
            "balance": selectors.value_balance(viewpoint),
            "entries": presentation.rows(grant, selectors.value_entries(viewpoint)),
            "reviews": selectors.reviews(viewpoint, today),
        }

    names = ("kpis", "roadmap", "columns", "past", "balance", "entries", "reviews")
    context = _context(
        grant,
        fragment_key=page_fragment_key(grant, today),
        thresholds=THRESHOLDS,
        **deferred(sections, *names),
    )
    return render(request, "longterm/longterm.html", context)


# --- KPI pages -------------------------------------------------------------------------------


def _kpi(grant: PartnershipAccess, kpi_id: int, need: access.Need = "view") -> Kpi:
    return access.record_for(grant, selectors.kpi_records(), kpi_id, need)


def _kpi_page(
    request: AuthedRequest,
    grant: PartnershipAccess,
    kpi: Kpi,
    form: MeasurementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    figures = selectors.kpi_detail(kpi)
    context = _context(
        grant,
        figures=figures,
        chart=presentation.chart(figures),
        measurement_delete=row_url("accord-measurement-delete", grant.partnership.pk, kpi.pk),
        measurement_edit=row_url("accord-measurement-edit", grant.partnership.pk, kpi.pk),
        form=form or MeasurementForm(),
        can_change=grant.can_edit_record(kpi),
        thresholds=THRESHOLDS,
        **presentation.figure_texts(figures),
    )
    return render(request, "longterm/kpi.html", context, status=status)


@login_required
def kpi_detail(request: AuthedRequest, pk: int, kpi_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    return _kpi_page(request, grant, _kpi(grant, kpi_id))


@login_required
@require_POST
def measurement_add(request: AuthedRequest, pk: int, kpi_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    kpi = _kpi(grant, kpi_id, "edit")
    form = MeasurementForm(request.POST)
    if form.is_valid():
        try:
            services.measurement_add(kpi=kpi, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"Recorded {kpi.measure.value(form.cleaned_data['value'])}.")
            return redirect("accord-kpi", pk, kpi.pk)
    return _kpi_page(request, grant, kpi, form, status=400)


def _measurement(
    request: AuthedRequest, pk: int, kpi_id: int, measurement_id: int
) -> tuple[PartnershipAccess, Kpi, Measurement]:
    """A measurement of a KPI the user may change (403), with its grant and KPI."""
    grant = access.partnership_access(request.user, pk, "edit")
    kpi = _kpi(grant, kpi_id, "edit")
    measurement = get_object_or_404(selectors.measurements_of(kpi), pk=measurement_id)
    measurement.kpi = kpi
    return grant, kpi, measurement


@login_required
def measurement_edit(
    request: AuthedRequest, pk: int, kpi_id: int, measurement_id: int
) -> HttpResponse:
    """A value changed in place: the row becomes its form (htmx), or a page of its own."""
    grant, kpi, measurement = _measurement(request, pk, kpi_id, measurement_id)
    if request.method != "POST":
        form = MeasurementEditForm(initial=MeasurementEditForm.initial_of(measurement))
        template = "longterm/measurement_edit.html"
        if request.htmx:
            template += "#edit_row"
        return render(request, template, _context(grant, kpi=kpi, m=measurement, form=form))
    form = MeasurementEditForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            changed = services.measurement_update(
                measurement=measurement,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                changes=form.changes(),
            )
        except StaleEdit as stale:
            messages.error(request, str(stale))
            status = 409
            form = MeasurementEditForm(initial=MeasurementEditForm.initial_of(stale.current))
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"Saved the value of {formatting.day(changed.measured_on)}.")
            return redirect(f"{reverse('accord-kpi', args=[pk, kpi.pk])}#m-{changed.pk}")
    context = _context(grant, kpi=kpi, m=measurement, form=form)
    return render(request, "longterm/measurement_edit.html", context, status=status)


@login_required
@require_POST
def measurement_delete(
    request: AuthedRequest, pk: int, kpi_id: int, measurement_id: int
) -> HttpResponse:
    _, kpi, measurement = _measurement(request, pk, kpi_id, measurement_id)
    services.measurement_delete(measurement=measurement, actor=request.user)
    messages.success(request, f"Deleted the value of {formatting.day(measurement.measured_on)}.")
    return redirect("accord-kpi", pk, kpi.pk)


IMPORT_STEP = "step"  # "preview" reads the file again as chosen; "import" records it


@login_required
def measurements_import(request: AuthedRequest, pk: int, kpi_id: int) -> HttpResponse:
    """Step one takes a file; step two shows how it was read and what it would change, lets
    the person correct the reading, and imports it."""
    grant = access.partnership_access(request.user, pk, "edit")
    kpi = _kpi(grant, kpi_id, "edit")
    example = presentation.csv_example(kpi, timezone.localdate())
    if request.method != "POST":
        return _import_page(request, grant, kpi, ImportForm(example=example))
    if IMPORT_STEP not in request.POST:
        upload = ImportForm(request.POST, request.FILES, example=example)
        if not upload.is_valid():
            return _import_page(request, grant, kpi, upload, status=400)
        preview = selectors.import_preview(kpi, upload.content(), CsvChoices(), replace=False)
        layout = preview.reading.layout
        if layout is None:  # not a text file at all: nothing to preview
            return _import_page(request, grant, kpi, upload, preview=preview, status=400)
        initial = ImportPreviewForm.initial_of(preview.reading.text, layout)
        form = ImportPreviewForm(initial=initial, layout=layout)
    else:
        text = request.POST.get("text", "")
        chosen = request.POST.get("delimiter", "")
        delimiter = Delimiter(chosen) if chosen in {d.value for d in Delimiter} else None
        columns = read_measurements(text.encode(), CsvChoices(delimiter=delimiter)).layout
        form = ImportPreviewForm(request.POST, layout=columns)
        if not form.is_valid():
            return _import_page(request, grant, kpi, form, status=400)
        replace = form.cleaned_data["replace"]
        preview = selectors.import_preview(kpi, text.encode(), form.choices(), replace=replace)
        if request.POST[IMPORT_STEP] == "import" and not preview.plan.problems:
            try:
                plan = services.measurements_record(
                    kpi=kpi,
                    actor=request.user,
                    rows=preview.reading.rows,
                    replace=replace,
                    source="csv",
                    name_row="line {}".format,
                )
            except MeasurementsRejected as rejected:  # the KPI's values changed meanwhile
                preview.plan.problems = rejected.problems
            else:
                messages.success(request, presentation.batch_summary(plan))
                return redirect("accord-kpi", pk, kpi.pk)
    status = 400 if preview.plan.problems else 200
    return _import_page(request, grant, kpi, form, preview=preview, status=status)


def _import_page(
    request: AuthedRequest,
    grant: PartnershipAccess,
    kpi: Kpi,
    form: forms.Form,
    preview: selectors.ImportPreview | None = None,
    status: int = 200,
) -> HttpResponse:
    rejected = (
        MeasurementsRejected(preview.plan.problems) if preview and preview.plan.problems else None
    )
    context = _context(grant, kpi=kpi, form=form, preview=preview, rejected=rejected)
    return render(request, "longterm/import.html", context, status=status)


@login_required
def measurements_export(request: AuthedRequest, pk: int, kpi_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    return presentation.csv_download(_kpi(grant, kpi_id))


# --- Record forms: one view per operation ----------------------------------------------------
#
# Each record kind has its own new, edit and delete views (one URL per action). They share the
# steps of a create, an edit and a delete page, which the views call with their kind's pages.


RECORD_FORM = "longterm/record_form.html"


KPIS = RecordPages(
    noun="KPI",
    form_class=KpiForm,
    records=selectors.kpi_records,
    create=services.kpi_create,
    update=services.kpi_update,
    delete=services.kpi_delete,
    delete_url="accord-kpi-delete",
    tab="longterm",
    section="kpis",
    template=RECORD_FORM,
    detail_url="accord-kpi",
    goes_with=lambda kpi: [(kpi.measurements.count(), "measurement", "measurements")],
)
MILESTONES = RecordPages(
    noun="milestone",
    form_class=MilestoneForm,
    records=Milestone.objects.all,
    create=services.milestone_create,
    update=services.milestone_update,
    delete_url="accord-milestone-delete",
    tab="longterm",
    section="roadmap",
    template=RECORD_FORM,
)
VALUE_ENTRIES = RecordPages(
    noun="value entry",
    form_class=ValueEntryForm,
    records=ValueEntry.objects.all,
    create=services.value_entry_create,
    update=services.value_entry_update,
    delete_url="accord-value-delete",
    tab="longterm",
    section="value",
    template=RECORD_FORM,
)
# Reviews are joint: any party's contributors change them.
REVIEWS = RecordPages(
    noun="review",
    form_class=ReviewForm,
    records=Review.objects.all,
    create=services.review_create,
    update=services.review_update,
    delete_url="accord-review-delete",
    tab="longterm",
    section="reviews",
    template=RECORD_FORM,
)


def _preselected(request: AuthedRequest) -> dict[str, str]:
    """A new record's goal chosen by the link that led here ("Add a KPI" beside a goal without
    one). Only an id is taken; the form offers only goals the user sees, so another is ignored."""
    goal = request.GET.get("goal", "")
    return {"goal": goal} if goal.isdigit() and len(goal) < 19 else {}


@login_required
def kpi_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, KPIS, initial=_preselected(request))


@login_required
def kpi_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, KPIS)


@login_required
@require_POST
def kpi_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, KPIS)


@login_required
def milestone_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, MILESTONES, initial=_preselected(request))


@login_required
def milestone_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, MILESTONES)


@login_required
@require_POST
def milestone_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, MILESTONES)


@login_required
def value_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, VALUE_ENTRIES, initial=_preselected(request))


@login_required
def value_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, VALUE_ENTRIES)


@login_required
@require_POST
def value_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, VALUE_ENTRIES)


@login_required
def review_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, REVIEWS, initial=_preselected(request))


@login_required
def review_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, REVIEWS)


@login_required
@require_POST
def review_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, REVIEWS)
