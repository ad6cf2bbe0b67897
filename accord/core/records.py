"""The one way a versioned record changes: `record_create`, `record_change` (and
`record_update`, its form for what users edit), `record_delete`, and `record_parts` for the rows
that belong to a record (a goal's endorsements, a KPI's measurements).

Each, in one transaction: locks the partnership, reads the record again under the lock (and its
version, when the caller names the one it is based on), checks the record's rules
(`rule_errors()` and the bounds of its fields, decision 0009), stamps the version and who changed
it when, and writes the audit event(s). Nothing else saves a partnership record: the tests fail a
save made outside these functions (`saving_allowed`, tests/guard/apps.py).

Lock order (decision 0007): every write of partnership data locks the partnership row first,
with `lock_partnership`, and only then the records it changes. Writers of one partnership thus
queue on one row and never hold a record while waiting for the partnership (no deadlock); a
record read before the lock is read again under it (`record_locked`), answering "not found"
if a writer that went first deleted it.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from copy import copy
from datetime import datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.audit.services import audit_record, audit_record_change, field_changes
from accord.core.access import no_such_record
from accord.core.errors import PartnershipEnded, StaleEdit
from accord.core.models import Partnership, PartnershipRecord, Stage, Versioned
from accord.lib.bounds import bound_errors

Record = TypeVar("Record", bound=Versioned)
Actor = User | None  # None: a change made by the system (the demo, a job)

# Set while one of the primitives below writes; the tests' guard refuses any other save of a
# record or of the rows that belong to one.
_saving: ContextVar[bool] = ContextVar("accord_record_saving", default=False)


def saving_allowed() -> bool:
    """Whether the current code runs inside a record primitive (for the tests' save guard)."""
    return _saving.get()


@contextmanager
def _primitive() -> Iterator[None]:
    token = _saving.set(True)
    try:
        yield
    finally:
        _saving.reset(token)


# Set while the parties' decision to reopen an ended partnership is written (the proposal,
# its approvals, its application), or while ending it is completed: the only writes an
# archive lets through.
_archive_unlocked: ContextVar[bool] = ContextVar("accord_archive_unlocked", default=False)


@contextmanager
def archive_unlocked() -> Iterator[None]:
    """Let the writes of ending or reopening a partnership, as every party approved it, through
    the archive lock (`core.proposals`); and the system's closing of survey rounds left open
    when it ended, which only takes away (`surveys.services.survey_rounds_close_due`)."""
    token = _archive_unlocked.set(True)
    try:
        yield
    finally:
        _archive_unlocked.reset(token)


def lock_partnership(partnership_id: int) -> None:
    """Lock the partnership row until the transaction ends: the first lock of every write of
    partnership data. Re-entrant within a transaction; needs one.

    The one check of the archive rule: every write of an ended partnership's data starts here,
    so it raises PartnershipEnded (nothing written) unless the parties reopen it together
    (`archive_unlocked`)."""
    assert transaction.get_connection().in_atomic_block, "lock_partnership needs a transaction"
    locked = Partnership.objects.select_for_update().filter(pk=partnership_id)
    for stage, ended_on in locked.values_list("stage", "ended_on"):
        if stage == Stage.ENDED and not _archive_unlocked.get():
            raise PartnershipEnded(partnership_id, ended_on)


def lock_partnerships(partnership_ids: Iterable[int]) -> None:
    """Lock several partnership rows, always in id order, so that two writers touching the same
    partnerships (a member leaving several teams) take them in one order and never deadlock.

    Organization housekeeping (a member leaving, lapsed invitations ending) uses it and is not
    refused by an ended partnership: someone who leaves an organization leaves its archives."""
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


def _refuse_rule_errors(record: Versioned) -> None:
    """The record's rules and the bounds of its fields (decision 0009), checked on the record
    as it would be saved; an out-of-bounds value is named rather than a rule that compares it."""
    errors = {**record.rule_errors(), **bound_errors(record)}
    if errors:
        raise ValidationError(errors)


# Set by the primitives, never through `changes`.
_STAMPS = frozenset(
    {"id", "partnership", "owner_party", "version", "created_at", "created_by"}
    | {"updated_at", "updated_by"}
)


def record_create(*, record: Record, actor: Actor, now: datetime | None = None) -> Record:
    """Save a new record and write its creation to the audit trail, in one transaction.

    Locks the partnership first; checks the record's rules (ValidationError by field, nothing
    saved); a record it points at (a goal, an objective) that was deleted meanwhile is a field
    error, as for one that never existed. `now`, when given, is the moment the record tells it
    was made (a concern raised days ago, in the demo); the audit trail keeps when it was
    written."""
    if isinstance(record, PartnershipRecord) and (
        record.owner_party.partnership_id != record.partnership_id  # type: ignore[attr-defined]
    ):
        raise ValueError("The owning party must belong to the record's partnership.")
    now = now or timezone.now()
    record.created_at = record.updated_at = now
    record.created_by = record.updated_by = actor  # type: ignore[assignment]
    with transaction.atomic(), _primitive():
        if isinstance(record, PartnershipRecord):
            lock_partnership(record.partnership_id)  # type: ignore[attr-defined]
        _refuse_rule_errors(record)
        if isinstance(record, PartnershipRecord):
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


def record_delete(*, record: Versioned, actor: Actor) -> None:
    """Delete the record and keep what it said last in the audit trail.

    Locks the partnership, then the record; Http404 if someone deleted it first."""
    with transaction.atomic(), _primitive():
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
    *, record: Record, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Record:
    """`record_change` of the fields users edit (EDITABLE_FIELDS) only; ValueError for others."""
    unknown = set(changes) - set(type(record).EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    return record_change(
        record=record, actor=actor, changes=changes, expected_version=expected_version
    )


def record_change(
    *,
    record: Record,
    actor: Actor,
    changes: dict[str, Any],
    expected_version: int | None = None,
    action: str = "update",
    label_before: str | None = None,
) -> Record:
    """Apply `changes` to the record: the one way a saved record changes.

    Locks the partnership, then the record (Http404 if someone deleted it). With
    `expected_version`, raises StaleEdit, applying nothing, when someone else changed it first.
    Checks the record's rules on the record as it would be (ValidationError by field, nothing
    applied) and that what it would point at still exists. Then saves the changed fields with a
    new version, who changed it and when, and writes the audit event(s) of `action` (split by
    visibility when that changes, decision 0006). `changes` may hold bookkeeping fields users
    do not edit (a resolution, the visibility a link takes from its objective); the model's
    STAMP_FIELDS among them are saved but not shown in the event, whose actor and time say
    them. `label_before` names the record as the other parties knew it, when its name changed
    with something else. Returns the current record; a change that changes nothing keeps the
    version as it is and writes nothing.
    """
    model = type(record)
    fields = {field.name for field in model._meta.concrete_fields}
    unknown = set(changes) - (fields - _STAMPS)
    if unknown:
        raise ValueError(f"Not a changeable field: {', '.join(sorted(unknown))}")
    with transaction.atomic(), _primitive():
        current = record_locked(record)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit(current)
        before = {field: getattr(current, field) for field in changes}
        diff = field_changes(before, changes)
        if not diff:
            return current
        after = copy(current)
        for field in diff:
            setattr(after, field, changes[field])
        _refuse_rule_errors(after)
        _refuse_missing_references(current, {field: changes[field] for field in diff})
        # Everything the record said, and to whom, before the change: for the audit events.
        shown = [*model.EDITABLE_FIELDS, *(f for f in diff if f not in model.EDITABLE_FIELDS)]
        shown = [field for field in shown if field not in model.STAMP_FIELDS]
        shown_before = _values(current, shown)
        private_before = _private_to(current)
        label = str(current) if label_before is None else label_before
        for field in diff:
            setattr(current, field, changes[field])
        current.version += 1
        current.updated_at = timezone.now()
        current.updated_by = actor  # type: ignore[assignment]
        current.save(update_fields=[*diff, "version", "updated_at", "updated_by"])
        audit_record_change(
            actor=actor,
            action=action,
            record=current,
            before=shown_before,
            after=_values(current, shown),
            partnership=_partnership_of(current),
            private_before=private_before,
            private_after=_private_to(current),
            label_before=label,
        )
    return current


def dependants(record: PartnershipRecord) -> Iterator[models.QuerySet]:
    """The records of other kinds that point at `record` (a later practice's, found through the
    relations, hidden ones too): one queryset per relation. What points at a record shows some
    of it, so a change of its visibility must not leave them seen more widely than it is."""
    for relation in type(record)._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue  # the record's own field, not one pointing at it
        model = relation.related_model
        if model is type(record) or not (
            isinstance(model, type) and issubclass(model, PartnershipRecord)
        ):
            continue
        yield model._default_manager.filter(**{relation.field.name: record})  # type: ignore[union-attr]


def _values(record: Versioned, names: list[str]) -> dict[str, Any]:
    """The named values for the audit trail, foreign keys as ids (read without a query)."""
    attnames = {field.name: field.attname for field in record._meta.concrete_fields}
    return {name: getattr(record, attnames[name]) for name in names}


@contextmanager
def record_parts(record: Record) -> Iterator[Record]:
    """For a write of the rows that belong to `record` (a goal's endorsements, a KPI's
    measurements): yields the record as saved now, read and locked after its partnership
    (Http404 if it was deleted), inside one transaction in which those rows may be saved. The
    caller writes the audit event with `audit_part`, on the record's chain."""
    with transaction.atomic(), _primitive():
        yield record_locked(record)


def audit_part(
    *,
    actor: Actor,
    action: str,
    owner: PartnershipRecord,
    changes: dict[str, Any],
    part: models.Model | None = None,
) -> None:
    """The audit event of a change to a row that belongs to `owner` (about `part`, or about
    the owner itself), on the chain the owner's events go to: private with a private owner."""
    audit_record(
        actor=actor,
        action=action,
        record=part if part is not None else owner,
        changes=changes,
        partnership=owner.partnership,
        private_to_id=owner.private_to_id,
    )
