"""Practice 3's evidence for the health check, from the same selector as the roles page.

raci_complete              activities with exactly one Accountable and at least one Responsible,
                           out of all activities; joint (activities belong to the partnership)
decisions_overdue          decisions still waiting after their deadline, out of the decisions
                           waiting; per party that proposed them
rules_endorsed             active decision rules endorsed by every party, out of active rules;
                           per party: the rules that party endorses
expectations_acknowledged  expectations acknowledged by the party they are toward, out of all;
                           per party that wrote them
Private decisions and expectations count only in their own party's viewpoint.

Scored (decision 0026): activities complete (2); decisions not waiting past their deadline, out
of every decision seen (2); rules endorsed (1); expectations acknowledged (1).
"""

from datetime import date

from accord.core.evidence import Evidence, Figure, PartyFigure, Reading, per_party, refs
from accord.core.viewpoint import Viewpoint
from accord.lib.confirm import counted
from accord.roles.selectors import Roles, roles_of


def evidence(viewpoint: Viewpoint, today: date) -> Evidence:
    return evidence_of(roles_of(viewpoint, today))


def evidence_of(roles: Roles) -> Evidence:
    """The figures of roles already read (the `roles` summary reads them once for both)."""
    activities = [row.activity for row in roles.activities]
    complete = [row.activity for row in roles.complete]
    incomplete = [row.activity for row in roles.problems]
    unassigned = counted(len(incomplete), "activity", "activities")
    waiting = [d.decision for d in roles.decisions if not d.decision.is_decided]
    overdue = [d.decision for d in roles.overdue]
    rules = [state.rule for state in roles.active_rules]
    agreed = [state.rule for state in roles.rules_agreed]
    unagreed = [state.rule for state in roles.active_rules if not state.agreed]
    unacknowledged = [e for e in roles.expectations if not e.is_acknowledged]
    endorsed_by = tuple(
        PartyFigure.of(
            party,
            [r for r in rules if any(e.party_id == party.pk for e in r.endorsements.all())],
            len(rules),
        )
        for party in roles.parties
    )
    return Evidence(
        practice=3,
        figures=(
            Figure(
                "raci_complete",
                "Activities with one Accountable and a Responsible",
                len(complete),
                len(activities),
                refs(complete),
                reading=Reading.share(
                    len(complete),
                    len(activities),
                    2,
                    "activities with exactly one Accountable and a Responsible",
                    f"Name one Accountable and a Responsible for {unassigned}",
                    incomplete,
                ),
            ),
            per_party(
                "decisions_overdue",
                "Decisions waiting past their deadline",
                roles.parties,
                overdue,
                whole=waiting,
                reading=Reading.against(
                    len(overdue),
                    len(roles.decisions),
                    2,
                    "decisions waiting past their deadline",
                    f"Decide, or set a new deadline for, {counted(len(overdue), 'decision')}"
                    " waiting past the deadline",
                    overdue,
                ),
            ),
            Figure(
                "rules_endorsed",
                "Decision rules endorsed by every party",
                len(agreed),
                len(rules),
                refs(agreed),
                endorsed_by,
                reading=Reading.share(
                    len(agreed),
                    len(rules),
                    1,
                    "decision rules endorsed by every party",
                    f"Get every party to endorse {counted(len(unagreed), 'decision rule')}",
                    unagreed,
                ),
            ),
            per_party(
                "expectations_acknowledged",
                "Expectations acknowledged",
                roles.parties,
                list(roles.acknowledged),
                whole=list(roles.expectations),
                reading=Reading.share(
                    len(roles.acknowledged),
                    len(roles.expectations),
                    1,
                    "expectations acknowledged by the party they are toward",
                    f"Acknowledge {counted(len(unacknowledged), 'expectation')}",
                    unacknowledged,
                ),
            ),
        ),
    )
