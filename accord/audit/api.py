from datetime import datetime
from typing import Annotated

from django.db.models import QuerySet
from ninja import Schema
from ninja.pagination import paginate
from pydantic import Field

from accord.accounts.http import AuthedRequest
from accord.api.api import Pages
from accord.api.operations import ApiRouter, PartnershipId
from accord.audit.models import AuditEvent
from accord.audit.receipts import receipt_issue
from accord.audit.selectors import partnership_history
from accord.core import access

router = ApiRouter(
    "audit",
    "The audit trail of a partnership: every change, in hash-chained events, and signed "
    "receipts of the chains' heads.",
)


# A value as the trail keeps it (`accord.audit.services.audit_value`): text (dates, times and
# decimals in their ISO or exact decimal form), a record's id, a list of names, or null.
AuditValue = str | int | list[str] | None
FieldChange = Annotated[
    list[AuditValue],
    Field(min_length=2, max_length=2, description="The field's value before, and after."),
]


class AuditEventOut(Schema):
    chain: str
    seq: int
    private: bool
    at: datetime
    actor: str
    action: str
    record_type: str = Field(description="The kind of record, as `app.Model`.")
    record_id: int = Field(description="The record's id (`id` in its answers).")
    record_label: str
    changes: dict[str, FieldChange] = Field(
        description="`[before, after]` by field: null before for a creation, after for a deletion."
    )
    digest: str

    @staticmethod
    def resolve_actor(event: AuditEvent) -> str:
        return event.actor_label

    @staticmethod
    def resolve_private(event: AuditEvent) -> bool:
        return event.is_private


# Times stay the strings that were signed: a re-formatted time would break the signature.
class ChainHeadOut(Schema):
    chain: str
    seq: int
    digest: str
    at: str


class ReceiptOut(Schema):
    kind: str
    version: int
    partnership: int
    partnership_name: str
    organizations: list[int]
    issued_at: str
    heads: list[ChainHeadOut]
    signature: str


@router.get("/partnerships/{id:partnership_id}/audit", response={200: list[AuditEventOut]})
@paginate(Pages)
def audit_event_list(request: AuthedRequest, partnership_id: PartnershipId) -> QuerySet:
    """List a partnership's audit events, newest first.

    The events you see: the shared chain and your organization's private chain
    (`private: true`), each numbered on its own (`chain`, `seq`).
    """
    return partnership_history(access.partnership_access(request.user, partnership_id).viewpoint)


@router.get("/partnerships/{id:partnership_id}/audit/receipt", response={200: ReceiptOut})
def audit_receipt_get(request: AuthedRequest, partnership_id: PartnershipId) -> dict:
    """Get a signed receipt of the audit trail.

    A signed receipt of the heads of the chains you see; keep it, and `accord audit verify
    --receipt FILE` proves later that the trail still extends it.
    """
    return receipt_issue(access.partnership_access(request.user, partnership_id))
