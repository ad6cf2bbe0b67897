"""Changes to commitments, shared items and concerns, and the check of the audit history.

Every function is keyword-only; pages, API, demo and the daily job call them. Callers checked
the caller's right to see the record (`access.record_for`) and chose the party they act for
(`PartnershipAccess.acting_party` for the owner's acts, `party_acting_among` for the other
party's); the state machines are enforced here, under the partnership lock, on the record as
saved now: an illegal transition is a ValidationError (400), a party with no say a
PermissionDenied (403), a stale version a StaleEdit (409). Records change only through
`core.records`; the rows of a record (reads, replies) inside `record_parts`.
"""

from collections.abc import Callable, Collection
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.audit.services import private_chain, shared_chain, verify_trail
from accord.core.errors import StaleEdit
from accord.core.models import PartnershipRecord, Party, TeamMember, Visibility
from accord.core.records import (
    Actor,
    audit_part,
    record_change,
    record_create,
    record_delete,
    record_locked,
    record_parts,
    record_update,
)
from accord.core.viewpoint import Viewpoint
from accord.trust.models import (
    Commitment,
    CommitmentStatus,
    Concern,
    ConcernReply,
    ConcernStatus,
    HistoryCheck,
    ItemKind,
    ItemRead,
    SharedItem,
)
from accord.trust.uploads import upload_errors

R = TypeVar("R", bound=PartnershipRecord)

# --- Commitments -----------------------------------------------------------------------------


def _party_of(partnership_id: int, party_id: int | Party | None, field: str) -> Party | None:
    if party_id is None or isinstance(party_id, Party):
        return party_id
    party = (
        Party.objects.select_related("organization")
        .filter(pk=party_id, partnership_id=partnership_id)
        .first()
    )
    if party is None:
        raise ValidationError({field: "No such party in this partnership."})
    return party


def _person_of(party: Party, user_id: int | User | None) -> User | None:
    """A person on the promising party's team, or None."""
    if user_id is None:
        return None
    pk = user_id.pk if isinstance(user_id, User) else user_id
    seat = TeamMember.objects.select_related("user").filter(party=party, user_id=pk).first()
    if seat is None:
        raise ValidationError(
            {"promiser_person": f"Name someone on {party.organization}'s team for this."}
        )
    return seat.user


def commitment_create(
    *,
    party: Party,
    actor: Actor,
    title: str,
    due_date: date,
    description: str = "",
    promiser_person_id: int | User | None = None,
    receiver_party_id: int | Party | None = None,
    visibility: str = Visibility.SHARED,
    source_kind: str = "",
    source_id: int | None = None,
    source_label: str = "",
) -> Commitment:
    """A new open commitment of `party` (the promiser), to the receiver or the partnership."""
    commitment = Commitment(
        partnership=party.partnership,
        owner_party=party,
        title=title,
        description=description,
        promiser_person=_person_of(party, promiser_person_id),
        receiver_party=_party_of(party.partnership_id, receiver_party_id, "receiver_party"),
        due_date=due_date,
        visibility=visibility,
        source_kind=source_kind,
        source_id=source_id,
        source_label=source_label,
    )
    return record_create(record=commitment, actor=actor)


# The API names the people and parties a commitment points at by id.
_ID_FIELDS = {"promiser_person_id": "promiser_person", "receiver_party_id": "receiver_party"}


