"""API of practice 2: commitments, shared items and concerns as standard record APIs, plus
their actions (deliver, confirm, dispute, renegotiate, break; upload, download, mark read;
answer, close, reopen), the trust summary and the verification of the history.

Access is the pages': `partnership_access`, then `record_for` (404 for what the caller may not
see, a private item's file included); the party an action is taken for is chosen by
`party_acting_among` from the parties that have a say in it (403 for anyone else)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from ninja import P, PathEx, Schema, Status

from accord.accounts.http import AuthedRequest
from accord.accounts.models import User
from accord.api.api import conflict, conflict_schema, error
from accord.api.operations import ApiRouter, PartnershipId
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.models import Visibility
from accord.core.record_api import RecordKind, register_record_api, reread
from accord.trust import selectors, services, uploads
from accord.trust.models import Commitment, Concern, SharedItem
from accord.trust.schemas import (
    ActionIn,
    AnswerIn,
    CommitmentIn,
    CommitmentOut,
    CommitmentPatch,
    ConcernIn,
    ConcernOut,
    ConcernPatch,
    DeliverIn,
    HistoryCheckOut,
    ItemIn,
    ItemOut,
    ItemPatch,
    ReadIn,
    ReasonIn,
    RenegotiateIn,
    TrustOut,
)

router = ApiRouter(
    "trust",
    "Practice 2, trust: commitments each party makes and keeps (or breaks), the documents and "
    "links each shares and the other reads, concerns raised and answered, the figures that "
    "follow from them, and a check that the partnership's history is intact.",
)
PARTNERSHIP = "/partnerships/{id:partnership_id}"
CommitmentId = PathEx[int, P(description="The commitment's id.")]
ItemId = PathEx[int, P(description="The shared item's id.")]
ConcernId = PathEx[int, P(description="The concern's id.")]


class ItemKindApi(RecordKind):
    """Items are read with their reads; the JSON create shares a link (documents: upload)."""

    def queryset(self) -> QuerySet:
        return selectors.item_records()

    def create_description(self) -> str:
        return (
            "Shares a link with the partnership, owned by the party you act for. Documents "
            "are uploaded to `…/items/upload` instead."
        )


COMMITMENTS = RecordKind(
    "commitment",
    Commitment,
    CommitmentOut,
    CommitmentIn,
    CommitmentPatch,
    services.commitment_create,
    update=services.commitment_update,
    delete=services.commitment_delete,
    related=["receiver_party__organization", "promiser_person"],
)
ITEMS = ItemKindApi(
    "item",
    SharedItem,
    ItemOut,
    ItemIn,
    ItemPatch,
    services.item_create,
    update=services.item_update,
    delete=services.item_delete,
)


class ConcernKind(RecordKind):
    """Concerns are read with the party they were raised to and their replies."""

    def queryset(self) -> QuerySet:
        return selectors.concern_records()


CONCERNS = ConcernKind(
    "concern",
    Concern,
    ConcernOut,
    ConcernIn,
    ConcernPatch,
    services.concern_create,
    update=services.concern_update,
    delete=services.concern_delete,
    related=["addressed_to__organization"],
)
for kind in (COMMITMENTS, ITEMS, CONCERNS):
    register_record_api(router, kind)


@dataclass(frozen=True)
class WhoActs:
    """Who may take an action on a record: the parties with a say in it, and what anyone else
    is told (403)."""

    parties: Callable[[Any], Iterable[int]]
    refusal: str


@dataclass(frozen=True)
class Actions:
    """The state changes of one record kind: how its services name the record, where it is
    found (404 for what the caller may not see) and how it is answered."""

    keyword: str
    records: Callable[[], QuerySet]
    out: type[Schema]


def _act(
    request: AuthedRequest,
    kind: Actions,
    ids: tuple[int, int],
    payload: ActionIn,
    who: WhoActs,
    service: Callable[..., Any],
    **fields: Any,
) -> Any:
    """`service(<record>=, party=, actor=, expected_version=, **fields)` for the party the user
    acts for among those `who` allows; the record as it is after, or the 409 of a stale
    version with the record as it is now."""
    partnership_id, record_id = ids
    grant = access.partnership_access(request.user, partnership_id)
    record = access.record_for(grant, kind.records(), record_id)
    party = grant.party_acting_among(who.parties(record), payload.organization, who.refusal)
    try:
        done = service(
            **{kind.keyword: record},
            party=party,
            actor=request.user,
            expected_version=payload.version,
            **fields,
        )
    except StaleEdit as stale:
        return conflict(request, stale, kind.out)
    return reread(kind.records(), done.pk)


# --- Commitments -----------------------------------------------------------------------------

COMMITMENT = f"{PARTNERSHIP}/commitments/{{id:commitment_id}}"
COMMITMENT_ANSWERS = {200: CommitmentOut, 409: conflict_schema(CommitmentOut)}
COMMITMENT_ACTIONS = Actions("commitment", selectors.commitment_records, CommitmentOut)
PROMISER = WhoActs(
    lambda commitment: [commitment.owner_party_id],
    "Only the party that made the commitment may do this.",
)
RECEIVER = WhoActs(
    services.receiving_parties,
    "Only the party the commitment was made to confirms or disputes its delivery.",
)
EITHER_SIDE = WhoActs(
    lambda commitment: [commitment.owner_party_id, *services.receiving_parties(commitment)],
    "Only the parties to the commitment may say it is broken.",
)


@router.post(f"{COMMITMENT}/delivery", response=COMMITMENT_ANSWERS)
def commitment_deliver(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    commitment_id: CommitmentId,
    payload: DeliverIn,
) -> Any:
    """Say an open commitment is delivered.

    Only the promising party, on the date given (today unless given, never in the future).
    Kept on time if delivered on or before the due date in force. Answers the commitment.
    """
    return _act(
        request,
        COMMITMENT_ACTIONS,
        (partnership_id, commitment_id),
        payload,
        PROMISER,
        services.commitment_deliver,
        delivered_on=payload.delivered_on,
        note=payload.note,
    )


@router.post(f"{COMMITMENT}/confirmation", response=COMMITMENT_ANSWERS)
def commitment_confirm(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    commitment_id: CommitmentId,
    payload: ActionIn,
) -> Any:
    """Confirm a delivered commitment.

    Only the party it was made to (any other party, for a commitment to the partnership);
    never the promiser. Answers the commitment.
    """
    return _act(
        request,
        COMMITMENT_ACTIONS,
        (partnership_id, commitment_id),
        payload,
        RECEIVER,
        services.commitment_confirm,
    )


@router.post(f"{COMMITMENT}/dispute", response=COMMITMENT_ANSWERS)
def commitment_dispute(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    commitment_id: CommitmentId,
    payload: ReasonIn,
) -> Any:
    """Dispute a delivered commitment, saying why.

    Only the party it was made to. A disputed commitment counts against the promiser until
    the promiser says it is broken or the receiver's dispute stands. Answers the commitment.
    """
    return _act(
        request,
        COMMITMENT_ACTIONS,
        (partnership_id, commitment_id),
        payload,
        RECEIVER,
        services.commitment_dispute,
        reason=payload.reason,
    )


@router.post(f"{COMMITMENT}/renegotiation", response=COMMITMENT_ANSWERS)
def commitment_renegotiate(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    commitment_id: CommitmentId,
    payload: RenegotiateIn,
) -> Any:
    """Move an open commitment's due date later, before it passes.

    Only the promising party, with a reason; the original due date is kept and shown.
    Answers the commitment.
    """
    return _act(
        request,
        COMMITMENT_ACTIONS,
        (partnership_id, commitment_id),
        payload,
        PROMISER,
        services.commitment_renegotiate,
        due_date=payload.due_date,
        reason=payload.reason,
    )


@router.post(f"{COMMITMENT}/breach", response=COMMITMENT_ANSWERS)
def commitment_break(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    commitment_id: CommitmentId,
    payload: ReasonIn,
) -> Any:
    """Say an open or disputed commitment is broken, saying why.

    Either side: the promising party or the party it was made to. Open commitments overdue
    past the grace period are marked broken by a daily job. Answers the commitment.
    """
    return _act(
        request,
        COMMITMENT_ACTIONS,
        (partnership_id, commitment_id),
        payload,
        EITHER_SIDE,
        services.commitment_break,
        reason=payload.reason,
    )


# --- Shared items ----------------------------------------------------------------------------

ITEM = f"{PARTNERSHIP}/items/{{id:item_id}}"
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "title": {"type": "string", "maxLength": 200},
                        "note": {"type": "string", "maxLength": 10000},
                        "visibility": {"$ref": "#/components/schemas/Visibility"},
                        "organization": {"type": "string", "maxLength": 100},
                    },
                    "required": ["file", "title"],
                }
            }
        },
    }
}
FILE_ANSWER = {
    "responses": {
        200: {
            "description": "The file: images and PDF inline, anything else as an attachment.",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}


def _item(user: User, partnership_id: int, item_id: int) -> tuple[PartnershipAccess, SharedItem]:
    grant = access.partnership_access(user, partnership_id)
    return grant, access.record_for(grant, selectors.item_records(), item_id)


@router.post(f"{PARTNERSHIP}/items/upload", response={201: ItemOut}, openapi_extra=UPLOAD_BODY)
def item_upload(request: AuthedRequest, partnership_id: PartnershipId) -> Any:
    """Share a document: a multipart form with `file`, `title` and optionally `note`.

    At most ACCORD_UPLOAD_MAX_MB (20 MB unless set); PDF, images, text, CSV, office documents
    and ZIP, its declared type agreeing with its name and, for PDF and images, its content.
    `visibility` "private" keeps it to your organization. Answers the item.
    """
    grant = access.partnership_access(request.user, partnership_id, "edit")
    upload = request.FILES.get("file")
    if request.content_type != "multipart/form-data" or not isinstance(upload, UploadedFile):
        return error(
            request,
            400,
            "Send the document as the `file` field of a multipart form.",
            [{"field": "file", "message": "No file received."}],
            "file_missing",
        )
    form = request.POST
    title = form.get("title", "").strip()
    visibility = form.get("visibility") or Visibility.SHARED
    problems = {}
    if not title or len(title) > 200:
        problems["title"] = "Give a title of at most 200 characters."
    if visibility not in Visibility.values:
        problems["visibility"] = "Either “shared” or “private”."
    if len(form.get("note", "")) > 10000:
        problems["note"] = "At most 10,000 characters."
    if problems:
        raise ValidationError(problems)
    party = grant.acting_party(form.get("organization") or None)
    item = services.item_create(
        party=party,
        actor=request.user,
        title=title,
        note=form.get("note", ""),
        visibility=visibility,
        upload=upload,
    )
    return Status(201, reread(ITEMS.queryset(), item.pk))


@router.get(f"{ITEM}/file", openapi_extra=FILE_ANSWER)
def item_download(
    request: AuthedRequest, partnership_id: PartnershipId, item_id: ItemId
) -> FileResponse | HttpResponse:
    """Download a shared document's file.

    Only if you may see the item (404 otherwise, a private item of another party included).
    Images and PDF are served inline, anything else as an attachment under a safe name.
    """
    _, item = _item(request.user, partnership_id, item_id)
    if not item.file:
        return error(request, 404, "This item is a link: it has no file.")
    return uploads.download(item)


@router.post(f"{ITEM}/read", response={200: ItemOut})
def item_read(
    request: AuthedRequest, partnership_id: PartnershipId, item_id: ItemId, payload: ReadIn
) -> Any:
    """Mark a shared item read (received) for your party.

    Only a party other than the one that shared it; marking it again changes nothing.
    Answers the item with its reads.
    """
    grant, item = _item(request.user, partnership_id, item_id)
    party = grant.party_acting_among(
        [p.pk for p in grant.parties if p.pk != item.owner_party_id],
        payload.organization,
        "Only the other parties mark an item read.",
    )
    services.item_mark_read(item=item, party=party, actor=request.user)
    return reread(selectors.item_records(), item.pk)


# --- Concerns --------------------------------------------------------------------------------

CONCERN = f"{PARTNERSHIP}/concerns/{{id:concern_id}}"
CONCERN_ANSWERS = {200: ConcernOut, 409: conflict_schema(ConcernOut)}

CONCERN_ACTIONS = Actions("concern", selectors.concern_records, ConcernOut)
RAISER = WhoActs(lambda concern: [concern.owner_party_id], "Only the party that raised it may.")
ADDRESSEE = WhoActs(
    lambda concern: [concern.addressed_to_id], "Only the party it was raised to answers."
)


@router.post(f"{CONCERN}/answers", response=CONCERN_ANSWERS)
def concern_answer(
    request: AuthedRequest, partnership_id: PartnershipId, concern_id: ConcernId, payload: AnswerIn
) -> Any:
    """Answer a concern raised to your party.

    Only the party it was raised to, while it is not resolved; the time of the first answer
    is kept as evidence of responsiveness. Answers the concern.
    """
    return _act(
        request,
        CONCERN_ACTIONS,
        (partnership_id, concern_id),
        payload,
        ADDRESSEE,
        services.concern_answer,
        text=payload.text,
    )


@router.post(f"{CONCERN}/close", response=CONCERN_ANSWERS)
def concern_close(
    request: AuthedRequest, partnership_id: PartnershipId, concern_id: ConcernId, payload: ActionIn
) -> Any:
    """Close a concern as resolved.

    Only the party that raised it. Answers the concern.
    """
    return _act(
        request,
        CONCERN_ACTIONS,
        (partnership_id, concern_id),
        payload,
        RAISER,
        services.concern_close,
    )


@router.post(f"{CONCERN}/reopen", response=CONCERN_ANSWERS)
def concern_reopen(
    request: AuthedRequest, partnership_id: PartnershipId, concern_id: ConcernId, payload: ReasonIn
) -> Any:
    """Reopen an answered or resolved concern, saying why.

    Only the party that raised it; the reason is kept with the concern's replies. Answers
    the concern.
    """
    return _act(
        request,
        CONCERN_ACTIONS,
        (partnership_id, concern_id),
        payload,
        RAISER,
        services.concern_reopen,
        reason=payload.reason,
    )


# --- Summary and history ---------------------------------------------------------------------


def trust_out(trust: selectors.Trust) -> dict[str, Any]:
    def party(p: Any) -> dict[str, Any]:
        return {"id": p.pk, "organization": p.organization}

    def tally(t: selectors.Tally) -> dict[str, Any]:
        return {
            "counted": len(t.counted),
            "kept_on_time": len(t.on_time),
            "kept_late": len(t.late),
            "broken": len(t.broken),
            "disputed": len(t.disputed),
            "overdue": len(t.overdue),
            "on_time_rate": t.rate,
        }

    return {
        "today": trust.today,
        "grace_days": trust.grace_days,
        "commitments": [
            {
                "party": party(f.party),
                "last_90_days": tally(f.recent),
                "all_time": tally(f.all_time),
                "open": len(f.open),
                "trend": [{"month": m, "on_time_percent": v} for m, v in f.trend],
            }
            for f in trust.parties
        ],
        "sharing": {
            "parties": [
                {
                    "party": party(s.party),
                    "shared": len(s.shared),
                    "read_by_others": len(s.read_by_others),
                    "read_of_others": len(s.read_of_others),
                    "share": s.share,
                }
                for s in trust.sharing.parties
            ],
            "total": trust.sharing.total,
            "one_sided": trust.sharing.one_sided,
            "verdict": trust.sharing.verdict,
        },
        "concerns": [
            {
                "party": party(c.party),
                "raised_to": len(c.raised_to),
                "open": len(c.open),
                "unanswered": len(c.unanswered),
                "median_hours_to_answer": c.median_hours,
            }
            for c in trust.concern_parties
        ],
        "history": trust.checks,
    }


@router.get(f"{PARTNERSHIP}/trust", response={200: TrustOut})
def trust_get(request: AuthedRequest, partnership_id: PartnershipId) -> dict[str, Any]:
    """Read the trust figures: commitments kept, sharing, concerns, the last history check.

    Per party: commitments kept on time over the last 90 days and all time (kept late,
    broken, disputed, overdue now, a monthly trend); items shared and read each way;
    concerns raised to it, open, and the median hours to a first answer. As far as you may
    see: another party's private records never count.
    """
    grant = access.partnership_access(request.user, partnership_id)
    trust = selectors.trust_of(grant.viewpoint, timezone.localdate(), services.grace_days())
    return trust_out(trust)


@router.post(f"{PARTNERSHIP}/trust/verification", response={200: list[HistoryCheckOut]})
def history_verify(request: AuthedRequest, partnership_id: PartnershipId) -> Any:
    """Verify the partnership's history: recompute its audit chains.

    The same check as `accord audit verify --partnership`, on the chains you see (the
    shared one and your organization's private one): each intact with its number of events,
    or its first broken link. Any member of a party may; the result is kept for the page.
    """
    grant = access.partnership_access(request.user, partnership_id)
    return services.history_verify(viewpoint=grant.viewpoint, actor=request.user)
