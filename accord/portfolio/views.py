"""The portfolio's pages: the table with what needs attention, and its CSV."""

import csv
from collections.abc import Iterator
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from accord.accounts.http import AuthedRequest
from accord.core.access import organization_access, organization_roles
from accord.core.models import Organization, Party
from accord.portfolio import selectors
from accord.portfolio.forms import PortfolioQueryForm
from accord.portfolio.presentation import attention_views, csv_lines, row_views

PER_PAGE = 50
CSV_CHUNK = 500


@login_required
def portfolio_home(request: AuthedRequest) -> HttpResponse:
    """The portfolio of one's only organization; a choice among several."""
    mine = list(organization_roles(request.user))
    organizations = list(Organization.objects.filter(pk__in=mine).order_by("name", "slug"))
    if len(organizations) == 1:
        return redirect("accord-portfolio", slug=organizations[0].slug)
    return render(request, "portfolio/choose.html", {"organizations": organizations})


def _query(request: AuthedRequest, slug: str):
    organization = organization_access(request.user, slug)
    parties = selectors.portfolio_parties(request.user, organization)
    form = PortfolioQueryForm(request.GET, partners=selectors.partner_organizations(parties))
    form.is_valid()
    return organization, parties, form


@login_required
def portfolio(request: AuthedRequest, slug: str) -> HttpResponse:
    """Every partnership the user sees through the organization, with its latest health;
    a fixed number of queries whatever their number (decision 0029)."""
    organization, parties, form = _query(request, slug)
    today = timezone.localdate()
    listed = selectors.portfolio_list(parties)
    shown = selectors.portfolio_ordered(
        selectors.portfolio_filtered(listed, form.filters()), form.ordering()
    )
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    kept = form.query()
    filters = {k: v for k, v in kept.items() if k != "sort"}
    context = {
        "organization": organization,
        "form": form,
        "rows": row_views(selectors.portfolio_rows(list(page.object_list), today)),
        "attention": attention_views(selectors.needing_attention(listed, today)),
        "page": page,
        "page_query": urlencode(kept) + "&" if kept else "",
        "csv_query": urlencode(kept),
        "filtered": bool(filters),
        "sort": form.ordering(),
        "sort_links": _sort_links(filters, form.ordering()),
    }
    return render(request, "portfolio/portfolio.html", context, status=400 if form.errors else 200)


# Counts are most useful largest first; the rest smallest (weakest, soonest, A-Z) first.
FIRST_DIRECTION = {"overdue": "-overdue", "risks": "-risks"}


def _sort_links(filters: dict[str, str], current: str) -> dict[str, str]:
    """Per column, the query string that sorts by it, or reverses the sort already by it."""
    links = {}
    for key in selectors.ORDERINGS:
        first = FIRST_DIRECTION.get(key, key)
        reverse = first[1:] if first.startswith("-") else f"-{first}"
        links[key] = urlencode({**filters, "sort": reverse if current == first else first})
    return links


@login_required
def portfolio_csv(request: AuthedRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    """Every row of the filtered list, sorted as on the page, streamed."""
    organization, parties, form = _query(request, slug)
    if form.errors:
        problems = " ".join(e for errors in form.errors.values() for e in errors)
        return HttpResponse(problems, status=400, content_type="text/plain; charset=utf-8")
    today = timezone.localdate()
    listed = selectors.portfolio_ordered(
        selectors.portfolio_filtered(selectors.portfolio_list(parties), form.filters()),
        form.ordering(),
    )
    writer = csv.writer(_Echo())
    lines = csv_lines(_all_rows(listed, today))
    response = StreamingHttpResponse(
        (writer.writerow(line) for line in lines), content_type="text/csv; charset=utf-8"
    )
    name = f"portfolio-{organization.slug}-{today.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _all_rows(listed: QuerySet[Party], today: date) -> Iterator[selectors.PortfolioRow]:
    """The rows a chunk at a time: each chunk's partners in one more query, no sparkline."""
    chunk = []
    for party in listed.iterator(chunk_size=CSV_CHUNK):
        chunk.append(party)
        if len(chunk) == CSV_CHUNK:
            yield from selectors.portfolio_rows(chunk, today, trends=False)
            chunk = []
    yield from selectors.portfolio_rows(chunk, today, trends=False)


class _Echo:
    """A file that hands back what is written: csv.writer's lines, for streaming."""

    def write(self, value: str) -> str:
        return value
