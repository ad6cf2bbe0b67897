"""API of practice 5: risks, contingency plans and the exit plan (the standard record API each),
plus activating, resolving and re-arming a plan, its checklist, endorsing the exit plan, and
the `contingency` summary with the heat map and the evidence figures."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from ninja import P, PathEx, Status

from accord.accounts.http import AuthedRequest
from accord.accounts.models import User
from accord.api.api import conflict, conflict_schema
from accord.api.lists import Listing
from accord.api.operations import ApiRouter, PartnershipId
from accord.contingency import selectors, services
from accord.contingency.evidence import evidence_of
from accord.contingency.models import (
    ContingencyPlan,
    EscalationLevel,
    ExitPlan,
    ExitPlanEndorsement,
    PlanAction,
    PlanActivation,
    Risk,
)
from accord.contingency.schemas import (
    ActionDoneIn,
    ActivateIn,
    ContingencyOut,
    EndorseIn,
    EscalationLevelIn,
    EscalationLevelOut,
    EscalationLevelPatch,
    ExitPlanIn,
    ExitPlanOut,
    ExitPlanPatch,
    PlanIn,
    PlanOut,
    PlanPatch,
    PlanStepIn,
    RearmIn,
    ResolveIn,
    RiskIn,
    RiskOut,
    RiskPatch,
    WithdrawIn,
)
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.models import Party
from accord.core.record_api import RECORD_ORDERINGS, RecordKind, register_record_api, reread

router = ApiRouter(
    "contingency",
    "Practice 5, plan for contingencies: the risk register (likelihood x impact, owner, "
    "mitigation, review date), contingency plans with their trigger (manual, a date, a KPI "
    "threshold), checklist and activation log, and the exit plan every party endorses.",
)
PARTNERSHIP = "/partnerships/{id:partnership_id}"
PlanId = PathEx[int, P(description="The contingency plan's id.")]
ActionId = PathEx[int, P(description="The action's id, in its plan's checklist.")]
ExitPlanId = PathEx[int, P(description="The exit plan's id.")]


class RiskKind(RecordKind):
    """Risks also sort by score (likelihood x impact, computed by the database)."""

    def listing(self) -> Listing:
        listing = super().listing()
        return Listing(
            orderings={**RECORD_ORDERINGS, "score": "score"},
            filters=listing.filters,
        )


class PlanKind(RecordKind):
    def queryset(self) -> QuerySet:
        actions = PlanAction.objects.select_related("party__organization", "person")
        activations = PlanActivation.objects.select_related("activated_by")
        return (
            super()
            .queryset()
            .prefetch_related(
                Prefetch("actions", queryset=actions),
                Prefetch("activations", queryset=activations),
            )
        )


class ExitPlanKind(RecordKind):
    """The exit plan is read with its endorsements and the partnership's parties."""

    def queryset(self) -> QuerySet:
        parties = Party.objects.select_related("organization")
        endorsements = ExitPlanEndorsement.objects.select_related(
            "party__organization", "endorsed_by"
        )
        return (
            super()
            .queryset()
            .select_related("partnership")
            .prefetch_related(
                Prefetch("partnership__parties", queryset=parties),
                Prefetch("endorsements", queryset=endorsements),
            )
        )

    def create_description(self) -> str:
        return (
            "Writes the partnership's exit plan (one per partnership: 400 if there is one). "
            "Every party then endorses it; any change of its wording clears the endorsements."
        )


RISKS = RiskKind(
    "risk",
    Risk,
    RiskOut,
    RiskIn,
    RiskPatch,
    services.risk_create,
    update=services.risk_update,
    delete=services.risk_delete,
    related=["owner_person"],
)
PLANS = PlanKind(
    "plan",
    ContingencyPlan,
    PlanOut,
    PlanIn,
    PlanPatch,
    services.plan_create,
    update=services.plan_update,
    delete=services.plan_delete,
)
EXIT_PLANS = ExitPlanKind(
    "exit_plan",
    ExitPlan,
    ExitPlanOut,
    ExitPlanIn,
    ExitPlanPatch,
    services.exit_plan_create,
    update=services.exit_plan_update,
    delete=services.exit_plan_delete,
)
ESCALATION_LEVELS = RecordKind(
    "escalation_level",
    EscalationLevel,
    EscalationLevelOut,
    EscalationLevelIn,
    EscalationLevelPatch,
    services.escalation_level_create,
    update=services.escalation_level_update,
    related=["person"],
)
for kind in (RISKS, PLANS, EXIT_PLANS, ESCALATION_LEVELS):
    register_record_api(router, kind)


