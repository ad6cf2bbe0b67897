"""Changes to cadences, meetings (their attendees, minutes and action items) and updates (and
their acknowledgements).

Keyword-only, one transaction each, every change through the primitives of `core.records`.
Approving minutes is endorsing them (`alignment.services.endorse`, a binding act of the
party); an edit of their text clears the approvals (`reworded_update`). Action items are
practice 2 commitments whose source is the meeting, made and settled by trust's services.
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.alignment.services import endorse, endorsements_clear, reworded_update, withdraw
from accord.communication.models import (
    Acknowledgement,
    Attendee,
    Cadence,
    CadenceKind,
    Comment,
    Meeting,
    Minutes,
    MinutesApproval,
    Update,
    normalized_rule,
    zone_error,
)
from accord.core.errors import StaleEdit
from accord.core.models import Party, TeamMember, Visibility
from accord.core.records import (
    Actor,
    audit_part,
    lock_partnership,
    record_create,
    record_delete,
    record_locked,
    record_parts,
    record_update,
)
from accord.roles.models import Decision
from accord.trust.models import Commitment
from accord.trust.services import commitment_create

# --- Cadences -------------------------------------------------------------------------------


def in_zone(moment: datetime, time_zone: str) -> datetime:
    """`moment` as given: a naive time (a form's, or an API's without offset) is a wall-clock
    time in `time_zone`; an aware one stays the instant it is."""
    if timezone.is_aware(moment) or zone_error(time_zone):
        return moment
    return moment.replace(tzinfo=ZoneInfo(time_zone))


def _zoned(current: Cadence | Meeting, changes: dict[str, Any]) -> dict[str, Any]:
    if "starts_at" not in changes:
        return changes
    zone = changes.get("time_zone", current.time_zone)
    return {**changes, "starts_at": in_zone(changes["starts_at"], zone)}


def cadence_create(
    *,
    party: Party,
    actor: Actor,
    title: str,
    rule: str,
    starts_at: datetime,
    time_zone: str = "UTC",
    kind: str = CadenceKind.MEETING,
    visibility: str = Visibility.SHARED,
) -> Cadence:
    """A new cadence owned by `party`; the rule is checked by the model (a field error)."""
    cadence = Cadence(
        partnership=party.partnership,
        owner_party=party,
        title=title,
        kind=kind,
        rule=normalized_rule(rule),
        starts_at=in_zone(starts_at, time_zone),
        time_zone=time_zone,
        visibility=visibility,
    )
    return record_create(record=cadence, actor=actor)


def cadence_update(
    *, record: Cadence, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Cadence:
    """Change a cadence; its kind stays while meetings or updates follow it."""
    if "rule" in changes:
        changes = {**changes, "rule": normalized_rule(changes["rule"])}
    with transaction.atomic():
        current = record_locked(record)
        kind = changes.get("kind", current.kind)
        if kind != current.kind and (current.meetings.exists() or current.updates.exists()):
            raise ValidationError(
                {"kind": "Meetings or updates follow this cadence: its kind stays as it is."}
            )
        private = changes.get("visibility") == Visibility.PRIVATE and not current.is_private
        mine = {"visibility": Visibility.PRIVATE, "owner_party": current.owner_party_id}
        if private and (current.meetings.exclude(**mine).exists() or current.updates.exists()):
            raise ValidationError(
                {"visibility": "Shared meetings or updates follow this cadence: it stays shared."}
            )
        return record_update(
            record=current,
            actor=actor,
            expected_version=expected_version,
            changes=_zoned(current, changes),
        )


def cadence_delete(*, record: Cadence, actor: Actor) -> None:
    """Delete a cadence nothing follows yet (its meetings and updates are its record)."""
    with transaction.atomic():
        current = record_locked(record)
        if current.meetings.exists() or current.updates.exists():
            raise ValidationError(
                "Meetings or updates follow this cadence: it stays on record as their cadence."
            )
        record_delete(record=current, actor=actor)


def _cadence_of(partnership_id: int, cadence: Cadence | int | None) -> Cadence | None:
    if cadence is None:
        return None
    cadence_id = cadence.pk if isinstance(cadence, Cadence) else cadence
    found = Cadence.objects.filter(pk=cadence_id, partnership_id=partnership_id).first()
    if found is None:
        raise ValidationError({"cadence": "No such cadence in this partnership."})
    return found


# --- Meetings -------------------------------------------------------------------------------


def meeting_create(
    *,
    party: Party,
    actor: Actor,
    title: str,
    starts_at: datetime,
    time_zone: str = "UTC",
    duration_minutes: int = 60,
    location: str = "",
    agenda: str = "",
    cadence: Cadence | int | None = None,
    attendees: Iterable[int | User] = (),
    visibility: str = Visibility.SHARED,
) -> Meeting:
    """A meeting set up by `party`, with its attendees (team members of the parties)."""
    with transaction.atomic():
        lock_partnership(party.partnership_id)
        meeting = Meeting(
            partnership=party.partnership,
            owner_party=party,
            cadence=_cadence_of(party.partnership_id, cadence),
            title=title,
            starts_at=in_zone(starts_at, time_zone),
            time_zone=time_zone,
            duration_minutes=duration_minutes,
            location=location,
            agenda=agenda,
            visibility=visibility,
        )
        meeting = record_create(record=meeting, actor=actor)
        if attendees:
            attendees_set(meeting=meeting, actor=actor, users=attendees)
    return meeting


def meeting_update(
    *, record: Meeting, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Meeting:
    """Change a meeting; `attendees` (user ids), if given, replaces the list. Its visibility
    stays once minutes are written (they are shared or private with it)."""
    attendees = changes.pop("attendees", None)
    with transaction.atomic():
        current = record_locked(record)
        if current.version != expected_version:
            raise StaleEdit(current)
        visibility = changes.get("visibility", current.visibility)
        if visibility != current.visibility and Minutes.objects.filter(meeting=current).exists():
            raise ValidationError(
                {"visibility": "Minutes are written: the meeting stays as shared as they are."}
            )
        if "cadence" in changes:
            changes = {
                **changes,
                "cadence": _cadence_of(current.partnership_id, changes["cadence"]),
            }
        current = record_update(
            record=current,
            actor=actor,
            expected_version=expected_version,
            changes=_zoned(current, changes),
        )
        if attendees is not None:
            attendees_set(meeting=current, actor=actor, users=attendees)
    return current


def meeting_delete(*, record: Meeting, actor: Actor) -> None:
    """Delete a meeting without minutes or action items (they are what it left on record)."""
    with transaction.atomic():
        current = record_locked(record)
        if Minutes.objects.filter(meeting=current).exists() or action_items_of(current).exists():
            raise ValidationError("This meeting has minutes or action items: it stays on record.")
        with record_parts(current) as current:
            current.attendees.all().delete()
        record_delete(record=current, actor=actor)


def attendees_set(*, meeting: Meeting, actor: Actor, users: Iterable[int | User]) -> list[Attendee]:
    """The meeting's attendees become `users`: each a team member of a party of the
    partnership (of the owning party only, for a private meeting). Audited by name and
    organization, never by email."""
    user_ids = {u.pk if isinstance(u, User) else int(u) for u in users}
    with record_parts(meeting) as current:
        parties = Party.objects.filter(partnership_id=current.partnership_id)
        if current.is_private:
            parties = parties.filter(pk=current.owner_party_id)
        seats = {
            seat.user_id: seat
            for seat in TeamMember.objects.filter(party__in=parties, user_id__in=user_ids)
            .select_related("user", "party__organization")
            .order_by("party_id")
        }
        unknown = user_ids - set(seats)
        if unknown:
            raise ValidationError(
                {"attendees": "Attendees are team members of the meeting's parties."}
            )
        before = {
            a.user_id: str(a)
            for a in current.attendees.select_related("user", "party__organization")
        }
        if set(before) == user_ids:
            return list(current.attendees.all())
        current.attendees.all().delete()
        made = [
            Attendee.objects.create(meeting=current, party=seat.party, user=seat.user)
            for seat in seats.values()
        ]
        audit_part(
            actor=actor,
            action="attendees",
            owner=current,
            changes={"attendees": [sorted(before.values()), sorted(str(a) for a in made)]},
        )
    return made


# --- Minutes --------------------------------------------------------------------------------


def minutes_create(
    *,
    party: Party,
    actor: Actor,
    meeting: Meeting | int,
    text: str,
    visibility: str | None = None,
) -> Minutes:
    """`party` writes the meeting's minutes (once: then they are edited), shared or private as
    the meeting is. Every party then approves them."""
    with transaction.atomic():
        lock_partnership(party.partnership_id)
        meeting_id = meeting.pk if isinstance(meeting, Meeting) else meeting
        found = Meeting.objects.filter(pk=meeting_id, partnership_id=party.partnership_id).first()
        if found is None or (found.is_private and found.owner_party_id != party.pk):
            raise ValidationError({"meeting": "No such meeting in this partnership."})
        if Minutes.objects.filter(meeting=found).exists():
            raise ValidationError({"meeting": "This meeting has minutes: edit them instead."})
        minutes = Minutes(
            partnership=party.partnership,
            owner_party=party,
            meeting=found,
            text=text,
            visibility=found.visibility if visibility is None else visibility,
        )
        return record_create(record=minutes, actor=actor)


def minutes_update(
    *, record: Minutes, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Minutes:
    """Edit the minutes' text: an edit clears every approval (as for a shared goal)."""
    return reworded_update(
        record=record, actor=actor, expected_version=expected_version, changes=changes
    )


