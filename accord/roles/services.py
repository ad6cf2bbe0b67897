"""Changes to workstreams, activities, RACI assignments, decision rules, decisions and
expectations.

Keyword-only, one transaction each, every change through the primitives of `core.records`
(partnership lock first, version, rules, audit). Endorsements of rules reuse the machinery of
shared goals (`alignment.services.endorse`, `withdraw`, `reworded_update`); votes on a decision
are rows of the decision, written inside `record_parts` and audited on its chain.
"""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.alignment.services import endorse, endorsements_clear, reworded_update, withdraw
from accord.core import access
from accord.core.errors import StaleEdit
from accord.core.models import Party, Visibility
from accord.core.records import (
    Actor,
    audit_part,
    dependants,
    lock_partnership,
    record_change,
    record_create,
    record_delete,
    record_locked,
    record_parts,
    record_update,
)
from accord.roles.models import (
    Activity,
    Assignment,
    Decision,
    DecisionRule,
    Expectation,
    Letter,
    Outcome,
    RuleEndorsement,
    RuleKind,
    Verdict,
    Vote,
    Workstream,
)
from accord.roles.outcomes import outcome_of

# --- Workstreams and activities -------------------------------------------------------------


def workstream_create(
    *, party: Party, actor: Actor, title: str, description: str = "", visibility: str = "shared"
) -> Workstream:
    workstream = Workstream(
        partnership=party.partnership,
        owner_party=party,
        title=title,
        description=description,
        visibility=visibility,
    )
    return record_create(record=workstream, actor=actor)


def workstream_delete(*, record: Workstream, actor: Actor) -> None:
    """Delete a workstream that has no activities left (delete or move them first)."""
    with transaction.atomic():
        current = record_locked(record)
        if current.activities.exists():
            raise ValidationError("Delete this workstream's activities first.")
        record_delete(record=current, actor=actor)


def activity_create(
    *,
    party: Party,
    actor: Actor,
    workstream: Workstream | int,
    title: str,
    description: str = "",
    visibility: str = "shared",
) -> Activity:
    """A new activity of a workstream of the same partnership (a field error otherwise)."""
    with transaction.atomic():
        lock_partnership(party.partnership_id)
        workstream_id = workstream.pk if isinstance(workstream, Workstream) else workstream
        found = Workstream.objects.filter(pk=workstream_id, partnership=party.partnership).first()
        if found is None:
            raise ValidationError({"workstream": "No such workstream in this partnership."})
        activity = Activity(
            partnership=party.partnership,
            owner_party=party,
            workstream=found,
            title=title,
            description=description,
            visibility=visibility,
        )
        return record_create(record=activity, actor=actor)


def activity_delete(*, record: Activity, actor: Actor) -> None:
    """Delete an activity and its assignments, each deletion in the audit trail."""
    with transaction.atomic():
        current = record_locked(record)
        for assignment in Assignment.objects.select_related("owner_party").filter(activity=current):
            record_delete(record=assignment, actor=actor)
        record_delete(record=current, actor=actor)


# --- RACI assignments -----------------------------------------------------------------------


def _column(activity: Activity, column_party: Party | int, person: User | int | None) -> tuple:
    """The party and person (None: the whole party) of a column, both checked: a party of the
    activity's partnership, a person on that party's team."""
    party_id = column_party.pk if isinstance(column_party, Party) else column_party
    party = (
        Party.objects.select_related("organization")
        .filter(pk=party_id, partnership_id=activity.partnership_id)
        .first()
    )
    if party is None:
        raise ValidationError({"party": "No such party in this partnership."})
    if person is None:
        return party, None
    person_id = person.pk if isinstance(person, User) else person
    seat = party.team.select_related("user").filter(user_id=person_id).first()
    if seat is None:
        raise ValidationError({"person": f"No such person on {party.organization.name}'s team."})
    return party, seat.user


