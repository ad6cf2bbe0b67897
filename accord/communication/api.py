"""API of practice 4: cadences, meetings, minutes and updates (the standard record API each),
plus a cadence's occurrences, approving minutes (and withdrawing an approval), a meeting's
action items (trust commitments: deliver, confirm and break them there), acknowledging an
update, and the `communication` summary with the evidence figures."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from ninja import P, PathEx, Status

from accord.accounts.http import AuthedRequest
from accord.api.operations import ApiRouter, PartnershipId
from accord.communication import services
from accord.communication.evidence import evidence_of
from accord.communication.models import Cadence, Comment, Meeting, Minutes, Update
from accord.communication.schemas import (
    CadenceIn,
    CadenceOut,
    CadencePatch,
    CadenceRecordOut,
    CommentIn,
    CommentOut,
    CommentPatch,
    CommunicationOut,
    EndorseIn,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MinutesIn,
    MinutesOut,
    MinutesPatch,
    UpdateAcknowledgeIn,
    UpdateIn,
    UpdateOut,
    UpdatePatch,
    WithdrawIn,
)
from accord.communication.selectors import (
    CadenceRecord,
    Communication,
    action_item_records,
    cadences_of,
    communication_of,
    meeting_records,
    minutes_records,
    update_records,
)
from accord.core import access
from accord.core.record_api import RecordKind, register_record_api, reread
from accord.trust.schemas import CommitmentIn, CommitmentOut

router = ApiRouter(
    "communication",
    "Practice 4, communicate effectively: cadences of meetings and written updates (RFC 5545 "
    "recurrence rules) and how well they are kept, meetings with their agenda, attendees, "
    "minutes every party approves and action items (commitments of practice 2), and the "
    "parties' structured updates, which the other parties acknowledge.",
)
PARTNERSHIP = "/partnerships/{id:partnership_id}"
CadenceId = PathEx[int, P(description="The cadence's id.")]
MeetingId = PathEx[int, P(description="The meeting's id.")]
MinutesId = PathEx[int, P(description="The minutes' id.")]
UpdateId = PathEx[int, P(description="The update's id.")]


class MeetingKind(RecordKind):
    def queryset(self) -> QuerySet:
        return meeting_records().select_related("minutes")


class MinutesKind(RecordKind):
    def queryset(self) -> QuerySet:
        return minutes_records()


class UpdateKind(RecordKind):
    def queryset(self) -> QuerySet:
        return update_records()


CADENCES = RecordKind(
    "cadence",
    Cadence,
    CadenceOut,
    CadenceIn,
    CadencePatch,
    services.cadence_create,
    update=services.cadence_update,
    delete=services.cadence_delete,
)
MEETINGS = MeetingKind(
    "meeting",
    Meeting,
    MeetingOut,
    MeetingIn,
    MeetingPatch,
    services.meeting_create,
    update=services.meeting_update,
    delete=services.meeting_delete,
)
MINUTES = MinutesKind(
    "minutes",
    Minutes,
    MinutesOut,
    MinutesIn,
    MinutesPatch,
    services.minutes_create,
    update=services.minutes_update,
    delete=services.minutes_delete,
    path="minutes",
)
UPDATES = UpdateKind(
    "update",
    Update,
    UpdateOut,
    UpdateIn,
    UpdatePatch,
    services.update_create,
    update=services.update_update,
    delete=services.update_delete,
)
COMMENTS = RecordKind(
    "comment",
    Comment,
    CommentOut,
    CommentIn,
    CommentPatch,
    services.comment_create,
    update=services.comment_update,
    delete=services.comment_delete,
    related=["created_by"],
)
for kind in (CADENCES, MEETINGS, MINUTES, UPDATES, COMMENTS):
    register_record_api(router, kind)


def cadence_record_out(record: CadenceRecord) -> dict:
    zone = record.cadence.zone
    return {
        "cadence": record.cadence.pk,
        "kept_percent": record.percent,
        "occurrences": [
            {"at": timezone.localtime(o.at, zone), "state": o.state, "matched": list(o.matched)}
            for o in record.occurrences
        ],
        "upcoming": [timezone.localtime(at, zone) for at in record.upcoming],
    }


@router.get(
    f"{PARTNERSHIP}/cadences/{{id:cadence_id}}/occurrences", response={200: CadenceRecordOut}
)
def cadence_occurrences(
    request: AuthedRequest, partnership_id: PartnershipId, cadence_id: CadenceId
) -> dict:
    """Read a cadence's occurrences: kept, missed or pending.

    The occurrences of the last 365 days, each kept (a meeting or update that names the cadence
    is nearest to it), missed (none, and its window — halfway to the next occurrence — has
    closed) or pending, with the next occurrences; as far as you may see.
    """
    grant = access.partnership_access(request.user, partnership_id)
    cadence = access.record_for(grant, Cadence.objects.all(), cadence_id)
    found = cadences_of(grant.viewpoint, timezone.now())
    return cadence_record_out(next(r for r in found if r.cadence.pk == cadence.pk))


# --- Approving minutes ----------------------------------------------------------------------

MINUTES_ONE = f"{PARTNERSHIP}/minutes/{{id:minutes_id}}"


@router.post(f"{MINUTES_ONE}/approval", response={201: MinutesOut})
def minutes_approve(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    minutes_id: MinutesId,
    payload: EndorseIn | None = None,
) -> Status:
    """Approve the minutes' current text for your party.

    The minutes are approved once every current party approves their current text; an edit of
    the text clears every approval. Given by someone who may bind the party (a lead or an
    admin). Answers the minutes.
    """
    grant = access.partnership_access(request.user, partnership_id, "edit")
    minutes = access.record_for(grant, Minutes.objects.all(), minutes_id)
    party = access.binding_party(grant, payload.organization if payload else None)
    services.minutes_approve(minutes=minutes, party=party, actor=request.user)
    return Status(201, reread(MINUTES.queryset(), minutes.pk))


@router.delete(f"{MINUTES_ONE}/approval", response={200: MinutesOut})
def minutes_withdraw(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    minutes_id: MinutesId,
    payload: WithdrawIn,
) -> Minutes:
    """Withdraw your party's approval of the minutes.

    Say why; the minutes are no longer approved until your party approves them again. Given by
    someone who may bind the party. Answers the minutes.
    """
    grant = access.partnership_access(request.user, partnership_id, "edit")
    minutes = access.record_for(grant, Minutes.objects.all(), minutes_id)
    party = access.binding_party(grant, payload.organization)
    services.minutes_withdraw(
        minutes=minutes, party=party, actor=request.user, reason=payload.reason
    )
    return reread(MINUTES.queryset(), minutes.pk)


# --- Action items ---------------------------------------------------------------------------

ACTION_ITEMS = f"{PARTNERSHIP}/meetings/{{id:meeting_id}}/action-items"


@router.get(ACTION_ITEMS, response={200: list[CommitmentOut]})
def action_item_list(
    request: AuthedRequest, partnership_id: PartnershipId, meeting_id: MeetingId
) -> Any:
    """List a meeting's action items.

    Each is a commitment of practice 2 whose source is the meeting: deliver, confirm, dispute,
    renegotiate or break it through the commitment operations.
    """
    grant = access.partnership_access(request.user, partnership_id)
    meeting = access.record_for(grant, Meeting.objects.all(), meeting_id)
    return list(action_item_records(grant.viewpoint).filter(source_id=meeting.pk))


@router.post(ACTION_ITEMS, response={201: CommitmentOut})
def action_item_create(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    meeting_id: MeetingId,
    payload: CommitmentIn,
) -> Status:
    """Record an action item of a meeting.

    A commitment of the party you act for (who will do it), its source the meeting (the
    `source_*` fields sent are replaced); an action item of a private meeting is private.
    Answers the commitment.
    """
    grant = access.partnership_access(request.user, partnership_id, "edit")
    meeting = access.record_for(grant, Meeting.objects.all(), meeting_id)
    party = grant.acting_party(payload.organization)
    fields = payload.dict(exclude={"organization", "source_kind", "source_id", "source_label"})
    item = services.action_item_create(meeting=meeting, party=party, actor=request.user, **fields)
    return Status(201, reread(action_item_records(grant.viewpoint), item.pk))


# --- Acknowledging an update ----------------------------------------------------------------


@router.post(f"{PARTNERSHIP}/updates/{{id:update_id}}/acknowledgement", response={201: UpdateOut})
def update_acknowledge(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    update_id: UpdateId,
    payload: UpdateAcknowledgeIn | None = None,
) -> Status:
    """Acknowledge another party's update for your party, optionally replying.

    Once per party; not by the update's own party (400). The time it took is the party's
    "listening" evidence. Answers the update.
    """
    grant = access.partnership_access(request.user, partnership_id, "edit")
    update = access.record_for(grant, Update.objects.all(), update_id)
    others = [p.pk for p in grant.parties if p.pk != update.owner_party_id]
    party = grant.party_acting_among(
        others,
        payload.organization if payload else None,
        "Only another party's team acknowledges an update.",
    )
    services.update_acknowledge(
        update=update, party=party, actor=request.user, reply=payload.reply if payload else ""
    )
    return Status(201, reread(UPDATES.queryset(), update.pk))


# --- Summary --------------------------------------------------------------------------------


def communication_out(communication: Communication) -> dict:
    figures = evidence_of(communication, timezone.localdate())
    return {
        "cadences": [cadence_record_out(r) for r in communication.cadences],
        "upcoming_meetings": [m.pk for m in communication.upcoming],
        "minutes_waiting": [
            m.pk for m in communication.minutes.values() if not m.is_agreed(communication.parties)
        ],
        "listening": [
            {
                "party": heard.party.pk,
                "organization": heard.party.organization.name,
                "addressed": len(heard.addressed),
                "acknowledged": len(heard.acknowledged),
                "waiting": [u.pk for u in heard.waiting],
                "median_hours": heard.median_hours,
            }
            for heard in communication.listening
        ],
        "evidence": figures.figures,
    }


@router.get(f"{PARTNERSHIP}/communication", response={200: CommunicationOut})
def communication_get(request: AuthedRequest, partnership_id: PartnershipId) -> dict:
    """Read the communication summary.

    Each cadence's occurrences (kept, missed, pending) and next ones, the upcoming meetings,
    minutes waiting for an approval, each party's listening (updates addressed to it,
    acknowledged, waiting, median hours to acknowledge) and the practice's evidence figures:
    all as far as you may see.
    """
    grant = access.partnership_access(request.user, partnership_id)
    return communication_out(communication_of(grant.viewpoint, timezone.now()))
