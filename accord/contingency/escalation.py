"""The escalation path: unanswered issues, and moving them up a party's path.

An issue is owed by one party and unanswered since a moment:
- a trust concern raised to the party, not yet answered (since it was raised);
- a roles decision of the party still waiting, with an objection it has not answered by
  changing or superseding it (since the first objection);
- a contingency plan of the party, active, its activation not answered by a ticked step (since
  it was activated).

`escalations_run(now=)` (the periodic job `contingency.tasks.escalations_run`) records, for each
issue, every level of the owing party's path whose `after_days` have passed and that it has not
reached yet — once per issue and level, so a second run or a second worker adds nothing — and
audits it with the visibility of the issue (a private plan's escalation stays with its party).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accord.audit.services import audit_record
from accord.contingency.models import (
    ContingencyPlan,
    Escalation,
    EscalationLevel,
    PlanStatus,
)
from accord.core.models import PartnershipRecord, Stage
from accord.core.records import record_parts
from accord.roles.models import Decision, Outcome, Verdict
from accord.trust.models import Concern, ConcernStatus


@dataclass(frozen=True)
class Issue:
    record: PartnershipRecord
    owed_by: int  # the party that should answer
    since: datetime
    label: str
    url: str

    @property
    def subject(self) -> str:
        return f"{self.record._meta.label}:{self.record.pk}"


def _running(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.exclude(partnership__stage=Stage.ENDED).select_related(
        "owner_party__organization"
    )


def unanswered_issues() -> list[Issue]:
    """Every unanswered issue of the running partnerships (four queries)."""
    issues: list[Issue] = []
    concerns = _running(Concern.objects.filter(first_answered_at__isnull=True)).exclude(
        status=ConcernStatus.RESOLVED
    )
    for concern in concerns:
        url = reverse("accord-trust", args=[concern.partnership_id])
        issues.append(
            Issue(concern, concern.addressed_to_id, concern.created_at, f"Concern “{concern}”", url)
        )
    decisions = _running(Decision.objects.filter(outcome=Outcome.WAITING)).prefetch_related("votes")
    for decision in decisions:
        objections = [v for v in decision.vote_list() if v.verdict == Verdict.OBJECT]
        if objections and decision.updated_at <= objections[0].given_at:
            url = reverse("accord-decisions", args=[decision.partnership_id])
            label = f"Objection to the decision “{decision}”"
            issues.append(
                Issue(decision, decision.owner_party_id, objections[0].given_at, label, url)
            )
    plans = _running(ContingencyPlan.objects.filter(status=PlanStatus.ACTIVE)).prefetch_related(
        "activations"
    )
    for plan in plans:
        latest = next(iter(plan.activations.all()), None)
        if latest is not None and latest.answered_at is None:
            url = reverse("accord-contingency", args=[plan.partnership_id]) + f"#plan-{plan.pk}"
            label = f"Activated plan “{plan}” without progress"
            issues.append(Issue(plan, plan.owner_party_id, latest.activated_at, label, url))
    return issues


def escalations_run(*, now: datetime | None = None) -> list[Escalation]:
    """Move every unanswered issue up to each level of its party's path now due (see the module
    docstring); returns the escalations recorded by this run."""
    now = now or timezone.now()
    levels: dict[int, list[EscalationLevel]] = {}
    for level in EscalationLevel.objects.order_by("level", "id"):
        levels.setdefault(level.owner_party_id, []).append(level)
    reached = set(Escalation.objects.values_list("level_id", "subject"))
    made = []
    for issue in unanswered_issues():
        days = (now - issue.since).days
        for level in levels.get(issue.owed_by, []):
            if level.after_days <= days and (level.pk, issue.subject) not in reached:
                escalation = _escalate(level, issue, now)
                if escalation is not None:
                    made.append(escalation)
    return made


def _escalate(level: EscalationLevel, issue: Issue, now: datetime) -> Escalation | None:
    """Record one escalation, unless another run recorded it first (or the level is gone)."""
    record = issue.record
    try:
        with record_parts(level) as current, transaction.atomic():
            escalation = Escalation.objects.create(
                level=current,
                subject=issue.subject,
                label=issue.label[:250],
                url=issue.url,
                private_party=record.owner_party if record.is_private else None,
                since=issue.since,
                escalated_at=now,
            )
            audit_record(
                actor=None,
                action="escalate",
                record=escalation,
                changes={"level": [None, current.level], "issue": [None, issue.label]},
                partnership=current.partnership,
                private_to_id=record.private_to_id,
            )
    except (IntegrityError, Http404):  # escalated by another run, or the level was deleted
        return None
    return escalation
