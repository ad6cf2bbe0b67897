"""Who must hear of practice 3's changes (core.notices), and what waits (core.notices.Reminder):

- a decision rule proposed or reworded: the binding people of each party yet to endorse it;
- a decision proposed: the binding people of the parties that decide it (the lead party under
  a lead-party rule, else every party) yet to give their word;
- an objection: the binding people of every party; a decision reached: every party's team;
- reminders, once a day: a decision still waiting past its deadline, to the binding people of
  the deciding parties that have not given their word.

Words come from the audit event (its label, as the event's readers knew it) and party names.
"""

from collections.abc import Iterable
from datetime import date

from django.urls import reverse

from accord.alignment.notices import to_endorse
from accord.audit.models import AuditEvent
from accord.core.models import Party, Stage
from accord.core.notices import Notice, Reminder
from accord.lib.formatting import day
from accord.roles.models import Decision, DecisionRule, Outcome, RuleKind


def _decision_url(partnership_id: int, decision_id: int | str) -> str:
    return reverse("accord-decisions", args=[partnership_id]) + f"#decision-{decision_id}"


def _deciding_parties_waiting(decision: Decision) -> tuple[int, ...]:
    """The parties whose word decides `decision` and who have not given it."""
    parties = Party.objects.filter(partnership_id=decision.partnership_id)
    if decision.rule.kind == RuleKind.LEAD_PARTY:
        parties = parties.filter(pk__in=[decision.rule.lead_party_id])
    voted = decision.votes.values("party")
    return tuple(parties.exclude(pk__in=voted).values_list("pk", flat=True))


def _decision_notices(event: AuditEvent) -> list[Notice]:
    decision = (
        Decision.objects.select_related("rule", "owner_party__organization")
        .filter(pk=event.record_id)
        .first()
    )
    if decision is None:
        return []
    pid = decision.partnership_id
    url = _decision_url(pid, decision.pk)
    label = event.record_label
    if event.action == "create" and not decision.is_decided:
        waiting = _deciding_parties_waiting(decision)
        if not waiting:
            return []
        return [
            Notice(
                kind="roles.decision_proposed",
                partnership_id=pid,
                title=(
                    f"{decision.owner_party.organization.name} proposed a decision: “{label}”. "
                    "Approve or object"
                ),
                url=url,
                party_ids=waiting,
                binding_only=True,
            )
        ]
    if event.action == "object":
        objector = (event.changes.get("party") or [None, "A party"])[1]
        return [
            Notice(
                kind="roles.decision_objection",
                partnership_id=pid,
                title=f"{objector} objects to “{label}”",
                url=url,
                binding_only=True,
            )
        ]
    if event.action == "decide":
        outcome = Outcome(decision.outcome).label.lower()
        return [
            Notice(
                kind="roles.decision_decided",
                partnership_id=pid,
                title=f"“{label}” was {outcome}",
                url=url,
            )
        ]
    return []


def notices(event: AuditEvent) -> Iterable[Notice]:
    if event.record_type == Decision._meta.label:
        return _decision_notices(event)
    if event.record_type == DecisionRule._meta.label:
        url = reverse("accord-rules", args=[event.partnership_id]) + f"#rule-{event.record_id}"
        return to_endorse(
            event, DecisionRule, kind="roles.rule_to_endorse", noun="a decision rule", url=url
        )
    return []


def reminders(today: date) -> Iterable[Reminder]:
    """Decisions still waiting after their deadline, in partnerships not ended: once per
    decision and deadline (a new deadline reminds anew)."""
    late = (
        Decision.objects.filter(outcome=Outcome.WAITING, deadline__lt=today)
        .exclude(partnership__stage=Stage.ENDED)
        .select_related("rule", "owner_party")
        .order_by("deadline", "pk")
    )
    for decision in late:
        waiting = _deciding_parties_waiting(decision)
        if not waiting:
            continue
        yield Reminder(
            key=f"roles.decision_overdue:{decision.pk}:{decision.deadline.isoformat()}",
            notice=Notice(
                kind="roles.decision_overdue",
                partnership_id=decision.partnership_id,
                title=(
                    f"“{decision.title}” passed its deadline ({day(decision.deadline)}) "
                    "without your party's word"
                ),
                url=_decision_url(decision.partnership_id, decision.pk),
                party_ids=waiting,
                binding_only=True,
            ),
            private_to_id=decision.private_to_id,
        )