def assignment_create(
    *,
    party: Party,
    actor: Actor,
    activity: Activity | int,
    column_party: Party | int,
    letter: str,
    person: User | int | None = None,
    visibility: str = Visibility.SHARED,
) -> Assignment:
    """Give a person of a party's team (or the whole party, `person` None) a letter for an
    activity. One letter per activity and column: a second is a field error (change the
    first). `party` is the acting party, owner of the assignment."""
    if letter not in Letter.values:
        raise ValidationError({"letter": "Choose R, A, C or I."})
    with transaction.atomic():
        lock_partnership(party.partnership_id)
        activity_id = activity.pk if isinstance(activity, Activity) else activity
        found = Activity.objects.filter(pk=activity_id, partnership=party.partnership).first()
        if found is None:
            raise ValidationError({"activity": "No such activity in this partnership."})
        column, who = _column(found, column_party, person)
        taken = Assignment.objects.filter(activity=found, party=column, person=who)
        if taken.exists():
            raise ValidationError(
                {"letter": "This column already has a letter for this activity: change it."}
            )
        assignment = Assignment(
            partnership=party.partnership,
            owner_party=party,
            visibility=visibility,
            activity=found,
            party=column,
            person=who,
            letter=letter,
        )
        return record_create(record=assignment, actor=actor)


