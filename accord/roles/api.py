"""API of practice 3: workstreams, activities, RACI assignments, decision rules, decisions and
expectations (the standard record API each), plus setting one cell of the matrix, endorsing a
rule, approving or objecting to a decision, superseding one, acknowledging an expectation, and
the `roles` summary with the evidence figures."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from ninja import P, PathEx, Status

from accord.accounts.http import AuthedRequest
from accord.accounts.models import User
from accord.api.api import conflict, conflict_schema
from accord.api.operations import ApiRouter, PartnershipId
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.models import Party
from accord.core.record_api import RecordKind, register_record_api, reread
from accord.roles import services
from accord.roles.evidence import evidence_of
from accord.roles.models import (
    Activity,
    Assignment,
    Decision,
    DecisionRule,
    Expectation,
    RuleEndorsement,
    Verdict,
    Vote,
    Workstream,
    raci_problems,
)
from accord.roles.schemas import (
    AcknowledgeIn,
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    AssignmentIn,
    AssignmentOut,
    AssignmentPatch,
    CellIn,
    CellOut,
    DecisionIn,
    DecisionOut,
    DecisionPatch,
    EndorseIn,
    ExpectationIn,
    ExpectationOut,
    ExpectationPatch,
    RolesOut,
    RuleIn,
    RuleOut,
    RulePatch,
    SupersedeIn,
    VoteIn,
    WithdrawIn,
    WorkstreamIn,
    WorkstreamOut,
    WorkstreamPatch,
)
from accord.roles.selectors import Roles, roles_of

router = ApiRouter(
    "roles",
    "Practice 3, roles and responsibilities: workstreams and activities with their RACI "
    "assignments, the decision rules every party endorses, decisions taken under them by the "
    "parties' approvals and objections, and what each party expects of the other.",
)
PARTNERSHIP = "/partnerships/{id:partnership_id}"
ActivityId = PathEx[int, P(description="The activity's id.")]
RuleId = PathEx[int, P(description="The decision rule's id.")]
DecisionId = PathEx[int, P(description="The decision's id.")]
ExpectationId = PathEx[int, P(description="The expectation's id.")]


class AssignmentKind(RecordKind):
    """The column's party is the payload's `party`; the assignment is the acting party's."""

    def create_from(self, grant: PartnershipAccess, payload: Any, actor: User) -> Assignment:
        return services.assignment_create(
            party=grant.acting_party(payload.organization),
            actor=actor,
            activity=payload.activity,
            column_party=payload.party,
            person=payload.person,
            letter=payload.letter,
        )

    def create_description(self) -> str:
        return (
            "Gives a person of a party's team (or, without `person`, the whole party) a letter "
            "R, A, C or I for an activity. One letter per activity and column: change the one "
            "there. Rule problems (no Accountable, two, no Responsible) are shown, not refused."
        )


class RuleKindApi(RecordKind):
    """Rules are read with their endorsements and the partnership's parties."""

    def queryset(self) -> QuerySet:
        parties = Party.objects.select_related("organization")
        endorsements = RuleEndorsement.objects.select_related("party__organization", "endorsed_by")
        return (
            super()
            .queryset()
            .select_related("partnership")
            .prefetch_related(
                Prefetch("partnership__parties", queryset=parties),
                Prefetch("endorsements", queryset=endorsements),
            )
        )


class DecisionKind(RecordKind):
    def queryset(self) -> QuerySet:
        votes = Vote.objects.select_related("party__organization", "given_by")
        return super().queryset().prefetch_related(Prefetch("votes", queryset=votes))


WORKSTREAMS = RecordKind(
    "workstream",
    Workstream,
    WorkstreamOut,
    WorkstreamIn,
    WorkstreamPatch,
    services.workstream_create,
    delete=services.workstream_delete,
)
ACTIVITIES = RecordKind(
    "activity",
    Activity,
    ActivityOut,
    ActivityIn,
    ActivityPatch,
    services.activity_create,
    delete=services.activity_delete,
    path="activities",
)
ASSIGNMENTS = AssignmentKind(
    "assignment",
    Assignment,
    AssignmentOut,
    AssignmentIn,
    AssignmentPatch,
    services.assignment_create,
    update=services.assignment_update,
    delete=services.assignment_delete,
    related=["party__organization", "person"],
)
RULES = RuleKindApi(
    "rule",
    DecisionRule,
    RuleOut,
    RuleIn,
    RulePatch,
    services.rule_create,
    update=services.rule_update,
    delete=services.rule_delete,
    related=["lead_party__organization"],
    kept=services.RULE_KEPT,
)
DECISIONS = DecisionKind(
    "decision",
    Decision,
    DecisionOut,
    DecisionIn,
    DecisionPatch,
    services.decision_create,
    update=services.decision_update,
    delete=services.decision_delete,
)
EXPECTATIONS = RecordKind(
    "expectation",
    Expectation,
    ExpectationOut,
    ExpectationIn,
    ExpectationPatch,
    services.expectation_create,
    update=services.expectation_update,
    delete=services.expectation_delete,
    related=["toward__organization", "acknowledged_by"],
)
for kind in (WORKSTREAMS, ACTIVITIES, ASSIGNMENTS, RULES, DECISIONS, EXPECTATIONS):
    register_record_api(router, kind)


