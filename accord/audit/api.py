from datetime import datetime
from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate

from accord.api.api import ERRORS, Pages
from accord.audit.selectors import partnership_history
from accord.core import access

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    seq: int
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


@router.get(
    "/partnerships/{id:partnership_id}/audit", response={200: list[AuditEventOut], **ERRORS}
)
@paginate(Pages)
def partnership_audit(request, partnership_id: int):
    return partnership_history(access.partnership_access(request.user, partnership_id))
