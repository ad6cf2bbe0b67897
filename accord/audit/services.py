"""Writing and verifying the audit trail (docs/decisions/0002-audit-chain.md)."""

import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q

from accord.audit.models import AuditEvent, ChainHead, event_content
from accord.lib.hashchain import GENESIS, link_digest, link_hasher

if TYPE_CHECKING:
    from accord.accounts.models import User
    from accord.core.models import Organization, Partnership


def audit_key() -> bytes:
    """The key of every chain's HMAC: from ACCORD_AUDIT_KEY(_FILE) or the data directory."""
    return settings.AUDIT_KEY.encode()


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


# --- Chains ---------------------------------------------------------------------------------


def shared_chain(partnership_id: int) -> str:
    """What every party of the partnership sees."""
    return f"partnership:{partnership_id}"


def private_chain(partnership_id: int, organization_id: int) -> str:
    """What only one organization sees of a partnership: its private records' events."""
    return f"partnership:{partnership_id}/organization:{organization_id}"


def organization_chain(organization_id: int) -> str:
    """An organization's own changes (members, colleague invitations)."""
    return f"organization:{organization_id}"


def chain_name(
    *,
    partnership: "Partnership | None" = None,
    organization: "Organization | None" = None,
    private_to_id: int | None = None,
) -> str:
    if partnership is None:
        assert organization is not None, "an event belongs to a partnership or an organization"
        return organization_chain(organization.pk)
    if private_to_id is not None:
        return private_chain(partnership.pk, private_to_id)
    return shared_chain(partnership.pk)


def audit_record(
    *,
    actor: "User | None",
    action: str,
    record: models.Model,
    changes: dict[str, list[Any]] | None = None,
    partnership: "Partnership | None" = None,
    organization: "Organization | None" = None,
    private_to_id: int | None = None,
    record_label: str | None = None,
) -> AuditEvent:
    """Append one event to its chain: the partnership's shared chain, or with `private_to_id`
    the chain private to that organization in the partnership, or (without a partnership) the
    organization's chain.

    Must run inside the transaction that makes the change. The partnership (or organization)
    row is locked first so that concurrent writers append one after the other; the chain's head
    moves in the same transaction.
    """
    assert transaction.get_connection().in_atomic_block, "audit_record needs a transaction"
    owner = partnership or organization
    assert owner is not None, "an event belongs to a partnership or an organization"
    list(
        type(owner)
        ._default_manager.select_for_update()
        .filter(pk=owner.pk)
        .values_list("pk", flat=True)
    )
    chain = chain_name(
        partnership=partnership, organization=organization, private_to_id=private_to_id
    )
    head = ChainHead.objects.select_for_update().filter(chain=chain).first()
    event = AuditEvent(
        chain=chain,
        seq=head.seq + 1 if head else 1,
        partnership=partnership,
        organization=organization,
        private_to_id=private_to_id,
        actor=actor if actor and actor.is_authenticated else None,
        actor_label=str(actor.email) if actor and actor.is_authenticated else "system",
        action=action,
        record_type=record._meta.label,
        record_id=str(record.pk),
        record_label=(str(record) if record_label is None else record_label)[:250],
        changes=audit_value(changes or {}),
        previous_digest=head.digest if head else GENESIS,
    )
    event.digest = link_digest(audit_key(), event.previous_digest, event.hashed_content())
    event.save(force_insert=True)
    moved = {"seq": event.seq, "digest": event.digest, "updated": event.at}
    if head:
        ChainHead.objects.filter(chain=chain).update(**moved)
    else:
        ChainHead.objects.create(chain=chain, **moved)
    return event


def audit_record_change(
    *,
    actor: "User | None",
    action: str,
    record: models.Model,
    before: dict[str, Any],
    after: dict[str, Any],
    partnership: "Partnership",
    private_before: int | None,
    private_after: int | None,
    label_before: str = "",
) -> None:
    """The events of a change to a record that may be private to an organization.

    `before` and `after` hold every editable value ({} before a creation, all None after a
    deletion); `private_before`/`private_after` the organization the record was/is private to.
    While the visibility stays, one event on the chain it belongs to. When it changes, the owner
    gets the whole change on its private chain, and the shared chain gets nothing that was
    private: a record made shared arrives with its current values only (no “before”); a record
    made private only leaves, under the name the other parties knew (no new values).
    """
    changes = field_changes(before, after)
    stays = private_before == private_after
    assert stays or private_before is None or private_after is None, "a record changes owner"
    # The whole change, on the chain the record belongs to (the owner's if it ever was private).
    owner = private_before or private_after
    audit_record(
        actor=actor,
        action=action,
        record=record,
        changes=changes,
        partnership=partnership,
        private_to_id=owner,
    )
    if stays:
        return
    if private_after is None:
        audit_record(
            actor=actor,
            action="share",
            record=record,
            changes=field_changes({}, after),
            partnership=partnership,
        )
    else:
        audit_record(
            actor=actor,
            action="unshare",
            record=record,
            partnership=partnership,
            record_label=label_before or str(record),
        )


# --- Verifying ------------------------------------------------------------------------------