def minutes_delete(*, record: Minutes, actor: Actor) -> None:
    """Delete minutes no other party has approved (their approvals go with them, audited)."""
    with transaction.atomic():
        current = record_locked(record)
        others = current.endorsements.exclude(party_id=current.owner_party_id)
        if others.exists():
            raise ValidationError("Another party approved these minutes: edit them instead.")
        endorsements_clear(record=current, actor=actor)
        record_delete(record=current, actor=actor)


def minutes_approve(*, minutes: Minutes, party: Party, actor: User) -> MinutesApproval:
    """`party` approves the minutes' current text: a binding act, by one of its leads or its
    organization's admins (`endorse`)."""
    approval = endorse(record=minutes, party=party, actor=actor)
    assert isinstance(approval, MinutesApproval)
    return approval


def minutes_withdraw(*, minutes: Minutes, party: Party, actor: Actor, reason: str) -> None:
    withdraw(record=minutes, party=party, actor=actor, reason=reason)


# --- Action items ---------------------------------------------------------------------------

SOURCE_KIND = "communication.meeting"


def action_items_of(meeting: Meeting) -> Any:
    """The commitments made at `meeting` (every visibility: filter through a viewpoint)."""
    return Commitment.objects.filter(source_kind=SOURCE_KIND, source_id=meeting.pk)


