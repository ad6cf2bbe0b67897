"""Practice 6 in the calendar feed (`Practice.calendar`), seen from the viewpoints given
(shared records, and those private to a party of a viewpoint):

- each milestone still planned or in progress, on its due date;
- the partnership's next review, on the date the latest review seen set (as the Long-term
  page shows it: a party's own private review counts for it).
"""

from collections.abc import Sequence
from datetime import date

from django.urls import reverse

from accord.core.calendar import CalendarEntry
from accord.core.viewpoint import Viewpoint, records_seen_from
from accord.lib import formatting
from accord.longterm.models import Milestone, MilestoneStatus, Review

OPEN = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)


def calendar_entries(
    viewpoints: Sequence[Viewpoint], start: date, end: date
) -> list[CalendarEntry]:
    return [*milestone_entries(viewpoints, start, end), *review_entries(viewpoints, start, end)]


def milestone_entries(
    viewpoints: Sequence[Viewpoint], start: date, end: date
) -> list[CalendarEntry]:
    due = Milestone.objects.filter(status__in=OPEN, due_date__range=(start, end))
    found = records_seen_from(viewpoints, due.select_related("owner_party__organization", "goal"))
    return [_milestone_entry(milestone) for milestone in found]


def _milestone_entry(milestone: Milestone) -> CalendarEntry:
    owner = milestone.owner_party.organization.name
    lines = [f"{milestone.get_status_display()}, on {owner}'s roadmap."]
    if milestone.goal:
        lines.append(f"Serves the shared goal “{milestone.goal.title}”.")
    if milestone.is_private:
        lines.append(f"Private to {owner}.")
    return CalendarEntry(
        uid=f"longterm-milestone-{milestone.pk}",
        partnership_id=milestone.partnership_id,
        title=f"Milestone due: {milestone.title}",
        start=milestone.due_date,
        description="\n\n".join(lines),
        url=reverse("accord-longterm", args=[milestone.partnership_id]) + "#roadmap",
        updated=milestone.updated_at,
    )


def review_entries(viewpoints: Sequence[Viewpoint], start: date, end: date) -> list[CalendarEntry]:
    """The next review of each viewpoint's partnership, from the latest review it sees: one
    query of the reviews seen from any viewpoint, each viewpoint then picking its own."""
    reviews = records_seen_from(viewpoints, Review.objects.all()).only(
        "partnership_id", "owner_party_id", "visibility", "held_on", "next_review_on", "updated_at"
    )
    by_partnership: dict[int, list[Review]] = {}
    for review in reviews.order_by("-held_on", "-id"):
        by_partnership.setdefault(review.partnership_id, []).append(review)
    entries = []
    for viewpoint in viewpoints:
        seen = (r for r in by_partnership.get(viewpoint.partnership.pk, []) if viewpoint.sees(r))
        latest = next(seen, None)
        if latest and latest.next_review_on and start <= latest.next_review_on <= end:
            entries.append(_review_entry(latest, latest.next_review_on))
    return entries


def _review_entry(review: Review, on: date) -> CalendarEntry:
    return CalendarEntry(
        uid=f"longterm-review-{review.pk}-next",
        partnership_id=review.partnership_id,
        title="Partnership review",
        start=on,
        description=f"The next review, as the review held {formatting.day(review.held_on)} set it.",
        url=reverse("accord-longterm", args=[review.partnership_id]) + "#reviews",
        updated=review.updated_at,
    )
