"""Changing versioned records: create and update with conflict detection and an audit event.

Lock order (decision 0007): every write of partnership data locks the partnership row first,
with `lock_partnership`, and only then the records it changes. Writers of one partnership thus
queue on one row and never hold a record while waiting for the partnership (no deadlock); a
record read before the lock is read again under it (`record_locked`), answering "not found"
if a writer that went first deleted it.
"""

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.audit.services import audit_record, audit_record_change, field_changes
from accord.core.access import no_such_record
from accord.core.errors import StaleEdit
from accord.core.models import Partnership, PartnershipRecord, Versioned

Record = TypeVar("Record", bound=Versioned)


def lock_partnership(partnership_id: int) -> None:
    """Lock the partnership row until the transaction ends: the first lock of every write of
    partnership data. Re-entrant within a transaction; needs one."""
    assert transaction.get_connection().in_atomic_block, "lock_partnership needs a transaction"
    locked = Partnership.objects.select_for_update().filter(pk=partnership_id)
    list(locked.values_list("pk", flat=True))


def lock_partnerships(partnership_ids) -> None:
    """Lock several partnership rows, always in id order, so that two writers touching the same
    partnerships (a member leaving several teams) take them in one order and never deadlock."""
    assert transaction.get_connection().in_atomic_block, "lock_partnerships needs a transaction"
    locked = Partnership.objects.select_for_update().filter(pk__in=set(partnership_ids))
    list(locked.order_by("pk").values_list("pk", flat=True))


def _partnership_id(record: Versioned) -> int:
    return record.pk if isinstance(record, Partnership) else record.partnership_id  # type: ignore[attr-defined]


def record_locked(record: Record) -> Record:
    """The record as saved now, read and locked after its partnership (locked here if the
    caller has not). Http404, as for any missing record, if it was deleted meanwhile."""
    lock_partnership(_partnership_id(record))
    current = type(record)._default_manager.select_for_update().filter(pk=record.pk).first()
    if current is None:
        raise no_such_record()
    return current


def _partnership_of(record: Versioned) -> Partnership:
    return record if isinstance(record, Partnership) else record.partnership  # type: ignore[attr-defined]


def _private_to(record: Versioned) -> int | None:
    return record.private_to_id if isinstance(record, PartnershipRecord) else None


def _refuse_missing_references(record: Versioned, changes: dict[str, Any] | None = None) -> None:
    """A field error, as for an unknown id, for a record this one would point at (a goal, an
    objective) that a writer ahead of us deleted. Call under the partnership lock: deleting
    takes it too, so what exists now stays until the commit."""
    for field in type(record)._meta.concrete_fields:
        target = field.related_model
        if not (field.many_to_one and isinstance(target, type)):
            continue
        if not issubclass(target, PartnershipRecord):
            continue
        if changes is None:
            target_id = getattr(record, field.attname)
        elif field.name in changes:
            target_id = getattr(changes[field.name], "pk", changes[field.name])
        else:
            continue
        if target_id is not None and not target._default_manager.filter(pk=target_id).exists():
            name = target._meta.verbose_name
            raise ValidationError({field.name: f"No such {name} in this partnership."})


def _shown(record: Versioned) -> dict[str, Any]:
    """Every editable value, foreign keys as ids (read without a query), for the audit trail."""
    attnames = {field.name: field.attname for field in record._meta.concrete_fields}
    return {name: getattr(record, attnames[name]) for name in type(record).EDITABLE_FIELDS}


def record_create(*, record: Record, actor) -> Record:
    """Save a new record and write its creation to the audit trail, in one transaction.

    Locks the partnership first; a record it points at (a goal, an objective) that was deleted
    meanwhile is a field error, as for one that never existed."""
    if isinstance(record, PartnershipRecord) and (
        record.owner_party.partnership_id != record.partnership_id  # type: ignore[attr-defined]
    ):
        raise ValueError("The owning party must belong to the record's partnership.")
    now = timezone.now()
    record.created_at = record.updated_at = now
    record.created_by = record.updated_by = actor
    with transaction.atomic():
        if isinstance(record, PartnershipRecord):
            lock_partnership(record.partnership_id)  # type: ignore[attr-defined]
            _refuse_missing_references(record)
        record.save(force_insert=True)
        initial = {field: getattr(record, field) for field in type(record).EDITABLE_FIELDS}
        audit_record(
            actor=actor,
            action="create",
            record=record,
            changes=field_changes({}, initial),
            partnership=_partnership_of(record),
            private_to_id=_private_to(record),
        )
    return record


def record_delete(*, record: Versioned, actor) -> None:
    """Delete the record and keep what it said last in the audit trail.

    Locks the partnership, then the record; Http404 if someone deleted it first."""
    with transaction.atomic():
        record = record_locked(record)
        last = {field: getattr(record, field) for field in type(record).EDITABLE_FIELDS}
        audit_record(
            actor=actor,
            action="delete",
            record=record,
            changes=field_changes(last, dict.fromkeys(last)),
            partnership=_partnership_of(record),
            private_to_id=_private_to(record),
        )
        record.delete()


def record_update(
    *, record: Record, actor, expected_version: int, changes: dict[str, Any]
) -> Record:
    """Apply `changes` if the record is still at `expected_version`.

    Raises StaleEdit, applying nothing, when someone else changed it first, and Http404 when
    someone deleted it. The partnership, then the record, are locked for the comparison so that
    two concurrent edits based on one version cannot both pass. Returns the current record; an
    edit that changes nothing keeps the version as it is.
    """
    model = type(record)
    unknown = set(changes) - set(model.EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = record_locked(record)
        if current.version != expected_version:
            raise StaleEdit(current)
        _refuse_missing_references(current, changes)
        before = {field: getattr(current, field) for field in changes}
        diff = field_changes(before, changes)
        if not diff:
            return current
        # Everything the record said, and to whom, before the change: for the audit events.
        shown_before = _shown(current)
        private_before, label_before = _private_to(current), str(current)
        for field in diff:
            setattr(current, field, changes[field])
        current.version += 1
        current.updated_at = timezone.now()
        current.updated_by = actor
        current.save(update_fields=[*diff, "version", "updated_at", "updated_by"])
        audit_record_change(
            actor=actor,
            action="update",
            record=current,
            before=shown_before,
            after=_shown(current),
            partnership=_partnership_of(current),
            private_before=private_before,
            private_after=_private_to(current),
            label_before=label_before,
        )
    return current