# --- Activating, resolving, re-arming a plan -------------------------------------------------

PLAN = f"{PARTNERSHIP}/plans/{{id:plan_id}}"


def _plan(user: User, partnership_id: int, plan_id: int) -> ContingencyPlan:
    grant = access.partnership_access(user, partnership_id, "edit")
    return access.record_for(grant, ContingencyPlan.objects.all(), plan_id, "edit")


def _plan_now(plan: ContingencyPlan) -> ContingencyPlan:
    """The plan as saved now, with its checklist and log, for the answer."""
    return reread(PLANS.queryset(), plan.pk)


@router.post(f"{PLAN}/activation", response={200: PlanOut, 409: conflict_schema(PlanOut)})
def plan_activate(
    request: AuthedRequest, partnership_id: PartnershipId, plan_id: PlanId, payload: ActivateIn
) -> Any:
    """Activate an armed plan by hand, saying why.

    By a contributor of the plan's party. The activation is logged (when, why, by whom) and
    audited; an active or resolved plan is refused (400): a plan fires once until it is
    resolved and re-armed. With `version`, 409 if the plan changed since. Answers the plan.
    """
    plan = _plan(request.user, partnership_id, plan_id)
    try:
        services.plan_activate(
            plan=plan, actor=request.user, reason=payload.reason, expected_version=payload.version
        )
    except StaleEdit as stale:
        return conflict(request, stale, PlanOut)
    return _plan_now(plan)


@router.post(f"{PLAN}/resolution", response={200: PlanOut, 409: conflict_schema(PlanOut)})
def plan_resolve(
    request: AuthedRequest, partnership_id: PartnershipId, plan_id: PlanId, payload: ResolveIn
) -> Any:
    """Resolve an active plan, saying how it ended.

    Only an active plan is resolved (400 otherwise); it stays silent until re-armed. Answers
    the plan.
    """
    plan = _plan(request.user, partnership_id, plan_id)
    try:
        services.plan_resolve(
            plan=plan,
            actor=request.user,
            resolution=payload.resolution,
            expected_version=payload.version,
        )
    except StaleEdit as stale:
        return conflict(request, stale, PlanOut)
    return _plan_now(plan)


@router.post(f"{PLAN}/rearm", response={200: PlanOut, 409: conflict_schema(PlanOut)})
def plan_rearm(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    plan_id: PlanId,
    payload: RearmIn | None = None,
) -> Any:
    """Arm a resolved plan again.

    Its trigger fires it the next time it holds (at the next evaluation if it holds now); its
    checklist is unticked. Only a resolved plan is re-armed (400 otherwise). Answers the plan.
    """
    plan = _plan(request.user, partnership_id, plan_id)
    try:
        services.plan_rearm(
            plan=plan, actor=request.user, expected_version=payload.version if payload else None
        )
    except StaleEdit as stale:
        return conflict(request, stale, PlanOut)
    return _plan_now(plan)


# --- The checklist ----------------------------------------------------------------------------


@router.post(f"{PLAN}/actions", response={201: PlanOut})
def plan_action_add(
    request: AuthedRequest, partnership_id: PartnershipId, plan_id: PlanId, payload: PlanStepIn
) -> Status:
    """Add a step to the plan's checklist, owned by a party (and a person of its team).

    By a contributor of the plan's party; a private plan's steps are its party's. Answers the
    plan.
    """
    plan = _plan(request.user, partnership_id, plan_id)
    services.plan_action_add(
        plan=plan,
        actor=request.user,
        text=payload.text,
        party=payload.party,
        person=payload.person,
    )
    return Status(201, _plan_now(plan))


def _action(
    user: User, partnership_id: int, plan_id: int, action_id: int
) -> tuple[PartnershipAccess, PlanAction]:
    grant = access.partnership_access(user, partnership_id, "edit")
    plan = access.record_for(grant, ContingencyPlan.objects.all(), plan_id)
    action = PlanAction.objects.filter(pk=action_id, plan=plan).select_related("plan").first()
    if action is None:
        raise access.no_such_record()
    return grant, action