@dataclass
class ChainReport:
    """What verification found about one chain: intact when `problem` is empty."""

    chain: str
    checked: int = 0
    problem: str = ""
    broken: AuditEvent | None = None  # the first event that does not hold, if it is one
    broken_id: int | None = None
    last_seq: int = 0
    last_digest: str = GENESIS
    # Digests at the positions a receipt asked about, as found while walking the chain.
    digests: dict[int, str] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return not self.problem

    def fail(self, problem: str) -> None:
        if not self.problem:
            self.problem = problem


# What verification reads of each event: the hashed content, the links and the id.
EVENT_COLUMNS = (
    "id",
    "chain",
    "seq",
    "partnership_id",
    "organization_id",
    "private_to_id",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "record_type",
    "record_id",
    "record_label",
    "changes",
    "previous_digest",
    "digest",
)


def _walk(
    reports: dict[str, ChainReport], rows: Iterable[Any], wanted: set[tuple[str, int]]
) -> None:
    """Check each event (a row of EVENT_COLUMNS) against the one before it in its chain; stop at
    a chain's first break, noting the event's id in `broken_id`."""
    digest_of = link_hasher(audit_key())
    for row in rows:
        report = reports.setdefault(row.chain, ChainReport(row.chain))
        if report.problem:
            continue
        if (row.chain, row.seq) in wanted:
            report.digests[row.seq] = row.digest
        if row.seq != report.last_seq + 1:
            report.fail(f"event #{report.last_seq + 1} is missing")
        elif row.previous_digest != report.last_digest or not hmac.compare_digest(
            row.digest, digest_of(row.previous_digest, event_content(row))
        ):
            report.fail("its content or link does not match its keyed hash")
        else:
            report.checked, report.last_seq, report.last_digest = row.seq, row.seq, row.digest
            continue
        report.broken_id = row.id


def _check_heads(reports: dict[str, ChainReport], heads: dict[str, ChainHead]) -> None:
    """Every chain ends where its head says: not before (cut off), not after (slipped in)."""
    for name, report in reports.items():
        head = heads.get(name)
        if head is None:
            report.fail("its head is missing from the heads table")
        elif report.problem:
            continue
        elif report.last_seq < head.seq:
            report.fail(
                f"events #{report.last_seq + 1} to #{head.seq} are missing (the head is at "
                f"#{head.seq})"
            )
        elif report.last_seq > head.seq:
            report.fail(f"events lie beyond its head #{head.seq}")
        elif report.last_digest != head.digest:
            report.fail(f"its last event #{head.seq} does not match the head's digest")


def verify_trail(
    *, partnership_id: int | None = None, wanted: Iterable[tuple[str, int]] = ()
) -> list[ChainReport]:
    """Verify every chain (or one partnership's) in a bounded number of queries: all events in
    one streamed query ordered by chain and seq, the heads, and the partnerships and
    organizations that must each have a chain."""
    from accord.core.models import Organization, Partnership

    events = AuditEvent.objects.order_by("chain", "seq")
    heads = ChainHead.objects.all()
    partnerships = Partnership.objects.all()
    expected: list[str] = []
    if partnership_id is not None:
        events = events.filter(partnership_id=partnership_id)
        heads = heads.filter(
            Q(chain=shared_chain(partnership_id))
            | Q(chain__startswith=shared_chain(partnership_id) + "/")
        )
        partnerships = partnerships.filter(pk=partnership_id)
    else:
        expected += [
            organization_chain(pk) for pk in Organization.objects.values_list("pk", flat=True)
        ]
    expected += [shared_chain(pk) for pk in partnerships.values_list("pk", flat=True)]
    reports: dict[str, ChainReport] = {}
    rows = events.values_list(*EVENT_COLUMNS, named=True).iterator(chunk_size=2000)
    _walk(reports, rows, set(wanted))
    by_chain = {head.chain: head for head in heads}
    for name in [*by_chain, *expected]:
        reports.setdefault(name, ChainReport(name))
    _check_heads(reports, by_chain)
    for name in expected:
        if name not in by_chain and reports[name].last_seq == 0:
            reports[name].problem = "the chain is missing: it has no events and no head"
    for name, head in by_chain.items():
        if reports[name].last_seq == 0 and reports[name].problem.startswith("events #1 "):
            reports[name].problem = f"all its {head.seq} events are missing"
    _fetch_broken(reports.values())
    return [reports[name] for name in sorted(reports)]


def _fetch_broken(reports: Iterable[ChainReport]) -> None:
    """The first bad event of each broken chain, in one query (none when all hold)."""
    ids = {r.broken_id: r for r in reports if r.broken_id is not None}
    if ids:
        for event in AuditEvent.objects.filter(pk__in=ids):
            ids[event.pk].broken = event


def verify_chain(chain: str) -> ChainReport:
    """One chain's report (its partnership's chains, or the whole trail, are verified)."""
    partnership_id = (
        int(chain.split("/")[0].split(":")[1]) if chain.startswith("partnership:") else None
    )
    reports = {report.chain: report for report in verify_trail(partnership_id=partnership_id)}
    return reports.get(chain, ChainReport(chain, problem="no such chain"))
