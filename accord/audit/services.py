"""Writing and verifying the audit trail."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from accord.audit.models import AuditEvent
from accord.lib.hashchain import GENESIS, first_broken_link, link_digest


def audit_value(value: Any) -> Any:
    """A value as the audit trail stores it: JSON that reads back exactly as written."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [audit_value(item) for item in value]
    if isinstance(value, dict):
        return {key: audit_value(item) for key, item in value.items()}
    return value


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value differs."""
    return {
        field: [audit_value(before.get(field)), audit_value(value)]
        for field, value in after.items()
        if audit_value(before.get(field)) != audit_value(value)
    }


def chain_name(*, partnership=None, organization=None) -> str:
    return f"partnership:{partnership.pk}" if partnership else f"organization:{organization.pk}"


def audit_record(
    *,
    actor,
    action: str,
    record: models.Model,
    changes: dict[str, list[Any]] | None = None,
    partnership=None,
    organization=None,
    private_to_id: int | None = None,
) -> AuditEvent:
    """Append one event to the partnership's chain (or the organization's, without one).

    Must run inside the transaction that makes the change. The partnership (or organization)
    row is locked first so that concurrent writers append one after the other.
    """
    assert transaction.get_connection().in_atomic_block, "audit_record needs a transaction"
    owner = partnership or organization
    list(type(owner).objects.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True))
    chain = chain_name(partnership=partnership, organization=organization)
    last = AuditEvent.objects.filter(chain=chain).order_by("-seq").first()
    event = AuditEvent(
        chain=chain,
        seq=last.seq + 1 if last else 1,
        partnership=partnership,
        organization=organization,
        private_to_id=private_to_id,
        actor=actor if actor and actor.is_authenticated else None,
        actor_label=str(actor.email) if actor and actor.is_authenticated else "system",
        action=action,
        record_type=record._meta.label,
        record_id=str(record.pk),
        record_label=str(record)[:250],
        changes=audit_value(changes or {}),
        previous_digest=last.digest if last else GENESIS,
    )
    event.digest = link_digest(event.previous_digest, event.hashed_content())
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class ChainReport:
    chain: str
    checked: int
    broken: AuditEvent | None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken is None


def verify_chain(chain: str) -> ChainReport:
    """Recompute every digest of one chain; report the first event that does not hold."""
    events = list(AuditEvent.objects.filter(chain=chain).order_by("seq"))
    for position, event in enumerate(events, start=1):
        if event.seq != position:
            return ChainReport(chain, position - 1, event, f"event #{position} is missing")
    links = [(e.previous_digest, e.hashed_content(), e.digest) for e in events]
    index = first_broken_link(links)
    if index is None:
        return ChainReport(chain, len(events), None)
    return ChainReport(chain, index, events[index], "its content or link does not match its hash")


def chains(partnership_id: int | None = None) -> list[str]:
    events = AuditEvent.objects.all()
    if partnership_id is not None:
        events = events.filter(partnership_id=partnership_id)
    return list(events.order_by("chain").values_list("chain", flat=True).distinct())
