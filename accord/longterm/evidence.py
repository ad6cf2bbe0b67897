"""Practice 6's evidence for the health check, from the same selectors as the Long-term tab.

kpis_on_track       KPIs on track, out of the KPIs that have a measurement; per owning party
milestones_on_time  milestones done by their due date (done without a completion date counts
                    as on time), out of those due by `today` or done, not dropped; per party
long_horizon        long-term KPIs and milestones due beyond a year from `today`; per party
value_balance       value entries recording what a party got out, out of all its entries;
                    the note is the balance's verdict, the value 1 of 1 when balanced, 0 of
                    1 when one-sided, 0 of 0 (no ratio) before any entry

Scored (decision 0026): KPIs on track (2), milestones on time (1), value balanced (2; only once
value is recorded), a long horizon present (0.5; a gap only beside other data).
"""

from datetime import date

from accord.core.evidence import Evidence, Figure, Reading, per_party, refs
from accord.core.viewpoint import Viewpoint
from accord.lib.confirm import counted
from accord.lib.kpi import Status
from accord.longterm.models import Flow, KpiHorizon, Milestone, MilestoneStatus
from accord.longterm.selectors import balance_of, kpi_list, roadmap, value_entries


def _on_time(milestone: Milestone) -> bool:
    done = milestone.completed_on
    return milestone.status == MilestoneStatus.DONE and (done is None or done <= milestone.due_date)


def evidence(viewpoint: Viewpoint, today: date) -> Evidence:
    parties = viewpoint.parties
    figures = kpi_list(viewpoint)
    measured = [f.kpi for f in figures if f.status.status != Status.NO_DATA]
    on_track = [f.kpi for f in figures if f.status.status == Status.ON_TRACK]
    behind = [f.kpi for f in figures if f.status.status not in (Status.NO_DATA, Status.ON_TRACK)]
    plan = roadmap(viewpoint, today)
    milestones = [*plan.now, *plan.next, *plan.later, *plan.past]
    current = [m for m in milestones if m.status != MilestoneStatus.DROPPED]
    due = [m for m in current if m.due_date <= today or m.status == MilestoneStatus.DONE]
    kept = [m for m in due if _on_time(m)]
    past_due = [m for m in due if m.status != MilestoneStatus.DONE]
    long_kpis = [f.kpi for f in figures if f.kpi.horizon == KpiHorizon.LONG_TERM]
    far = [*long_kpis, *[m for m in plan.later if m.status != MilestoneStatus.DROPPED]]
    entries = list(value_entries(viewpoint))
    balance = balance_of(list(parties), entries)
    balanced = int(bool(entries) and not balance.one_sided)
    return Evidence(
        practice=6,
        figures=(
            per_party(
                "kpis_on_track",
                "KPIs on track",
                parties,
                on_track,
                whole=measured,
                reading=Reading.share(
                    len(on_track),
                    len(measured),
                    2,
                    "measured KPIs on track to their target",
                    f"Agree how to bring {counted(len(behind), 'KPI')} back on track",
                    behind,
                ),
            ),
            per_party(
                "milestones_on_time",
                "Milestones on time",
                parties,
                kept,
                whole=due,
                reading=Reading.share(
                    len(kept),
                    len(due),
                    1,
                    "milestones due so far done on time",
                    f"Finish or re-plan {counted(len(past_due), 'milestone')} past due",
                    past_due,
                ),
            ),
            per_party(
                "long_horizon",
                "Long-horizon KPIs and milestones",
                parties,
                far,
                reading=Reading(
                    min(1, len(far)),
                    1,
                    0.5,
                    f"{len(far)} KPIs or milestones more than a year ahead (one is enough)",
                    "Set a KPI or a milestone for more than a year ahead",
                    only_beside=True,
                ),
            ),
            Figure(
                "value_balance",
                "Value balanced between the parties",
                balanced,
                1 if entries else 0,  # no ratio before any value is recorded
                refs(entries),
                per_party(
                    "value_balance",
                    "",
                    parties,
                    [e for e in entries if e.flow == Flow.BENEFIT],
                    whole=entries,
                ).parties,
                balance.verdict,
                Reading(
                    balanced,
                    1 if entries else 0,
                    2,
                    f"Value balance: {balance.verdict}",
                    "Agree how value can flow both ways, starting from the entries so far",
                    () if balanced else refs(entries),
                ),
            ),
        ),
    )
