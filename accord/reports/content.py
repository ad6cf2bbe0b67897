"""What a QBR report says, for a partnership, a quarter and a viewpoint: read through the
practices' selectors and the health check, so a figure in the report is the one the pages show.

`qbr_of(viewpoint, quarter, today)` makes a constant number of queries however many records
there are (pinned in tests/test_query_counts.py of this app). Through `Viewpoint.shared` no
private record enters it; through `Viewpoint.of_party` only that party's own private ones."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from accord.alignment.selectors import GoalState, alignment_of
from accord.communication.models import Update
from accord.communication.selectors import update_records
from accord.contingency.models import ContingencyPlan, Risk
from accord.contingency.selectors import plans_visible, risks_visible
from accord.core.models import Party
from accord.core.viewpoint import Viewpoint
from accord.health.checkup import Health, Recommendation, health_of
from accord.lib.quarters import Quarter
from accord.longterm.models import Milestone, MilestoneStatus
from accord.longterm.selectors import (
    Balance,
    KpiFigures,
    balance_of,
    kpi_list,
    roadmap,
    value_entries,
)
from accord.roles.models import Decision
from accord.roles.selectors import decision_records
from accord.trust.models import KEPT, Commitment, CommitmentStatus
from accord.trust.selectors import commitments

TOP_RECOMMENDATIONS = 3
TOP_RISKS = 5
# Neither kept nor broken: still to deliver, or delivered and disputed by the receiver.
UNSETTLED = (CommitmentStatus.OPEN, CommitmentStatus.DISPUTED)


@dataclass(frozen=True)
class PartyCommitments:
    """A party's promises due in the quarter: kept, broken, still open."""

    party: Party
    kept: list[Commitment]
    broken: list[Commitment]
    open: list[Commitment]

    @property
    def due(self) -> int:
        return len(self.kept) + len(self.broken) + len(self.open)


@dataclass(frozen=True)
class RiskLine:
    risk: Risk
    plans: list[ContingencyPlan]


@dataclass(frozen=True)
class Highlights:
    updates: list[Update]  # posted in the quarter: progress and opportunities
    milestones_done: list[Milestone]


@dataclass(frozen=True)
class NextActions:
    commitments: list[Commitment]  # open, due next quarter
    milestones: list[Milestone]  # not closed, due next quarter


@dataclass(frozen=True)
class Qbr:
    viewpoint: Viewpoint
    quarter: Quarter
    today: date
    health: Health
    kpis: list[KpiFigures]
    goals: list[GoalState]
    commitments: list[PartyCommitments]
    decisions_taken: list[Decision]
    decisions_waiting: list[Decision]
    risks: list[RiskLine]
    value: Balance
    highlights: Highlights
    next_actions: NextActions

    @property
    def recommendations(self) -> list[Recommendation]:
        return list(self.health.recommendations[:TOP_RECOMMENDATIONS])


def qbr_of(viewpoint: Viewpoint, quarter: Quarter, today: date) -> Qbr:
    """The report's content. The health check is taken at the quarter's end, or today while
    the quarter runs."""
    as_of = min(today, quarter.last_day)
    health = health_of(viewpoint, as_of)
    promises = commitments(viewpoint)
    decisions = list(decision_records(viewpoint))
    milestones = _milestones(viewpoint, as_of)
    return Qbr(
        viewpoint=viewpoint,
        quarter=quarter,
        today=today,
        health=health,
        kpis=kpi_list(viewpoint),
        goals=alignment_of(viewpoint).goals,
        commitments=_commitments_by_party(viewpoint.parties, promises, quarter),
        decisions_taken=[
            d for d in decisions if d.decided_at and quarter.holds(d.decided_at.date())
        ],
        decisions_waiting=[d for d in decisions if not d.is_decided],
        risks=_risks(viewpoint),
        value=balance_of(
            list(viewpoint.parties),
            [e for e in value_entries(viewpoint) if quarter.holds(e.occurred_on)],
        ),
        highlights=Highlights(
            updates=[
                u for u in viewpoint.records(update_records()) if quarter.holds(u.posted_at.date())
            ],
            milestones_done=[
                m
                for m in milestones
                if m.status == MilestoneStatus.DONE and quarter.holds(m.completed_on)
            ],
        ),
        next_actions=NextActions(
            commitments=[
                c
                for c in promises
                if c.status == CommitmentStatus.OPEN and quarter.next.holds(c.due_date)
            ],
            milestones=[
                m for m in milestones if not m.is_closed and quarter.next.holds(m.due_date)
            ],
        ),
    )


def _commitments_by_party(
    parties: Iterable[Party], promises: list[Commitment], quarter: Quarter
) -> list[PartyCommitments]:
    due = [c for c in promises if quarter.holds(c.due_date)]
    return [
        PartyCommitments(
            party,
            kept=[c for c in due if c.owner_party_id == party.pk and c.status in KEPT],
            broken=[
                c
                for c in due
                if c.owner_party_id == party.pk and c.status == CommitmentStatus.BROKEN
            ],
            open=[c for c in due if c.owner_party_id == party.pk and c.status in UNSETTLED],
        )
        for party in parties
    ]


def _risks(viewpoint: Viewpoint) -> list[RiskLine]:
    """The live risks with the highest scores, each with its plans."""
    plans: dict[int, list[ContingencyPlan]] = {}
    for plan in plans_visible(viewpoint):
        plans.setdefault(plan.risk_id, []).append(plan)
    live = [risk for risk in risks_visible(viewpoint) if risk.is_live][:TOP_RISKS]
    return [RiskLine(risk, plans.get(risk.pk, [])) for risk in live]


def _milestones(viewpoint: Viewpoint, today: date) -> list[Milestone]:
    plan = roadmap(viewpoint, today)
    return [*plan.past, *plan.now, *plan.next, *plan.later]
