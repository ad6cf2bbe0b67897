"""Reads of practice 5 shared by the page, the API, evidence, notices and the calendar: the risk
register (sorted, late reviews flagged, the heat map's counts), the plans with their checklist,
activation log and what their trigger says now, and the exit plan with its endorsements. Each
reads through a `Viewpoint`: another organization's private risks and plans never appear in,
or change, any figure. No HTTP and no drawing here (the heat map is drawn in `presentation`)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet

from accord.contingency.models import (
    SCALE,
    ContingencyPlan,
    Escalation,
    EscalationLevel,
    ExitPlan,
    ExitPlanEndorsement,
    PlanAction,
    PlanActivation,
    PlanStatus,
    Risk,
)
from accord.contingency.triggers import trigger_reason
from accord.core.models import Party
from accord.core.viewpoint import Viewpoint
from accord.longterm.models import Measurement

# An activation is answered in time when its first action is ticked, or the plan resolved,
# within this many days.
ANSWER_DAYS = 7

# The orders of the register: the public name and the ordering of the query.
RISK_ORDERS = {
    "score": ("-score", "next_review", "id"),
    "review": ("next_review", "-score", "id"),
    "title": ("title", "id"),
}


def risks_visible(viewpoint: Viewpoint, order: str = "score") -> QuerySet[Risk]:
    ordering = RISK_ORDERS.get(order, RISK_ORDERS["score"])
    return viewpoint.records(
        Risk.objects.select_related("owner_party__organization", "owner_person")
    ).order_by(*ordering)


def plans_visible(viewpoint: Viewpoint) -> QuerySet[ContingencyPlan]:
    """The plans seen from the viewpoint, with their risk, KPI and its measurements (oldest
    first), checklist and activation log: five queries however many there are."""
    measurements = Measurement.objects.order_by("measured_on").only(
        "kpi_id", "measured_on", "value"
    )
    actions = PlanAction.objects.select_related("party__organization", "person", "done_by")
    activations = PlanActivation.objects.select_related("activated_by")
    return viewpoint.records(
        ContingencyPlan.objects.select_related(
            "owner_party__organization", "risk", "trigger_kpi"
        ).prefetch_related(
            Prefetch("trigger_kpi__measurements", queryset=measurements),
            Prefetch("actions", queryset=actions),
            Prefetch("activations", queryset=activations),
        )
    ).order_by("title", "id")


@dataclass
class PlanState:
    """A plan, and what its trigger says today (None: it does not hold, or it is manual)."""

    plan: ContingencyPlan
    holds: str | None
    # The latest activation, if any, and whether it is answered in time (None: still within
    # the time to answer, or never activated).
    latest: PlanActivation | None
    answered_in_time: bool | None

    @property
    def actions(self) -> list[PlanAction]:
        return list(self.plan.actions.all())

    @property
    def activations(self) -> list[PlanActivation]:
        return list(self.plan.activations.all())

    @property
    def progress(self) -> tuple[int, int]:
        actions = self.actions
        return sum(1 for a in actions if a.is_done), len(actions)

    @property
    def trigger_lost(self) -> bool:
        """A KPI trigger whose KPI was deleted: it can no longer fire."""
        return self.plan.is_kpi_triggered and self.plan.trigger_kpi_id is None


def answered_in_time(activation: PlanActivation, today: date) -> bool | None:
    """True if answered within ANSWER_DAYS, False once that time passed unanswered (or it was
    answered late), None while the time to answer runs."""
    deadline = activation.activated_at.date() + timedelta(days=ANSWER_DAYS)
    if activation.answered_at is not None:
        return activation.answered_at.date() <= deadline
    return False if today > deadline else None


def plan_state(plan: ContingencyPlan, today: date) -> PlanState:
    readings = (
        [(m.measured_on, m.value) for m in plan.trigger_kpi.measurements.all()]
        if plan.trigger_kpi
        else []
    )
    activations = list(plan.activations.all())
    latest = activations[0] if activations else None
    return PlanState(
        plan,
        trigger_reason(plan, readings, today) if plan.status == PlanStatus.ARMED else None,
        latest,
        answered_in_time(latest, today) if latest else None,
    )


@dataclass
class RiskRow:
    risk: Risk
    late: bool  # its review date passed (or it has none) while it is live
    plans: list[ContingencyPlan]

    @property
    def needs_plan(self) -> bool:
        return self.risk.is_live and self.risk.is_high and not self.plans


@dataclass
class Contingency:
    today: date
    parties: tuple[Party, ...]
    risks: list[RiskRow]
    plans: list[PlanState]
    exit_plan: ExitPlan | None
    heat: dict[tuple[int, int], list[Risk]] = field(default_factory=dict)
    levels: list[EscalationLevel] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)

    @property
    def live(self) -> list[RiskRow]:
        return [row for row in self.risks if row.risk.is_live]

    @property
    def late_reviews(self) -> list[RiskRow]:
        return [row for row in self.risks if row.late]

    @property
    def high_without_plan(self) -> list[RiskRow]:
        return [row for row in self.risks if row.needs_plan]

    @property
    def active_plans(self) -> list[PlanState]:
        return [state for state in self.plans if state.plan.status == PlanStatus.ACTIVE]

    @property
    def exit_plan_agreed(self) -> bool:
        return self.exit_plan is not None and self.exit_plan.is_agreed(self.parties)

    @property
    def exit_plan_missing(self) -> list[Party]:
        if self.exit_plan is None:
            return list(self.parties)
        return self.exit_plan.missing_parties(self.parties)


def heat_of(risks: list[Risk]) -> dict[tuple[int, int], list[Risk]]:
    """The live risks in each cell (likelihood, impact) of the 5 x 5 grid."""
    cells: dict[tuple[int, int], list[Risk]] = {
        (likelihood, impact): []
        for likelihood in range(SCALE[0], SCALE[1] + 1)
        for impact in range(SCALE[0], SCALE[1] + 1)
    }
    for risk in risks:
        if risk.is_live:
            cells[(risk.likelihood, risk.impact)].append(risk)
    return cells


def exit_plan_of(viewpoint: Viewpoint) -> ExitPlan | None:
    endorsements = ExitPlanEndorsement.objects.select_related("party__organization", "endorsed_by")
    return (
        ExitPlan.objects.filter(partnership=viewpoint.partnership)
        .prefetch_related(Prefetch("endorsements", queryset=endorsements))
        .first()
    )


def escalation_levels(viewpoint: Viewpoint) -> QuerySet[EscalationLevel]:
    """Each party's escalation path, level by level (always shared)."""
    return viewpoint.records(
        EscalationLevel.objects.select_related("owner_party__organization", "person")
    ).order_by("owner_party_id", "level", "id")


