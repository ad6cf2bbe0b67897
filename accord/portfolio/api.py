"""The portfolio's API: an organization's partnerships with their latest health, as the page
lists them (decision 0029), a page at a time behind a cursor (decision 0012)."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Schema
from ninja.pagination import paginate
from pydantic import Field

from accord.accounts.http import AuthedRequest
from accord.api.lists import Filter, Listing, Pages
from accord.api.operations import ApiRouter, OrganizationSlug
from accord.core.access import organization_access
from accord.core.models import Party, Stage
from accord.health.models import Band
from accord.portfolio import selectors
from accord.portfolio.selectors import PortfolioFilters, ValueBalance

router = ApiRouter(
    "portfolio",
    "Your organization's partnerships side by side, each with its latest health check as "
    "your organization sees it: all of them for its admins, those whose team you are on "
    "otherwise.",
)


class PortfolioRowOut(Schema):
    partnership_id: int
    name: str
    stage: Stage
    partners: list[str] = Field(description="The other organizations of the partnership.")
    checked_on: date | None = Field(description="The day of the health check; null: none yet.")
    overall: int | None = Field(description="0-100; null while nothing can be scored.")
    band: Band
    change: int | None = Field(description="Points since the check of four weeks before.")
    weakest: int | None = Field(description="The weakest practice's number (1-6).")
    weakest_name: str
    overdue_commitments: int | None
    open_high_risks: int | None
    high_risks_without_plan: int | None
    value_balance: ValueBalance
    next_review: date | None

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "partnership_id": 12,
        "name": "Smart grid pilot",
        "stage": "active",
        "partners": ["Helios Grid"],
        "checked_on": "2026-06-15",
        "overall": 64,
        "band": "fair",
        "change": -12,
        "weakest": 5,
        "weakest_name": "Plan for contingencies",
        "overdue_commitments": 2,
        "open_high_risks": 3,
        "high_risks_without_plan": 1,
        "value_balance": "balanced",
        "next_review": "2026-07-01",
    }


@dataclass(frozen=True)
class PartnerFilter(Filter):
    """The partner organization, by slug: a partnership with it as another party."""

    def apply(self, queryset: QuerySet, value: Any) -> QuerySet:
        return selectors.portfolio_filtered(queryset, PortfolioFilters(partner=value))


PORTFOLIO = Listing(
    orderings=selectors.ORDERINGS,
    default=selectors.DEFAULT_ORDERING,
    filters=(
        Filter("stage", Stage, "Only the partnerships at this stage.", "partnership__stage"),
        Filter("band", Band, "Only the partnerships with this overall health.", "band"),
        Filter(
            "weakest",
            Annotated[int, Field(ge=1, le=6)],
            "Only the partnerships whose weakest practice is this one (1-6).",
            "weakest",
        ),
        PartnerFilter(
            "partner",
            Annotated[str, Field(max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")],
            "Only the partnerships with this partner organization (its slug).",
            "",
        ),
    ),
)


class PortfolioPages(Pages):
    """The list's pages, each party turned into its row (partners in one more query)."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        today = timezone.localdate()
        return {**page, "items": selectors.portfolio_rows(page["items"], today, trends=False)}


@router.get("/organizations/{slug}/portfolio", response={200: list[PortfolioRowOut]})
@paginate(PortfolioPages, listing=PORTFOLIO)
def portfolio_list(request: AuthedRequest, slug: OrganizationSlug) -> QuerySet[Party]:
    """List your organization's portfolio.

    Every partnership you see through the organization, with its latest health check as the
    organization sees it (its private records counted): overall health and band, change over
    four weeks, weakest practice, overdue commitments, open high risks, value balance and next
    review. Weakest health first unless `ordering` says otherwise (`health` puts partnerships
    without a check first, `change` the largest drop first); filter by `stage`, `band`,
    `partner` and `weakest`.
    """
    organization = organization_access(request.user, slug)
    parties = selectors.portfolio_parties(request.user, organization)
    return selectors.portfolio_list(parties)
