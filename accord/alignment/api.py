"""API of practice 1: objectives, shared goals, links (standard record API each), plus
endorsements, conflict resolution, the alignment view and suggestions."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from ninja import Router, Status

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
from accord.alignment.selectors import Alignment, alignment_of
from accord.alignment.services import (
    GOAL_KEPT,
    goal_create,
    goal_delete,
    goal_endorse,
    goal_propose,
    goal_update,
    goal_withdraw,
    link_create,
    link_delete,
    link_resolve,
    link_update,
    linkable_goal,
    linkable_objective,
    objective_create,
    objective_delete,
    objective_update,
    proposable_objectives,
)
from accord.alignment.suggestions import Suggestion, suggestions_for
from accord.api.api import ERRORS
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.models import Party
from accord.core.record_api import RecordKind, register_record_api, reread

router = Router(tags=["alignment"])
TAGS = ["alignment"]
PARTNERSHIP = "/partnerships/{id:partnership_id}"


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


register_record_api(
    router,
    RecordKind(
        name="objective",
        path="objectives",
        model=Objective,
        out=ObjectiveOut,
        create_in=ObjectiveIn,
        patch_in=ObjectivePatch,
        create=objective_create,
        update=objective_update,
        delete=objective_delete,
        tag="alignment",
    ),
)

GOALS = GoalKind(
    name="goal",
    path="goals",
    model=SharedGoal,
    out=GoalOut,
    create_in=GoalIn,
    patch_in=GoalPatch,
    create=goal_create,
    update=goal_update,
    delete=goal_delete,
    tag="alignment",
    kept=GOAL_KEPT,
)
register_record_api(router, GOALS)


class LinkKind(RecordKind):
    """A link has no owner to choose: it belongs to its objective's party, which must be one
    the caller edits for."""

    def create_from(self, grant: PartnershipAccess, payload: Any, actor) -> ObjectiveLink:
        return link_create(
            objective=linkable_objective(grant, payload.objective),
            goal=linkable_goal(grant, payload.goal),
            actor=actor,
            kind=payload.kind,
            note=payload.note,
        )


register_record_api(
    router,
    LinkKind(
        name="link",
        path="links",
        model=ObjectiveLink,
        out=LinkOut,
        create_in=LinkIn,
        patch_in=LinkPatch,
        create=link_create,
        update=link_update,
        delete=link_delete,
        related=["objective", "goal", "resolved_by"],
        tag="alignment",
    ),
)


# --- Endorsements ---------------------------------------------------------------------------

GOAL = f"{PARTNERSHIP}/goals/{{id:goal_id}}"


def _goal(request, partnership_id: int, goal_id: int) -> tuple[PartnershipAccess, SharedGoal]:
    grant = access.partnership_access(request.user, partnership_id, "edit")
    goal = access.record_for(grant, SharedGoal.objects.all(), goal_id, "edit")
    return grant, goal


def _goal_out(goal_id: int) -> SharedGoal:
    return reread(GOALS.queryset(), goal_id)


@router.post(
    f"{GOAL}/endorsement",
    response={201: GoalOut, **ERRORS},
    url_name="goal_endorse",
    tags=TAGS,
    summary="Endorse a goal's current wording for your party",
)
def endorse_goal(request, partnership_id: int, goal_id: int, payload: EndorseIn | None = None):
    grant, goal = _goal(request, partnership_id, goal_id)
    party = grant.acting_party(payload.organization if payload else None)
    goal_endorse(goal=goal, party=party, actor=request.user)
    return Status(201, _goal_out(goal.pk))


@router.delete(
    f"{GOAL}/endorsement",
    response={200: GoalOut, **ERRORS},
    url_name="goal_withdraw",
    tags=TAGS,
    summary="Withdraw your party's endorsement, with a reason",
)
def withdraw_goal(request, partnership_id: int, goal_id: int, payload: WithdrawIn):
    grant, goal = _goal(request, partnership_id, goal_id)
    party = grant.acting_party(payload.organization)
    goal_withdraw(goal=goal, party=party, actor=request.user, reason=payload.reason)
    return _goal_out(goal.pk)


# --- Conflict resolution --------------------------------------------------------------------


@router.post(
    f"{PARTNERSHIP}/links/{{id:link_id}}/resolution",
    response={200: LinkOut, **ERRORS},
    url_name="link_resolve",
    tags=TAGS,
    summary="Resolve a conflict, saying how",
)
def resolve_link(request, partnership_id: int, link_id: int, payload: ResolutionIn):
    grant = access.partnership_access(request.user, partnership_id, "edit")
    links = ObjectiveLink.objects.select_related("owner_party__organization")
    link = access.record_for(grant, links, link_id, "edit")
    link_resolve(link=link, actor=request.user, resolution=payload.resolution)
    return reread(links.select_related("objective", "goal", "resolved_by"), link.pk)


# --- Alignment view -------------------------------------------------------------------------


def _ref(record) -> dict:
    return {"id": record.pk, "title": record.title}


def _party(party: Party) -> dict:
    return {"id": party.pk, "organization": party.organization}


def _count(records) -> dict:
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


def _goal_states(states) -> dict:
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


@router.get(
    f"{PARTNERSHIP}/alignment",
    response={200: AlignmentOut, **ERRORS},
    url_name="alignment",
    tags=TAGS,
    summary="The alignment view: figures per party, conflicts, goals to agree, the matrix",
)
def alignment(request, partnership_id: int):
    grant = access.partnership_access(request.user, partnership_id)
    return alignment_out(alignment_of(grant.viewpoint))


# --- Suggestions ----------------------------------------------------------------------------


def suggestion_out(s: Suggestion) -> dict:
    objectives = [{**_ref(o), "party": _party(o.owner_party)} for o in (s.first, s.second)]
    return {"objectives": objectives, "score": s.score, "shared_words": s.words, "reason": s.reason}


@router.get(
    f"{PARTNERSHIP}/suggestions",
    response={200: list[SuggestionOut], **ERRORS},
    url_name="suggestions",
    tags=TAGS,
    summary="Pairs of objectives of different parties that look related, best first",
)
def suggestions(request, partnership_id: int):
    grant = access.partnership_access(request.user, partnership_id)
    return [suggestion_out(s) for s in suggestions_for(grant.viewpoint)]


@router.post(
    f"{PARTNERSHIP}/suggestions/goal",
    response={201: GoalOut, **ERRORS},
    url_name="suggestion_propose",
    tags=TAGS,
    summary="Propose a shared goal from two related objectives",
)
def propose_goal(request, partnership_id: int, payload: ProposeIn):
    grant = access.partnership_access(request.user, partnership_id, "edit")
    pair = proposable_objectives(grant, payload.objectives)
    party = grant.acting_party(payload.organization)
    goal = goal_propose(grant=grant, party=party, actor=request.user, objectives=pair)
    return Status(201, _goal_out(goal.pk))