def escalations_seen(viewpoint: Viewpoint) -> QuerySet[Escalation]:
    """The escalations of the partnership, newest first; one about a private record only in its
    party's viewpoints."""
    return (
        Escalation.objects.filter(level__partnership=viewpoint.partnership)
        .filter(Q(private_party__isnull=True) | Q(private_party__in=viewpoint.party_ids))
        .select_related("level__owner_party__organization", "level__person")
        .order_by("-escalated_at", "-id")
    )


def contingency_of(viewpoint: Viewpoint, today: date, order: str = "score") -> Contingency:
    """Everything the Contingency tab shows, seen from the viewpoint."""
    risks = list(risks_visible(viewpoint, order))
    plans = list(plans_visible(viewpoint))
    by_risk: dict[int, list[ContingencyPlan]] = {}
    for plan in plans:
        by_risk.setdefault(plan.risk_id, []).append(plan)
    rows = [RiskRow(r, r.is_review_late(today), by_risk.get(r.pk, [])) for r in risks]
    return Contingency(
        today=today,
        parties=viewpoint.parties,
        risks=rows,
        plans=[plan_state(plan, today) for plan in plans],
        exit_plan=exit_plan_of(viewpoint),
        heat=heat_of(risks),
        levels=list(escalation_levels(viewpoint)),
        escalations=list(escalations_seen(viewpoint)),
    )
