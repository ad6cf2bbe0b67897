from datetime import datetime
from typing import Annotated

from django.db.models import QuerySet
from ninja import Query, Schema
from ninja.pagination import paginate
from pydantic import Field

from accord.accounts.http import AuthedRequest
from accord.api.lists import Listing, Pages, QueryError, read_cursor, sign_cursor
from accord.api.operations import ApiRouter, PartnershipId
from accord.audit.models import AuditEvent
from accord.audit.receipts import receipt_issue
from accord.audit.selectors import partnership_changes, partnership_history, position_after
from accord.core import access
from accord.core.record_api import RECORD_KIND_NAMES

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


class ChangeOut(AuditEventOut):
    record_kind: str = Field(
        description="What the event is about: the record kind's name in the API's paths "
        "(`objective`, `goal`, `kpi`, `value_entry`, …), else its model's (`partnership`, "
        "`party`, `teammember`, …)."
    )

    @staticmethod
    def resolve_record_kind(event: AuditEvent) -> str:
        return RECORD_KIND_NAMES.get(
            event.record_type, event.record_type.rpartition(".")[2].lower()
        )


class ChangesOut(Schema):
    items: list[ChangeOut]
    has_more: bool = Field(description="Whether more events were already written after these.")
    next: str = Field(
        description="The cursor after these events, to send as `cursor`: never null; after the "
        "last page, keep it and poll with it later for the events written since."
    )


class ChangesQuery(Schema):
    cursor: str | None = Field(
        None, description="Where to go on: the `next` of the answer before; none: from the start."
    )
    limit: int = Field(100, ge=1, le=500, description="Events per page, 1 to 500.")


@router.get("/partnerships/{id:partnership_id}/changes", response={200: ChangesOut})
def change_list(
    request: AuthedRequest, partnership_id: PartnershipId, query: Query[ChangesQuery]
) -> dict:
    """Read a partnership's changes feed.

    The audit events you may see — the shared chain and your organizations' private chains,
    as in `audit` — oldest first, in the order they were written: each says what changed (the
    record's kind and id, the action, the time, and the fields' values before and after in
    `changes`), so that an integration keeps a copy up to date: create, update and `share`
    bring a record's values (read it whole by its kind and id), delete and `unshare` (it
    became private to its owner) take it out. Follow `next` while `has_more`; after the last
    page keep `next` and poll with it later: it answers the events written since, and is never
    outdated by them.
    """
    viewpoint = access.partnership_access(request.user, partnership_id).viewpoint
    after = _feed_position(query.cursor, request.path) if query.cursor else {}
    events = partnership_changes(viewpoint, after, query.limit + 1)
    page = events[: query.limit]
    position = position_after(after, page)
    return {
        "items": page,
        "has_more": len(events) > query.limit,
        "next": sign_cursor(request.path, position),
    }


def _feed_position(cursor: str, scope: str) -> dict[str, int]:
    position = read_cursor(cursor, scope)
    if not isinstance(position, dict) or not all(
        isinstance(chain, str) and type(seq) is int for chain, seq in position.items()
    ):
        raise QueryError("cursor", "Not a cursor of this feed.")
    return position


@router.get("/partnerships/{id:partnership_id}/audit", response={200: list[AuditEventOut]})
@paginate(Pages, listing=Listing({"at": "at"}, "-at"))
def audit_event_list(request: AuthedRequest, partnership_id: PartnershipId) -> QuerySet:
    """List a partnership's audit events, newest first.

    The events you see: the shared chain and your organization's private chain
    (`private: true`), each numbered on its own (`chain`, `seq`); newest first unless
    `ordering=at`. Pages follow a cursor, so events written during a crawl never shift it; to
    follow what happens, read the changes feed (`changes`).
    """
    return partnership_history(access.partnership_access(request.user, partnership_id).viewpoint)


@router.get("/partnerships/{id:partnership_id}/audit/receipt", response={200: ReceiptOut})
def audit_receipt_get(request: AuthedRequest, partnership_id: PartnershipId) -> dict:
    """Get a signed receipt of the audit trail.

    A signed receipt of the heads of the chains you see; keep it, and `accord audit verify
    --receipt FILE` proves later that the trail still extends it.
    """
    return receipt_issue(access.partnership_access(request.user, partnership_id))
