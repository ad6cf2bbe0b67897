"""What a user's calendar feed holds: the entries of every practice's calendar provider, seen
from the viewpoints of the partnerships the user sees, within the feed's window.

Each provider is called once with every viewpoint, so the feed runs the same number of queries
whatever the number of partnerships. Ended partnerships are left out: an archive has nothing
left to do on a date.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from accord.accounts.models import User
from accord.calendar_feed.models import CalendarFeed, hash_feed_token
from accord.core.access import viewpoints_of
from accord.core.calendar import CalendarEntry
from accord.core.practices import practices

DAYS_BACK = 90
DAYS_AHEAD = 400


@dataclass(frozen=True)
class FeedEntry:
    partnership_name: str
    entry: CalendarEntry


def feed_of_token(raw: str) -> CalendarFeed | None:
    """The feed behind a raw token, with its user, while that user may sign in: a
    deactivated account's feed is as unknown as a revoked one."""
    found = CalendarFeed.objects.select_related("user")
    return found.filter(token_hash=hash_feed_token(raw), user__is_active=True).first()


def feed_entries(user: User, today: date) -> list[FeedEntry]:
    """The entries of the user's feed, from DAYS_BACK before `today` to DAYS_AHEAD after, in
    date order; an entry given twice (two viewpoints of one partnership) once."""
    viewpoints = [v for v in viewpoints_of(user) if not v.partnership.is_ended]
    if not viewpoints:
        return []
    names = {viewpoint.partnership.pk: viewpoint.partnership.name for viewpoint in viewpoints}
    start, end = today - timedelta(DAYS_BACK), today + timedelta(DAYS_AHEAD)
    found: dict[str, CalendarEntry] = {}
    for practice in practices():
        provider = practice.calendar_provider()
        for entry in provider(viewpoints, start, end) if provider else ():
            # Only what the viewpoints asked for: a provider's slip must not leak or flood.
            if entry.partnership_id in names and start <= _day(entry.start) <= end:
                found.setdefault(entry.uid, entry)
    ordered = sorted(found.values(), key=lambda entry: (_day(entry.start), entry.uid))
    return [FeedEntry(names[entry.partnership_id], entry) for entry in ordered]


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment
