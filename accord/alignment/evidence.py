"""Practice 1's evidence for the health check, from the same selector as the alignment view.

objectives_covered  objectives (not dropped) with a 'supports' link to an agreed goal, out of
                    all objectives (not dropped); per owning party
goals_agreed        goals (not dropped) endorsed by every party, out of all goals; per party:
                    the goals that party endorses
open_conflicts      conflict links not yet resolved; per party owning the conflicting objective
goals_without_kpi   goals (not dropped) that no KPI seen from the viewpoint measures; joint

Scored (decision 0026): objectives covered (weight 2), goals agreed (1), objectives free of an
open conflict (2, out of the objectives), goals with a KPI (1).
"""

from datetime import date

from accord.alignment.selectors import alignment_of
from accord.core.evidence import Evidence, Figure, PartyFigure, Reading, per_party, refs
from accord.core.viewpoint import Viewpoint
from accord.lib.confirm import counted


def evidence(viewpoint: Viewpoint, today: date) -> Evidence:
    view = alignment_of(viewpoint)
    objectives = [o for f in view.parties for o in f.objectives]
    covered = [o for f in view.parties for o in f.supported]
    covered_ids = {o.pk for o in covered}
    uncovered = [o for o in objectives if o.pk not in covered_ids]
    goals = [state.goal for state in view.goals]
    agreed = [state.goal for state in view.goals if state.agreed]
    unagreed = [state.goal for state in view.goals_not_agreed]
    without_kpi = [state.goal for state in view.goals_without_kpi]
    conflicts = view.open_conflicts
    in_conflict = {link.objective_id for link in conflicts}
    endorsed_by = [
        PartyFigure.of(
            party,
            [g for g in goals if any(e.party_id == party.pk for e in g.endorsement_list())],
            len(goals),
        )
        for party in viewpoint.parties
    ]
    return Evidence(
        practice=1,
        figures=(
            per_party(
                "objectives_covered",
                "Objectives covered by an agreed goal",
                viewpoint.parties,
                covered,
                whole=objectives,
                reading=Reading.share(
                    len(covered),
                    len(objectives),
                    2,
                    "objectives support a goal every party agreed",
                    f"Link {counted(len(uncovered), 'objective')} to an agreed goal, or agree a"
                    " goal they can support",
                    uncovered,
                ),
            ),
            Figure(
                "goals_agreed",
                "Goals agreed by every party",
                len(agreed),
                len(goals),
                refs(agreed),
                tuple(endorsed_by),
                reading=Reading.share(
                    len(agreed),
                    len(goals),
                    1,
                    "goals agreed by every party",
                    f"Get every party to endorse {counted(len(unagreed), 'goal')}",
                    unagreed,
                ),
            ),
            per_party(
                "open_conflicts",
                "Open conflicts",
                viewpoint.parties,
                conflicts,
                reading=Reading.against(
                    len(in_conflict),
                    len(objectives),
                    2,
                    "objectives in open conflict with a shared goal",
                    f"Resolve {counted(len(conflicts), 'open conflict')}",
                    conflicts,
                ),
            ),
            Figure(
                "goals_without_kpi",
                "Goals without a KPI",
                len(without_kpi),
                len(goals),
                refs(without_kpi),
                reading=Reading.against(
                    len(without_kpi),
                    len(goals),
                    1,
                    "goals without a KPI",
                    f"Give {counted(len(without_kpi), 'goal')} a KPI that measures it",
                    without_kpi,
                ),
            ),
        ),
    )
