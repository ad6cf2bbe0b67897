"""Changes to objectives, shared goals, endorsements and links.

Every function here is keyword-only, runs in one transaction and writes the audit trail; pages,
API and the demo all call them. Callers have checked the caller's right to see the partnership
and, through `access.record_for`, the record; the rules particular to alignment are checked here.

Each locks the partnership row first and then reads again, under that lock, the records it was
given (decision 0007): a record deleted meanwhile answers Http404, as for any missing record.
Records change only through the primitives of `core.records` (version, rules, stamp, audit);
endorsements, rows of a goal, through `record_parts`.
"""

from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.alignment.models import (
    Endorsable,
    Endorsement,
    EndorsementBase,
    GoalStatus,
    LinkKind,
    Objective,
    ObjectiveLink,
    SharedGoal,
)
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.models import PartnershipRecord, Party, Visibility
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

Record = TypeVar("Record", bound=PartnershipRecord)

# --- Objectives -----------------------------------------------------------------------------


def objective_create(
    *,
    party: Party,
    actor: Actor,
    title: str,
    description: str = "",
    priority: str = "medium",
    horizon: str = "medium",
    status: str = "active",
    visibility: str = "shared",
) -> Objective:
    """A new objective of `party`, the one the user acts for (`PartnershipAccess.acting_party`)."""
    objective = Objective(
        partnership=party.partnership,
        owner_party=party,
        title=title,
        description=description,
        priority=priority,
        horizon=horizon,
        status=status,
        visibility=visibility,
    )
    return record_create(record=objective, actor=actor)


