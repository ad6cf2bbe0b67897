"""What a practice puts in the calendar feed: `CalendarEntry`.

A practice declares `Practice.calendar`, `entries(viewpoints, start, end) ->
Iterable[CalendarEntry]`: its dated records (meetings, milestones, commitment due dates,
decision deadlines) between `start` and `end`, as seen from each viewpoint (a party's private
records only in its own viewpoints), in a constant number of queries whatever the number of
viewpoints. The calendar feed (RFC 5545) is written from these entries alone.
"""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # stable across feeds and edits, e.g. "trust-commitment-12"
    partnership_id: int
    title: str
    start: date | datetime  # a date: an all-day entry; a datetime: aware, with its time zone
    # A date: the last day, included; None: the same day, or an hour after a datetime.
    end: date | datetime | None = None
    description: str = ""
    url: str = ""  # the record's page (a path)
    updated: datetime | None = None  # the record's last change, for clients that cache
