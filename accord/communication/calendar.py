"""The meetings and the next cadence occurrences of practice 4 in the calendar feed
(`Practice.calendar`, core/calendar.py).

Meetings start and end at their own time in their own zone. Each cadence adds its occurrences
from now to the end of the window (at most 60 a cadence), except those already scheduled: an
occurrence on the same day (in the cadence's zone) as a meeting of that cadence is the meeting.
Past occurrences are left out: what happened is the meetings. Two queries, whatever the number
of viewpoints; a party's private meeting or cadence appears in its own viewpoints only.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accord.communication.models import Cadence, CadenceKind, Meeting
from accord.core.calendar import CalendarEntry
from accord.core.models import Visibility
from accord.core.viewpoint import Viewpoint

MAX_OCCURRENCES = 60


def _seen(viewpoints: Sequence[Viewpoint]) -> Q:
    """The records of the viewpoints' partnerships that one of them may see (narrowed per
    viewpoint in Python)."""
    partnerships = {v.partnership.pk for v in viewpoints}
    parties = {pk for v in viewpoints for pk in v.party_ids}
    return Q(partnership_id__in=partnerships) & (
        Q(visibility=Visibility.SHARED) | Q(owner_party_id__in=parties)
    )


def _sees(viewpoint: Viewpoint, record: Meeting | Cadence) -> bool:
    return record.partnership_id == viewpoint.partnership.pk and (
        not record.is_private or record.owner_party_id in viewpoint.party_ids
    )


def entries(
    viewpoints: Sequence[Viewpoint], start: date, end: date, now: datetime | None = None
) -> Iterable[CalendarEntry]:
    now = now or timezone.now()
    since = datetime.combine(start, time.min, tzinfo=timezone.get_current_timezone())
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=since.tzinfo)
    meetings = list(
        Meeting.objects.filter(_seen(viewpoints), starts_at__gte=since, starts_at__lt=until)
    )
    cadences = list(Cadence.objects.filter(_seen(viewpoints), kind=CadenceKind.MEETING))
    found: dict[str, CalendarEntry] = {}
    for viewpoint in viewpoints:
        for meeting in meetings:
            if _sees(viewpoint, meeting):
                entry = _meeting_entry(meeting)
                found.setdefault(entry.uid, entry)
        for cadence in cadences:
            if not _sees(viewpoint, cadence):
                continue
            held = {
                timezone.localtime(m.starts_at, cadence.zone).date()
                for m in meetings
                if m.cadence_id == cadence.pk
            }
            for at in cadence.occurrences_between(max(since, now), until)[:MAX_OCCURRENCES]:
                if at.date() not in held and at < until:
                    entry = _occurrence_entry(cadence, at)
                    found.setdefault(entry.uid, entry)
    return sorted(found.values(), key=lambda e: (str(e.start), e.uid))


def _meeting_entry(meeting: Meeting) -> CalendarEntry:
    return CalendarEntry(
        uid=f"communication-meeting-{meeting.pk}",
        partnership_id=meeting.partnership_id,
        title=meeting.title,
        start=meeting.local_start,
        end=timezone.localtime(meeting.ends_at, meeting.local_start.tzinfo),
        description="\n".join(meeting.agenda_items),
        url=reverse("accord-meeting", args=[meeting.partnership_id, meeting.pk]),
        updated=meeting.updated_at,
    )


def _occurrence_entry(cadence: Cadence, at: datetime) -> CalendarEntry:
    return CalendarEntry(
        uid=f"communication-cadence-{cadence.pk}-{at.strftime('%Y%m%dT%H%M')}",
        partnership_id=cadence.partnership_id,
        title=f"{cadence.title} (not yet scheduled)",
        start=at,
        url=reverse("accord-communication", args=[cadence.partnership_id]),
        updated=cadence.updated_at,
    )