def action_item_create(
    *,
    meeting: Meeting,
    party: Party,
    actor: Actor,
    title: str,
    due_date: date,
    description: str = "",
    promiser_person_id: int | User | None = None,
    receiver_party_id: int | Party | None = None,
    visibility: str = Visibility.SHARED,
) -> Commitment:
    """An action item of the meeting: a commitment of `party` (the one who will do it) whose
    source is the meeting, tracked to kept or broken by trust's services. An action item of a
    private meeting is private too (its source names the meeting)."""
    with transaction.atomic():
        current = record_locked(meeting)
        if current.is_private:
            if party.pk != current.owner_party_id:
                raise PermissionDenied("Only the meeting's party makes its action items.")
            visibility = Visibility.PRIVATE
        return commitment_create(
            party=party,
            actor=actor,
            title=title,
            due_date=due_date,
            description=description,
            promiser_person_id=promiser_person_id,
            receiver_party_id=receiver_party_id,
            visibility=visibility,
            source_kind=SOURCE_KIND,
            source_id=current.pk,
            source_label=current.title[:200],
        )


# --- Updates --------------------------------------------------------------------------------


def update_create(
    *,
    party: Party,
    actor: Actor,
    title: str,
    progress: str = "",
    challenges: str = "",
    opportunities: str = "",
    asks: str = "",
    cadence: Cadence | int | None = None,
    visibility: str = Visibility.SHARED,
    now: datetime | None = None,
) -> Update:
    """`party` posts an update to the other parties (posted now unless `now` is given)."""
    with transaction.atomic():
        lock_partnership(party.partnership_id)
        update = Update(
            partnership=party.partnership,
            owner_party=party,
            cadence=_cadence_of(party.partnership_id, cadence),
            title=title,
            progress=progress,
            challenges=challenges,
            opportunities=opportunities,
            asks=asks,
            visibility=visibility,
            posted_at=now or timezone.now(),
        )
        return record_create(record=update, actor=actor)


