"""API shapes of practice 4. People are named (name and organization), never by email: every
party reads a meeting's attendees and an update's acknowledgements."""

from datetime import datetime
from typing import Annotated, Any, ClassVar

from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, Field
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from accord.alignment.schemas import EndorseIn, PartyRefOut, WithdrawIn
from accord.communication.models import (
    Acknowledgement,
    Attendee,
    Cadence,
    CadenceKind,
    Comment,
    Meeting,
    Minutes,
    MinutesApproval,
    Update,
)
from accord.communication.selectors import NEXT_OCCURRENCES
from accord.core.models import Visibility
from accord.core.record_schemas import InputSchema, RecordIn, RecordOut, patch_of, record_example
from accord.core.schemas import ActingOrganization, FigureOut, OrganizationOut, PersonRefOut
from accord.lib.bounds import DATE_RANGE_TEXT, date_error
from accord.trust.schemas import OnePlace

__all__ = ["EndorseIn", "WithdrawIn"]  # the endorsement bodies of shared goals, reused

RecordId = Field(ge=1, le=2**63 - 1)


def _checked_moment(value: datetime) -> datetime:
    """A time on one of the days Accord accepts (decision 0009), before any zone applies."""
    if date_error(value.date()):
        raise PydanticCustomError("date_bound", f"Give a time {DATE_RANGE_TEXT}.")
    return value


BoundedDateTime = Annotated[datetime, AfterValidator(_checked_moment)]
Zone = Field(default="UTC", min_length=1, max_length=64, description="An IANA time zone.")
LocalTime = (
    "An ISO 8601 time; with an offset it is that instant, without one a wall-clock time in "
    "`time_zone`."
)


def _person(user: Any) -> dict:
    return {"id": user.pk, "name": user.public_name}


# --- Cadences -------------------------------------------------------------------------------

CADENCE_EXAMPLE = {
    "title": "Steering meeting",
    "kind": "meeting",
    "rule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    "starts_at": "2026-03-03T10:00:00+01:00",
    "time_zone": "Europe/Berlin",
}


class CadenceOut(RecordOut):
    title: str
    kind: CadenceKind
    rule: str = Field(description="The RFC 5545 recurrence rule (an RRULE's value).")
    starts_at: datetime = Field(description="The first occurrence, in the cadence's zone.")
    time_zone: str
    next_occurrences: list[datetime] = Field(
        description=f"The next {NEXT_OCCURRENCES} occurrences from now, in the cadence's zone."
    )

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {**CADENCE_EXAMPLE, "next_occurrences": ["2026-03-17T10:00:00+01:00"]}
    )

    @staticmethod
    def resolve_starts_at(cadence: Cadence) -> datetime:
        return timezone.localtime(cadence.starts_at, cadence.zone)

    @staticmethod
    def resolve_next_occurrences(cadence: Cadence) -> list[datetime]:
        return cadence.occurrences_after(timezone.now(), NEXT_OCCURRENCES)


class CadenceIn(RecordIn):
    title: str = Field(min_length=1, max_length=200)
    kind: CadenceKind = CadenceKind.MEETING
    rule: str = Field(
        min_length=1,
        max_length=300,
        description="An RFC 5545 recurrence rule: FREQ=WEEKLY, FREQ=WEEKLY;INTERVAL=2;BYDAY=TU, "
        "FREQ=MONTHLY;BYDAY=1MO, FREQ=MONTHLY;INTERVAL=3 (daily at most often).",
    )
    starts_at: BoundedDateTime = Field(description=f"The first occurrence. {LocalTime}")
    time_zone: str = Zone
    visibility: Visibility = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = CADENCE_EXAMPLE


CadencePatch = patch_of(CadenceIn)


class OccurrenceOut(Schema):
    at: datetime
    state: str = Field(description="kept, missed or pending (its window is still open).")
    matched: list[int] = Field(description="The meetings or updates that count for it.")


class CadenceRecordOut(Schema):
    cadence: int
    kept_percent: int | None = Field(description="Kept / (kept + missed), last 365 days.")
    occurrences: list[OccurrenceOut]
    upcoming: list[datetime]


# --- Meetings -------------------------------------------------------------------------------