@router.post(f"{PLAN}/actions/{{id:action_id}}/done", response={200: PlanOut})
def plan_action_done(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    plan_id: PlanId,
    action_id: ActionId,
    payload: ActionDoneIn,
) -> ContingencyPlan:
    """Tick a step done (or, with `done` false, untick it).

    By a contributor of the party that owns the step, or of the plan's party. The first step
    ticked while the plan is active answers its activation. Answers the plan.
    """
    grant, action = _action(request.user, partnership_id, plan_id, action_id)
    party = grant.acting_party(payload.organization)
    services.plan_action_done(action=action, party=party, actor=request.user, done=payload.done)
    return _plan_now(action.plan)


@router.delete(f"{PLAN}/actions/{{id:action_id}}", response={200: PlanOut})
def plan_action_delete(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    plan_id: PlanId,
    action_id: ActionId,
) -> ContingencyPlan:
    """Remove a step from the plan's checklist.

    By a contributor of the plan's party. Answers the plan.
    """
    plan = _plan(request.user, partnership_id, plan_id)
    _, action = _action(request.user, partnership_id, plan_id, action_id)
    services.plan_action_delete(action=action, actor=request.user)
    return _plan_now(plan)


# --- Endorsing the exit plan ------------------------------------------------------------------

EXIT = f"{PARTNERSHIP}/exit_plans/{{id:exit_plan_id}}"


def _exit_plan(
    user: User, partnership_id: int, exit_plan_id: int
) -> tuple[PartnershipAccess, ExitPlan]:
    grant = access.partnership_access(user, partnership_id, "edit")
    return grant, access.record_for(grant, ExitPlan.objects.all(), exit_plan_id, "edit")


@router.post(f"{EXIT}/endorsement", response={201: ExitPlanOut})
def exit_plan_endorse(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    exit_plan_id: ExitPlanId,
    payload: EndorseIn | None = None,
) -> Status:
    """Endorse the exit plan's current wording for your party.

    Agreed once every current party endorses it; a change of its wording clears every
    endorsement. Given by someone who may bind the party (403 otherwise). Answers the exit plan.
    """
    grant, exit_plan = _exit_plan(request.user, partnership_id, exit_plan_id)
    party = access.binding_party(grant, payload.organization if payload else None)
    services.exit_plan_endorse(exit_plan=exit_plan, party=party, actor=request.user)
    return Status(201, reread(EXIT_PLANS.queryset(), exit_plan.pk))


@router.delete(f"{EXIT}/endorsement", response={200: ExitPlanOut})
def exit_plan_withdraw(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    exit_plan_id: ExitPlanId,
    payload: WithdrawIn,
) -> ExitPlan:
    """Withdraw your party's endorsement of the exit plan, with a reason.

    Given by someone who may bind the party. Answers the exit plan.
    """
    grant, exit_plan = _exit_plan(request.user, partnership_id, exit_plan_id)
    party = access.binding_party(grant, payload.organization)
    services.exit_plan_withdraw(
        exit_plan=exit_plan, party=party, actor=request.user, reason=payload.reason
    )
    return reread(EXIT_PLANS.queryset(), exit_plan.pk)


# --- Summary --------------------------------------------------------------------------------


def contingency_out(contingency: selectors.Contingency) -> dict:
    figures = evidence_of(contingency)
    return {
        "risks_by_score": [
            row.risk.pk
            for row in sorted(contingency.live, key=lambda r: (-r.risk.score, r.risk.pk))
        ],
        "reviews_late": [row.risk.pk for row in contingency.late_reviews],
        "high_without_plan": [row.risk.pk for row in contingency.high_without_plan],
        "active_plans": [state.plan.pk for state in contingency.active_plans],
        "heat_map": [
            {
                "likelihood": likelihood,
                "impact": impact,
                "score": likelihood * impact,
                "risks": [risk.pk for risk in risks],
            }
            for (likelihood, impact), risks in sorted(contingency.heat.items())
        ],
        "exit_plan": contingency.exit_plan.pk if contingency.exit_plan else None,
        "exit_plan_agreed": contingency.exit_plan_agreed,
        "escalations": contingency.escalations,
        "evidence": figures.figures,
    }


@router.get(f"{PARTNERSHIP}/contingency", response={200: ContingencyOut})
def contingency_get(request: AuthedRequest, partnership_id: PartnershipId) -> dict:
    """Read the contingency summary.

    The live risks by score, those past their review date, high risks (score ≥ 15) without a
    plan, the active plans, the 5 x 5 heat map (the live risks in each cell), whether the exit
    plan is agreed, the issues escalated, and the practice's evidence figures: all as far as
    you may see.
    """
    grant = access.partnership_access(request.user, partnership_id)
    return contingency_out(selectors.contingency_of(grant.viewpoint, timezone.localdate()))
