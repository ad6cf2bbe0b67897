"""Who must hear of practice 5's audited changes (accord/core/notices.py): a plan activated (by
its trigger or by hand) reaches its owning party's team and the people and parties named on
its checklist; an issue escalated reaches the person of that level (and their party); an
exit plan written, or changed so that its endorsements were cleared, asks
every party's leads and admins to endorse it.

A plain function of the audit event: the event says what happened; the plan is read only for
the owners of its steps (a plan deleted since gives its own party alone)."""

from collections.abc import Iterator

from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.contingency.models import ContingencyPlan, Escalation, ExitPlan, PlanAction
from accord.core.notices import Notice

PLAN = ContingencyPlan._meta.label
EXIT_PLAN = ExitPlan._meta.label
ESCALATION = Escalation._meta.label


def notices(event: AuditEvent) -> Iterator[Notice]:
    if event.partnership_id is None:
        return
    tab = reverse("accord-contingency", args=[event.partnership_id])
    if event.record_type == PLAN and event.action == "activate":
        yield _plan_activated(event, tab)
    elif event.record_type == ESCALATION and event.action == "escalate":
        yield from _escalated(event)
    elif event.record_type == EXIT_PLAN and event.action in ("create", "endorsements_cleared"):
        yield Notice(
            kind="contingency.exit_plan_to_endorse",
            partnership_id=event.partnership_id,
            title="The exit plan waits for your party's endorsement",
            url=f"{tab}#exit-plan",
            binding_only=True,
        )


def _plan_activated(event: AuditEvent, tab: str) -> Notice:
    plan_id = int(event.record_id)
    owner = ContingencyPlan.objects.filter(pk=plan_id).values_list("owner_party_id", flat=True)
    steps = PlanAction.objects.filter(plan_id=plan_id).values_list("party_id", "person_id")
    parties = {*owner, *(party for party, _ in steps)}
    people = {person for _, person in steps if person is not None}
    # The audit trail labels an actor by email, which the partner may not see: name them.
    who = "its trigger" if event.actor is None else event.actor.public_name
    return Notice(
        kind="contingency.plan_activated",
        partnership_id=event.partnership_id or 0,
        title=f"Contingency plan “{event.record_label}” activated by {who}",
        url=f"{tab}#plan-{plan_id}",
        party_ids=tuple(sorted(parties)),
        user_ids=tuple(sorted(people)),
    )


def _escalated(event: AuditEvent) -> Iterator[Notice]:
    escalation = Escalation.objects.select_related("level").filter(pk=event.record_id).first()
    if escalation is None:
        return
    level = escalation.level
    yield Notice(
        kind="contingency.escalated",
        partnership_id=event.partnership_id or 0,
        title=f"Escalated to you (level {level.level}): {escalation.label}",
        url=escalation.url,
        party_ids=(level.owner_party_id,),
        user_ids=(level.person_id,),
    )
