"""Reads of practice 3, shared by pages, API, CSV export and evidence: through a Viewpoint.

`roles_of(viewpoint, today)` reads everything the roles page and the `roles` summary show in a
fixed number of queries: the RACI matrix (activities grouped by workstream, against the parties and
their people), its problems, the rules and whether every party endorses them, the decisions and
those waiting past their deadline, and the expectations.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from accord.accounts.models import User
from accord.core.models import Party, TeamMember, TeamRole
from accord.core.viewpoint import Viewpoint
from accord.roles.models import (
    Activity,
    Assignment,
    Decision,
    DecisionRule,
    Expectation,
    RuleEndorsement,
    Vote,
    Workstream,
    person_name,
    raci_problems,
)


@dataclass(frozen=True)
class Column:
    """A column of the matrix: a whole party (`person` None) or one person of its team."""

    party: Party
    person: User | None

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.party.pk, self.person.pk if self.person else None)

    # Read once per column, not once per cell of the matrix (a related object's lookup costs).
    @cached_property
    def label(self) -> str:
        return person_name(self.person) if self.person else self.party.organization.name

    @cached_property
    def organization(self) -> str:
        return self.party.organization.name


@dataclass(frozen=True)
class Cell:
    """One cell of the matrix: its column and the assignment there, if any."""

    column: Column
    assignment: Assignment | None

    @property
    def letter(self) -> str:
        return self.assignment.letter if self.assignment else ""


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    cells: tuple[Cell, ...]  # one per column
    problems: tuple[str, ...]


@dataclass(frozen=True)
class WorkstreamRows:
    workstream: Workstream
    rows: tuple[ActivityRow, ...]


@dataclass(frozen=True)
class RuleState:
    rule: DecisionRule
    agreed: bool
    missing: tuple[Party, ...]


@dataclass(frozen=True)
class DecisionState:
    decision: Decision
    overdue: bool
    waiting_for: tuple[Party, ...]  # parties that have not given their word yet
    rule_agreed: bool  # its rule is endorsed by every party (else it is flagged)


@dataclass(frozen=True)
class Roles:
    parties: tuple[Party, ...]
    columns: tuple[Column, ...]
    workstreams: tuple[WorkstreamRows, ...]
    rules: tuple[RuleState, ...]
    decisions: tuple[DecisionState, ...]
    expectations: tuple[Expectation, ...]

    @property
    def activities(self) -> list[ActivityRow]:
        return [row for ws in self.workstreams for row in ws.rows]

    @property
    def problems(self) -> list[ActivityRow]:
        return [row for row in self.activities if row.problems]

    @property
    def complete(self) -> list[ActivityRow]:
        return [row for row in self.activities if not row.problems]

    @property
    def overdue(self) -> list[DecisionState]:
        return [d for d in self.decisions if d.overdue]

    @property
    def rules_agreed(self) -> list[RuleState]:
        return [r for r in self.active_rules if r.agreed]

    @property
    def active_rules(self) -> list[RuleState]:
        return [r for r in self.rules if not r.rule.is_dropped]

    @property
    def acknowledged(self) -> list[Expectation]:
        return [e for e in self.expectations if e.is_acknowledged]


def columns_of(parties: tuple[Party, ...]) -> tuple[Column, ...]:
    """Each party, then the people of its team, leads first: the teams a user's grant has
    loaded already, else one query."""
    team = TeamMember.objects.select_related("user")
    prefetch_related_objects(list(parties), Prefetch("team", queryset=team))
    columns: list[Column] = []
    for party in parties:
        columns.append(Column(party, None))
        seats = sorted(party.team.all(), key=lambda s: (s.role != TeamRole.LEAD, s.user.email))
        columns += [Column(party, seat.user) for seat in seats]
    return tuple(columns)


def rule_records(viewpoint: Viewpoint) -> QuerySet[DecisionRule]:
    endorsements = RuleEndorsement.objects.select_related("party__organization", "endorsed_by")
    return viewpoint.records(
        DecisionRule.objects.select_related("owner_party__organization", "lead_party__organization")
    ).prefetch_related(Prefetch("endorsements", queryset=endorsements))


def decision_records(viewpoint: Viewpoint) -> QuerySet[Decision]:
    votes = Vote.objects.select_related("party__organization", "given_by")
    return viewpoint.records(
        Decision.objects.select_related("owner_party__organization", "rule", "supersedes")
    ).prefetch_related(Prefetch("votes", queryset=votes), "superseded_by")


def expectation_records(viewpoint: Viewpoint) -> QuerySet[Expectation]:
    return viewpoint.records(
        Expectation.objects.select_related(
            "owner_party__organization", "toward__organization", "acknowledged_by"
        )
    )


def matrix_of(
    viewpoint: Viewpoint,
) -> tuple[tuple[Column, ...], tuple[WorkstreamRows, ...]]:
    """The columns and the rows of the RACI matrix, in four queries."""
    columns = columns_of(viewpoint.parties)
    index = {column.key: i for i, column in enumerate(columns)}
    workstreams = list(viewpoint.records(Workstream.objects.all()))
    activities = list(viewpoint.records(Activity.objects.all()))
    cells: dict[int, list[Assignment | None]] = {a.pk: [None] * len(columns) for a in activities}
    extra: dict[int, list[Assignment]] = {}
    for assignment in viewpoint.records(Assignment.objects.select_related("person")):
        at = index.get(assignment.column)
        if at is None:  # a person no longer on the team: still counted, shown as a problem
            extra.setdefault(assignment.activity_id, []).append(assignment)
        else:
            cells[assignment.activity_id][at] = assignment
    by_workstream: dict[int, list[ActivityRow]] = {}
    for activity in activities:
        row_cells = tuple(Cell(c, a) for c, a in zip(columns, cells[activity.pk], strict=True))
        letters = [c.letter for c in row_cells if c.letter]
        letters += [a.letter for a in extra.get(activity.pk, [])]
        problems = raci_problems(letters)
        if activity.pk in extra:
            problems.append("An assignment names someone no longer on the team.")
        by_workstream.setdefault(activity.workstream_id, []).append(
            ActivityRow(activity, row_cells, tuple(problems))
        )
    rows = tuple(WorkstreamRows(ws, tuple(by_workstream.get(ws.pk, []))) for ws in workstreams)
    return columns, rows


def roles_of(viewpoint: Viewpoint, today: date) -> Roles:
    """Everything the roles page and summary show, as seen from the viewpoint."""
    parties = viewpoint.parties
    columns, workstreams = matrix_of(viewpoint)
    rules = tuple(
        RuleState(
            rule,
            rule.is_agreed(parties),
            tuple(rule.missing_parties(parties)),
        )
        for rule in rule_records(viewpoint)
    )
    agreed = {state.rule.pk for state in rules if state.agreed}
    decisions = []
    for decision in decision_records(viewpoint):
        voted = {v.party_id for v in decision.votes.all()}
        waiting = () if decision.is_decided else tuple(p for p in parties if p.pk not in voted)
        decisions.append(
            DecisionState(decision, decision.is_overdue(today), waiting, decision.rule_id in agreed)
        )
    return Roles(
        parties=parties,
        columns=columns,
        workstreams=workstreams,
        rules=rules,
        decisions=tuple(decisions),
        expectations=tuple(expectation_records(viewpoint)),
    )
