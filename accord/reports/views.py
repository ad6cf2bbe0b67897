"""Pages of QBR reports, under a partnership: the list with its "Make a report" form, a
report's progress (polled by htmx while it is being made), and its HTML and PDF. Anyone on the
team sees the shared edition; an internal one only its organization's people. Team members who
may edit ask for reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.core.access import PartnershipAccess, partnership_access
from accord.core.forms import acting_party_and_data, offer_acting_party
from accord.core.record_views import add_form_errors
from accord.lib.quarters import Quarter
from accord.reports import selectors, services
from accord.reports.forms import ReportForm
from accord.reports.presentation import pdf_response


def _form(grant: PartnershipAccess, data: dict | None = None) -> ReportForm:
    last = Quarter.of(timezone.localdate()).previous
    form = ReportForm(data, initial={"quarter": str(last)})
    offer_acting_party(form, grant)
    return form


def _list(request: AuthedRequest, grant: PartnershipAccess, form: ReportForm) -> HttpResponse:
    context = {
        "grant": grant,
        "p": grant.partnership,
        "tab": "reports",
        "reports": list(selectors.reports_seen(grant)),
        "form": form if grant.can_edit else None,
    }
    return render(request, "reports/reports.html", context, status=400 if form.errors else 200)


@login_required
def reports(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = partnership_access(request.user, pk)
    return _list(request, grant, _form(grant))


@login_required
@require_POST
def report_new(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = partnership_access(request.user, pk, "edit")
    form = _form(grant, request.POST)
    if form.is_valid():
        try:
            party, data = acting_party_and_data(form, grant)
            services.report_request(party=party, actor=request.user, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Report asked for: it is being made, see its progress below.")
            return redirect("accord-reports", pk)
    return _list(request, grant, form)


@login_required
def report_status(request: AuthedRequest, pk: int, report_id: int) -> HttpResponse:
    """One report's row: what htmx polls while the report is being made."""
    grant = partnership_access(request.user, pk)
    report = selectors.report_seen(grant, report_id)
    context = {"p": grant.partnership, "report": report}
    return render(request, "reports/reports.html#report_row", context)


@login_required
def report_html(request: AuthedRequest, pk: int, report_id: int) -> HttpResponse:
    """The report as a print-friendly page, as it was made."""
    grant = partnership_access(request.user, pk)
    return HttpResponse(selectors.ready_report(grant, report_id, "html").html)


@login_required
def report_pdf(request: AuthedRequest, pk: int, report_id: int) -> HttpResponse:
    grant = partnership_access(request.user, pk)
    return pdf_response(selectors.ready_report(grant, report_id, "pdf"))
