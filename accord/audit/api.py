from datetime import datetime
from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate

from accord.api.api import ERRORS, Pages
from accord.audit.receipts import receipt_issue
from accord.audit.selectors import partnership_history
from accord.core import access

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    chain: str
    seq: int
    private: bool
    at: datetime
    actor: str
    action: str
    record_type: str
    record_id: str
    record_label: str
    changes: dict[str, Any]
    digest: str

    @staticmethod
    def resolve_actor(event) -> str:
        return event.actor_label

    @staticmethod
    def resolve_private(event) -> bool:
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


@router.get(
    "/partnerships/{id:partnership_id}/audit", response={200: list[AuditEventOut], **ERRORS}
)
@paginate(Pages)
def partnership_audit(request, partnership_id: int):
    """The events you see, newest first: the shared chain and your organization's private chain
    (`private: true`), each numbered on its own (`chain`, `seq`)."""
    return partnership_history(access.partnership_access(request.user, partnership_id).viewpoint)


@router.get("/partnerships/{id:partnership_id}/audit/receipt", response={200: ReceiptOut, **ERRORS})
def partnership_audit_receipt(request, partnership_id: int):
    """A signed receipt of the heads of the chains you see; keep it, and `accord audit verify
    --receipt FILE` proves later that the trail still extends it."""
    return receipt_issue(access.partnership_access(request.user, partnership_id))