def objective_update(
    *, record: Objective, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Objective:
    """Change an objective; its links follow its visibility, so a link never shows more."""
    objective = record
    with transaction.atomic():
        current = record_update(
            record=objective, actor=actor, expected_version=expected_version, changes=changes
        )
        links = ObjectiveLink.objects.select_related("owner_party", "goal").filter(
            objective=current
        )
        for link in links.exclude(visibility=current.visibility):
            # The link takes its objective's visibility, its events split as for any record
            # whose visibility changes; the other parties knew it by the objective's old title.
            link.objective = objective
            record_change(
                record=link,
                actor=actor,
                changes={"visibility": current.visibility},
                label_before=str(link),
            )
    return current


def objective_delete(*, record: Objective, actor: Actor) -> None:
    """Delete an objective and its links, each deletion in the audit trail.

    Locks the partnership, then the objective; the links are read under the lock, so that one
    made meanwhile is not removed by the cascade without its own audit event."""
    with transaction.atomic():
        objective = record_locked(record)
        for link in ObjectiveLink.objects.select_related("owner_party").filter(objective=objective):
            record_delete(record=link, actor=actor)
        record_delete(record=objective, actor=actor)


# --- Shared goals ---------------------------------------------------------------------------


def goal_create(
    *,
    party: Party,
    actor: Actor,
    title: str,
    description: str = "",
    status: str = GoalStatus.OPEN,
    visibility: str = Visibility.SHARED,
) -> SharedGoal:
    """A new shared goal, owned by the party that proposes it; nobody has endorsed it yet."""
    goal = SharedGoal(
        partnership=party.partnership,
        owner_party=party,
        title=title,
        description=description,
        status=status,
        visibility=visibility,
    )
    return record_create(record=goal, actor=actor)


def goal_update(
    *, record: SharedGoal, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> SharedGoal:
    """Change a goal. A new title or description clears every endorsement in the same
    transaction (each party must endorse the new wording); `endorsements_cleared` says so.
    A visibility may be given, and must be "shared" (SharedGoal.rule_errors).

    Locks the partnership, then the goal (Http404 if deleted; StaleEdit if changed meanwhile)."""
    return reworded_update(
        record=record, actor=actor, expected_version=expected_version, changes=changes
    )


# An endorsable record (`models.Endorsable` mixed into a PartnershipRecord).
Agreed = TypeVar("Agreed", bound=PartnershipRecord)


def _endorsable(record: PartnershipRecord) -> Any:
    """The record as the Endorsable it is (the mixin is not a PartnershipRecord for mypy)."""
    assert isinstance(record, Endorsable)
    return record


def reworded_update(
    *, record: Agreed, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Agreed:
    """Change an endorsable record (a goal, a decision rule): a change of its wording clears
    every endorsement in the same transaction, and `cleared_in_version` says which version did.

    Locks the partnership, then the record (Http404 if deleted; StaleEdit if changed meanwhile)."""
    model = type(record)
    unknown = set(changes) - {*model.EDITABLE_FIELDS, "visibility"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = record_locked(record)
        if current.version != expected_version:
            raise StaleEdit(current)
        wording = _endorsable(current).wording()
        rewording = any(changes.get(f, v) != v for f, v in wording.items())
        if rewording:
            # The version this change makes is the one that cleared the endorsements.
            changes = {**changes, "cleared_in_version": current.version + 1}
        current = record_change(
            record=current, actor=actor, changes=changes, expected_version=expected_version
        )
        if rewording:
            endorsements_clear(record=current, actor=actor)
    return current


def endorsements_clear(*, record: PartnershipRecord, actor: Actor) -> None:
    """Remove every endorsement of the record, in the audit trail if there were any."""
    with record_parts(record) as record:
        held = _endorsable(record).endorsements
        endorsements = list(held.select_related("party__organization"))
        if not endorsements:
            return
        held.all().delete()
        names = [e.party.organization.name for e in endorsements]
        audit_part(
            actor=actor,
            action="endorsements_cleared",
            owner=record,
            changes={"endorsed_by": [names, []]},
        )


# What the goal's deleter learns when it is kept: never which records, how many, or whether
# they are private (a private link of another party counts like any other use).
GOAL_KEPT = (
    "Another party has proposed, endorsed, linked or measured this goal, so it was dropped "
    "(kept and marked dropped) rather than deleted."
)


def goal_delete(*, record: SharedGoal, actor: Actor) -> SharedGoal | None:
    """Delete a goal only the caller's parties proposed and use; drop one another party does.

    Deleted (returns None): a goal the caller's party proposed and no other party has endorsed,
    linked (any visibility) or measured; the caller's own endorsements, links, KPIs and
    milestones go with it, each change versioned and audited. Dropped (returns the goal, status
    "dropped", the reason in the audit trail): a goal another party proposed or uses; nothing
    of anyone's is removed.

    Locks the partnership, then the goal, and reads what points at the goal under that lock, so
    that an endorsement or link made meanwhile is seen. What points at a goal is found through
    the model's relations: practices that build on goals are not imported here."""
    mine = {
        party.pk
        for party in access.partnership_access(actor, record.partnership_id).editing_parties
    }
    with transaction.atomic():
        goal = record_locked(record)
        dependants = _goal_dependants(goal)
        endorsers = set(goal.endorsements.values_list("party_id", flat=True))
        users = {goal.owner_party_id} | endorsers | {r.owner_party_id for r, _ in dependants}
        if users - mine:
            return _goal_drop(goal=goal, actor=actor)
        if endorsers:
            endorsements_clear(record=goal, actor=actor)
        for dependant, field in dependants:
            if field.remote_field.on_delete is models.SET_NULL:
                record_change(record=dependant, actor=actor, changes={field.name: None})
            else:
                record_delete(record=dependant, actor=actor)
        record_delete(record=goal, actor=actor)
    return None


def _goal_dependants(goal: SharedGoal) -> list[tuple[PartnershipRecord, models.ForeignObject]]:
    """Every partnership record that points at the goal (links, KPIs, milestones, and what later
    practices add), with the field that points. Read under the partnership lock."""
    found = []
    for relation in SharedGoal._meta.related_objects:
        model, field = relation.related_model, relation.field
        if isinstance(model, type) and issubclass(model, PartnershipRecord):
            records = model._default_manager.filter(**{field.name: goal}).order_by("pk")
            found += [(record, field) for record in records]
    return found


def _goal_drop(*, goal: SharedGoal, actor: Actor) -> SharedGoal:
    """Mark the goal dropped instead of deleting it, and say why in the audit trail (in words
    every party may read: no record of anyone is named or counted)."""
    if goal.is_dropped:
        return goal
    goal = record_change(record=goal, actor=actor, changes={"status": GoalStatus.DROPPED})
    audit_part(
        actor=actor,
        action="drop",
        owner=goal,
        changes={"reason": [None, "Asked to delete it; another party proposed or uses it."]},
    )
    return goal


# --- Endorsements ---------------------------------------------------------------------------


def _wording_changes(record: PartnershipRecord) -> dict[str, list[Any]]:
    """The wording endorsed or withdrawn, for the audit event (unchanged: before == after)."""

    def plain(value: object) -> object:
        return value if value is None or isinstance(value, str | int) else str(value)

    return {
        field: [plain(value), plain(value)]
        for field, value in _endorsable(record).wording().items()
    }


def endorse(*, record: Agreed, party: Party, actor: User) -> EndorsementBase:
    """`party` endorses the record's current wording, by one of its leads or its organization's
    admins; the audit event records that wording.

    Locks the partnership, then the record: an endorsement is of the wording current when it
    commits, and of a record that still exists and is not dropped (Http404 if deleted)."""
    noun = type(record)._meta.verbose_name
    with record_parts(record) as record:
        access.refuse_unless_binding_now(actor, party)
        agreed = _endorsable(record)
        if agreed.is_dropped:
            raise ValidationError(f"This {noun} was dropped: it cannot be endorsed.")
        if agreed.endorsements.filter(party=party).exists():
            raise ValidationError(f"{party.organization} already endorses this {noun}.")
        endorsement = agreed.endorsements.create(party=party, endorsed_by=actor)
        audit_part(
            actor=actor,
            action="endorse",
            owner=record,
            changes={"party": [None, party.organization.name], **_wording_changes(record)},
        )
    return cast(EndorsementBase, endorsement)


def withdraw(*, record: PartnershipRecord, party: Party, actor: Actor, reason: str) -> None:
    """`party` withdraws its endorsement, saying why, by one of its leads or its organization's
    admins. Locks the partnership, then the record (Http404 if deleted meanwhile)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the endorsement is withdrawn."})
    noun = type(record)._meta.verbose_name
    with record_parts(record) as record:
        access.refuse_unless_binding_now(actor, party)
        removed, _ = _endorsable(record).endorsements.filter(party=party).delete()
        if not removed:
            raise ValidationError(f"{party.organization} does not endorse this {noun}.")
        audit_part(
            actor=actor,
            action="withdraw",
            owner=record,
            changes={
                "party": [party.organization.name, None],
                "reason": [None, reason],
                **_wording_changes(record),
            },
        )


def goal_endorse(*, goal: SharedGoal, party: Party, actor: User) -> Endorsement:
    """`party` endorses the goal's current wording (see `endorse`)."""
    return cast(Endorsement, endorse(record=goal, party=party, actor=actor))


def goal_withdraw(*, goal: SharedGoal, party: Party, actor: Actor, reason: str) -> None:
    """`party` withdraws its endorsement of the goal, saying why (see `withdraw`)."""
    withdraw(record=goal, party=party, actor=actor, reason=reason)


# --- Links ----------------------------------------------------------------------------------


def linkable_objective(grant: PartnershipAccess, objective_id: int) -> Objective:
    """An objective the caller may link: 400 if not in this partnership or not visible to the
    caller, 403 if another party owns it."""
    objective = (
        access.records_in(grant, Objective.objects.select_related("owner_party__organization"))
        .filter(pk=objective_id)
        .first()
    )
    if objective is None:
        raise ValidationError({"objective": "No such objective in this partnership."})
    if not grant.can_edit_record(objective):
        raise PermissionDenied("Only the party that owns an objective links it to goals.")
    return objective


def linkable_goal(grant: PartnershipAccess, goal_id: int) -> SharedGoal:
    """A goal of this partnership that is not dropped; 400 otherwise."""
    goal = access.records_in(grant, SharedGoal.objects.all()).filter(pk=goal_id).first()
    if goal is None:
        raise ValidationError({"goal": "No such goal in this partnership."})
    if goal.is_dropped:
        raise ValidationError({"goal": "This goal was dropped: link a current one."})
    return goal


def link_create(
    *,
    objective: Objective,
    goal: SharedGoal,
    actor: Actor,
    kind: str = LinkKind.SUPPORTS,
    note: str = "",
) -> ObjectiveLink:
    """Link an objective to a goal of the same partnership. The link belongs to the objective's
    party and takes the objective's visibility: a link to a private objective is private.

    Locks the partnership, then reads both again: one deleted meanwhile is a field error, as for
    an unknown id (and two links made at once cannot both pass the check for a duplicate)."""
    if objective.partnership_id != goal.partnership_id:
        raise ValidationError({"goal": "The goal belongs to another partnership."})
    with transaction.atomic():
        lock_partnership(objective.partnership_id)
        objective = _still_there(objective, "objective")
        goal = _still_there(goal, "goal")
        if ObjectiveLink.objects.filter(objective=objective, goal=goal).exists():
            raise ValidationError({"goal": "This objective is already linked to this goal."})
        link = ObjectiveLink(
            partnership_id=objective.partnership_id,
            owner_party=objective.owner_party,
            visibility=objective.visibility,
            objective=objective,
            goal=goal,
            kind=kind,
            note=note,
        )
        return record_create(record=link, actor=actor)


def _still_there(record: Record, field: str) -> Record:
    """The record as saved now (call under the partnership lock), or a field error as for an
    unknown id if it was deleted."""
    found = cast(Record | None, type(record)._default_manager.filter(pk=record.pk).first())
    if found is None:
        name = type(record)._meta.verbose_name
        raise ValidationError({field: f"No such {name} in this partnership."})
    return found


def link_update(
    *, record: ObjectiveLink, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> ObjectiveLink:
    """Change a link's kind or note. A resolved conflict whose kind changes loses its
    resolution (a link that becomes a conflict again is an open one), in the same versioned and
    audited change. Locks the partnership, then the link (Http404 if deleted meanwhile)."""
    unknown = set(changes) - set(ObjectiveLink.EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = record_locked(record)
        if changes.get("kind", current.kind) != current.kind and current.resolved_at is not None:
            changes = {**changes, "resolution": "", "resolved_at": None, "resolved_by": None}
        return record_change(
            record=current, actor=actor, changes=changes, expected_version=expected_version
        )


def link_delete(*, record: ObjectiveLink, actor: Actor) -> None:
    record_delete(record=record, actor=actor)


def link_resolve(*, link: ObjectiveLink, actor: Actor, resolution: str) -> ObjectiveLink:
    """Close an open conflict with a note saying how it was resolved. Locks the partnership,
    then the link (Http404 if deleted meanwhile)."""
    if not resolution.strip():
        raise ValidationError({"resolution": "Say how the conflict was resolved."})
    with transaction.atomic():
        current = record_locked(link)
        if not current.is_conflict:
            raise ValidationError("Only a conflict can be resolved.")
        if current.resolved_at is not None:
            raise ValidationError("This conflict is already resolved.")
        changes = {"resolution": resolution, "resolved_at": timezone.now(), "resolved_by": actor}
        return record_change(record=current, actor=actor, changes=changes, action="resolve")


# --- Proposing a goal from a suggestion -----------------------------------------------------


def proposable_objectives(grant: PartnershipAccess, ids: list[int]) -> tuple[Objective, Objective]:
    """Two distinct objectives of the partnership that the caller may see; 400 otherwise."""
    if len(set(ids)) != 2:
        raise ValidationError({"objectives": "Choose two different objectives."})
    found = {
        o.pk: o
        for o in access.records_in(
            grant, Objective.objects.select_related("owner_party__organization")
        ).filter(pk__in=ids)
    }
    if len(found) != 2:
        raise ValidationError({"objectives": "No such objectives in this partnership."})
    return found[ids[0]], found[ids[1]]


def goal_propose(
    *, grant: PartnershipAccess, party: Party, actor: Actor, objectives: tuple[Objective, Objective]
) -> SharedGoal:
    """A draft goal (open, endorsed by nobody) from two related objectives of different parties.

    Links are made by each objective's own party: the caller's objectives get a 'supports' link
    now; the other party's objective is named in the description so that party can link it.
    A private objective is never named in the (shared) goal's title or description.
    """
    first, second = objectives
    if first.owner_party_id == second.owner_party_id:
        raise ValidationError({"objectives": "Choose objectives of two different parties."})
    named = [o for o in objectives if not o.is_private]
    title = " / ".join(o.title for o in named)[:200] or "New shared goal"
    mentions = " and ".join(f"{o.owner_party.organization.name}'s “{o.title}”" for o in named)
    with transaction.atomic():
        goal = goal_create(
            party=party,
            actor=actor,
            title=title,
            description=f"Proposed from {mentions}. Reword it until every party can endorse it.",
        )
        for objective in objectives:
            if grant.can_edit_record(objective):
                link_create(objective=objective, goal=goal, actor=actor, note="Proposed together.")
    return goal
