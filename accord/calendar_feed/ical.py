"""A feed's entries written as an RFC 5545 calendar, through the `icalendar` library (which
escapes text and folds long lines).

- UID: "<entry uid>@<host of ACCORD_BASE_URL>", stable across edits and feeds, so a client
  updates an event in place instead of adding a new one.
- An entry on a date is an all-day event (DTSTART;VALUE=DATE, DTEND the day after its last
  day) and transparent: a deadline does not make anyone busy. One at a time keeps its time
  zone (a TZID with its VTIMEZONE) or is written in UTC.
- DTSTAMP is the entry's last change (RFC 5545 3.8.7.2, a calendar without METHOD), so the
  same data gives the same bytes and the feed's ETag holds until something changes.
"""

import re
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from accord.calendar_feed.selectors import FeedEntry
from accord.core.calendar import CalendarEntry

PRODID = "-//Accord//Partnership calendar feed//EN"
# How often clients that read the hint (RFC 7986 REFRESH-INTERVAL; Outlook's X-PUBLISHED-TTL)
# fetch the feed again.
REFRESH = timedelta(hours=1)
# Control characters have no place in iCalendar text (RFC 5545 3.3.11): all but tab and
# newline are dropped; a carriage return becomes a newline.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def calendar_bytes(entries: list[FeedEntry], *, name: str, today: date) -> bytes:
    """The calendar of `entries`. `today` dates the DTSTAMP of an entry that gives no change."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    unchanged = datetime.combine(today, time(), tzinfo=UTC)
    for entry in entries:
        calendar.add_component(_event(entry, unchanged))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(feed_entry: FeedEntry, unchanged: datetime) -> Event:
    entry = feed_entry.entry
    link = settings.BASE_URL + entry.url if entry.url else ""
    description = "\n\n".join(part for part in (entry.description, link) if part)
    event = Event()
    event.add("uid", f"{entry.uid}@{uid_host()}")
    event.add("dtstamp", (entry.updated or unchanged).astimezone(UTC))
    if entry.updated:
        event.add("last-modified", entry.updated.astimezone(UTC))
    start, end = _span(entry)
    event.add("dtstart", start)
    event.add("dtend", end)
    if not isinstance(start, datetime):
        event.add("transp", "TRANSPARENT")
    event.add("summary", clean(f"{feed_entry.partnership_name}: {entry.title}"))
    if description:
        event.add("description", clean(description))
    if link:
        event.add("url", link)
    return event


def _span(entry: CalendarEntry) -> tuple[date, date] | tuple[datetime, datetime]:
    """DTSTART and DTEND: an all-day entry ends the day after its last day (DTEND is not part
    of the event); one at a time lasts an hour unless it says otherwise."""
    if not isinstance(entry.start, datetime):
        last = entry.end if isinstance(entry.end, date) else entry.start
        last = last.date() if isinstance(last, datetime) else last
        return entry.start, max(last, entry.start) + timedelta(days=1)
    start = moment(entry.start)
    end = moment(entry.end) if isinstance(entry.end, datetime) else None
    return start, end if end and end > start else start + timedelta(hours=1)


def moment(value: datetime) -> datetime:
    """A time as iCalendar writes it well: in its named zone (TZID, with a VTIMEZONE), else in
    UTC. A time given without a zone is read in ACCORD_TIME_ZONE."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value if isinstance(value.tzinfo, ZoneInfo) else value.astimezone(UTC)


def uid_host() -> str:
    return urlsplit(settings.BASE_URL).hostname or "accord"


def clean(text: str) -> str:
    return CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
