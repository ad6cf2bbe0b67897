"""The alignment view, read once for the page and the API alike.

Everything is computed through a `Viewpoint`: the private objectives of the parties it includes
count in their own party's figures, another organization's private objectives appear nowhere and
change no number. Five queries, whatever the size of the partnership (plus one per record kind of
a later practice that measures goals).

Figures, per party:
    objectives   its objectives that are not dropped
    supported    those with a 'supports' link to an agreed goal that is not dropped
    share        supported / objectives (None without objectives); percent rounds it half up
    orphans      objectives with no 'supports' link to any goal that is not dropped
And for the partnership: open conflicts (conflict links not yet resolved), goals not yet agreed
(not dropped; with the parties missing), goals without a KPI the viewer can see (not dropped).
KPIs belong to a later practice: they are found through the goals' reverse relations (a model
that sets MEASURES_GOAL), never imported.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Model, Prefetch, QuerySet

from accord.alignment.models import (
    Endorsement,
    LinkKind,
    Objective,
    ObjectiveLink,
    SharedGoal,
)
from accord.core.models import Party
from accord.core.viewpoint import Viewpoint
from accord.lib.confirm import deletion_note


def percent(part: int, whole: int) -> int | None:
    """part / whole as a whole percent, halves rounded up (1/8 → 13); None when whole is 0."""
    if whole == 0:
        return None
    return (200 * part + whole) // (2 * whole)


def share(part: int, whole: int) -> float | None:
    """part / whole to four decimals; None when whole is 0."""
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class GoalState:
    goal: SharedGoal
    agreed: bool
    missing: list[Party]
    kpis: int  # KPIs (any MEASURES_GOAL record) measuring it, seen from the viewpoint


@dataclass(frozen=True)
class PartyFigures:
    party: Party
    objectives: list[Objective]
    supported: list[Objective]
    orphans: list[Objective]

    @property
    def share(self) -> float | None:
        return share(len(self.supported), len(self.objectives))

    @property
    def percent(self) -> int | None:
        return percent(len(self.supported), len(self.objectives))


@dataclass(frozen=True)
class MatrixRow:
    objective: Objective
    cells: list[ObjectiveLink | None]  # one per goal column, in column order


@dataclass(frozen=True)
class Alignment:
    parties: list[PartyFigures]
    goals: list[GoalState]  # goals not dropped: the matrix's columns
    open_conflicts: list[ObjectiveLink]
    resolved_conflicts: list[ObjectiveLink]
    matrix: list[tuple[Party, list[MatrixRow]]] = field(default_factory=list)
    dropped_goals: list[SharedGoal] = field(default_factory=list)

    @property
    def goals_not_agreed(self) -> list[GoalState]:
        return [state for state in self.goals if not state.agreed]

    @property
    def goals_without_kpi(self) -> list[GoalState]:
        return [state for state in self.goals if state.kpis == 0]

    def figures_of(self, party_id: int) -> PartyFigures | None:
        return next((f for f in self.parties if f.party.pk == party_id), None)


def goals_with_endorsements(viewpoint: Viewpoint) -> QuerySet[SharedGoal]:
    """The partnership's goals with their endorsements and the endorsing parties (3 queries)."""
    endorsements = Endorsement.objects.select_related("party__organization", "endorsed_by")
    return viewpoint.records(SharedGoal.objects.all()).prefetch_related(
        Prefetch("endorsements", queryset=endorsements)
    )


def goal_measures() -> list[tuple[type[Model], str]]:
    """(model, field) of every record kind that measures a shared goal (`MEASURES_GOAL`), found
    through the goals' reverse relations: later practices point here, this one imports none."""
    return [
        (relation.related_model, relation.field.name)
        for relation in SharedGoal._meta.related_objects
        if getattr(relation.related_model, "MEASURES_GOAL", False)
    ]


def visible_kpi_counts(viewpoint: Viewpoint) -> dict[int, int]:
    """How many measures (KPIs) seen from the viewpoint point at each goal."""
    counts: dict[int, int] = {}
    for model, field_name in goal_measures():
        measures = viewpoint.records(
            model._default_manager.filter(**{f"{field_name}__isnull": False})
        )
        rows = measures.values(field_name).annotate(n=Count("id")).order_by()
        for row in rows:
            counts[row[field_name]] = counts.get(row[field_name], 0) + row["n"]
    return counts


