"""API shapes of practice 3. People are named (name and organization), never by email: the
partner reads them too."""

from datetime import date, datetime
from typing import Any, ClassVar

from ninja import Schema
from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from accord.alignment.schemas import EndorseIn, PartyRefOut, WithdrawIn
from accord.core.models import Visibility
from accord.core.record_schemas import InputSchema, RecordIn, RecordOut, patch_of, record_example
from accord.core.schemas import ActingOrganization, FigureOut, OrganizationOut, PersonRefOut
from accord.lib.bounds import BoundedDate
from accord.roles.models import (
    Assignment,
    Decision,
    DecisionRule,
    Expectation,
    ExpectationKind,
    Letter,
    Outcome,
    RuleEndorsement,
    RuleKind,
    RuleStatus,
    Verdict,
    Vote,
    person_name,
)

RecordId = Field(ge=1, le=2**63 - 1)

__all__ = ["EndorseIn", "WithdrawIn"]  # the endorsement bodies of shared goals, reused


def _person(user: Any) -> dict | None:
    return {"id": user.pk, "name": person_name(user)} if user else None


# --- Workstreams and activities -------------------------------------------------------------


class WorkstreamOut(RecordOut):
    title: str
    description: str

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {"title": "Market launch", "description": "Getting the joint offer to market."}
    )


class WorkstreamIn(RecordIn):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    visibility: SkipJsonSchema[Visibility] = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = {"title": "Market launch", "description": ""}


WorkstreamPatch = patch_of(WorkstreamIn)


class ActivityOut(RecordOut):
    workstream: int
    title: str
    description: str

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {"workstream": 7, "title": "Price list", "description": ""}
    )

    @staticmethod
    def resolve_workstream(activity: Any) -> int:
        return activity.workstream_id


class ActivityIn(RecordIn):
    workstream: int = RecordId
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    visibility: SkipJsonSchema[Visibility] = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = {"workstream": 7, "title": "Price list"}


ActivityPatch = patch_of(ActivityIn, only=("title", "description"))


class AssignmentOut(RecordOut):
    activity: int
    party: PartyRefOut
    person: PersonRefOut | None = Field(description="The person; none: the whole party.")
    letter: Letter

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {
            "activity": 12,
            "party": {"id": 21, "organization": OrganizationOut.EXAMPLE},
            "person": {"id": 5, "name": "Ada Lovelace"},
            "letter": "A",
        }
    )

    @staticmethod
    def resolve_activity(assignment: Assignment) -> int:
        return assignment.activity_id

    @staticmethod
    def resolve_person(assignment: Assignment) -> dict | None:
        return _person(assignment.person)


class AssignmentIn(RecordIn):
    activity: int = RecordId
    party: int = Field(ge=1, le=2**63 - 1, description="The party of the column.")
    person: int | None = Field(
        default=None,
        ge=1,
        le=2**63 - 1,
        description="A person of that party's team; none: the whole party.",
    )
    letter: Letter
    visibility: SkipJsonSchema[Visibility] = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = {"activity": 12, "party": 21, "person": 5, "letter": "A"}


AssignmentPatch = patch_of(AssignmentIn, only=("letter",))


class CellIn(InputSchema):
    party: int = Field(ge=1, le=2**63 - 1, description="The party of the column.")
    person: int | None = Field(default=None, ge=1, le=2**63 - 1)
    letter: Letter | None = Field(description="The new letter; none empties the cell.")
    version: int | None = Field(
        default=None,
        ge=1,
        description="The version of the cell's assignment your change is based on; none if you "
        "saw the cell empty. A cell changed since answers 409.",
    )
    organization: ActingOrganization = None


class CellOut(Schema):
    activity: int
    assignment: AssignmentOut | None
    problems: list[str] = Field(description="What breaks the RACI rules for this activity now.")


# --- Decision rules -------------------------------------------------------------------------


class RuleEndorsementOut(Schema):
    party: PartyRefOut
    endorsed_at: datetime
    endorsed_by: PersonRefOut

    @staticmethod
    def resolve_endorsed_by(endorsement: RuleEndorsement) -> dict | None:
        return _person(endorsement.endorsed_by)


RULE_EXAMPLE = {
    "title": "Scope change",
    "description": "Anything that adds or removes a market or a product line.",
    "kind": "every_party",
    "lead_party": None,
    "days_to_decide": 14,
    "status": "active",
}


