"""Changing versioned records: create and update with conflict detection and an audit event."""

from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from accord.audit.services import audit_record, audit_record_change, field_changes
from accord.core.errors import StaleEdit
from accord.core.models import Partnership, PartnershipRecord, Versioned

Record = TypeVar("Record", bound=Versioned)


def _partnership_of(record: Versioned) -> Partnership:
    return record if isinstance(record, Partnership) else record.partnership  # type: ignore[attr-defined]


def _private_to(record: Versioned) -> int | None:
    return record.private_to_id if isinstance(record, PartnershipRecord) else None


def _shown(record: Versioned) -> dict[str, Any]:
    """Every editable value, foreign keys as ids (read without a query), for the audit trail."""
    attnames = {field.name: field.attname for field in record._meta.concrete_fields}
    return {name: getattr(record, attnames[name]) for name in type(record).EDITABLE_FIELDS}


def record_create(*, record: Record, actor) -> Record:
    """Save a new record and write its creation to the audit trail, in one transaction."""
    if isinstance(record, PartnershipRecord) and (
        record.owner_party.partnership_id != record.partnership_id  # type: ignore[attr-defined]
    ):
        raise ValueError("The owning party must belong to the record's partnership.")
    now = timezone.now()
    record.created_at = record.updated_at = now
    record.created_by = record.updated_by = actor
    with transaction.atomic():
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
    """Delete the record and keep what it said in the audit trail."""
    last = {field: getattr(record, field) for field in type(record).EDITABLE_FIELDS}
    with transaction.atomic():
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

    Raises StaleEdit, applying nothing, when someone else changed it first. The row is locked
    for the comparison so that two concurrent edits based on one version cannot both pass.
    Returns the current record; an edit that changes nothing keeps the version as it is.
    """
    model = type(record)
    unknown = set(changes) - set(model.EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=record.pk)
        if current.version != expected_version:
            raise StaleEdit(current)
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
