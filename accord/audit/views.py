import json
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.audit.display import history_rows_html
from accord.audit.forms import HistoryFilterForm, ReceiptForm
from accord.audit.receipts import receipt_check, receipt_issue, trail_check
from accord.audit.selectors import history_facets, history_filtered, history_names
from accord.core import access
from accord.core.access import PartnershipAccess

FILTERS = ("person", "party", "kind", "since", "until")


def _history_page(request: HttpRequest, grant: PartnershipAccess, **extra: object) -> HttpResponse:
    """The history as asked in the query string. A filter that cannot be read is named in the
    form and the whole history shown (200): a bad link never ends on an error page."""
    viewpoint = grant.viewpoint
    facets = history_facets(viewpoint)
    form = HistoryFilterForm(
        request.GET, viewpoint=viewpoint, people=facets.people, kinds=facets.kinds
    )
    events = history_filtered(viewpoint, form.wanted())
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    kept = {k: v for k, v in request.GET.items() if k in FILTERS and v}
    pk = grant.partnership.pk
    context = {
        "grant": grant,
        "p": grant.partnership,
        "page": page,
        "tab": "history",
        "form": form,
        "filtered": bool(kept),
        "query": urlencode(kept) + "&" if kept else "",
        "rows": history_rows_html(page, history_names(viewpoint, page, facets.people)),
        "receipt_url": reverse("accord-partnership-history-receipt", args=[pk]),
        "check_url": reverse("accord-partnership-history-check", args=[pk]),
        "receipt_check_url": reverse("accord-partnership-history-receipt-check", args=[pk]),
        "receipt_form": ReceiptForm(),
        "glossary_url": reverse("accord-glossary"),
        **extra,
    }
    return render(request, "audit/history.html", context)


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    return _history_page(request, access.partnership_access(request.user, pk))


@login_required
@require_POST
def history_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Verify the chains the caller sees, and show the answer above the history."""
    grant = access.partnership_access(request.user, pk)
    checks = trail_check(grant)
    intact = all(check.intact for check in checks)
    return _history_page(request, grant, checks=checks, checks_intact=intact)


@login_required
@require_POST
def history_receipt_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check a receipt the caller kept against the trail as it is now."""
    grant = access.partnership_access(request.user, pk)
    form = ReceiptForm(request.POST, request.FILES)
    if not form.is_valid():
        return _history_page(request, grant, receipt_form=form, receipt_open=True)
    result = receipt_check(grant, form.cleaned_data["receipt"])
    return _history_page(request, grant, receipt_result=result, receipt_open=True)


@login_required
def history_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed receipt of the heads of the chains the caller sees, as a file to keep."""
    grant = access.partnership_access(request.user, pk)
    receipt = receipt_issue(grant)
    response = HttpResponse(
        json.dumps(receipt, indent=2, ensure_ascii=False), content_type="application/json"
    )
    name = f"accord-receipt-partnership-{pk}-{timezone.now():%Y%m%dT%H%M%SZ}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
