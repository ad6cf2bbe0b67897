import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accord.audit.display import history_rows_html
from accord.audit.receipts import receipt_issue
from accord.audit.selectors import partnership_history
from accord.core import access


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    page = Paginator(partnership_history(grant.viewpoint), 50).get_page(request.GET.get("page"))
    context = {"grant": grant, "p": grant.partnership, "page": page, "tab": "history"}
    context["rows"] = history_rows_html(page)
    context["receipt_url"] = reverse("accord-partnership-history-receipt", args=[pk])
    return render(request, "audit/history.html", context)


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
