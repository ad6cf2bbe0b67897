"""Pages of practice 6: the Long-term tab, KPI pages with measurements and CSV, and the forms of
every record kind. Each view reads access → validate → act → respond."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.forms import ACTING_ORGANIZATION, offer_acting_party
from accord.core.record_views import add_form_errors, edit_record_page
from accord.core.records import record_delete
from accord.lib import kpi as kpi_maths
from accord.longterm import selectors, services
from accord.longterm.csvio import MeasurementsRejected
from accord.longterm.forms import (
    ImportForm,
    KpiForm,
    MeasurementForm,
    MilestoneForm,
    RecordForm,
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


def _mark_editable(grant: PartnershipAccess, records) -> list:
    """The records, each with `editable`: whether the user may change it."""
    records = list(records)
    for record in records:
        record.editable = grant.can_edit_record(record)
    return records


@login_required
def longterm(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    today = timezone.localdate()
    roadmap = selectors.roadmap(grant, today)
    for column in (roadmap.now, roadmap.next, roadmap.later, roadmap.past):
        _mark_editable(grant, column)
    context = _context(
        grant,
        kpis=selectors.kpi_list(grant),
        roadmap=roadmap,
        balance=selectors.value_balance(grant),
        entries=_mark_editable(grant, selectors.value_entries(grant)),
        reviews=selectors.reviews(grant, today),
        thresholds=THRESHOLDS,
    )
    return render(request, "longterm/longterm.html", context)


# --- KPI pages -------------------------------------------------------------------------------


def _kpi(grant: PartnershipAccess, kpi_id: int, need: access.Need = "view") -> Kpi:
    queryset = Kpi.objects.select_related("owner_party__organization", "goal", "partnership")
    return access.record_for(grant, queryset, kpi_id, need)


def _kpi_page(request, grant, kpi, form=None, status=200) -> HttpResponse:
    context = _context(
        grant,
        figures=selectors.kpi_detail(kpi),
        form=form or MeasurementForm(),
        can_change=grant.can_edit_record(kpi),
        thresholds=THRESHOLDS,
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
            messages.success(request, f"Recorded {form.cleaned_data['value']:f}.")
            return redirect("accord-kpi", pk, kpi.pk)
    return _kpi_page(request, grant, kpi, form, status=400)


@login_required
@require_POST
def measurement_delete(
    request: AuthedRequest, pk: int, kpi_id: int, measurement_id: int
) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    kpi = _kpi(grant, kpi_id, "edit")
    measurement = get_object_or_404(Measurement, kpi=kpi, pk=measurement_id)
    measurement.kpi = kpi
    services.measurement_delete(measurement=measurement, actor=request.user)
    messages.success(request, f"Deleted the value of {measurement.measured_on}.")
    return redirect("accord-kpi", pk, kpi.pk)


@login_required
def measurements_import(request: AuthedRequest, pk: int, kpi_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    kpi = _kpi(grant, kpi_id, "edit")
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    rejected = None
    if request.method == "POST" and form.is_valid():
        try:
            count = services.measurements_import(kpi=kpi, actor=request.user, data=form.content())
        except MeasurementsRejected as error:
            rejected = error
        else:
            messages.success(request, f"Imported {count} measurement{'s' * (count != 1)}.")
            return redirect("accord-kpi", pk, kpi.pk)
    status = 400 if rejected or form.errors else 200
    context = _context(grant, kpi=kpi, form=form, rejected=rejected)
    return render(request, "longterm/import.html", context, status=status)


@login_required
def measurements_export(request: AuthedRequest, pk: int, kpi_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    return selectors.csv_download(_kpi(grant, kpi_id))


# --- Record forms ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How the pages create, change and delete one record kind."""

    name: str  # in URL names: accord-<name>-new, -edit, -delete
    model: type[Model]
    form: type[RecordForm]
    noun: str
    anchor: str
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., None] = record_delete

    def back(self, pk: int, record=None) -> str:
        if self.model is Kpi and record is not None:
            return reverse("accord-kpi", args=[pk, record.pk])
        return reverse("accord-longterm", args=[pk]) + f"#{self.anchor}"


KINDS = {
    "kpi": Kind(
        "kpi",
        Kpi,
        KpiForm,
        "KPI",
        "kpis",
        services.kpi_create,
        services.kpi_update,
        services.kpi_delete,
    ),
    "milestone": Kind(
        "milestone",
        Milestone,
        MilestoneForm,
        "milestone",
        "roadmap",
        services.milestone_create,
        services.milestone_update,
    ),
    "value": Kind(
        "value",
        ValueEntry,
        ValueEntryForm,
        "value entry",
        "value",
        services.value_entry_create,
        services.value_entry_update,
    ),
    "review": Kind(
        "review",
        Review,
        ReviewForm,
        "review",
        "reviews",
        services.review_create,
        services.review_update,
    ),
}


def _form_page(request, grant, kind: Kind, form, record=None, stale=None) -> HttpResponse:
    context = _context(
        grant,
        kind=kind,
        form=form,
        record=record,
        stale=stale,
        cancel=kind.back(grant.partnership.pk, record),
        delete_url=record
        and reverse(f"accord-{kind.name}-delete", args=[grant.partnership.pk, record.pk]),
    )
    status = 409 if stale else (400 if form.errors else 200)
    return render(request, "longterm/record_form.html", context, status=status)


@login_required
def record_new(request: AuthedRequest, pk: int, kind_name: str) -> HttpResponse:
    kind = KINDS[kind_name]
    grant = access.partnership_access(request.user, pk, "edit")
    form = kind.form(request.POST or None, grant=grant)
    offer_acting_party(form, grant)
    if request.method == "POST" and form.is_valid():
        try:
            party = grant.acting_party(form.cleaned_data.get(ACTING_ORGANIZATION) or None)
            record = kind.create(party=party, actor=request.user, **form.service_data())
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"Added the {kind.noun} “{record}”.")
            return redirect(kind.back(pk, record))
    return _form_page(request, grant, kind, form)


@login_required
def record_edit(request: AuthedRequest, pk: int, kind_name: str, record_id: int) -> HttpResponse:
    kind = KINDS[kind_name]
    grant = access.partnership_access(request.user, pk, "edit")
    record = access.record_for(grant, kind.model._default_manager.all(), record_id, "edit")

    def saved(_) -> HttpResponse:
        messages.success(request, f"Saved the {kind.noun}.")
        return redirect(kind.back(pk, record))

    return edit_record_page(
        request,
        current=record,
        form_class=kind.form,
        update=kind.update,
        render_page=lambda form, stale: _form_page(request, grant, kind, form, record, stale),
        saved=saved,
        changes=lambda form: form.service_data(),
        grant=grant,
    )


@login_required
@require_POST
def record_remove(request: AuthedRequest, pk: int, kind_name: str, record_id: int) -> HttpResponse:
    kind = KINDS[kind_name]
    grant = access.partnership_access(request.user, pk, "edit")
    record = access.record_for(grant, kind.model._default_manager.all(), record_id, "edit")
    kind.delete(record=record, actor=request.user)
    messages.success(request, f"Deleted the {kind.noun} “{record}”.")
    return redirect(reverse("accord-longterm", args=[pk]) + f"#{kind.anchor}")
