"""Practice 5's evidence for the health check, from the same selectors as the Contingency tab.

risks_mitigated      live risks with a mitigation written, out of the live risks (every risk
                     has an owner: its party, and a person where named); per owning party
high_risks_planned   live high risks (score ≥ 15) with at least one plan, out of the live high
                     risks; per owning party
reviews_current      live risks whose review date is today or later, out of the live risks;
                     per owning party
triggers_answered    plans whose latest activation was answered in time (first action ticked,
                     or the plan resolved, within ANSWER_DAYS), out of the activated plans whose
                     time to answer has run or that were answered; per party owning the plan
exit_plan_agreed     1 out of 1 when the exit plan exists and every current party endorses its
                     current wording, else 0 out of 1 (joint: no figure per party)

Through the viewpoint: a party's private risks and plans count only in its own view.

Scored (decision 0026): risks mitigated (1), high risks planned (2), reviews current (1),
triggers answered (2), exit plan agreed (1; a gap only beside other data: a partnership with
no risk and no plan yet is not marked down for its missing exit plan).
"""

from datetime import date

from accord.contingency.selectors import Contingency, contingency_of
from accord.core.evidence import Evidence, Figure, Reading, per_party, refs
from accord.core.viewpoint import Viewpoint
from accord.lib.confirm import counted


def evidence_of(contingency: Contingency) -> Evidence:
    parties = contingency.parties
    live = [row.risk for row in contingency.live]
    mitigated = [risk for risk in live if risk.mitigation.strip()]
    unmitigated = [risk for risk in live if not risk.mitigation.strip()]
    high = [row for row in contingency.live if row.risk.is_high]
    planned = [row.risk for row in high if row.plans]
    unplanned = [row.risk for row in high if not row.plans]
    current = [row.risk for row in contingency.live if not row.late]
    late = [row.risk for row in contingency.live if row.late]
    judged = [s for s in contingency.plans if s.answered_in_time is not None]
    in_time = [s.plan for s in judged if s.answered_in_time]
    ignored = [s.plan for s in judged if not s.answered_in_time]
    exit_plan = contingency.exit_plan
    agreed = int(contingency.exit_plan_agreed)
    return Evidence(
        practice=5,
        figures=(
            per_party(
                "risks_mitigated",
                "Risks with an owner and a mitigation",
                parties,
                mitigated,
                whole=live,
                reading=Reading.share(
                    len(mitigated),
                    len(live),
                    1,
                    "live risks with a mitigation",
                    f"Write a mitigation for {counted(len(unmitigated), 'risk')}",
                    unmitigated,
                ),
            ),
            per_party(
                "high_risks_planned",
                "High risks with a contingency plan",
                parties,
                planned,
                whole=[row.risk for row in high],
                reading=Reading.share(
                    len(planned),
                    len(high),
                    2,
                    "high risks with a contingency plan",
                    f"Agree a plan for {counted(len(unplanned), 'high risk')} without one",
                    unplanned,
                ),
            ),
            per_party(
                "reviews_current",
                "Risk reviews current",
                parties,
                current,
                whole=live,
                reading=Reading.share(
                    len(current),
                    len(live),
                    1,
                    "live risks reviewed on schedule",
                    f"Review {counted(len(late), 'risk')} past its review date"
                    if len(late) == 1
                    else f"Review {counted(len(late), 'risk')} past their review date",
                    late,
                ),
            ),
            per_party(
                "triggers_answered",
                "Activated plans answered in time",
                parties,
                in_time,
                whole=[s.plan for s in judged],
                reading=Reading.share(
                    len(in_time),
                    len(judged),
                    2,
                    "triggered plans answered in time",
                    f"Act on {counted(len(ignored), 'triggered plan')} left unanswered",
                    ignored,
                ),
            ),
            Figure(
                "exit_plan_agreed",
                "Exit plan agreed by every party",
                agreed,
                1,
                refs([exit_plan] if exit_plan is not None else []),
                reading=Reading.share(
                    agreed,
                    1,
                    1,
                    "exit plans agreed by every party",
                    "Agree the exit plan with every party"
                    if exit_plan is not None
                    else "Write an exit plan and agree it with every party",
                    [exit_plan] if exit_plan is not None and not agreed else [],
                    only_beside=True,
                ),
            ),
        ),
    )


def evidence(viewpoint: Viewpoint, today: date) -> Evidence:
    return evidence_of(contingency_of(viewpoint, today))
