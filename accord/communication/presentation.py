"""What the communication pages show but do not compute: rows with times written in the zone
of the meeting or cadence they belong to, and what the viewer may do with each."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from accord.communication.models import Comment, Meeting, Minutes, Update
from accord.communication.selectors import CadenceRecord, Communication
from accord.core.access import PartnershipAccess
from accord.core.models import Party
from accord.lib.formatting import moment
from accord.trust.models import Commitment


def in_zone(at: datetime, zone: str) -> str:
    """“3 Mar 2026, 10:00 CET”: the time as the meeting's (or cadence's) people read it."""
    with timezone.override(ZoneInfo(zone)):
        return moment(at)


@dataclass(frozen=True)
class CadenceRow:
    record: CadenceRecord
    starts: str
    upcoming: list[str]
    missed: list[str]
    editable: bool


def cadence_row(record: CadenceRecord, grant: PartnershipAccess) -> CadenceRow:
    zone = record.cadence.time_zone
    return CadenceRow(
        record,
        in_zone(record.cadence.starts_at, zone),
        [in_zone(at, zone) for at in record.upcoming],
        [in_zone(o.at, zone) for o in record.missed],
        grant.can_edit_record(record.cadence),
    )


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    when: str
    minutes: Minutes | None
    approved: bool


def meeting_row(meeting: Meeting, communication: Communication) -> MeetingRow:
    minutes = communication.minutes.get(meeting.pk)
    approved = minutes is not None and minutes.is_agreed(communication.parties)
    return MeetingRow(meeting, in_zone(meeting.starts_at, meeting.time_zone), minutes, approved)


@dataclass(frozen=True)
class MeetingDetail:
    meeting: Meeting
    when: str
    minutes: Minutes | None
    approved: bool
    may_edit: bool
    may_edit_minutes: bool
    approvable_by: list[Party]  # the parties the viewer may approve for, not yet approving
    withdrawable_by: list[Party]  # the parties the viewer may approve for, approving now
    missing: list[Party]
    action_items: list[Commitment]


def meeting_detail(
    meeting: Meeting, minutes: Minutes | None, items: list[Commitment], grant: PartnershipAccess
) -> MeetingDetail:
    parties = list(grant.parties)
    missing = minutes.missing_parties(parties) if minutes else []
    approvable = [p for p in missing if grant.may_bind(p)] if grant.can_edit else []
    approving = {e.party_id for e in minutes.endorsements.all()} if minutes else set()
    withdrawable = [p for p in parties if p.pk in approving and grant.may_bind(p)]
    return MeetingDetail(
        meeting,
        in_zone(meeting.starts_at, meeting.time_zone),
        minutes,
        minutes is not None and minutes.is_agreed(parties),
        grant.can_edit_record(meeting),
        minutes is not None and grant.can_edit_record(minutes),
        approvable,
        withdrawable if grant.can_edit else [],
        missing,
        items,
    )


@dataclass(frozen=True)
class UpdateRow:
    update: Update
    acknowledgeable_by: list[Party]  # the parties the viewer acknowledges for, not yet done
    waiting_on: list[Party]
    comments: list[Comment]
    editable: bool  # the viewer's party wrote it and nobody acknowledged it yet


def update_row(update: Update, grant: PartnershipAccess, comments: list[Comment]) -> UpdateRow:
    heard = {a.party_id for a in update.acknowledgements.all()}
    waiting = [p for p in grant.parties if p.pk != update.owner_party_id and p.pk not in heard]
    mine = [p for p in waiting if grant.may_act_for(p)]
    editable = not heard and grant.can_edit_record(update)
    return UpdateRow(update, mine, waiting, comments, editable)
