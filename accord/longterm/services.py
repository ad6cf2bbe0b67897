"""Changes to KPIs, measurements, milestones, value entries and reviews.

Records change through the primitives of `core.records`, which check the record's rules
(raising ValidationError by field, nothing saved) and write the audit trail in one transaction;
measurements, rows of a KPI, through `record_parts`. Access has been checked by the caller:
a new record's `party` is the one the caller acts for (`PartnershipAccess.acting_party`) and
a record passed in is one they may change.

Each locks the partnership row first and then reads again, under that lock, the records it was
given (decision 0007): a KPI or measurement deleted meanwhile answers Http404, as for any
missing record; a goal deleted meanwhile is a field error, as for an unknown goal.
"""

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.alignment.models import SharedGoal
from accord.audit.services import field_changes
from accord.core.access import no_such_record
from accord.core.errors import StaleEdit
from accord.core.models import CADENCE_MONTHS, Partnership, PartnershipRecord, Party, Visibility
from accord.core.records import (
    Actor,
    audit_part,
    dependants,
    record_create,
    record_delete,
    record_locked,
    record_parts,
    record_update,
)
from accord.lib.bounds import VALUE_PLACES, date_error, number_error
from accord.lib.kpi import add_months
from accord.longterm import selectors
from accord.longterm.batch import BatchPlan, MeasurementRow, MeasurementsRejected, RowProblem
from accord.longterm.models import (
    Kpi,
    Measurement,
    Milestone,
    MilestoneStatus,
    Review,
    ValueEntry,
)

Record = TypeVar("Record", bound=PartnershipRecord)


def _goal(partnership: Partnership, goal_id: int | None) -> SharedGoal | None:
    """A goal of this partnership, or a field error. Every party sees every shared goal (a goal
    is never private), so who asks does not matter: a job or the demo may name one too."""
    if goal_id is None:
        return None
    goal = SharedGoal.objects.filter(
        pk=goal_id, partnership=partnership, visibility=Visibility.SHARED
    ).first()
    if goal is None:
        raise ValidationError({"goal_id": "No such shared goal in this partnership."})
    return goal


def _update(record: Record, actor: Actor, expected_version: int, changes: dict[str, Any]) -> Record:
    """Apply `changes`, the goal named by id (record_update checks the rules; StaleEdit if
    stale)."""
    if "goal_id" in changes:
        changes["goal"] = _goal(record.partnership, changes.pop("goal_id"))
    return record_update(
        record=record, actor=actor, expected_version=expected_version, changes=changes
    )


# --- KPIs ------------------------------------------------------------------------------------


def kpi_create(
    *,
    party: Party,
    actor: Actor,
    name: str,
    baseline: Decimal,
    baseline_date: date,
    direction: str = "up",
    unit: str = "",
    decimals: int = 2,
    currency: str = "",
    target: Decimal | None = None,
    target_date: date | None = None,
    range_low: Decimal | None = None,
    range_high: Decimal | None = None,
    horizon: str = "long_term",
    frequency: str = "monthly",
    goal_id: int | None = None,
    visibility: str = "shared",
) -> Kpi:
    """A new KPI of the user's party, measuring a goal of the same partnership if given."""
    kpi = Kpi(
        partnership=party.partnership,
        owner_party=party,
        name=name,
        unit=unit,
        decimals=decimals,
        currency=currency.upper(),
        direction=direction,
        baseline=baseline,
        baseline_date=baseline_date,
        target=target,
        target_date=target_date,
        range_low=range_low,
        range_high=range_high,
        horizon=horizon,
        frequency=frequency,
        goal=_goal(party.partnership, goal_id),
        visibility=visibility,
    )
    return record_create(record=kpi, actor=actor)


def kpi_update(*, record: Kpi, actor: Actor, expected_version: int, changes: dict[str, Any]) -> Kpi:
    """Change a KPI; made private, it may not be read by what its own party's private records
    are not (a plan whose trigger says its figures): those stay seen as they were."""
    if changes.get("currency"):
        changes["currency"] = changes["currency"].upper()
    with transaction.atomic():
        current = record_locked(record)
        if changes.get("visibility") == Visibility.PRIVATE and not current.is_private:
            mine = {"visibility": Visibility.PRIVATE, "owner_party": current.owner_party_id}
            if any(q.exclude(**mine).exists() for q in dependants(current)):
                shown = "Records seen beyond your party read this KPI: it stays shared."
                raise ValidationError({"visibility": shown})
        return _update(current, actor, expected_version, changes)


def kpi_delete(*, record: Kpi, actor: Actor) -> None:
    """Delete the KPI and its measurements; the audit trail keeps the KPI's last values."""
    record_delete(record=record, actor=actor)