def assignment_update(
    *, record: Assignment, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Assignment:
    """Change an assignment's letter (the only thing that changes: another column is another
    assignment)."""
    if "letter" in changes and changes["letter"] not in Letter.values:
        raise ValidationError({"letter": "Choose R, A, C or I."})
    return record_update(
        record=record, actor=actor, expected_version=expected_version, changes=changes
    )


def assignment_delete(*, record: Assignment, actor: Actor) -> None:
    record_delete(record=record, actor=actor)


NEXT_LETTER = {"": "R", "R": "A", "A": "C", "C": "I", "I": ""}


def cell_set(
    *,
    party: Party,
    actor: Actor,
    activity: Activity,
    column_party: Party | int,
    person: User | int | None,
    letter: str,
    expected_version: int | None,
) -> Assignment | None:
    """Set one cell of the matrix to `letter` ("" empties it): creates, changes or deletes the
    assignment. `expected_version` is the version of the cell's assignment the user saw (None:
    they saw it empty); a cell changed meanwhile raises StaleEdit with the assignment as now
    (or ValidationError if it was filled or emptied meanwhile)."""
    if letter and letter not in Letter.values:
        raise ValidationError({"letter": "Choose R, A, C, I or nothing."})
    with transaction.atomic():
        lock_partnership(activity.partnership_id)
        current = Activity.objects.filter(pk=activity.pk).first()
        if current is None:
            raise ValidationError({"activity": "No such activity in this partnership."})
        column, who = _column(current, column_party, person)
        existing = (
            Assignment.objects.select_related("owner_party")
            .filter(activity=current, party=column, person=who)
            .first()
        )
        if existing is None:
            if expected_version is not None:
                raise ValidationError("Someone emptied this cell meanwhile: look again.")
            if not letter:
                return None
            return assignment_create(
                party=party,
                actor=actor,
                activity=current,
                column_party=column,
                person=who,
                letter=letter,
            )
        if expected_version is None:
            raise ValidationError("Someone filled this cell meanwhile: look again.")
        if existing.version != expected_version:
            raise StaleEdit(existing)
        if not letter:
            record_delete(record=existing, actor=actor)
            return None
        return record_change(
            record=existing,
            actor=actor,
            changes={"letter": letter},
            expected_version=expected_version,
        )


# --- Decision rules -------------------------------------------------------------------------


def rule_create(
    *,
    party: Party,
    actor: Actor,
    title: str,
    description: str = "",
    kind: str = RuleKind.EVERY_PARTY,
    lead_party: Party | int | None = None,
    days_to_decide: int = 14,
    status: str = "active",
    visibility: str = Visibility.SHARED,
) -> DecisionRule:
    """A new rule, proposed by `party`; in force once every party endorses it."""
    rule = DecisionRule(
        partnership=party.partnership,
        owner_party=party,
        title=title,
        description=description,
        kind=kind,
        days_to_decide=days_to_decide,
        status=status,
        visibility=visibility,
    )
    if lead_party is not None:
        rule.lead_party = _party_of(party.partnership_id, lead_party)
    return record_create(record=rule, actor=actor)


def _party_of(partnership_id: int, party: Party | int) -> Party:
    party_id = party.pk if isinstance(party, Party) else party
    found = Party.objects.select_related("organization").filter(pk=party_id).first()
    if found is None or found.partnership_id != partnership_id:
        raise ValidationError({"lead_party": "No such party in this partnership."})
    return found


def rule_update(
    *, record: DecisionRule, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> DecisionRule:
    """Change a rule; a change of its wording (type, kind, lead, time) clears every
    endorsement, as for a shared goal."""
    if changes.get("lead_party") is not None:
        changes = {**changes, "lead_party": _party_of(record.partnership_id, changes["lead_party"])}
    return reworded_update(
        record=record, actor=actor, expected_version=expected_version, changes=changes
    )


def rule_delete(*, record: DecisionRule, actor: Actor) -> DecisionRule | None:
    """Delete a rule no decision was taken under (its endorsements go with it, audited);
    retire (keep, marked retired) one that has decisions."""
    with transaction.atomic():
        rule = record_locked(record)
        if rule.decisions.exists():
            if rule.is_dropped:
                return rule
            return record_change(record=rule, actor=actor, changes={"status": "retired"})
        if rule.endorsements.exists():
            endorsements_clear(record=rule, actor=actor)
        record_delete(record=rule, actor=actor)
    return None


RULE_KEPT = "Decisions were taken under this rule, so it was retired (kept) rather than deleted."


def rule_endorse(*, rule: DecisionRule, party: Party, actor: User) -> RuleEndorsement:
    """`party` endorses the rule's current wording (the shared goals' machinery)."""
    endorsement = endorse(record=rule, party=party, actor=actor)
    assert isinstance(endorsement, RuleEndorsement)
    return endorsement


def rule_withdraw(*, rule: DecisionRule, party: Party, actor: Actor, reason: str) -> None:
    withdraw(record=rule, party=party, actor=actor, reason=reason)


# --- Decisions ------------------------------------------------------------------------------


def decision_create(
    *,
    party: Party,
    actor: Actor,
    rule: DecisionRule | int,
    title: str,
    proposal: str = "",
    deadline: date | None = None,
    visibility: str = Visibility.SHARED,
    supersedes: Decision | None = None,
) -> Decision:
    """A proposal under an active rule, waiting for the parties' word; its deadline is the
    rule's time to decide from today unless given."""
    with transaction.atomic():
        lock_partnership(party.partnership_id)
        rule_id = rule.pk if isinstance(rule, DecisionRule) else rule
        found = DecisionRule.objects.filter(pk=rule_id, partnership=party.partnership).first()
        if found is None:
            raise ValidationError({"rule": "No such decision rule in this partnership."})
        if found.is_dropped:
            raise ValidationError({"rule": "This rule was retired: choose a current one."})
        decision = Decision(
            partnership=party.partnership,
            owner_party=party,
            visibility=visibility,
            rule=found,
            title=title,
            proposal=proposal,
            deadline=deadline or timezone.localdate() + timedelta(days=found.days_to_decide),
            supersedes=supersedes,
        )
        return record_create(record=decision, actor=actor)


DECIDED = "This decision was decided: it cannot be changed, only superseded by a new one."


def decision_update(
    *, record: Decision, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Decision:
    """Change a decision still waiting; a decided one is refused (400)."""
    with transaction.atomic():
        current = record_locked(record)
        if current.is_decided:
            raise ValidationError(DECIDED)
        visibility = changes.get("visibility", current.visibility)
        # Its comments are shared or private as it is: it may not change that under them.
        if visibility != current.visibility and any(q.exists() for q in dependants(current)):
            raise ValidationError(
                {"visibility": "It was commented on: the decision stays as shared as they are."}
            )
        return record_update(
            record=current, actor=actor, expected_version=expected_version, changes=changes
        )


def decision_delete(*, record: Decision, actor: Actor) -> None:
    """Delete a decision still waiting that nothing supersedes; a decided one stays on record."""
    with transaction.atomic():
        current = record_locked(record)
        if current.is_decided:
            raise ValidationError("A decided decision stays on record: supersede it instead.")
        with record_parts(current) as current:
            current.votes.all().delete()
        record_delete(record=current, actor=actor)


def decision_vote(
    *, decision: Decision, party: Party, actor: User, verdict: str, comment: str = ""
) -> Decision:
    """`party` approves or objects (an objection says why); the outcome follows the rule and is
    recorded, with its rationale, the moment it is reached. A party may change its word while
    the decision waits; by one of its leads or its organization's admins."""
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": "Approve or object."})
    if verdict == Verdict.OBJECT and not comment.strip():
        raise ValidationError({"comment": "Say why you object."})
    with record_parts(decision) as current:
        access.refuse_unless_binding_now(actor, party)
        if current.is_decided:
            raise ValidationError(DECIDED)
        before = current.votes.filter(party=party).first()
        if before is None:
            Vote.objects.create(
                decision=current, party=party, verdict=verdict, comment=comment, given_by=actor
            )
        else:
            before.verdict, before.comment, before.given_by = verdict, comment, actor
            before.given_at = timezone.now()
            before.save()
        audit_part(
            actor=actor,
            action=verdict,
            owner=current,
            changes={
                "party": [None, party.organization.name],
                "verdict": [before.verdict if before else None, verdict],
                "comment": [before.comment if before else None, comment],
            },
        )
    return _decide(decision=current, actor=actor)


def _decide(*, decision: Decision, actor: Actor) -> Decision:
    """Record the outcome if the votes now reach one (under the lock taken by the caller)."""
    rule = decision.rule
    parties = list(Party.objects.filter(partnership_id=decision.partnership_id))
    votes = {v.party_id: v for v in decision.votes.select_related("party__organization")}
    result = outcome_of(rule, parties, votes)
    if result.outcome == Outcome.WAITING:
        return decision
    return record_change(
        record=decision,
        actor=actor,
        changes={
            "outcome": result.outcome,
            "rationale": result.rationale,
            "decided_at": timezone.now(),
        },
        action="decide",
    )


def decision_supersede(
    *,
    decision: Decision,
    party: Party,
    actor: Actor,
    title: str,
    proposal: str = "",
    deadline: date | None = None,
) -> Decision:
    """A new decision, under the same rule, that supersedes a decided one (pointing back)."""
    with transaction.atomic():
        current = record_locked(decision)
        if not current.is_decided:
            raise ValidationError("This decision is still waiting: change it instead.")
        if current.superseded_by.exists():
            raise ValidationError("This decision was already superseded: supersede the newer one.")
        return decision_create(
            party=party,
            actor=actor,
            rule=current.rule_id,
            title=title,
            proposal=proposal,
            deadline=deadline,
            visibility=current.visibility,
            supersedes=current,
        )


# --- Expectations ---------------------------------------------------------------------------


def expectation_create(
    *,
    party: Party,
    actor: Actor,
    toward: Party | int,
    kind: str,
    text: str,
    visibility: str = Visibility.SHARED,
) -> Expectation:
    """What `party` needs from (or takes on toward) the party `toward`, to be acknowledged."""
    toward_id = toward.pk if isinstance(toward, Party) else toward
    other = Party.objects.filter(pk=toward_id, partnership_id=party.partnership_id).first()
    if other is None:
        raise ValidationError({"toward": "No such party in this partnership."})
    expectation = Expectation(
        partnership=party.partnership,
        owner_party=party,
        visibility=visibility,
        toward=other,
        kind=kind,
        text=text,
    )
    return record_create(record=expectation, actor=actor)


def expectation_update(
    *, record: Expectation, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Expectation:
    """Change an expectation; a new wording (kind or text) asks for a new acknowledgement."""
    with transaction.atomic():
        current = record_locked(record)
        if current.version != expected_version:
            raise StaleEdit(current)
        reworded = any(
            changes.get(f, getattr(current, f)) != getattr(current, f) for f in ("kind", "text")
        )
        if reworded and current.is_acknowledged:
            changes = {**changes, "acknowledged_at": None, "acknowledged_by": None}
        return record_change(
            record=current, actor=actor, changes=changes, expected_version=expected_version
        )


def expectation_delete(*, record: Expectation, actor: Actor) -> None:
    record_delete(record=record, actor=actor)


def expectation_acknowledge(*, expectation: Expectation, party: Party, actor: Actor) -> Expectation:
    """The party the expectation is toward acknowledges it, by one of its leads or its
    organization's admins (400 for any other party, or twice)."""
    with transaction.atomic():
        current = record_locked(expectation)
        access.refuse_unless_binding_now(actor, party)
        if current.toward_id != party.pk:
            raise ValidationError(
                "Only the party this expectation is addressed to acknowledges it."
            )
        if current.is_acknowledged:
            raise ValidationError("This expectation is already acknowledged.")
        return record_change(
            record=current,
            actor=actor,
            changes={"acknowledged_at": timezone.now(), "acknowledged_by": actor},
            action="acknowledge",
        )