class AttendeeOut(Schema):
    party: int
    organization: OrganizationOut
    person: PersonRefOut

    @staticmethod
    def resolve_party(attendee: Attendee) -> int:
        return attendee.party_id

    @staticmethod
    def resolve_organization(attendee: Attendee) -> Any:
        return attendee.party.organization

    @staticmethod
    def resolve_person(attendee: Attendee) -> dict:
        return _person(attendee.user)


MEETING_EXAMPLE = {
    "title": "Steering meeting",
    "starts_at": "2026-03-03T10:00:00+01:00",
    "time_zone": "Europe/Berlin",
    "duration_minutes": 60,
    "location": "https://meet.example/steering",
    "agenda": "Pilot status\nBudget 2027",
    "cadence": 4,
}


class MeetingOut(RecordOut):
    cadence: int | None
    title: str
    starts_at: datetime = Field(description="In the meeting's time zone.")
    time_zone: str
    duration_minutes: int
    location: str
    agenda: str
    agenda_items: list[str]
    attendees: list[AttendeeOut]
    minutes: int | None = Field(description="The id of its minutes, once written.")

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {
            **MEETING_EXAMPLE,
            "agenda_items": ["Pilot status", "Budget 2027"],
            "attendees": [
                {
                    "party": 21,
                    "organization": OrganizationOut.EXAMPLE,
                    "person": {"id": 5, "name": "Ada Berg"},
                }
            ],
            "minutes": None,
        }
    )

    @staticmethod
    def resolve_cadence(meeting: Meeting) -> int | None:
        return meeting.cadence_id

    @staticmethod
    def resolve_starts_at(meeting: Meeting) -> datetime:
        return meeting.local_start

    @staticmethod
    def resolve_attendees(meeting: Meeting) -> list:
        return meeting.attendee_list()

    @staticmethod
    def resolve_minutes(meeting: Meeting) -> int | None:
        minutes = getattr(meeting, "minutes", None)
        return minutes.pk if minutes is not None else None


class MeetingIn(RecordIn):
    title: str = Field(min_length=1, max_length=200)
    starts_at: BoundedDateTime = Field(description=LocalTime)
    time_zone: str = Zone
    duration_minutes: int = Field(default=60, ge=5, le=24 * 60)
    location: str = Field(default="", max_length=200)
    agenda: str = Field(default="", max_length=10000, description="One item per line.")
    cadence: int | None = Field(default=None, ge=1, le=2**63 - 1)
    attendees: list[int] = Field(
        default_factory=list, max_length=200, description="User ids of team members."
    )
    visibility: Visibility = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = {**MEETING_EXAMPLE, "attendees": [5, 9]}


MeetingPatch = patch_of(MeetingIn)


# --- Minutes --------------------------------------------------------------------------------


class MinutesApprovalOut(Schema):
    party: PartyRefOut
    approved_at: datetime
    approved_by: PersonRefOut

    @staticmethod
    def resolve_approved_at(approval: MinutesApproval) -> datetime:
        return approval.endorsed_at

    @staticmethod
    def resolve_approved_by(approval: MinutesApproval) -> dict:
        return _person(approval.endorsed_by)


class MinutesOut(RecordOut):
    meeting: int
    text: str
    approved: bool = Field(description="Every current party approves the current text.")
    approved_by: list[MinutesApprovalOut]
    missing: list[PartyRefOut] = Field(description="Parties that have not approved yet.")
    approvals_cleared: bool = Field(
        description="The change that made this version edited the text and cleared every approval."
    )

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {
            "meeting": 12,
            "text": "Pilot agreed for Leeds.",
            "approved": False,
            "approved_by": [],
            "missing": [],
            "approvals_cleared": False,
        }
    )

    @staticmethod
    def resolve_meeting(minutes: Minutes) -> int:
        return minutes.meeting_id

    @staticmethod
    def resolve_approved(minutes: Minutes) -> bool:
        return minutes.is_agreed(list(minutes.partnership.parties.all()))

    @staticmethod
    def resolve_approved_by(minutes: Minutes) -> list:
        return minutes.endorsement_list()

    @staticmethod
    def resolve_missing(minutes: Minutes) -> list:
        return minutes.missing_parties(list(minutes.partnership.parties.all()))

    @staticmethod
    def resolve_approvals_cleared(minutes: Minutes) -> bool:
        return minutes.endorsements_cleared