# --- Measurements ----------------------------------------------------------------------------


def _measurement_errors(kpi: Kpi, measured_on: date, value: Decimal, today: date) -> dict:
    errors = {}
    if bad_date := date_error(measured_on):
        errors["measured_on"] = bad_date
    else:
        same_day = kpi.measurements.filter(measured_on=measured_on)
        measured = set(same_day.values_list("measured_on", flat=True))
        if bad_day := kpi.measurement_day_error(measured_on, today, measured):
            errors["measured_on"] = bad_day
    if bad_number := number_error(value, VALUE_PLACES):
        errors["value"] = bad_number
    return errors


def measurement_add(
    *, kpi: Kpi, actor: User, measured_on: date, value: Decimal, note: str = ""
) -> Measurement:
    """Record the KPI's value on a day: not before the baseline, not in the future, one a day.

    Locks the partnership, then the KPI (Http404 if deleted meanwhile), so that the one value a
    day is checked and written by one writer at a time."""
    with record_parts(kpi) as kpi:
        errors = _measurement_errors(kpi, measured_on, value, timezone.localdate())
        if errors:
            raise ValidationError(errors)
        measurement = Measurement.objects.create(
            kpi=kpi, measured_on=measured_on, value=value, note=note, entered_by=actor
        )
        audit_part(
            actor=actor,
            action="measurement_add",
            owner=kpi,
            part=measurement,
            changes=field_changes(
                {}, {"kpi": kpi.pk, "measured_on": measured_on, "value": value, "note": note}
            ),
        )
    return measurement


def measurement_delete(*, measurement: Measurement, actor: Actor) -> None:
    """Delete one measurement. Locks the partnership, then the KPI and the measurement (Http404
    if either was deleted meanwhile)."""
    with record_parts(measurement.kpi) as kpi:
        measurement = _measurement_locked(measurement)
        last = {"kpi": kpi.pk, "measured_on": measurement.measured_on, "value": measurement.value}
        audit_part(
            actor=actor,
            action="measurement_delete",
            owner=kpi,
            part=measurement,
            changes=field_changes(last, dict.fromkeys(last)),
        )
        measurement.delete()


def _measurement_locked(measurement: Measurement) -> Measurement:
    """The measurement as saved now, locked; call with the partnership locked."""
    current = Measurement.objects.select_for_update().filter(pk=measurement.pk).first()
    if current is None:
        raise no_such_record()
    return current


def measurement_update(
    *, measurement: Measurement, actor: User, expected_version: int, changes: dict[str, Any]
) -> Measurement:
    """Change a measurement's value, note or date, if it is still at `expected_version`
    (StaleEdit if not; ValidationError by field, nothing saved, if the change breaks a rule).

    Locks the partnership, then the KPI and the measurement (Http404 if either was deleted)."""
    with record_parts(measurement.kpi) as kpi:
        current = _measurement_locked(measurement)
        if current.version != expected_version:
            current.kpi = kpi
            raise StaleEdit(current)
        before = {name: getattr(current, name) for name in ("measured_on", "value", "note")}
        after = {**before, **changes}
        # Compared as values: 10 typed over a stored 10.0000 is no change.
        changed = {name: value for name, value in after.items() if value != before[name]}
        if not changed:
            current.kpi = kpi
            return current
        errors = {}
        if "measured_on" in changed:
            today = timezone.localdate()
            errors = _measurement_errors(kpi, after["measured_on"], after["value"], today)
        elif bad_number := number_error(after["value"], VALUE_PLACES):
            errors["value"] = bad_number
        if errors:
            raise ValidationError(errors)
        for name, value in changed.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
        audit_part(
            actor=actor,
            action="measurement_change",
            owner=kpi,
            part=current,
            changes=field_changes({name: before[name] for name in changed}, changed),
        )
    current.kpi = kpi
    return current