# --- One cell of the matrix -----------------------------------------------------------------


@router.put(
    f"{PARTNERSHIP}/activities/{{id:activity_id}}/raci",
    response={200: CellOut, 409: conflict_schema(AssignmentOut)},
)
def raci_set(
    request: AuthedRequest, partnership_id: PartnershipId, activity_id: ActivityId, payload: CellIn
) -> Any:
    """Set one cell of the RACI matrix.

    The cell of a party (or one person of its team) for an activity takes the letter sent, or
    is emptied by none. Send the `version` of the assignment you saw there (none if it was
    empty): if it changed since, nothing is saved and the answer is 409 with the assignment as
    it is now. Answers the cell and the activity's rule problems.
    """
    grant = access.partnership_access(request.user, partnership_id, "edit")
    activity = access.record_for(grant, Activity.objects.all(), activity_id, "edit")
    party = grant.acting_party(payload.organization)
    try:
        assignment = services.cell_set(
            party=party,
            actor=request.user,
            activity=activity,
            column_party=payload.party,
            person=payload.person,
            letter=payload.letter or "",
            expected_version=payload.version,
        )
    except StaleEdit as stale:
        return conflict(request, stale, AssignmentOut)
    # Read as the matrix reads them: another organization's private cells count only for it.
    cells = grant.viewpoint.records(Assignment.objects.filter(activity=activity))
    letters = cells.values_list("letter", flat=True)
    current = reread(ASSIGNMENTS.queryset(), assignment.pk) if assignment else None
    return {
        "activity": activity.pk,
        "assignment": current,
        "problems": raci_problems(list(letters)),
    }


# --- Endorsing a rule -----------------------------------------------------------------------

RULE = f"{PARTNERSHIP}/rules/{{id:rule_id}}"


def _rule(user: User, partnership_id: int, rule_id: int) -> tuple[PartnershipAccess, DecisionRule]:
    grant = access.partnership_access(user, partnership_id, "edit")
    rule = access.record_for(grant, DecisionRule.objects.all(), rule_id, "edit")
    return grant, rule


@router.post(f"{RULE}/endorsement", response={201: RuleOut})
def rule_endorse(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    rule_id: RuleId,
    payload: EndorseIn | None = None,
) -> Status:
    """Endorse a decision rule's current wording for your party.

    A rule is in force once every current party endorses its current wording; a change of
    wording clears every endorsement. Given by someone who may bind the party. Answers the rule.
    """
    grant, rule = _rule(request.user, partnership_id, rule_id)
    party = access.binding_party(grant, payload.organization if payload else None)
    services.rule_endorse(rule=rule, party=party, actor=request.user)
    return Status(201, reread(RULES.queryset(), rule.pk))


@router.delete(f"{RULE}/endorsement", response={200: RuleOut})
def rule_withdraw(
    request: AuthedRequest, partnership_id: PartnershipId, rule_id: RuleId, payload: WithdrawIn
) -> DecisionRule:
    """Withdraw your party's endorsement of a rule, with a reason.

    The rule is no longer in force for new decisions until every party endorses it again.
    Answers the rule.
    """
    grant, rule = _rule(request.user, partnership_id, rule_id)
    party = access.binding_party(grant, payload.organization)
    services.rule_withdraw(rule=rule, party=party, actor=request.user, reason=payload.reason)
    return reread(RULES.queryset(), rule.pk)


# --- Approving, objecting, superseding ------------------------------------------------------

DECISION = f"{PARTNERSHIP}/decisions/{{id:decision_id}}"


def _decision(
    user: User, partnership_id: int, decision_id: int
) -> tuple[PartnershipAccess, Decision]:
    grant = access.partnership_access(user, partnership_id, "edit")
    decision = access.record_for(grant, Decision.objects.select_related("rule"), decision_id)
    return grant, decision


