"""Changes to risks, contingency plans (with their actions and activations) and the exit plan,
and the trigger job's firing.

Every function is keyword-only; pages, API, demo and the trigger job call them. Callers checked
the right to see the record (`access.record_for`) and chose the party they act for; the plan's
states (armed → active → resolved → armed) are enforced here, under the partnership lock, on the
plan as saved now: an illegal transition is a ValidationError (400), a stale version a StaleEdit
(409). Records change only through `core.records`; the rows of a plan inside `record_parts`.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from accord.accounts.models import User
from accord.alignment.services import endorse, reworded_update, withdraw
from accord.contingency.models import (
    ALL_TRIGGER_FIELDS,
    TRIGGER_FIELDS,
    ContingencyPlan,
    EscalationLevel,
    ExitPlan,
    PlanAction,
    PlanActivation,
    PlanStatus,
    Risk,
    TriggerKind,
)
from accord.contingency.triggers import trigger_reason
from accord.core.errors import StaleEdit
from accord.core.models import Party, Stage, TeamMember, Visibility
from accord.core.records import (
    Actor,
    audit_part,
    lock_partnership,
    record_change,
    record_create,
    record_delete,
    record_locked,
    record_parts,
    record_update,
)
from accord.longterm.models import Kpi, Measurement

# --- Shared lookups --------------------------------------------------------------------------


def _seen_by(model: type[models.Model], value: Any, party: Party, field: str, noun: str) -> Any:
    """The record `value` names (an instance or an id) if `party` sees it: shared, or its own
    private one. Another party's private record is answered like one that does not exist."""
    if value is None:
        return None
    pk = value.pk if isinstance(value, models.Model) else value
    found = (
        model._default_manager.filter(pk=pk, partnership_id=party.partnership_id)  # type: ignore[attr-defined]
        .filter(Q(visibility=Visibility.SHARED) | Q(owner_party=party))
        .first()
    )
    if found is None:
        raise ValidationError({field: f"No such {noun} in this partnership."})
    return found


def _team_member(party: Party, person: User | int | None, field: str) -> User | None:
    """A person on `party`'s team, or None."""
    if person is None:
        return None
    pk = person.pk if isinstance(person, User) else person
    seat = TeamMember.objects.select_related("user").filter(party=party, user_id=pk).first()
    if seat is None:
        raise ValidationError({field: f"Name someone on {party.organization}'s team."})
    return seat.user


def _party_in(partnership_id: int, party: Party | int, field: str) -> Party:
    pk = party.pk if isinstance(party, Party) else party
    found = (
        Party.objects.select_related("organization")
        .filter(pk=pk, partnership_id=partnership_id)
        .first()
    )
    if found is None:
        raise ValidationError({field: "No such party in this partnership."})
    return found


# --- Risks -----------------------------------------------------------------------------------


def risk_create(*, party: Party, actor: Actor, **fields: Any) -> Risk:
    """A new risk of `party`; its owner is the party, and the person named of its team."""
    fields["owner_person"] = _team_member(party, fields.get("owner_person"), "owner_person")
    risk = Risk(partnership=party.partnership, owner_party=party, **fields)
    return record_create(record=risk, actor=actor)


