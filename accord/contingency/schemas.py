"""API shapes of practice 5. People are named (name), never by email: the partner reads them."""

from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from django.utils import timezone
from ninja import Schema
from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from accord.alignment.schemas import EndorseIn, PartyRefOut, WithdrawIn
from accord.contingency.models import (
    MAX_BEHIND_COUNT,
    MAX_LEVEL,
    SCALE,
    ContingencyPlan,
    Escalation,
    EscalationLevel,
    ExitPlan,
    ExitPlanEndorsement,
    PlanAction,
    PlanActivation,
    PlanStatus,
    Risk,
    RiskCategory,
    RiskStatus,
    TriggerKind,
)
from accord.core.models import Visibility
from accord.core.record_schemas import InputSchema, RecordIn, RecordOut, patch_of, record_example
from accord.core.schemas import (
    ActingOrganization,
    AsDecimalString,
    DecimalOut,
    FigureOut,
    PersonRefOut,
)
from accord.lib import bounds
from accord.lib.bounds import BoundedDate

RecordId = Field(ge=1, le=2**63 - 1)
Rating = Field(default=3, ge=SCALE[0], le=SCALE[1])
KpiValue = Annotated[bounds.KpiValue, AsDecimalString]

__all__ = ["EndorseIn", "WithdrawIn"]  # the endorsement bodies of shared goals, reused


def _person(user: Any) -> dict | None:
    return {"id": user.pk, "name": user.public_name} if user else None


# --- Risks -----------------------------------------------------------------------------------

RISK_EXAMPLE = {
    "title": "Key engineer leaves",
    "description": "The integration rests on one person at Beta.",
    "category": "people",
    "likelihood": 3,
    "impact": 5,
    "mitigation": "Pair a second engineer on every release.",
    "status": "open",
    "next_review": "2026-06-30",
    "visibility": "shared",
}


class RiskOut(RecordOut):
    title: str
    description: str
    category: RiskCategory
    likelihood: int
    impact: int
    score: int = Field(description="Likelihood x impact, 1 to 25; 15 or more is high.")
    high: bool
    owner_person: PersonRefOut | None
    mitigation: str
    status: RiskStatus
    next_review: date | None
    review_late: bool = Field(description="Live, and its review date passed (or none is set).")

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {
            **RISK_EXAMPLE,
            "score": 15,
            "high": True,
            "owner_person": {"id": 9, "name": "Bea"},
            "review_late": False,
        }
    )

    @staticmethod
    def resolve_high(risk: Risk) -> bool:
        return risk.is_high

    @staticmethod
    def resolve_owner_person(risk: Risk) -> dict | None:
        return _person(risk.owner_person)

    @staticmethod
    def resolve_review_late(risk: Risk) -> bool:
        return risk.is_review_late(timezone.localdate())


class RiskIn(RecordIn):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10000)
    category: RiskCategory = RiskCategory.OPERATIONAL
    likelihood: int = Rating
    impact: int = Rating
    owner_person: int | None = Field(
        default=None, ge=1, le=2**63 - 1, description="A person of your party's team."
    )
    mitigation: str = Field(default="", max_length=10000)
    status: RiskStatus = RiskStatus.OPEN
    next_review: BoundedDate | None = None
    visibility: Visibility = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = RISK_EXAMPLE


RiskPatch = patch_of(RiskIn)


# --- Plans -----------------------------------------------------------------------------------


class ActionOut(Schema):
    id: int
    text: str
    party: PartyRefOut
    person: PersonRefOut | None
    done: bool
    done_at: datetime | None

    @staticmethod
    def resolve_person(action: PlanAction) -> dict | None:
        return _person(action.person)

    @staticmethod
    def resolve_done(action: PlanAction) -> bool:
        return action.is_done


class ActivationOut(Schema):
    activated_at: datetime
    trigger_kind: TriggerKind
    reason: str = Field(description="Why it fired: the figure that crossed, or a person's word.")
    activated_by: PersonRefOut | None = Field(description="None: fired by its trigger.")
    answered_at: datetime | None
    resolved_at: datetime | None
    resolution: str

    @staticmethod
    def resolve_activated_by(activation: PlanActivation) -> dict | None:
        return _person(activation.activated_by)


