"""API shapes of practice 2: one in and one out per operation."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from ninja import Schema
from pydantic import Field, StrictInt

from accord.core.models import Visibility
from accord.core.record_schemas import (
    InputSchema,
    RecordIn,
    RecordOut,
    patch_of,
    record_example,
)
from accord.core.schemas import (
    ActingOrganization,
    AsDecimalString,
    OrganizationOut,
    PartyRefOut,
    PersonRefOut,
    Share,
    rounded_to,
)
from accord.lib.bounds import BoundedDate
from accord.trust.models import CommitmentStatus, ConcernStatus, ItemKind, Severity

RecordId = Annotated[StrictInt, Field(ge=1, le=2**63 - 1)]
Reason = Annotated[str, Field(min_length=1, max_length=1000)]
# Hours and percentages computed in floating point, shown as decimals to one place.
OnePlace = Annotated[Decimal, rounded_to(1), AsDecimalString]
Version = Annotated[
    StrictInt, Field(description="The version the action is based on (409 if it changed).")
]


class ActionIn(InputSchema):
    """An action on a record: the version it is based on, and the organization acted for when
    the caller may act for several parties."""

    version: Version
    organization: ActingOrganization = None


# --- Commitments -----------------------------------------------------------------------------

COMMITMENT_EXAMPLE = {
    "title": "Send the installer roster for Q3",
    "description": "Names, regions and certifications of every installer.",
    "due_date": "2026-07-01",
    "receiver_party_id": 12,
    "promiser_person_id": 5,
}


class CommitmentOut(RecordOut):
    title: str
    description: str
    promiser_person: PersonRefOut | None
    receiver_party: PartyRefOut | None = Field(
        description="To whom it is promised; null: to the partnership as a whole."
    )
    status: CommitmentStatus
    due_date: date = Field(description="The due date in force.")
    original_due_date: date | None = Field(description="The first due date, if renegotiated.")
    renegotiations: int
    renegotiation_reason: str
    delivered_on: date | None
    delivery_note: str
    reason: str = Field(description="Why it was disputed or broken.")
    broken_automatically: bool
    kept_on_time: bool | None = Field(description="Delivered: on time or late; else null.")
    source_kind: str
    source_id: int | None
    source_label: str

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {
            "title": COMMITMENT_EXAMPLE["title"],
            "description": COMMITMENT_EXAMPLE["description"],
            "promiser_person": {"id": 5, "name": "Ada Berg"},
            "receiver_party": {"id": 12, "organization": OrganizationOut.EXAMPLE},
            "status": "delivered",
            "due_date": "2026-07-15",
            "original_due_date": "2026-07-01",
            "renegotiations": 1,
            "renegotiation_reason": "The certification body is late.",
            "delivered_on": "2026-07-14",
            "delivery_note": "Shared as a spreadsheet.",
            "reason": "",
            "broken_automatically": False,
            "kept_on_time": True,
            "source_kind": "",
            "source_id": None,
            "source_label": "",
        }
    )

    @staticmethod
    def resolve_kept_on_time(commitment: Any) -> bool | None:
        return commitment.kept_on_time if commitment.is_kept else None


class CommitmentIn(RecordIn):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10000)
    due_date: BoundedDate
    receiver_party_id: RecordId | None = Field(
        default=None, description="The party it is promised to; none: the partnership."
    )
    promiser_person_id: RecordId | None = Field(
        default=None, description="Who on your team gave their word (a user id)."
    )
    visibility: Visibility = Visibility.SHARED
    source_kind: str = Field(default="", max_length=60, description="Where it comes from.")
    source_id: RecordId | None = None
    source_label: str = Field(default="", max_length=200)

    EXAMPLE: ClassVar[dict[str, Any]] = COMMITMENT_EXAMPLE


CommitmentPatch = patch_of(CommitmentIn)


class DeliverIn(ActionIn):
    delivered_on: BoundedDate | None = Field(default=None, description="Today unless given.")
    note: str = Field(default="", max_length=1000)


class ReasonIn(ActionIn):
    reason: Reason


class RenegotiateIn(ActionIn):
    due_date: BoundedDate = Field(description="The new due date, after the current one.")
    reason: Reason


# --- Shared items ----------------------------------------------------------------------------


class ReadOut(Schema):
    party: PartyRefOut
    read_at: datetime


class ItemOut(RecordOut):
    title: str
    kind: ItemKind
    url: str
    note: str
    filename: str
    content_type: str
    size: int
    reads: list[ReadOut]

    @staticmethod
    def resolve_reads(item: Any) -> list[Any]:
        return list(item.reads.all())


class ItemIn(RecordIn):
    """A link; documents are sent to `…/items/upload`."""

    title: str = Field(min_length=1, max_length=200)
    url: str = Field(min_length=1, max_length=1000, description="https:// or http://")
    note: str = Field(default="", max_length=10000)
    visibility: Visibility = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "title": "Installer training videos",
        "url": "https://example.com/training",
        "note": "Module 3 covers the new inverters.",
    }


ItemPatch = patch_of(ItemIn)


class ReadIn(InputSchema):
    organization: ActingOrganization = None


# --- Concerns --------------------------------------------------------------------------------


class ReplyOut(Schema):
    party: PartyRefOut
    text: str
    written_at: datetime


class ConcernOut(RecordOut):
    topic: str
    text: str
    severity: Severity
    addressed_to: PartyRefOut
    status: ConcernStatus
    first_answered_at: datetime | None
    hours_to_first_answer: OnePlace | None
    resolved_at: datetime | None
    reopened: int
    replies: list[ReplyOut]

    @staticmethod
    def resolve_replies(concern: Any) -> list[Any]:
        return list(concern.replies.all())


class ConcernIn(RecordIn):
    topic: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=10000)
    severity: Severity = Severity.MEDIUM
    addressed_to_id: RecordId | None = Field(
        default=None, description="The party it is raised to; the only other one if left out."
    )

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "topic": "Invoices paid late",
        "text": "Three invoices this quarter were paid after 60 days.",
        "severity": "high",
    }


ConcernPatch = patch_of(ConcernIn, only=("topic", "text", "severity"))


class AnswerIn(ActionIn):
    text: str = Field(min_length=1, max_length=10000)


# --- Summary ---------------------------------------------------------------------------------


class TallyOut(Schema):
    counted: int
    kept_on_time: int
    kept_late: int
    broken: int
    disputed: int
    overdue: int
    on_time_rate: Share | None = Field(description="Kept on time / counted, 0 to 1.")


class TrendPointOut(Schema):
    month: date
    on_time_percent: OnePlace


class PartyCommitmentsOut(Schema):
    party: PartyRefOut
    last_90_days: TallyOut
    all_time: TallyOut
    open: int
    trend: list[TrendPointOut]


class PartySharingOut(Schema):
    party: PartyRefOut
    shared: int
    read_by_others: int
    read_of_others: int
    share: Share | None


class SharingOut(Schema):
    parties: list[PartySharingOut]
    total: int
    one_sided: bool
    verdict: str


class PartyConcernsOut(Schema):
    party: PartyRefOut
    raised_to: int
    open: int
    unanswered: int
    median_hours_to_answer: OnePlace | None


class HistoryCheckOut(Schema):
    chain: str
    intact: bool
    events: int
    problem: str
    broken_seq: int | None
    checked_at: datetime


class TrustOut(Schema):
    today: date
    grace_days: int
    commitments: list[PartyCommitmentsOut]
    sharing: SharingOut
    concerns: list[PartyConcernsOut]
    history: list[HistoryCheckOut] = Field(description="The last verification of each chain.")
