"""Practice 3 in the calendar feed (`Practice.calendar`): each decision still waiting, on its
deadline, seen from the viewpoints given: shared ones, and those private to a party of a
viewpoint."""

from collections.abc import Sequence
from datetime import date

from django.urls import reverse

from accord.core.calendar import CalendarEntry
from accord.core.viewpoint import Viewpoint, records_seen_from
from accord.roles.models import Decision, Outcome


def calendar_entries(
    viewpoints: Sequence[Viewpoint], start: date, end: date
) -> list[CalendarEntry]:
    waiting = Decision.objects.filter(
        outcome=Outcome.WAITING, deadline__range=(start, end)
    ).select_related("owner_party__organization", "rule")
    return [_entry(decision) for decision in records_seen_from(viewpoints, waiting)]


def _entry(decision: Decision) -> CalendarEntry:
    proposer = decision.owner_party.organization.name
    lines = [f"Proposed by {proposer}, to decide under the rule “{decision.rule.title}”."]
    if decision.is_private:
        lines.append(f"Private to {proposer}.")
    if decision.proposal:
        lines.append(decision.proposal)
    return CalendarEntry(
        uid=f"roles-decision-{decision.pk}",
        partnership_id=decision.partnership_id,
        title=f"Decision due: {decision.title}",
        start=decision.deadline,
        description="\n\n".join(lines),
        url=reverse("accord-decisions", args=[decision.partnership_id])
        + f"#decision-{decision.pk}",
        updated=decision.updated_at,
    )