def risk_update(
    *, record: Risk, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Risk:
    """Change a risk; a risk with plans stays as visible as its plans (a shared plan of a
    private risk would show it)."""
    with transaction.atomic():
        current = record_locked(record)
        if current.version != expected_version:
            raise StaleEdit(current)
        if "owner_person" in changes:
            changes["owner_person"] = _team_member(
                current.owner_party, changes["owner_person"], "owner_person"
            )
        private = changes.get("visibility") == Visibility.PRIVATE and not current.is_private
        others = current.plans.exclude(
            owner_party=current.owner_party, visibility=Visibility.PRIVATE
        )
        if private and others.exists():
            raise ValidationError(
                {"visibility": "Plans shared or of another party point at it: it stays shared."}
            )
        return record_update(
            record=current, actor=actor, expected_version=expected_version, changes=changes
        )


def risk_delete(*, record: Risk, actor: Actor) -> None:
    """Delete a risk without plans; one with plans keeps them (close the risk instead)."""
    with transaction.atomic():
        current = record_locked(record)
        if current.plans.exists():
            raise ValidationError(
                "This risk has contingency plans: delete them first, or close the risk."
            )
        record_delete(record=current, actor=actor)


# --- Contingency plans -----------------------------------------------------------------------


def _trigger_fields(fields: dict[str, Any], kind: str) -> dict[str, Any]:
    """The trigger fields of `kind`, the others emptied: a plan keeps no stale threshold."""
    used = TRIGGER_FIELDS.get(TriggerKind(kind), ())
    return {**fields, **{name: None for name in ALL_TRIGGER_FIELDS if name not in used}}


def plan_create(
    *,
    party: Party,
    actor: Actor,
    risk: Risk | int,
    trigger_kpi: Kpi | int | None = None,
    **fields: Any,
) -> ContingencyPlan:
    """A new armed plan of `party` for a risk it sees, fired by a KPI it sees (if any)."""
    kind = fields.get("trigger_kind", TriggerKind.MANUAL)
    if kind not in TriggerKind.values:
        raise ValidationError({"trigger_kind": "Choose a kind of trigger from the list."})
    with transaction.atomic():
        lock_partnership(party.partnership_id)
        fields = _trigger_fields({**fields, "trigger_kpi": trigger_kpi}, kind)
        fields["trigger_kpi"] = _seen_by(Kpi, fields["trigger_kpi"], party, "trigger_kpi", "KPI")
        plan = ContingencyPlan(
            partnership=party.partnership,
            owner_party=party,
            risk=_seen_by(Risk, risk, party, "risk", "risk"),
            **fields,
        )
        return record_create(record=plan, actor=actor)


def plan_update(
    *, record: ContingencyPlan, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> ContingencyPlan:
    """Change what a plan says and what fires it (its state changes by activation only)."""
    with transaction.atomic():
        current = record_locked(record)
        if current.version != expected_version:
            raise StaleEdit(current)
        kind = changes.get("trigger_kind", current.trigger_kind)
        if kind not in TriggerKind.values:
            raise ValidationError({"trigger_kind": "Choose a kind of trigger from the list."})
        if "trigger_kind" in changes:
            changes = _trigger_fields(
                {name: getattr(current, name) for name in ALL_TRIGGER_FIELDS} | changes, kind
            )
        if changes.get("trigger_kpi") is not None:
            changes["trigger_kpi"] = _seen_by(
                Kpi, changes["trigger_kpi"], current.owner_party, "trigger_kpi", "KPI"
            )
        return record_update(
            record=current, actor=actor, expected_version=expected_version, changes=changes
        )


def plan_delete(*, record: ContingencyPlan, actor: Actor) -> None:
    """Delete a plan that never fired; one with activations is part of the record."""
    with transaction.atomic():
        current = record_locked(record)
        if current.activations.exists():
            raise ValidationError(
                "This plan was activated: its activations are part of the partnership's record, "
                "so it cannot be deleted."
            )
        record_delete(record=current, actor=actor)


def _state_change(
    plan: ContingencyPlan,
    *,
    actor: Actor,
    expected_version: int | None,
    allowed: PlanStatus,
    refusal: str,
) -> ContingencyPlan:
    """The plan as saved now (locked), if at `expected_version` and in `allowed` status."""
    current = record_locked(plan)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(current)
    if current.status != allowed:
        raise ValidationError(refusal.format(status=current.get_status_display().lower()))
    return current


def plan_activate(
    *,
    plan: ContingencyPlan,
    actor: Actor,
    reason: str,
    trigger_kind: str = TriggerKind.MANUAL,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ContingencyPlan:
    """Activate an armed plan, saying why (a person's reason, or the figure that crossed), in
    the activation log and the audit trail. An active or resolved plan is refused (400): a plan
    fires once until it is resolved and re-armed."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the plan is activated."})
    now = now or timezone.now()
    with record_parts(plan) as current:
        current = _state_change(
            current,
            actor=actor,
            expected_version=expected_version,
            allowed=PlanStatus.ARMED,
            refusal="This plan is {status}: it activates again only once resolved and re-armed.",
        )
        PlanActivation.objects.create(
            plan=current,
            activated_at=now,
            trigger_kind=trigger_kind,
            reason=reason,
            activated_by=actor,
        )
        return record_change(
            record=current,
            actor=actor,
            action="activate",
            changes={
                "status": PlanStatus.ACTIVE,
                "activated_at": now,
                "activation_reason": reason,
            },
        )


def _answer(plan: ContingencyPlan, now: datetime) -> None:
    """The plan's latest activation is answered now, if it was not yet (inside record_parts)."""
    latest = plan.activations.order_by("-activated_at", "-id").first()
    if latest is not None and latest.answered_at is None:
        latest.answered_at = now
        latest.save(update_fields=["answered_at"])


def plan_resolve(
    *,
    plan: ContingencyPlan,
    actor: Actor,
    resolution: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ContingencyPlan:
    """Resolve an active plan, saying how it ended; it stays resolved (its trigger silent)
    until re-armed."""
    if not resolution.strip():
        raise ValidationError({"resolution": "Say how the situation was resolved."})
    now = now or timezone.now()
    with record_parts(plan) as current:
        current = _state_change(
            current,
            actor=actor,
            expected_version=expected_version,
            allowed=PlanStatus.ACTIVE,
            refusal="This plan is {status}: only an active plan is resolved.",
        )
        _answer(current, now)
        for activation in current.activations.filter(resolved_at__isnull=True):
            activation.resolved_at, activation.resolution = now, resolution
            activation.save(update_fields=["resolved_at", "resolution"])
        return record_change(
            record=current,
            actor=actor,
            action="resolve",
            changes={"status": PlanStatus.RESOLVED, "activation_reason": ""},
        )


def plan_rearm(
    *, plan: ContingencyPlan, actor: Actor, expected_version: int | None = None
) -> ContingencyPlan:
    """Arm a resolved plan again: its trigger fires it the next time it holds, which may be at
    the next evaluation if it still holds now. Its actions are unticked for the next time."""
    with record_parts(plan) as current:
        current = _state_change(
            current,
            actor=actor,
            expected_version=expected_version,
            allowed=PlanStatus.RESOLVED,
            refusal="This plan is {status}: only a resolved plan is re-armed.",
        )
        for action in current.actions.filter(done_at__isnull=False):
            action.done_at, action.done_by = None, None
            action.save(update_fields=["done_at", "done_by"])
        return record_change(
            record=current, actor=actor, action="rearm", changes={"status": PlanStatus.ARMED}
        )


# --- The checklist of a plan -----------------------------------------------------------------


def plan_action_add(
    *,
    plan: ContingencyPlan,
    actor: Actor,
    text: str,
    party: Party | int,
    person: User | int | None = None,
) -> PlanAction:
    """A step of the plan's checklist, owned by a party of the partnership (the plan's own, if
    the plan is private) and, if named, a person of its team."""
    if not text.strip():
        raise ValidationError({"text": "Say what is to be done."})
    with record_parts(plan) as current:
        owner = _party_in(current.partnership_id, party, "party")
        if current.is_private and owner.pk != current.owner_party_id:
            raise ValidationError({"party": "A private plan's actions are its own party's."})
        action = PlanAction.objects.create(
            plan=current, text=text, party=owner, person=_team_member(owner, person, "person")
        )
        audit_part(
            actor=actor,
            action="action_add",
            owner=current,
            changes={"action": [None, text], "party": [None, owner.organization.name]},
        )
    return action


def plan_action_done(
    *, action: PlanAction, party: Party, actor: Actor, done: bool, now: datetime | None = None
) -> PlanAction:
    """Tick (or untick) a step, for the party that owns it or the plan's party. The first step
    ticked while the plan is active answers its activation."""
    now = now or timezone.now()
    with record_parts(action.plan) as plan:
        current = PlanAction.objects.select_for_update().filter(pk=action.pk, plan=plan).first()
        if current is None:
            raise ValidationError("No such action in this plan.")
        if party.pk not in (current.party_id, plan.owner_party_id):
            raise PermissionDenied("Only the party that owns this step, or the plan's, ticks it.")
        if current.is_done == done:
            raise ValidationError(
                "This step is already done." if done else "This step is not done."
            )
        current.done_at, current.done_by = (now, actor) if done else (None, None)
        current.save(update_fields=["done_at", "done_by"])
        if done and plan.status == PlanStatus.ACTIVE:
            _answer(plan, now)
        audit_part(
            actor=actor,
            action="action_done" if done else "action_undone",
            owner=plan,
            changes={"action": [current.text, current.text], "done": [not done, done]},
        )
    return current


def plan_action_delete(*, action: PlanAction, actor: Actor) -> None:
    with record_parts(action.plan) as plan:
        removed, _ = PlanAction.objects.filter(pk=action.pk, plan=plan).delete()
        if not removed:
            raise ValidationError("No such action in this plan.")
        audit_part(
            actor=actor, action="action_delete", owner=plan, changes={"action": [action.text, None]}
        )


# --- The trigger job ---------------------------------------------------------------------------


def plans_to_evaluate() -> list[ContingencyPlan]:
    """Armed plans that a date or a KPI may fire, in partnerships still running, with what
    their triggers read (two queries)."""
    measurements = Measurement.objects.order_by("measured_on").only(
        "kpi_id", "measured_on", "value"
    )
    return list(
        ContingencyPlan.objects.filter(status=PlanStatus.ARMED)
        .exclude(trigger_kind=TriggerKind.MANUAL)
        .exclude(partnership__stage=Stage.ENDED)
        .select_related("trigger_kpi")
        .prefetch_related(Prefetch("trigger_kpi__measurements", queryset=measurements))
        .order_by("id")
    )


def readings_of(plan: ContingencyPlan) -> list[tuple[date, Any]]:
    kpi = plan.trigger_kpi
    if kpi is None:
        return []
    return [(m.measured_on, m.value) for m in kpi.measurements.all()]


def triggers_fire(
    *, today: date | None = None, now: datetime | None = None
) -> list[ContingencyPlan]:
    """Activate every armed plan whose trigger holds today, by the system, with the figure that
    fired it. Safe to run twice or in two workers at once: each activation re-reads the plan
    under the partnership lock and skips a plan another run activated first."""
    today = today or timezone.localdate()
    fired = []
    for plan in plans_to_evaluate():
        reason = trigger_reason(plan, readings_of(plan), today)
        if reason is None:
            continue
        try:
            fired.append(
                plan_activate(
                    plan=plan, actor=None, reason=reason, trigger_kind=plan.trigger_kind, now=now
                )
            )
        except (ValidationError, Http404):
            continue  # activated, or deleted, meanwhile by someone else
    return fired


# --- The escalation path ----------------------------------------------------------------------


def _level_taken(party: Party, level: int, but: int = 0) -> None:
    taken = EscalationLevel.objects.filter(owner_party=party, level=level).exclude(pk=but)
    if taken.exists():
        raise ValidationError({"level": f"{party.organization} already has a level {level}."})


def escalation_level_create(*, party: Party, actor: Actor, **fields: Any) -> EscalationLevel:
    """A level of `party`'s escalation path: one per level number, a person of its team."""
    with transaction.atomic():
        lock_partnership(party.partnership_id)
        fields.pop("visibility", None)
        _level_taken(party, fields.get("level", 1))
        fields["person"] = _team_member(party, fields.get("person"), "person")
        level = EscalationLevel(partnership=party.partnership, owner_party=party, **fields)
        return record_create(record=level, actor=actor)


def escalation_level_update(
    *, record: EscalationLevel, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> EscalationLevel:
    with transaction.atomic():
        current = record_locked(record)
        if current.version != expected_version:
            raise StaleEdit(current)
        if "level" in changes:
            _level_taken(current.owner_party, changes["level"], but=current.pk)
        if "person" in changes:
            changes["person"] = _team_member(current.owner_party, changes["person"], "person")
        return record_update(
            record=current, actor=actor, expected_version=expected_version, changes=changes
        )


# --- The exit plan -----------------------------------------------------------------------------


def exit_plan_create(*, party: Party, actor: Actor, **fields: Any) -> ExitPlan:
    """The partnership's exit plan, proposed by `party`; one per partnership."""
    with transaction.atomic():
        lock_partnership(party.partnership_id)
        if ExitPlan.objects.filter(partnership_id=party.partnership_id).exists():
            raise ValidationError("This partnership already has an exit plan: change that one.")
        fields.pop("visibility", None)
        plan = ExitPlan(partnership=party.partnership, owner_party=party, **fields)
        return record_create(record=plan, actor=actor)


def exit_plan_update(
    *, record: ExitPlan, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> ExitPlan:
    """Change the exit plan; any change of its wording clears every endorsement."""
    return reworded_update(
        record=record, actor=actor, expected_version=expected_version, changes=changes
    )


def exit_plan_delete(*, record: ExitPlan, actor: Actor) -> None:
    """Delete an exit plan no party endorses; an endorsed one is an agreement (withdraw first)."""
    with transaction.atomic():
        current = record_locked(record)
        if current.endorsements.exists():
            raise ValidationError(
                "Parties endorse this exit plan: each withdraws its endorsement before it goes."
            )
        record_delete(record=current, actor=actor)


def exit_plan_endorse(*, exit_plan: ExitPlan, party: Party, actor: User) -> None:
    """`party` endorses the exit plan's current wording, by a lead or an admin (decision 17)."""
    endorse(record=exit_plan, party=party, actor=actor)


def exit_plan_withdraw(*, exit_plan: ExitPlan, party: Party, actor: Actor, reason: str) -> None:
    withdraw(record=exit_plan, party=party, actor=actor, reason=reason)
