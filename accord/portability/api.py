"""The portable document's API: a partnership's export, as the caller's party sees it (decision
0031). Its JSON Schema is public, at /api/v1/schemas/partnership.json (`views`)."""

from typing import Annotated, Any

from django.utils import timezone
from ninja import Query

from accord.accounts.http import AuthedRequest
from accord.api.operations import ApiRouter, PartnershipId
from accord.core import access
from accord.portability.services import partnership_export

router = ApiRouter(
    "portability",
    "A partnership as one portable JSON document, as your party sees it.",
)

ExportingOrganization = Annotated[
    str | None,
    Query(
        description="The slug of the organization whose party's view to export, when you see "
        "the partnership through several."
    ),
]


@router.get("/partnerships/{partnership_id}/export", response={200: dict[str, Any]})
def partnership_export_get(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    organization: ExportingOrganization = None,
) -> dict:
    """Export a partnership as a portable document.

    The shared records and your party's private ones, never another party's private records;
    `organization` names your party when you see the partnership through several. Valid
    against `/api/v1/schemas/partnership.json`; the export is recorded in your organization's
    private history.
    """
    grant = access.partnership_access(request.user, partnership_id)
    party = grant.seeing_party(organization)
    return partnership_export(party=party, actor=request.user, now=timezone.now())
