from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def visible_to_organizations(self, org_ids: Iterable[int]) -> "AuditEventQuerySet":
        """Events about private records only for members of the record's organization."""
        return self.filter(Q(private_to__isnull=True) | Q(private_to__in=org_ids))


# How the history page words each action.
ACTION_LABELS = {
    "create": "created",
    "update": "changed",
    "delete": "deleted",
    "party_join": "joined the partnership",
    "team_add": "added to the team",
    "team_remove": "removed from the team",
    "team_role": "changed a team role",
    "invite": "invited",
    "invite_revoke": "revoked an invitation",
    "member_add": "added a member",
    "member_role": "changed a member's role",
    "member_remove": "removed a member",
    "measurement_add": "recorded a measurement",
    "measurement_change": "changed a measurement",
    "measurement_delete": "deleted a measurement",
    "measurement_import": "recorded measurements in a batch",
    "endorse": "endorsed",
    "withdraw": "withdrew the endorsement of",
    "endorsements_cleared": "cleared the endorsements of",
    "resolve": "resolved",
    "drop": "dropped, rather than deleted,",
    "share": "shared",
    "unshare": "stopped sharing",
    "proposal_approve": "approved, for their party,",
    "proposal_apply": "applied, as every party approved,",
    "proposal_decline": "declined, for their party,",
    "proposal_withdraw": "withdrew",
    "export": "exported, as their party sees it,",
}


class AuditEvent(models.Model):
    """One change to partnership or organization data; append-only, enforced by the database.

    Events form keyed hash chains (docs/decisions/0002-audit-chain.md): one per partnership for
    what every party sees, one per (partnership, organization) for that organization's private
    events, one per organization for its membership. `chain` names it, `seq` orders it, and
    `digest` (HMAC) covers the content and `previous_digest`.
    """

    chain = models.CharField(max_length=100)
    seq = models.PositiveIntegerField()
    partnership = models.ForeignKey(
        "core.Partnership", on_delete=models.PROTECT, null=True, related_name="audit_events"
    )
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, null=True, related_name="audit_events"
    )
    private_to = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254)
    action = models.CharField(max_length=40)
    record_type = models.CharField(max_length=80)
    record_id = models.CharField(max_length=40)
    record_label = models.CharField(max_length=250)
    changes = models.JSONField(default=dict)
    previous_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="unique_audit_chain_seq")
        ]
        indexes = [models.Index(fields=["partnership", "-at"], name="audit_event_history")]
        ordering = ["chain", "seq"]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.record_type} {self.record_label}"

    @property
    def is_private(self) -> bool:
        return self.private_to_id is not None

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action.replace("_", " "))

    @property
    def record_kind(self) -> str:
        """The record's kind in words, e.g. “partnership invitation”."""
        return record_kind_of(self.record_type)

    def hashed_content(self) -> dict:
        return event_content(self)


def record_kind_of(record_type: str) -> str:
    """`core.PartnershipInvitation` → “partnership invitation”."""
    try:
        return str(apps.get_model(record_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return record_type


def event_content(event: "AuditEvent") -> dict:
    """Everything an event's digest vouches for (a function, so that migrations can use it)."""
    return {
        "chain": event.chain,
        "seq": event.seq,
        "partnership": event.partnership_id,
        "organization": event.organization_id,
        "private_to": event.private_to_id,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "record_type": event.record_type,
        "record_id": event.record_id,
        "record_label": event.record_label,
        "changes": event.changes,
    }


class ChainHead(models.Model):
    """The last event of each chain, kept apart from the events and moved in the same transaction
    as each append. Triggers let it only move forward, onto an event that exists, and refuse its
    deletion: cutting events off a chain, or a whole chain, then shows as a head with no event."""

    chain = models.CharField(max_length=100, primary_key=True)
    seq = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    updated = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}"