PLAN_EXAMPLE = {
    "risk": 3,
    "title": "Second supplier",
    "description": "Switch half the volume to the backup supplier.",
    "trigger_kind": "kpi_above",
    "trigger_date": None,
    "trigger_kpi": 12,
    "trigger_value": "5.0000",
    "trigger_count": None,
    "visibility": "shared",
}


class PlanOut(RecordOut):
    risk: int
    title: str
    description: str
    trigger_kind: TriggerKind
    trigger_date: date | None
    trigger_kpi: int | None
    trigger_value: DecimalOut | None
    trigger_count: int | None
    status: PlanStatus
    activated_at: datetime | None
    actions: list[ActionOut]
    activations: list[ActivationOut] = Field(description="The activation log, newest first.")

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {**PLAN_EXAMPLE, "status": "armed", "activated_at": None, "actions": [], "activations": []}
    )

    @staticmethod
    def resolve_risk(plan: ContingencyPlan) -> int:
        return plan.risk_id

    @staticmethod
    def resolve_trigger_kpi(plan: ContingencyPlan) -> int | None:
        return plan.trigger_kpi_id

    @staticmethod
    def resolve_actions(plan: ContingencyPlan) -> list:
        return list(plan.actions.all())

    @staticmethod
    def resolve_activations(plan: ContingencyPlan) -> list:
        return list(plan.activations.all())


class PlanIn(RecordIn):
    risk: int = RecordId
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10000)
    trigger_kind: TriggerKind = TriggerKind.MANUAL
    trigger_date: BoundedDate | None = Field(default=None, description="For `date`.")
    trigger_kpi: int | None = Field(
        default=None, ge=1, le=2**63 - 1, description="For the `kpi_…` kinds: the KPI's id."
    )
    trigger_value: KpiValue | None = Field(
        default=None, description="For `kpi_above` and `kpi_below`: the value to cross."
    )
    trigger_count: int | None = Field(
        default=None,
        ge=1,
        le=MAX_BEHIND_COUNT,
        description="For `kpi_behind`: how many latest measurements in a row.",
    )
    visibility: Visibility = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = PLAN_EXAMPLE


PlanPatch = patch_of(
    PlanIn,
    only=(
        "title",
        "description",
        "trigger_kind",
        "trigger_date",
        "trigger_kpi",
        "trigger_value",
        "trigger_count",
        "visibility",
    ),
)


class ActivateIn(InputSchema):
    reason: str = Field(min_length=1, max_length=2000, description="Why it is activated now.")
    version: int | None = Field(
        default=None, ge=1, description="The plan's version you saw; 409 if it changed."
    )

    EXAMPLE: ClassVar[dict[str, Any]] = {"reason": "The supplier confirmed a 3-month stop."}


class ResolveIn(InputSchema):
    resolution: str = Field(min_length=1, max_length=2000, description="How it was resolved.")
    version: int | None = Field(default=None, ge=1)

    EXAMPLE: ClassVar[dict[str, Any]] = {"resolution": "Backup supplier took over."}


class RearmIn(InputSchema):
    version: int | None = Field(default=None, ge=1)


class PlanStepIn(InputSchema):
    text: str = Field(min_length=1, max_length=500)
    party: int = Field(ge=1, le=2**63 - 1, description="The party that owns the step.")
    person: int | None = Field(default=None, ge=1, le=2**63 - 1)

    EXAMPLE: ClassVar[dict[str, Any]] = {"text": "Call the backup supplier", "party": 21}


class ActionDoneIn(InputSchema):
    done: bool = True
    organization: ActingOrganization = None


# --- Exit plan -------------------------------------------------------------------------------

EXIT_EXAMPLE = {
    "triggers": "Either party's change of control; two quarters below the revenue floor.",
    "notice_days": 90,
    "shared_assets": "Joint brand retired; tooling returned to its maker.",
    "data": "Each party deletes the other's customer data within 30 days.",
    "customers": "Served to the end of their contract by the party that signed them.",
    "obligations": "Alpha: hand over the documentation. Beta: support for six months.",
}


