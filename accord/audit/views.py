from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accord.audit.selectors import partnership_history
from accord.core import access


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    page = Paginator(partnership_history(grant), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/history.html",
        {"grant": grant, "p": grant.partnership, "page": page, "tab": "history"},
    )
