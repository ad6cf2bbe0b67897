"""API shapes of practice 1: one in and one out per operation."""

from datetime import datetime
from typing import Annotated, Any, ClassVar

from ninja import Schema
from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from accord.alignment.models import (
    Endorsement,
    GoalStatus,
    Horizon,
    LinkKind,
    ObjectiveLink,
    ObjectiveStatus,
    Priority,
    SharedGoal,
)
from accord.core.models import Visibility
from accord.core.record_schemas import (
    InputSchema,
    RecordIn,
    RecordOut,
    patch_of,
    record_example,
)
from accord.core.schemas import ActingOrganization, OrganizationOut, PartyRefOut, Share

# A database id: bounded so that a huge number is refused instead of overflowing the driver.
RecordId = Field(ge=1, le=2**63 - 1)


class RecordRefOut(Schema):
    id: int
    title: str


# --- Objectives -----------------------------------------------------------------------------


OBJECTIVE_EXAMPLE = {
    "title": "Halve nitrate run-off on partner farms",
    "description": "Advice and sensors on the 40 farms upstream of the intake.",
    "priority": "high",
    "horizon": "long",
    "status": "active",
}


class ObjectiveOut(RecordOut):
    title: str
    description: str
    priority: Priority
    horizon: Horizon
    status: ObjectiveStatus

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(OBJECTIVE_EXAMPLE)


class ObjectiveIn(RecordIn):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    priority: Priority = Priority.MEDIUM
    horizon: Horizon = Horizon.MEDIUM
    status: ObjectiveStatus = ObjectiveStatus.ACTIVE
    visibility: Visibility = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = {**OBJECTIVE_EXAMPLE, "visibility": "shared"}


ObjectivePatch = patch_of(ObjectiveIn)


# --- Shared goals ---------------------------------------------------------------------------


class EndorsementOut(Schema):
    party: PartyRefOut
    endorsed_at: datetime
    endorsed_by: str = Field(description="Who endorsed it for the party (email).")

    @staticmethod
    def resolve_endorsed_by(endorsement: Endorsement) -> str:
        return endorsement.endorsed_by.email


GOAL_EXAMPLE = {
    "title": "Clean drinking water from the Aa by 2030",
    "description": "Nitrate below 25 mg/l at the intake, all year round.",
    "status": "open",
}


class GoalOut(RecordOut):
    title: str
    description: str
    status: GoalStatus
    agreed: bool = Field(description="Every current party endorses the current wording.")
    endorsed_by: list[EndorsementOut]
    missing: list[PartyRefOut] = Field(description="Parties that have not endorsed it yet.")
    endorsements_cleared: bool = Field(
        description="The change that made this version reworded the goal and cleared every "
        "endorsement (the answer to a PATCH says whether yours did)."
    )

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {
            **GOAL_EXAMPLE,
            "agreed": False,
            "endorsed_by": [
                {
                    "party": {"id": 21, "organization": OrganizationOut.EXAMPLE},
                    "endorsed_at": "2026-03-09T16:40:00Z",
                    "endorsed_by": "ada@northwind.example",
                }
            ],
            "missing": [
                {"id": 22, "organization": {"id": 9, "name": "Fjord Labs", "slug": "fjord-labs"}}
            ],
            "endorsements_cleared": False,
        }
    )

    @staticmethod
    def resolve_agreed(goal: SharedGoal) -> bool:
        return goal.is_agreed(list(goal.partnership.parties.all()))

    @staticmethod
    def resolve_endorsed_by(goal: SharedGoal) -> list:
        return goal.endorsement_list()

    @staticmethod
    def resolve_missing(goal: SharedGoal) -> list:
        return goal.missing_parties(list(goal.partnership.parties.all()))


class GoalIn(RecordIn):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    status: GoalStatus = GoalStatus.OPEN
    # Always "shared": a goal is the whole partnership's, so the document offers no choice.
    # "shared" is still read, as before; anything else is refused (SharedGoal.rule_errors).
    visibility: SkipJsonSchema[Visibility] = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = GOAL_EXAMPLE


GoalPatch = patch_of(GoalIn)


class EndorseIn(InputSchema):
    organization: ActingOrganization = None


class WithdrawIn(EndorseIn):
    reason: str = Field(min_length=1, max_length=2000, description="Why it is withdrawn.")


# --- Links ----------------------------------------------------------------------------------


class LinkOut(RecordOut):
    objective: RecordRefOut
    goal: RecordRefOut
    kind: LinkKind
    note: str
    open_conflict: bool
    resolved_at: datetime | None
    resolved_by: str | None
    resolution: str

    @staticmethod
    def resolve_open_conflict(link: ObjectiveLink) -> bool:
        return link.is_open_conflict

    @staticmethod
    def resolve_resolved_by(link: ObjectiveLink) -> str | None:
        return link.resolved_by.email if link.resolved_by else None


class LinkIn(InputSchema):
    objective: int = RecordId
    goal: int = RecordId
    kind: LinkKind = LinkKind.SUPPORTS
    note: str = Field(default="", max_length=5000)


LinkPatch = patch_of(LinkIn, only=("kind", "note"))


class ResolutionIn(InputSchema):
    resolution: str = Field(min_length=1, max_length=5000)


# --- Alignment view -------------------------------------------------------------------------


class CountOut(Schema):
    count: int
    ids: list[int] = Field(description="The records behind the number.")


class PartyFiguresOut(Schema):
    party: PartyRefOut
    objectives: CountOut = Field(description="Its objectives that are not dropped.")
    supported: CountOut = Field(description="Of those, supported by an agreed goal.")
    share: Share | None = Field(description="supported / objectives; null without objectives.")
    percent: int | None = Field(description="The share as a whole percent, halves rounded up.")
    orphans: CountOut = Field(description="Objectives no current goal is supported by.")


class ConflictOut(Schema):
    id: int
    objective: RecordRefOut
    goal: RecordRefOut
    note: str
    resolved_at: datetime | None
    resolution: str


class GoalStateOut(Schema):
    goal: RecordRefOut
    agreed: bool
    missing: list[PartyRefOut]
    kpis: int = Field(description="KPIs measuring it that you may see.")


class ConflictsOut(Schema):
    count: int
    ids: list[int]
    items: list[ConflictOut]


class GoalStatesOut(Schema):
    count: int
    ids: list[int]
    items: list[GoalStateOut]


class MatrixCellOut(Schema):
    goal: int
    link: int | None
    kind: LinkKind | None
    open_conflict: bool


class MatrixRowOut(Schema):
    objective: RecordRefOut
    party: int
    cells: list[MatrixCellOut]


class MatrixOut(Schema):
    goals: list[RecordRefOut]
    rows: list[MatrixRowOut]


class AlignmentOut(Schema):
    parties: list[PartyFiguresOut]
    open_conflicts: ConflictsOut
    resolved_conflicts: ConflictsOut
    goals_not_agreed: GoalStatesOut
    goals_without_kpi: GoalStatesOut
    matrix: MatrixOut


# --- Suggestions ----------------------------------------------------------------------------


class SuggestedObjectiveOut(RecordRefOut):
    party: PartyRefOut


class SuggestionOut(Schema):
    objectives: list[SuggestedObjectiveOut]
    score: int = Field(description="Similarity, 0 to 100.")
    shared_words: list[str]
    reason: str


class ProposeIn(InputSchema):
    organization: ActingOrganization = None
    objectives: list[Annotated[int, RecordId]] = Field(
        min_length=2, max_length=2, description="The ids of two objectives of different parties."
    )
