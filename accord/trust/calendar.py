"""Practice 2 in the calendar feed (`Practice.calendar`): each open commitment on its due date
in force (after any renegotiation), seen from the viewpoints given: shared ones, and those
private to a party of a viewpoint."""

from collections.abc import Sequence
from datetime import date

from django.urls import reverse

from accord.core.calendar import CalendarEntry
from accord.core.viewpoint import Viewpoint, records_seen_from
from accord.lib import formatting
from accord.trust.models import Commitment, CommitmentStatus


def calendar_entries(
    viewpoints: Sequence[Viewpoint], start: date, end: date
) -> list[CalendarEntry]:
    due = Commitment.objects.filter(
        status=CommitmentStatus.OPEN, due_date__range=(start, end)
    ).select_related("owner_party__organization", "receiver_party__organization")
    return [_entry(commitment) for commitment in records_seen_from(viewpoints, due)]


def _entry(commitment: Commitment) -> CalendarEntry:
    promiser = commitment.owner_party.organization.name
    receiver = commitment.receiver_party
    to = receiver.organization.name if receiver else "the partnership"
    lines = [f"{promiser} promised it to {to}."]
    if commitment.original_due_date:
        first = formatting.day(commitment.original_due_date)
        lines.append(f"First due {first}; moved: {commitment.renegotiation_reason}")
    if commitment.is_private:
        lines.append(f"Private to {promiser}.")
    if commitment.description:
        lines.append(commitment.description)
    return CalendarEntry(
        uid=f"trust-commitment-{commitment.pk}",
        partnership_id=commitment.partnership_id,
        title=f"Commitment due ({promiser}): {commitment.title}",
        start=commitment.due_date,
        description="\n\n".join(lines),
        url=reverse("accord-trust", args=[commitment.partnership_id])
        + f"#commitment-{commitment.pk}",
        updated=commitment.updated_at,
    )