ACKNOWLEDGED = "This update was acknowledged: it stays as the other parties read it."


def update_update(
    *, record: Update, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Update:
    """Change an update no party has acknowledged yet (then it is what they heard)."""
    with transaction.atomic():
        current = record_locked(record)
        if current.acknowledgements.exists():
            raise ValidationError(ACKNOWLEDGED)
        if "cadence" in changes:
            changes = {
                **changes,
                "cadence": _cadence_of(current.partnership_id, changes["cadence"]),
            }
        return record_update(
            record=current, actor=actor, expected_version=expected_version, changes=changes
        )


def update_delete(*, record: Update, actor: Actor) -> None:
    """Delete an update nobody acknowledged or commented on yet."""
    with transaction.atomic():
        current = record_locked(record)
        if current.acknowledgements.exists():
            raise ValidationError(ACKNOWLEDGED)
        if current.comments.exists():
            raise ValidationError("This update was commented on: it stays on record.")
        record_delete(record=current, actor=actor)


def update_acknowledge(
    *, update: Update, party: Party, actor: User, reply: str = "", now: datetime | None = None
) -> Acknowledgement:
    """`party` (not the author's) acknowledges the update, optionally replying: an everyday act
    of its team (decision 0018's `may_act_for`, checked by the caller's grant); once."""
    with record_parts(update) as current:
        if party.pk == current.owner_party_id:
            raise ValidationError("The other parties acknowledge an update, not its author.")
        if party.partnership_id != current.partnership_id:
            raise ValidationError("That party is not in this partnership.")
        if current.acknowledgements.filter(party=party).exists():
            raise ValidationError(f"{party.organization.name} already acknowledged this update.")
        acknowledgement = Acknowledgement.objects.create(
            update=current,
            party=party,
            acknowledged_by=actor,
            acknowledged_at=now or timezone.now(),
            reply=reply,
        )
        audit_part(
            actor=actor,
            action="acknowledge",
            owner=current,
            changes={"party": [None, party.organization.name], "reply": [None, reply]},
        )
    return acknowledgement


# --- Comments -------------------------------------------------------------------------------


def comment_create(
    *,
    party: Party,
    actor: Actor,
    text: str,
    update: Update | int | None = None,
    decision: Decision | int | None = None,
    visibility: str | None = None,
) -> Comment:
    """`party` comments on an update or a decision (one of them), shared or private as it is."""
    with transaction.atomic():
        lock_partnership(party.partnership_id)
        found_update = _one_of(party, Update, update, "update")
        found_decision = _one_of(party, Decision, decision, "decision")
        target = found_update or found_decision
        comment = Comment(
            partnership=party.partnership,
            owner_party=party,
            update=found_update,
            decision=found_decision,
            text=text,
            visibility=visibility or (target.visibility if target else Visibility.SHARED),
        )
        return record_create(record=comment, actor=actor)


def _one_of(party: Party, model: Any, target: Any, field: str) -> Any:
    if target is None:
        return None
    target_id = target if isinstance(target, int) else target.pk
    found = model.objects.filter(pk=target_id, partnership_id=party.partnership_id).first()
    if found is None or (found.is_private and found.owner_party_id != party.pk):
        raise ValidationError({field: f"No such {field} in this partnership."})
    return found


def comment_update(
    *, record: Comment, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Comment:
    return record_update(
        record=record, actor=actor, expected_version=expected_version, changes=changes
    )


def comment_delete(*, record: Comment, actor: Actor) -> None:
    record_delete(record=record, actor=actor)