class ExitEndorsementOut(Schema):
    party: PartyRefOut
    endorsed_at: datetime
    endorsed_by: PersonRefOut

    @staticmethod
    def resolve_endorsed_by(endorsement: ExitPlanEndorsement) -> dict | None:
        return _person(endorsement.endorsed_by)


class ExitPlanOut(RecordOut):
    triggers: str
    notice_days: int
    shared_assets: str
    data: str
    customers: str
    obligations: str
    agreed: bool = Field(description="Every current party endorses the current wording.")
    endorsed_by: list[ExitEndorsementOut]
    missing: list[PartyRefOut]
    endorsements_cleared: bool

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {
            **EXIT_EXAMPLE,
            "agreed": False,
            "endorsed_by": [],
            "missing": [],
            "endorsements_cleared": False,
        }
    )

    @staticmethod
    def resolve_agreed(plan: ExitPlan) -> bool:
        return plan.is_agreed(list(plan.partnership.parties.all()))

    @staticmethod
    def resolve_endorsed_by(plan: ExitPlan) -> list:
        return plan.endorsement_list()

    @staticmethod
    def resolve_missing(plan: ExitPlan) -> list:
        return plan.missing_parties(list(plan.partnership.parties.all()))


class ExitPlanIn(RecordIn):
    triggers: str = Field(default="", max_length=10000)
    notice_days: int = Field(default=90, ge=0, le=3650)
    shared_assets: str = Field(default="", max_length=10000)
    data: str = Field(default="", max_length=10000)
    customers: str = Field(default="", max_length=10000)
    obligations: str = Field(default="", max_length=10000)
    visibility: SkipJsonSchema[Visibility] = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = EXIT_EXAMPLE


ExitPlanPatch = patch_of(ExitPlanIn)


# --- Escalation path -------------------------------------------------------------------------


class EscalationLevelOut(RecordOut):
    level: int
    person: PersonRefOut
    after_days: int

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {"level": 1, "person": {"id": 9, "name": "Bea"}, "after_days": 3}
    )

    @staticmethod
    def resolve_person(level: EscalationLevel) -> dict | None:
        return _person(level.person)


class EscalationLevelIn(RecordIn):
    level: int = Field(default=1, ge=1, le=MAX_LEVEL)
    person: int = Field(ge=1, le=2**63 - 1, description="A person of your party's team.")
    after_days: int = Field(
        default=3, ge=1, le=365, description="Days an issue your party owes stays unanswered."
    )
    visibility: SkipJsonSchema[Visibility] = Visibility.SHARED

    EXAMPLE: ClassVar[dict[str, Any]] = {"level": 1, "person": 9, "after_days": 3}


EscalationLevelPatch = patch_of(EscalationLevelIn)


class EscalationOut(Schema):
    level: int
    party: int
    person: PersonRefOut
    issue: str
    url: str
    since: datetime
    escalated_at: datetime

    @staticmethod
    def resolve_level(escalation: Escalation) -> int:
        return escalation.level.level

    @staticmethod
    def resolve_party(escalation: Escalation) -> int:
        return escalation.level.owner_party_id

    @staticmethod
    def resolve_person(escalation: Escalation) -> dict | None:
        return _person(escalation.level.person)

    @staticmethod
    def resolve_issue(escalation: Escalation) -> str:
        return escalation.label


# --- Summary ---------------------------------------------------------------------------------


class HeatCellOut(Schema):
    likelihood: int
    impact: int
    score: int
    risks: list[int]


class ContingencyOut(Schema):
    risks_by_score: list[int] = Field(description="Live risks, highest score first.")
    reviews_late: list[int]
    high_without_plan: list[int]
    active_plans: list[int]
    heat_map: list[HeatCellOut]
    exit_plan: int | None
    exit_plan_agreed: bool
    escalations: list[EscalationOut] = Field(description="Issues moved up, newest first.")
    evidence: list[FigureOut]
