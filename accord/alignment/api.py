"""API of practice 1: objectives, shared goals, links (standard record API each), plus
endorsements, conflict resolution, the alignment view and suggestions."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from ninja import P, PathEx, Status

from accord.accounts.http import AuthedRequest
from accord.accounts.models import User
from accord.alignment import services
from accord.alignment.models import Endorsement, Objective, ObjectiveLink, SharedGoal
from accord.alignment.schemas import (
    AlignmentOut,
    EndorseIn,
    GoalIn,
    GoalOut,
    GoalPatch,
    LinkIn,
    LinkOut,
    LinkPatch,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePatch,
    ProposeIn,
    ResolutionIn,
    SuggestionOut,
    WithdrawIn,
)
from accord.alignment.selectors import Alignment, GoalState, alignment_of
from accord.alignment.services import linkable_goal, linkable_objective
from accord.alignment.suggestions import Suggestion, suggestions_for
from accord.api.operations import ApiRouter, PartnershipId
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.models import Party
from accord.core.record_api import RecordKind, register_record_api, reread

router = ApiRouter(
    "alignment",
    "Practice 1, alignment: each party's objectives, the shared goals every party endorses, "
    "the links that say which objective a goal supports or conflicts with, and the view of "
    "how well the parties are aligned.",
)
PARTNERSHIP = "/partnerships/{id:partnership_id}"
GoalId = PathEx[int, P(description="The shared goal's id.")]
LinkId = PathEx[int, P(description="The objective link's id.")]


class GoalKind(RecordKind):
    """Goals are read with their endorsements and the partnership's parties (to say who is
    missing), a fixed number of queries for a page of any size."""

    def queryset(self) -> QuerySet:
        parties = Party.objects.select_related("organization")
        endorsements = Endorsement.objects.select_related("party__organization", "endorsed_by")
        return (
            super()
            .queryset()
            .select_related("partnership")
            .prefetch_related(
                Prefetch("partnership__parties", queryset=parties),
                Prefetch("endorsements", queryset=endorsements),
            )
        )


class LinkKind(RecordKind):
    """A link has no owner to choose: it belongs to its objective's party, which must be one
    the caller edits for."""

    def create_from(self, grant: PartnershipAccess, payload: Any, actor: User) -> ObjectiveLink:
        return services.link_create(
            objective=linkable_objective(grant, payload.objective),
            goal=linkable_goal(grant, payload.goal),
            actor=actor,
            kind=payload.kind,
            note=payload.note,
        )

    def create_description(self) -> str:
        return (
            "Links an objective to a shared goal, saying whether it supports or conflicts with "
            "it. The link belongs to the objective's party, which must be one you edit for."
        )


OBJECTIVES = RecordKind(
    "objective",
    Objective,
    ObjectiveOut,
    ObjectiveIn,
    ObjectivePatch,
    services.objective_create,
    update=services.objective_update,
    delete=services.objective_delete,
)
GOALS = GoalKind(
    "goal",
    SharedGoal,
    GoalOut,
    GoalIn,
    GoalPatch,
    services.goal_create,
    update=services.goal_update,
    delete=services.goal_delete,
    kept=services.GOAL_KEPT,
)
LINKS = LinkKind(
    "link",
    ObjectiveLink,
    LinkOut,
    LinkIn,
    LinkPatch,
    services.link_create,
    update=services.link_update,
    delete=services.link_delete,
    related=["objective", "goal", "resolved_by"],
)
for kind in (OBJECTIVES, GOALS, LINKS):
    register_record_api(router, kind)


# --- Endorsements ---------------------------------------------------------------------------

GOAL = f"{PARTNERSHIP}/goals/{{id:goal_id}}"


def _goal(user: User, partnership_id: int, goal_id: int) -> tuple[PartnershipAccess, SharedGoal]:
    grant = access.partnership_access(user, partnership_id, "edit")
    goal = access.record_for(grant, SharedGoal.objects.all(), goal_id, "edit")
    return grant, goal


def _goal_out(goal_id: int) -> SharedGoal:
    return reread(GOALS.queryset(), goal_id)


@router.post(f"{GOAL}/endorsement", response={201: GoalOut})
def goal_endorse(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    goal_id: GoalId,
    payload: EndorseIn | None = None,
) -> Status:
    """Endorse a goal's current wording for your party.

    Endorsing commits your organization: a lead of its team or an admin of the organization
    does it; other team members get 403 `forbidden` (they propose and comment).

    The goal is agreed once every current party endorses its current wording; a change of
    wording clears every endorsement. Answers the goal.
    """
    grant, goal = _goal(request.user, partnership_id, goal_id)
    party = grant.acting_party(payload.organization if payload else None, "bind")
    services.goal_endorse(goal=goal, party=party, actor=request.user)
    return Status(201, _goal_out(goal.pk))


@router.delete(f"{GOAL}/endorsement", response={200: GoalOut})
def goal_withdraw(
    request: AuthedRequest, partnership_id: PartnershipId, goal_id: GoalId, payload: WithdrawIn
) -> SharedGoal:
    """Withdraw your party's endorsement of a goal, with a reason.

    Like endorsing, for a lead of your party's team or an admin of your organization.

    The reason is kept in the audit trail; the goal is no longer agreed. Answers the goal.
    """
    grant, goal = _goal(request.user, partnership_id, goal_id)
    party = grant.acting_party(payload.organization, "bind")
    services.goal_withdraw(goal=goal, party=party, actor=request.user, reason=payload.reason)
    return _goal_out(goal.pk)


# --- Conflict resolution --------------------------------------------------------------------


@router.post(f"{PARTNERSHIP}/links/{{id:link_id}}/resolution", response={200: LinkOut})
def link_resolve(
    request: AuthedRequest, partnership_id: PartnershipId, link_id: LinkId, payload: ResolutionIn
) -> ObjectiveLink:
    """Resolve a conflicting link, saying how.

    A link that says an objective conflicts with a goal stays an open conflict until resolved;
    the resolution is kept on the link. Answers the link.
    """
    grant = access.partnership_access(request.user, partnership_id, "edit")
    links = ObjectiveLink.objects.select_related("owner_party__organization")
    link = access.record_for(grant, links, link_id, "edit")
    services.link_resolve(link=link, actor=request.user, resolution=payload.resolution)
    return reread(links.select_related("objective", "goal", "resolved_by"), link.pk)


# --- Alignment view -------------------------------------------------------------------------


def _ref(record: Objective | SharedGoal) -> dict:
    return {"id": record.pk, "title": record.title}


def _party(party: Party) -> dict:
    return {"id": party.pk, "organization": party.organization}


def _count(records: Sequence[Objective | ObjectiveLink]) -> dict:
    return {"count": len(records), "ids": [record.pk for record in records]}


def _conflicts(links: list[ObjectiveLink]) -> dict:
    items = [
        {
            "id": link.pk,
            "objective": _ref(link.objective),
            "goal": _ref(link.goal),
            "note": link.note,
            "resolved_at": link.resolved_at,
            "resolution": link.resolution,
        }
        for link in links
    ]
    return {**_count(links), "items": items}


def _goal_states(states: list[GoalState]) -> dict:
    items = [
        {
            "goal": _ref(s.goal),
            "agreed": s.agreed,
            "missing": [_party(p) for p in s.missing],
            "kpis": s.kpis,
        }
        for s in states
    ]
    return {"count": len(states), "ids": [s.goal.pk for s in states], "items": items}


def alignment_out(view: Alignment) -> dict:
    return {
        "parties": [
            {
                "party": _party(f.party),
                "objectives": _count(f.objectives),
                "supported": _count(f.supported),
                "share": f.share,
                "percent": f.percent,
                "orphans": _count(f.orphans),
            }
            for f in view.parties
        ],
        "open_conflicts": _conflicts(view.open_conflicts),
        "resolved_conflicts": _conflicts(view.resolved_conflicts),
        "goals_not_agreed": _goal_states(view.goals_not_agreed),
        "goals_without_kpi": _goal_states(view.goals_without_kpi),
        "matrix": {
            "goals": [_ref(s.goal) for s in view.goals],
            "rows": [
                {
                    "objective": _ref(row.objective),
                    "party": party.pk,
                    "cells": [
                        {
                            "goal": state.goal.pk,
                            "link": link.pk if link else None,
                            "kind": link.kind if link else None,
                            "open_conflict": bool(link and link.is_open_conflict),
                        }
                        for state, link in zip(view.goals, row.cells, strict=True)
                    ],
                }
                for party, rows in view.matrix
                for row in rows
            ],
        },
    }


@router.get(f"{PARTNERSHIP}/alignment", response={200: AlignmentOut})
def alignment_get(request: AuthedRequest, partnership_id: PartnershipId) -> dict:
    """Read how well the parties are aligned.

    Figures per party (objectives supported by an agreed goal), open and resolved conflicts,
    goals not yet agreed or without a KPI, and the matrix of objectives against goals: all of
    it as far as you may see.
    """
    grant = access.partnership_access(request.user, partnership_id)
    return alignment_out(alignment_of(grant.viewpoint))


# --- Suggestions ----------------------------------------------------------------------------


def suggestion_out(s: Suggestion) -> dict:
    objectives = [{**_ref(o), "party": _party(o.owner_party)} for o in (s.first, s.second)]
    return {"objectives": objectives, "score": s.score, "shared_words": s.words, "reason": s.reason}


@router.get(f"{PARTNERSHIP}/suggestions", response={200: list[SuggestionOut]})
def suggestion_list(request: AuthedRequest, partnership_id: PartnershipId) -> list[dict]:
    """List suggested pairs of related objectives, best first.

    Pairs of objectives of different parties whose words look related, each with a score and
    the words they share: candidates for a shared goal.
    """
    grant = access.partnership_access(request.user, partnership_id)
    return [suggestion_out(s) for s in suggestions_for(grant.viewpoint)]


@router.post(f"{PARTNERSHIP}/suggestions/goal", response={201: GoalOut})
def suggestion_propose(
    request: AuthedRequest, partnership_id: PartnershipId, payload: ProposeIn
) -> Status:
    """Propose a shared goal from two related objectives.

    A draft goal (open, endorsed by nobody) worded from two objectives of different parties:
    those you may edit get a "supports" link now, the other party's is named in the
    description so that its party can link it. Answers the goal.
    """
    grant = access.partnership_access(request.user, partnership_id, "edit")
    pair = services.proposable_objectives(grant, payload.objectives)
    party = grant.acting_party(payload.organization)
    goal = services.goal_propose(grant=grant, party=party, actor=request.user, objectives=pair)
    return Status(201, _goal_out(goal.pk))
