"""Practice 5 in the calendar feed (accord/core/calendar.py): the review date of each live risk
and the date of each armed plan fired by a date, as seen from each viewpoint (a party's private
risks and plans only in its own), in two queries whatever the number of viewpoints."""

from collections.abc import Iterator, Sequence
from datetime import date

from django.db.models import Q
from django.urls import reverse

from accord.contingency.models import ContingencyPlan, PlanStatus, Risk, RiskStatus, TriggerKind
from accord.core.calendar import CalendarEntry
from accord.core.models import Visibility
from accord.core.viewpoint import Viewpoint


def _seen(viewpoints: Sequence[Viewpoint]) -> Q:
    """Records of the viewpoints' partnerships each viewpoint sees; nothing for no viewpoint."""
    seen = Q(pk__in=[])
    for viewpoint in viewpoints:
        seen |= Q(partnership=viewpoint.partnership) & (
            Q(visibility=Visibility.SHARED) | Q(owner_party__in=viewpoint.party_ids)
        )
    return seen


def entries(viewpoints: Sequence[Viewpoint], start: date, end: date) -> Iterator[CalendarEntry]:
    seen = _seen(viewpoints)
    risks = Risk.objects.filter(seen, next_review__range=(start, end)).exclude(
        status=RiskStatus.CLOSED
    )
    for risk in risks.order_by("next_review", "id"):
        tab = reverse("accord-contingency", args=[risk.partnership_id])
        yield CalendarEntry(
            uid=f"contingency-risk-review-{risk.pk}",
            partnership_id=risk.partnership_id,
            title=f"Review risk: {risk.title}",
            start=risk.next_review,  # type: ignore[arg-type]
            description=f"Likelihood {risk.likelihood} x impact {risk.impact} = {risk.score}.",
            url=f"{tab}#risk-{risk.pk}",
            updated=risk.updated_at,
        )
    plans = ContingencyPlan.objects.filter(
        seen,
        trigger_kind=TriggerKind.DATE,
        status=PlanStatus.ARMED,
        trigger_date__range=(start, end),
    )
    for plan in plans.order_by("trigger_date", "id"):
        tab = reverse("accord-contingency", args=[plan.partnership_id])
        yield CalendarEntry(
            uid=f"contingency-plan-trigger-{plan.pk}",
            partnership_id=plan.partnership_id,
            title=f"Contingency plan fires: {plan.title}",
            start=plan.trigger_date,  # type: ignore[arg-type]
            url=f"{tab}#plan-{plan.pk}",
            updated=plan.updated_at,
        )