class MinutesIn(RecordIn):
    meeting: int = RecordId
    text: str = Field(min_length=1, max_length=50000)
    visibility: SkipJsonSchema[Visibility | None] = None

    EXAMPLE: ClassVar[dict[str, Any]] = {"meeting": 12, "text": "Pilot agreed for Leeds."}


MinutesPatch = patch_of(MinutesIn, only=("text",))


# --- Updates --------------------------------------------------------------------------------


class AcknowledgementOut(Schema):
    party: PartyRefOut
    acknowledged_by: PersonRefOut
    acknowledged_at: datetime
    reply: str
    hours: OnePlace = Field(description="Hours from the update's posting to this acknowledgement.")

    @staticmethod
    def resolve_acknowledged_by(acknowledgement: Acknowledgement) -> dict:
        return _person(acknowledgement.acknowledged_by)


UPDATE_EXAMPLE = {
    "title": "March update",
    "progress": "Ten sites surveyed.",
    "challenges": "Permits in Leeds are slow.",
    "opportunities": "The council offers a second roof.",
    "asks": "An introduction to the council's energy lead.",
    "cadence": None,
}


class UpdateOut(RecordOut):
    cadence: int | None
    title: str
    progress: str
    challenges: str
    opportunities: str
    asks: str
    posted_at: datetime
    acknowledgements: list[AcknowledgementOut]

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {**UPDATE_EXAMPLE, "posted_at": "2026-03-31T16:00:00Z", "acknowledgements": []}
    )

    @staticmethod
    def resolve_cadence(update: Update) -> int | None:
        return update.cadence_id

    @staticmethod
    def resolve_acknowledgements(update: Update) -> list:
        return update.acknowledgement_list()


class UpdateIn(RecordIn):
    title: str = Field(min_length=1, max_length=200)
    progress: str = Field(min_length=1, max_length=10000)
    challenges: str = Field(default="", max_length=10000)
    opportunities: str = Field(default="", max_length=10000)
    asks: str = Field(default="", max_length=10000)
    cadence: int | None = Field(default=None, ge=1, le=2**63 - 1)
    visibility: SkipJsonSchema[Visibility] = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = UPDATE_EXAMPLE


UpdatePatch = patch_of(UpdateIn)


class CommentOut(RecordOut):
    update: int | None
    decision: int | None
    text: str
    written_by: PersonRefOut | None

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {
            "update": 31,
            "decision": None,
            "text": "Can we see the permit timeline?",
            "written_by": {"id": 5, "name": "Ada Berg"},
        }
    )

    @staticmethod
    def resolve_update(comment: Comment) -> int | None:
        return comment.update_id

    @staticmethod
    def resolve_decision(comment: Comment) -> int | None:
        return comment.decision_id

    @staticmethod
    def resolve_written_by(comment: Comment) -> dict | None:
        return _person(comment.created_by) if comment.created_by else None


class CommentIn(RecordIn):
    update: int | None = Field(default=None, ge=1, le=2**63 - 1, description="The update.")
    decision: int | None = Field(
        default=None, ge=1, le=2**63 - 1, description="Or the decision (practice 3)."
    )
    text: str = Field(min_length=1, max_length=5000)
    visibility: SkipJsonSchema[Visibility | None] = None

    EXAMPLE: ClassVar[dict[str, Any]] = {"update": 31, "text": "Can we see the permit timeline?"}


CommentPatch = patch_of(CommentIn, only=("text",))


class UpdateAcknowledgeIn(InputSchema):
    reply: str = Field(default="", max_length=5000, description="An optional answer.")
    organization: ActingOrganization = None


# --- Summary --------------------------------------------------------------------------------


class ListeningOut(Schema):
    party: int
    organization: str
    addressed: int
    acknowledged: int
    waiting: list[int]
    median_hours: OnePlace | None


class CommunicationOut(Schema):
    cadences: list[CadenceRecordOut]
    upcoming_meetings: list[int]
    minutes_waiting: list[int] = Field(description="Minutes not yet approved by every party.")
    listening: list[ListeningOut]
    evidence: list[FigureOut]
