"""Practice 1's evidence for the health check, from the same selector as the alignment view.

objectives_covered  objectives (not dropped) with a 'supports' link to an agreed goal, out of
                    all objectives (not dropped); per owning party
goals_agreed        goals (not dropped) endorsed by every party, out of all goals; per party:
                    the goals that party endorses
open_conflicts      conflict links not yet resolved; per party owning the conflicting objective
goals_without_kpi   goals (not dropped) that no KPI seen from the viewpoint measures; joint
"""

from datetime import date

from accord.alignment.selectors import alignment_of
from accord.core.evidence import Evidence, Figure, PartyFigure, per_party, refs
from accord.core.viewpoint import Viewpoint


def evidence(viewpoint: Viewpoint, today: date) -> Evidence:
    view = alignment_of(viewpoint)
    counted = [o for f in view.parties for o in f.objectives]
    covered = [o for f in view.parties for o in f.supported]
    goals = [state.goal for state in view.goals]
    agreed = [state.goal for state in view.goals if state.agreed]
    without_kpi = [state.goal for state in view.goals_without_kpi]
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
                whole=counted,
            ),
            Figure(
                "goals_agreed",
                "Goals agreed by every party",
                len(agreed),
                len(goals),
                refs(agreed),
                tuple(endorsed_by),
            ),
            per_party("open_conflicts", "Open conflicts", viewpoint.parties, view.open_conflicts),
            Figure(
                "goals_without_kpi",
                "Goals without a KPI",
                len(without_kpi),
                len(goals),
                refs(without_kpi),
            ),
        ),
    )