def alignment_of(viewpoint: Viewpoint) -> Alignment:
    """The alignment view of the partnership as seen from the viewpoint."""
    objectives = list(viewpoint.records(Objective.objects.all()))
    goals = list(goals_with_endorsements(viewpoint).order_by("title", "id"))
    links = list(viewpoint.records(ObjectiveLink.objects.select_related("resolved_by")))
    kpis = visible_kpi_counts(viewpoint)
    parties = list(viewpoint.parties)

    by_goal = {goal.pk: goal for goal in goals}
    by_objective = {objective.pk: objective for objective in objectives}
    for link in links:  # attach what the page and API show, without more queries
        link.goal = by_goal[link.goal_id]
        link.objective = by_objective[link.objective_id]

    states = [
        GoalState(
            goal, goal.is_agreed(parties), goal.missing_parties(parties), kpis.get(goal.pk, 0)
        )
        for goal in goals
        if not goal.is_dropped
    ]
    agreed = {state.goal.pk for state in states if state.agreed}
    current = {state.goal.pk for state in states}
    supports = [link for link in links if link.kind == LinkKind.SUPPORTS]
    supported_ids = {link.objective_id for link in supports if link.goal_id in agreed}
    anchored_ids = {link.objective_id for link in supports if link.goal_id in current}

    counted = [objective for objective in objectives if not objective.is_dropped]
    figures = [
        PartyFigures(
            party=party,
            objectives=mine,
            supported=[o for o in mine if o.pk in supported_ids],
            orphans=[o for o in mine if o.pk not in anchored_ids],
        )
        for party in parties
        for mine in [[o for o in counted if o.owner_party_id == party.pk]]
    ]
    conflicts = [link for link in links if link.is_conflict]
    return Alignment(
        parties=figures,
        goals=states,
        open_conflicts=[link for link in conflicts if link.resolved_at is None],
        resolved_conflicts=[link for link in conflicts if link.resolved_at is not None],
        matrix=_matrix(figures, [state.goal for state in states], links),
        dropped_goals=[goal for goal in goals if goal.is_dropped],
    )


def goal_state(viewpoint: Viewpoint, goal_id: int) -> GoalState:
    """One goal's agreement and KPI count, as in the alignment view."""
    goal = goals_with_endorsements(viewpoint).get(pk=goal_id)
    parties = list(viewpoint.parties)
    kpis = visible_kpi_counts(viewpoint).get(goal.pk, 0)
    return GoalState(goal, goal.is_agreed(parties), goal.missing_parties(parties), kpis)


def _matrix(
    figures: list[PartyFigures], goals: list[SharedGoal], links: list[ObjectiveLink]
) -> list[tuple[Party, list[MatrixRow]]]:
    cell = {(link.objective_id, link.goal_id): link for link in links}
    return [
        (
            figure.party,
            [
                MatrixRow(objective, [cell.get((objective.pk, goal.pk)) for goal in goals])
                for objective in figure.objectives
            ],
        )
        for figure in figures
    ]


def objective_delete_notes(objectives: list[Objective]) -> dict[int, str]:
    """What deleting each objective also removes (its links, which go with it), as the
    confirmation asks it: one query however many objectives. The links of an objective are
    its own party's, so whoever may delete it sees every one of them."""
    counts = dict(
        ObjectiveLink.objects.filter(objective__in=[o.pk for o in objectives])
        .values_list("objective")
        .annotate(n=Count("id"))
        .values_list("objective", "n")
    )
    return {
        o.pk: deletion_note(f"the objective “{o.title}”", [(counts.get(o.pk, 0), "link", "links")])
        for o in objectives
    }


def goal_delete_note(goal: SharedGoal, parties: Iterable[Party]) -> str:
    """The confirmation of deleting a goal: it is deleted with the links of the deleting parties,
    or dropped (kept) when another party proposed or uses it (decision 0007)."""
    links = ObjectiveLink.objects.filter(goal=goal, owner_party__in=list(parties)).count()
    deleted = deletion_note(f"the goal “{goal.title}”", [(links, "link", "links")])
    return (
        f"{deleted} If another party proposed or uses it, it is dropped instead: kept, marked "
        "dropped, and reversible."
    )
