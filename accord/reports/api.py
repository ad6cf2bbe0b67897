"""The API of QBR reports: list a partnership's reports, ask for one (made by the worker: 202),
follow its progress, download its PDF. The shared edition is seen by every party's team; an
internal one only through the party that asked for it."""

from datetime import datetime
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import P, PathEx, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from accord.accounts.http import AuthedRequest
from accord.api.lists import Listing, Pages, choice_filter
from accord.api.operations import ApiRouter, PartnershipId
from accord.core.access import partnership_access
from accord.core.schemas import InputSchema
from accord.reports import selectors, services
from accord.reports.models import Edition, QbrReport, ReportStatus
from accord.reports.presentation import pdf_response

router = ApiRouter(
    "reports",
    "Quarterly business review (QBR) reports of a partnership, as PDF: asked for here, made "
    "by the worker, kept. The shared edition holds only shared records; an internal edition "
    "adds your organization's private records and is seen only by your organization.",
)

REPORTS = "/partnerships/{partnership_id}/reports"
ReportId = PathEx[int, P(description="The report's id (`id` in its answers).")]


class ReportOut(Schema):
    id: int
    quarter: str = Field(description="The quarter reviewed, such as 2026Q3.")
    edition: Edition
    organization: str = Field(description="The slug of the organization that asked for it.")
    status: ReportStatus
    progress: int = Field(description="0 to 100 while it is being made.")
    step: str = Field(description="What the worker is doing, in words.")
    error: str = Field(description="Why it failed, if it did.")
    created_at: datetime
    finished_at: datetime | None

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "id": 7,
        "quarter": "2026Q3",
        "edition": "shared",
        "organization": "alpha",
        "status": "running",
        "progress": 50,
        "step": "Writing the report",
        "error": "",
        "created_at": "2026-10-05T09:00:00Z",
        "finished_at": None,
    }

    @staticmethod
    def resolve_organization(report: QbrReport) -> str:
        return report.party.organization.slug


class ReportIn(InputSchema):
    quarter: str = Field(description="Year and quarter, such as 2026Q3; begun already.")
    edition: Edition = Edition.SHARED
    organization: str | None = Field(
        None,
        description="The slug of the organization you ask for, if you are on several parties' "
        "teams; an internal edition is that organization's.",
    )

    EXAMPLE: ClassVar[dict[str, Any]] = {"quarter": "2026Q3", "edition": "shared"}


LISTING = Listing(
    orderings={"created_at": "created_at"},
    default="-created_at",
    filters=(
        choice_filter("status", ReportStatus.values, "Only reports in this state.", "status"),
        choice_filter("edition", Edition.values, "Only reports of this edition.", "edition"),
    ),
)


@router.get(REPORTS, response={200: list[ReportOut]})
@paginate(Pages, listing=LISTING)
def report_list(request: AuthedRequest, partnership_id: PartnershipId) -> QuerySet:
    """List the partnership's QBR reports.

    Newest first: the shared ones, and the internal ones of your organization, each with its
    status and progress.
    """
    return selectors.reports_seen(partnership_access(request.user, partnership_id))


@router.post(REPORTS, response={202: ReportOut})
def report_create(
    request: AuthedRequest, partnership_id: PartnershipId, payload: ReportIn
) -> Status:
    """Ask for a QBR report.

    The worker makes it; follow `status` and `progress` until it is `done`, then download the
    PDF. Needs the right to change the partnership (team members who are not viewers).
    """
    grant = partnership_access(request.user, partnership_id, "edit")
    party = grant.acting_party(payload.organization)
    report = services.report_request(
        party=party, quarter=payload.quarter, edition=payload.edition, actor=request.user
    )
    return Status(202, report)


@router.get(f"{REPORTS}/{{id:report_id}}", response={200: ReportOut})
def report_get(
    request: AuthedRequest, partnership_id: PartnershipId, report_id: ReportId
) -> QbrReport:
    """Read a QBR report's status and progress.

    `status` goes from `queued` to `running` (with `progress` and `step`) to `done`, or to
    `failed` with `error`; poll it every few seconds while it is being made.
    """
    return selectors.report_seen(partnership_access(request.user, partnership_id), report_id)


PDF_ANSWER = {
    "responses": {
        200: {
            "description": "The report as a PDF file (an attachment).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(f"{REPORTS}/{{id:report_id}}/pdf", openapi_extra=PDF_ANSWER)
def report_pdf(
    request: AuthedRequest, partnership_id: PartnershipId, report_id: ReportId
) -> HttpResponse:
    """Download a QBR report as PDF.

    404 while it is not made yet (see its `status`), as for a report you may not see.
    """
    grant = partnership_access(request.user, partnership_id)
    return pdf_response(selectors.ready_report(grant, report_id, "pdf"))