class RuleOut(RecordOut):
    title: str
    description: str
    kind: RuleKind
    lead_party: PartyRefOut | None
    days_to_decide: int
    status: RuleStatus
    agreed: bool = Field(description="Every current party endorses the current wording.")
    endorsed_by: list[RuleEndorsementOut]
    missing: list[PartyRefOut]
    endorsements_cleared: bool

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {
            **RULE_EXAMPLE,
            "agreed": False,
            "endorsed_by": [],
            "missing": [],
            "endorsements_cleared": False,
        }
    )

    @staticmethod
    def resolve_agreed(rule: DecisionRule) -> bool:
        return rule.is_agreed(list(rule.partnership.parties.all()))

    @staticmethod
    def resolve_endorsed_by(rule: DecisionRule) -> list:
        return rule.endorsement_list()

    @staticmethod
    def resolve_missing(rule: DecisionRule) -> list:
        return rule.missing_parties(list(rule.partnership.parties.all()))


class RuleIn(RecordIn):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    kind: RuleKind = RuleKind.EVERY_PARTY
    lead_party: int | None = Field(default=None, ge=1, le=2**63 - 1)
    days_to_decide: int = Field(default=14, ge=1, le=365)
    status: RuleStatus = RuleStatus.ACTIVE
    visibility: SkipJsonSchema[Visibility] = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = RULE_EXAMPLE


RulePatch = patch_of(RuleIn)


# --- Decisions ------------------------------------------------------------------------------


class VoteOut(Schema):
    party: PartyRefOut
    verdict: Verdict
    comment: str
    given_by: PersonRefOut
    given_at: datetime

    @staticmethod
    def resolve_given_by(vote: Vote) -> dict | None:
        return _person(vote.given_by)


class DecisionOut(RecordOut):
    rule: int
    title: str
    proposal: str
    deadline: date
    outcome: Outcome
    rationale: str
    decided_at: datetime | None
    supersedes: int | None
    votes: list[VoteOut]

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {
            "rule": 3,
            "title": "Open the Nordic market",
            "proposal": "Launch in Norway in Q3.",
            "deadline": "2026-04-01",
            "outcome": "waiting",
            "rationale": "",
            "decided_at": None,
            "supersedes": None,
            "votes": [],
        }
    )

    @staticmethod
    def resolve_rule(decision: Decision) -> int:
        return decision.rule_id

    @staticmethod
    def resolve_supersedes(decision: Decision) -> int | None:
        return decision.supersedes_id

    @staticmethod
    def resolve_votes(decision: Decision) -> list:
        return decision.vote_list()


class DecisionIn(RecordIn):
    rule: int = RecordId
    title: str = Field(min_length=1, max_length=200)
    proposal: str = Field(default="", max_length=10000)
    deadline: BoundedDate | None = Field(
        default=None, description="By when; the rule's time to decide from today if none."
    )
    visibility: Visibility = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = {"rule": 3, "title": "Open the Nordic market"}


DecisionPatch = patch_of(DecisionIn, only=("title", "proposal", "deadline", "visibility"))


class VoteIn(InputSchema):
    comment: str = Field(default="", max_length=5000, description="Why (needed to object).")
    organization: ActingOrganization = None


class SupersedeIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    proposal: str = Field(default="", max_length=10000)
    deadline: BoundedDate | None = None
    organization: ActingOrganization = None


# --- Expectations ---------------------------------------------------------------------------


class ExpectationOut(RecordOut):
    toward: PartyRefOut
    kind: ExpectationKind
    text: str
    acknowledged_at: datetime | None
    acknowledged_by: PersonRefOut | None

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {
            "toward": {"id": 22, "organization": OrganizationOut.EXAMPLE},
            "kind": "need",
            "text": "Monthly pipeline figures by the 5th.",
            "acknowledged_at": None,
            "acknowledged_by": None,
        }
    )

    @staticmethod
    def resolve_acknowledged_by(expectation: Expectation) -> dict | None:
        return _person(expectation.acknowledged_by)


class ExpectationIn(RecordIn):
    toward: int = Field(ge=1, le=2**63 - 1, description="The other party.")
    kind: ExpectationKind
    text: str = Field(min_length=1, max_length=5000)
    visibility: Visibility = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = {"toward": 22, "kind": "need", "text": "Monthly figures."}


ExpectationPatch = patch_of(ExpectationIn, only=("kind", "text", "visibility"))


class AcknowledgeIn(InputSchema):
    organization: ActingOrganization = None


# --- Summary --------------------------------------------------------------------------------


class ColumnOut(Schema):
    party: int
    person: PersonRefOut | None
    label: str
    organization: str


class RowOut(Schema):
    activity: int
    title: str
    workstream: int
    letters: list[str | None] = Field(description="One per column, in the columns' order.")
    problems: list[str]


class RolesOut(Schema):
    columns: list[ColumnOut]
    rows: list[RowOut]
    problems: list[RowOut]
    overdue_decisions: list[int]
    rules_not_agreed: list[int]
    expectations_unacknowledged: list[int]
    evidence: list[FigureOut]