def commitment_update(
    *, record: Commitment, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Commitment:
    """Change what an open commitment says. Its due date moves only by renegotiation, which
    keeps the original; a delivered, confirmed, disputed or broken commitment is settled."""
    changes = {_ID_FIELDS.get(field, field): value for field, value in changes.items()}
    with transaction.atomic():
        current = record_locked(record)
        if current.version != expected_version:
            raise StaleEdit(current)
        if current.status != CommitmentStatus.OPEN:
            raise ValidationError(
                f"This commitment is {current.get_status_display().lower()}: it no longer changes."
            )
        if "due_date" in changes and changes["due_date"] != current.due_date:
            raise ValidationError(
                {"due_date": "Renegotiate to move the due date: the original one stays shown."}
            )
        if "promiser_person" in changes:
            changes["promiser_person"] = _person_of(current.owner_party, changes["promiser_person"])
        if "receiver_party" in changes:
            changes["receiver_party"] = _party_of(
                current.partnership_id, changes["receiver_party"], "receiver_party"
            )
        return record_update(
            record=current, actor=actor, expected_version=expected_version, changes=changes
        )


def commitment_delete(*, record: Commitment, actor: Actor) -> None:
    """Delete an open commitment made by mistake; a settled one is evidence and stays."""
    with transaction.atomic():
        current = record_locked(record)
        if current.status != CommitmentStatus.OPEN:
            raise ValidationError(
                "A commitment that was delivered or broken is part of the partnership's record: "
                "it cannot be deleted."
            )
        record_delete(record=current, actor=actor)


def _transition(
    record: R,
    *,
    actor: Actor,
    expected_version: int | None,
    allowed: Collection[str],
    refusal: str,
    action: str,
    changes: dict[str, Any],
) -> R:
    """Apply `changes` as `action` if the record, as saved now, is at `expected_version` and
    in one of the `allowed` statuses (else `refusal`, nothing changed)."""
    with transaction.atomic():
        current = record_locked(record)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit(current)
        if current.status not in allowed:  # type: ignore[attr-defined]
            raise ValidationError(refusal.format(status=current.get_status_display().lower()))  # type: ignore[attr-defined]
        return record_change(
            record=current,
            actor=actor,
            changes=changes,
            expected_version=expected_version,
            action=action,
        )


def _require_owner(record: PartnershipRecord, party: Party, what: str) -> None:
    if party.pk != record.owner_party_id:
        raise PermissionDenied(f"Only the party that {what} may do this.")


def receiving_parties(commitment: Commitment) -> set[int]:
    """The parties that confirm or dispute the commitment's delivery."""
    ids = list(
        Party.objects.filter(partnership=commitment.partnership_id).values_list("pk", flat=True)
    )
    return commitment.receiving_party_ids(ids)


def commitment_deliver(
    *,
    commitment: Commitment,
    party: Party,
    actor: Actor,
    expected_version: int | None,
    delivered_on: date | None = None,
    note: str = "",
    today: date | None = None,
) -> Commitment:
    """The promiser says it delivered (on `delivered_on`, today unless given)."""
    _require_owner(commitment, party, "made the commitment")
    today = today or timezone.localdate()
    delivered_on = delivered_on or today
    if delivered_on > today:
        raise ValidationError(
            {"delivered_on": "Deliver what has been delivered: not a future date."}
        )
    return _transition(
        commitment,
        actor=actor,
        expected_version=expected_version,
        allowed=[CommitmentStatus.OPEN],
        refusal="Only an open commitment is delivered; this one is {status}.",
        action="deliver",
        changes={
            "status": CommitmentStatus.DELIVERED,
            "delivered_on": delivered_on,
            "delivery_note": note,
        },
    )


def _require_receiver(commitment: Commitment, party: Party) -> None:
    if party.pk not in receiving_parties(commitment):
        raise PermissionDenied(
            "Only the party the commitment was made to confirms or disputes its delivery."
        )


def commitment_confirm(
    *, commitment: Commitment, party: Party, actor: Actor, expected_version: int | None
) -> Commitment:
    """The receiving party confirms the delivery."""
    _require_receiver(commitment, party)
    return _transition(
        commitment,
        actor=actor,
        expected_version=expected_version,
        allowed=[CommitmentStatus.DELIVERED],
        refusal="Only a delivered commitment is confirmed; this one is {status}.",
        action="confirm",
        changes={"status": CommitmentStatus.CONFIRMED, "settled_by_party": party},
    )


def commitment_dispute(
    *,
    commitment: Commitment,
    party: Party,
    actor: Actor,
    expected_version: int | None,
    reason: str,
) -> Commitment:
    """The receiving party disputes the delivery, saying why."""
    _require_receiver(commitment, party)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the delivery is disputed."})
    return _transition(
        commitment,
        actor=actor,
        expected_version=expected_version,
        allowed=[CommitmentStatus.DELIVERED],
        refusal="Only a delivered commitment is disputed; this one is {status}.",
        action="dispute",
        changes={"status": CommitmentStatus.DISPUTED, "settled_by_party": party, "reason": reason},
    )


def commitment_renegotiate(
    *,
    commitment: Commitment,
    party: Party,
    actor: Actor,
    expected_version: int | None,
    due_date: date,
    reason: str,
    today: date | None = None,
) -> Commitment:
    """The promiser moves the due date later, before it has passed, saying why; the first due
    date is kept in `original_due_date`."""
    _require_owner(commitment, party, "made the commitment")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the due date moves."})
    today = today or timezone.localdate()
    with transaction.atomic():
        current = record_locked(commitment)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit(current)
        if current.status == CommitmentStatus.OPEN and current.due_date < today:
            raise ValidationError(
                "The due date has passed: renegotiate before it does. Deliver late, or say it is "
                "broken."
            )
        if due_date <= current.due_date:
            raise ValidationError(
                {"due_date": f"Give a date after the current due date ({current.due_date})."}
            )
        return _transition(
            current,
            actor=actor,
            expected_version=expected_version,
            allowed=[CommitmentStatus.OPEN],
            refusal="Only an open commitment is renegotiated; this one is {status}.",
            action="renegotiate",
            changes={
                "due_date": due_date,
                "original_due_date": current.original_due_date or current.due_date,
                "renegotiations": current.renegotiations + 1,
                "renegotiation_reason": reason,
            },
        )


def commitment_break(
    *,
    commitment: Commitment,
    party: Party,
    actor: Actor,
    expected_version: int | None,
    reason: str,
) -> Commitment:
    """Either side says the commitment is broken, saying why: the promiser, or a party it was
    made to."""
    if party.pk != commitment.owner_party_id:
        _require_receiver(commitment, party)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the commitment is broken."})
    return _transition(
        commitment,
        actor=actor,
        expected_version=expected_version,
        allowed=[CommitmentStatus.OPEN, CommitmentStatus.DISPUTED],
        refusal="Only an open or disputed commitment is broken; this one is {status}.",
        action="break",
        changes={"status": CommitmentStatus.BROKEN, "settled_by_party": party, "reason": reason},
    )


def grace_days() -> int:
    return settings.ACCORD_COMMITMENT_GRACE_DAYS


def commitments_break_overdue(*, today: date | None = None) -> list[int]:
    """Mark broken every open commitment overdue by more than the grace period, as the system;
    returns their ids. Idempotent: each is checked again under its partnership's lock, so a
    delivery or renegotiation that came first wins, and a second run finds nothing to do."""
    today = today or timezone.localdate()
    limit = today - timedelta(days=grace_days())
    overdue = Commitment.objects.select_related("owner_party").filter(
        status=CommitmentStatus.OPEN, due_date__lt=limit
    )
    broken = []
    for commitment in overdue.order_by("partnership_id", "pk"):
        with transaction.atomic():
            current = record_locked(commitment)
            if current.status != CommitmentStatus.OPEN or current.due_date >= limit:
                continue
            record_change(
                record=current,
                actor=None,
                action="break",
                changes={
                    "status": CommitmentStatus.BROKEN,
                    "broken_automatically": True,
                    "reason": f"Overdue by more than {grace_days()} days, undelivered.",
                },
            )
            broken.append(current.pk)
    return broken


# --- Shared items ----------------------------------------------------------------------------


def item_create(
    *,
    party: Party,
    actor: Actor,
    title: str,
    url: str = "",
    note: str = "",
    visibility: str = Visibility.SHARED,
    upload: UploadedFile | None = None,
) -> SharedItem:
    """A link (`url`) or a document (`upload`) that `party` shares, with a note. The file is
    checked (`uploads.upload_errors`), then stored under a random name; if the record is then
    refused, the file is removed again."""
    item = SharedItem(
        partnership=party.partnership,
        owner_party=party,
        title=title,
        kind=ItemKind.DOCUMENT if upload is not None else ItemKind.LINK,
        url=url,
        note=note,
        visibility=visibility,
    )
    if upload is not None:
        item.filename, item.content_type = upload_errors(upload)
        item.size = upload.size or 0
        item.file.save(item.filename, upload, save=False)
    try:
        return record_create(record=item, actor=actor)
    except BaseException:
        if item.file.name:
            item.file.storage.delete(item.file.name)
        raise


def item_update(
    *, record: SharedItem, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> SharedItem:
    return record_update(
        record=record, actor=actor, expected_version=expected_version, changes=changes
    )


def item_delete(*, record: SharedItem, actor: Actor) -> None:
    """Delete the item; its file goes once the deletion commits."""
    with transaction.atomic():
        current = record_locked(record)
        name, storage = current.file.name, current.file.storage
        record_delete(record=current, actor=actor)
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def item_mark_read(*, item: SharedItem, party: Party, actor: User) -> ItemRead:
    """`party` (not the sharer) has read the item; marking it again changes nothing."""
    if party.pk == item.owner_party_id:
        raise ValidationError("The party that shared an item does not mark it read.")
    with record_parts(item) as current:
        found = current.reads.filter(party=party).first()
        if found is not None:
            return found
        read = ItemRead.objects.create(item=current, party=party, read_by=actor)
        audit_part(
            actor=actor,
            action="read",
            owner=current,
            part=read,
            changes={"read_by": [None, party.organization.name]},
        )
    return read


# --- Concerns --------------------------------------------------------------------------------


def concern_create(
    *,
    party: Party,
    actor: Actor,
    topic: str,
    text: str,
    severity: str = "medium",
    addressed_to_id: int | Party | None = None,
    now: datetime | None = None,
) -> Concern:
    """A concern `party` raises to another party: the one named, or the only other one;
    raised now, or at `now` when given."""
    addressed = _party_of(party.partnership_id, addressed_to_id, "addressed_to")
    if addressed is None:
        others = list(
            Party.objects.filter(partnership=party.partnership_id).exclude(pk=party.pk)[:2]
        )
        if len(others) != 1:
            raise ValidationError({"addressed_to": "Say which party the concern is for."})
        addressed = others[0]
    concern = Concern(
        partnership=party.partnership,
        owner_party=party,
        topic=topic,
        text=text,
        severity=severity,
        addressed_to=addressed,
        visibility=Visibility.SHARED,
    )
    return record_create(record=concern, actor=actor, now=now)


def concern_update(
    *, record: Concern, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Concern:
    if "visibility" in changes and changes["visibility"] != Visibility.SHARED:
        raise ValidationError(
            {"visibility": "A concern is raised to the other party: it is shared."}
        )
    changes = {k: v for k, v in changes.items() if k != "visibility"}
    return record_update(
        record=record, actor=actor, expected_version=expected_version, changes=changes
    )


def concern_delete(*, record: Concern, actor: Actor) -> None:
    """Withdraw a concern nobody answered yet; once answered it is part of the record."""
    with transaction.atomic():
        current = record_locked(record)
        if current.first_answered_at is not None:
            raise ValidationError("This concern was answered: close it instead of deleting it.")
        record_delete(record=current, actor=actor)


def _reply(
    concern: Concern,
    *,
    party: Party,
    actor: User,
    expected_version: int | None,
    text: str,
    action: str,
    allowed: Collection[str],
    refusal: str,
    changes: Callable[[Concern], dict[str, Any]],
    now: datetime,
) -> Concern:
    """Write a reply of `party` at `now` and apply `changes(concern as saved now)` as
    `action`."""
    if not text.strip():
        raise ValidationError({"text": "Write the answer."})
    with record_parts(concern) as current:
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit(current)
        if current.status not in allowed:
            raise ValidationError(refusal.format(status=current.get_status_display().lower()))
        reply = ConcernReply.objects.create(
            concern=current,
            party=party,
            text=text,
            written_by=actor,
            written_at=now,
        )
        audit_part(
            actor=actor, action=action, owner=current, part=reply, changes={"text": [None, text]}
        )
        return record_change(
            record=current, actor=actor, changes=changes(current), action=f"{action}_status"
        )


def concern_answer(
    *,
    concern: Concern,
    party: Party,
    actor: User,
    expected_version: int | None,
    text: str,
    now: datetime | None = None,
) -> Concern:
    """The party the concern was raised to answers it (now, or at `now` when given); the first
    answer's time is kept."""
    if party.pk != concern.addressed_to_id:
        raise PermissionDenied("Only the party the concern was raised to answers it.")
    now = now or timezone.now()
    return _reply(
        concern,
        party=party,
        actor=actor,
        expected_version=expected_version,
        text=text,
        action="answer",
        allowed=[ConcernStatus.OPEN, ConcernStatus.ANSWERED],
        refusal="This concern is {status}: the party that raised it reopens it first.",
        changes=lambda current: {
            "status": ConcernStatus.ANSWERED,
            "first_answered_at": current.first_answered_at or now,
        },
        now=now,
    )


def concern_close(
    *,
    concern: Concern,
    party: Party,
    actor: Actor,
    expected_version: int | None,
    now: datetime | None = None,
) -> Concern:
    """The raiser closes the concern as resolved (now, or at `now` when given)."""
    _require_owner(concern, party, "raised the concern")
    return _transition(
        concern,
        actor=actor,
        expected_version=expected_version,
        allowed=[ConcernStatus.OPEN, ConcernStatus.ANSWERED],
        refusal="This concern is already {status}.",
        action="close",
        changes={"status": ConcernStatus.RESOLVED, "resolved_at": now or timezone.now()},
    )


def concern_reopen(
    *,
    concern: Concern,
    party: Party,
    actor: User,
    expected_version: int | None,
    reason: str,
    now: datetime | None = None,
) -> Concern:
    """The raiser reopens an answered or resolved concern, saying why (kept as its reply)."""
    _require_owner(concern, party, "raised the concern")
    return _reply(
        concern,
        party=party,
        actor=actor,
        expected_version=expected_version,
        text=reason,
        action="reopen",
        allowed=[ConcernStatus.ANSWERED, ConcernStatus.RESOLVED],
        refusal="This concern is {status}: only an answered or resolved one is reopened.",
        changes=lambda current: {
            "status": ConcernStatus.OPEN,
            "resolved_at": None,
            "reopened": current.reopened + 1,
        },
        now=now or timezone.now(),
    )


# --- Verifying the history -------------------------------------------------------------------


KEPT_CHECKS = 10


def history_verify(*, viewpoint: Viewpoint, actor: User) -> list[HistoryCheck]:
    """Recompute the partnership's audit chains with the code of `accord audit verify`, and
    keep the result of each chain the viewpoint sees (the shared one, its organizations'
    private ones): what another organization's private chain holds is not theirs to learn."""
    partnership = viewpoint.partnership
    reports = {r.chain: r for r in verify_trail(partnership_id=partnership.pk)}
    chains = [(shared_chain(partnership.pk), None)] + [
        (private_chain(partnership.pk, org), org) for org in sorted(viewpoint.organization_ids)
    ]
    checks = []
    for chain, organization_id in chains:
        report = reports.get(chain)
        if report is None:  # a private chain with no event yet
            if organization_id is not None:
                continue
            problem, events, broken = "the chain is missing", 0, None
        else:
            problem, events = report.problem, report.checked
            broken = report.broken.seq if report.broken is not None else None
        checks.append(
            HistoryCheck.objects.create(
                partnership=partnership,
                organization_id=organization_id,
                chain=chain,
                intact=not problem,
                events=events,
                problem=problem,
                broken_seq=broken,
                checked_by=actor,
            )
        )
        # Only the last result shows; a few are kept to see that it was checked before.
        older = HistoryCheck.objects.filter(partnership=partnership, chain=chain).order_by(
            "-checked_at", "-id"
        )
        HistoryCheck.objects.filter(
            pk__in=list(older.values_list("pk", flat=True)[KEPT_CHECKS:])
        ).delete()
    return checks