def _vote(
    request: AuthedRequest, partnership_id: int, decision_id: int, payload: VoteIn, verdict: str
) -> Decision:
    grant, decision = _decision(request.user, partnership_id, decision_id)
    party = access.binding_party(grant, payload.organization)
    services.decision_vote(
        decision=decision, party=party, actor=request.user, verdict=verdict, comment=payload.comment
    )
    return reread(DECISIONS.queryset(), decision.pk)


@router.post(f"{DECISION}/approval", response={200: DecisionOut})
def decision_approve(
    request: AuthedRequest, partnership_id: PartnershipId, decision_id: DecisionId, payload: VoteIn
) -> Decision:
    """Approve a decision for your party.

    Given by someone who may bind the party. The outcome follows the decision's rule and is
    recorded with its rationale once reached; a decided decision takes no more votes (400).
    Answers the decision.
    """
    return _vote(request, partnership_id, decision_id, payload, Verdict.APPROVE)


@router.post(f"{DECISION}/objection", response={200: DecisionOut})
def decision_object(
    request: AuthedRequest, partnership_id: PartnershipId, decision_id: DecisionId, payload: VoteIn
) -> Decision:
    """Object to a decision for your party, saying why.

    As for an approval; the `comment` is required. Answers the decision.
    """
    return _vote(request, partnership_id, decision_id, payload, Verdict.OBJECT)


@router.post(f"{DECISION}/supersession", response={201: DecisionOut})
def decision_supersede(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    decision_id: DecisionId,
    payload: SupersedeIn,
) -> Status:
    """Supersede a decided decision with a new proposal.

    A decided decision is never edited: a new one under the same rule points back to it and is
    decided afresh. Answers the new decision.
    """
    grant, decision = _decision(request.user, partnership_id, decision_id)
    party = grant.acting_party(payload.organization)
    new = services.decision_supersede(
        decision=decision,
        party=party,
        actor=request.user,
        title=payload.title,
        proposal=payload.proposal,
        deadline=payload.deadline,
    )
    return Status(201, reread(DECISIONS.queryset(), new.pk))


# --- Acknowledging an expectation -----------------------------------------------------------


@router.post(
    f"{PARTNERSHIP}/expectations/{{id:expectation_id}}/acknowledgement",
    response={200: ExpectationOut},
)
def expectation_acknowledge(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    expectation_id: ExpectationId,
    payload: AcknowledgeIn | None = None,
) -> Expectation:
    """Acknowledge an expectation addressed to your party.

    Only the party it is toward acknowledges it (400 for its writer); a change of its wording
    asks for a new acknowledgement. Answers the expectation.
    """
    grant = access.partnership_access(request.user, partnership_id, "edit")
    expectation = access.record_for(grant, Expectation.objects.all(), expectation_id)
    party = access.binding_party(grant, payload.organization if payload else None)
    services.expectation_acknowledge(expectation=expectation, party=party, actor=request.user)
    return reread(EXPECTATIONS.queryset(), expectation.pk)


# --- Summary --------------------------------------------------------------------------------


def roles_out(roles: Roles, figures: Any) -> dict:
    def row(r: Any) -> dict:
        return {
            "activity": r.activity.pk,
            "title": r.activity.title,
            "workstream": r.activity.workstream_id,
            "letters": [c.letter or None for c in r.cells],
            "problems": list(r.problems),
        }

    return {
        "columns": [
            {
                "party": c.party.pk,
                "person": {"id": c.person.pk, "name": c.label} if c.person else None,
                "label": c.label,
                "organization": c.organization,
            }
            for c in roles.columns
        ],
        "rows": [row(r) for r in roles.activities],
        "problems": [row(r) for r in roles.problems],
        "overdue_decisions": [d.decision.pk for d in roles.overdue],
        "rules_not_agreed": [r.rule.pk for r in roles.active_rules if not r.agreed],
        "expectations_unacknowledged": [e.pk for e in roles.expectations if not e.is_acknowledged],
        "evidence": figures.figures,
    }


@router.get(f"{PARTNERSHIP}/roles", response={200: RolesOut})
def roles_get(request: AuthedRequest, partnership_id: PartnershipId) -> dict:
    """Read the roles summary.

    The RACI matrix (columns: each party and the people of its team; rows: activities with
    their letters), the activities breaking the RACI rules, decisions waiting past their
    deadline, rules not yet endorsed by every party, expectations not yet acknowledged, and the
    practice's evidence figures: all as far as you may see.
    """
    grant = access.partnership_access(request.user, partnership_id)
    roles = roles_of(grant.viewpoint, timezone.localdate())
    return roles_out(roles, evidence_of(roles))