def measurements_record(
    *,
    kpi: Kpi,
    actor: User,
    rows: Iterable[MeasurementRow],
    replace: bool = False,
    source: str = "bulk",
    name_row: Callable[[int], str] = "row {}".format,
    known_problems: Iterable[RowProblem] = (),
) -> BatchPlan:
    """Record a batch of measurements (a CSV file, a bulk API call), all or nothing.

    Each row adds the value of a day or, with `replace`, replaces the value already recorded
    on it (a row equal to it changes nothing). Raises MeasurementsRejected, recording nothing,
    if any row breaks a rule (`batch.plan_batch`). One audit event records how many rows came
    in from which `source` ("csv", "bulk"), and the span of their dates. Locks the partnership,
    then the KPI (Http404 if deleted meanwhile), and plans under that lock."""
    with record_parts(kpi) as kpi:
        plan = selectors.measurements_plan(
            kpi, rows, replace=replace, name_row=name_row, known_problems=known_problems
        )
        if plan.problems:
            raise MeasurementsRejected(plan.problems)
        changes = plan.changes
        Measurement.objects.bulk_create(
            Measurement(kpi=kpi, entered_by=actor, **_measured(planned.row))
            for planned in changes
            if planned.current is None
        )
        # New objects, so that the plan still shows what each one replaced.
        replaced = [
            Measurement(
                pk=planned.current.pk,
                version=planned.current.version + 1,
                entered_by=actor,
                entered_at=timezone.now(),
                **_measured(planned.row),
            )
            for planned in changes
            if planned.current is not None
        ]
        fields = ["value", "note", "entered_by", "entered_at", "version"]
        Measurement.objects.bulk_update(replaced, fields, batch_size=500)
        if changes:
            audit_part(
                actor=actor,
                action="measurement_import",
                owner=kpi,
                changes={
                    "source": [None, source],
                    "added": [None, plan.added],
                    "replaced": [None, plan.replaced],
                    "from": [None, changes[0].row.measured_on],
                    "to": [None, changes[-1].row.measured_on],
                },
            )
    return plan


def _measured(row: MeasurementRow) -> dict[str, Any]:
    return {"measured_on": row.measured_on, "value": row.value, "note": row.note}


# --- Milestones ------------------------------------------------------------------------------


def _completion(status: str, completed_on: date | None) -> date | None:
    """A done milestone is completed today unless told otherwise; any other has no date."""
    if status != MilestoneStatus.DONE:
        return None
    return completed_on or timezone.localdate()


def milestone_create(
    *,
    party: Party,
    actor: Actor,
    title: str,
    due_date: date,
    status: str = "planned",
    completed_on: date | None = None,
    goal_id: int | None = None,
    visibility: str = "shared",
) -> Milestone:
    milestone = Milestone(
        partnership=party.partnership,
        owner_party=party,
        title=title,
        due_date=due_date,
        status=status,
        completed_on=_completion(status, completed_on),
        goal=_goal(party.partnership, goal_id),
        visibility=visibility,
    )
    return record_create(record=milestone, actor=actor)


def milestone_update(
    *, record: Milestone, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Milestone:
    """Marking a milestone done sets its completion date (today unless given); any other
    status clears it."""
    status = changes.get("status", record.status)
    completed_on = changes.get("completed_on", record.completed_on)
    if status != record.status and "completed_on" not in changes:
        completed_on = None
    changes["completed_on"] = _completion(status, completed_on)
    return _update(record, actor, expected_version, changes)


# --- Value ledger ----------------------------------------------------------------------------


def value_entry_create(
    *,
    party: Party,
    actor: Actor,
    flow: str,
    category: str,
    description: str,
    occurred_on: date,
    amount: Decimal | None = None,
    currency: str = "",
    visibility: str = "shared",
) -> ValueEntry:
    entry = ValueEntry(
        partnership=party.partnership,
        owner_party=party,
        flow=flow,
        category=category,
        description=description,
        occurred_on=occurred_on,
        amount=amount,
        currency=currency.upper(),
        visibility=visibility,
    )
    return record_create(record=entry, actor=actor)


def value_entry_update(
    *, record: ValueEntry, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> ValueEntry:
    if changes.get("currency"):
        changes["currency"] = changes["currency"].upper()
    return _update(record, actor, expected_version, changes)


# --- Reviews ---------------------------------------------------------------------------------


def next_review_date(partnership: Partnership, held_on: date) -> date:
    """The held date plus the partnership's review cadence, in calendar months."""
    try:
        return add_months(held_on, CADENCE_MONTHS[partnership.review_cadence])  # type: ignore[index]
    except ValueError:
        raise ValidationError({"held_on": "That date is too far in the future."}) from None


def review_create(
    *,
    party: Party,
    actor: Actor,
    held_on: date,
    decision: str,
    learned: str = "",
    rationale: str = "",
    next_review_on: date | None = None,
) -> Review:
    """A joint review of the partnership; the next one defaults to the cadence after it."""
    review = Review(
        partnership=party.partnership,
        owner_party=party,
        held_on=held_on,
        learned=learned,
        decision=decision,
        rationale=rationale,
        next_review_on=next_review_on or next_review_date(party.partnership, held_on),
    )
    return record_create(record=review, actor=actor)


def review_update(
    *, record: Review, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Review:
    """An emptied next review date is computed again from the (new) held date."""
    if "next_review_on" in changes and changes["next_review_on"] is None:
        held_on = changes.get("held_on", record.held_on)
        changes["next_review_on"] = next_review_date(record.partnership, held_on)
    return _update(record, actor, expected_version, changes)
