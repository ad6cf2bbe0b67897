"""The notices of core's own records (core is no practice, so this app speaks for it): a
proposal that binds every party waits for the approval of each party yet to give it; a new
party joined."""

from collections.abc import Iterable

from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.core.models import Party, Proposal, ProposalStatus
from accord.core.notices import Notice


def notices(event: AuditEvent) -> Iterable[Notice]:
    partnership_id = event.partnership_id
    if partnership_id is None:
        return []
    page = reverse("accord-partnership", args=[partnership_id])
    if event.record_type == Proposal._meta.label and event.action == "create":
        proposal = (
            Proposal.objects.select_related("owner_party__organization")
            .filter(pk=event.record_id, status=ProposalStatus.PENDING)
            .first()
        )
        if proposal is None:
            return []  # decided or withdrawn since: nothing left to approve
        approved = proposal.approvals.values("party")
        waiting = Party.objects.filter(partnership_id=partnership_id).exclude(pk__in=approved)
        party_ids = tuple(waiting.values_list("pk", flat=True))
        if not party_ids:
            return []
        who = proposal.owner_party.organization.name
        return [
            Notice(
                kind="core.proposal_to_approve",
                partnership_id=partnership_id,
                title=f"{who} proposes: {event.record_label}. Approve or decline it",
                url=f"{page}#proposal-{event.record_id}",
                party_ids=party_ids,
                binding_only=True,
            )
        ]
    if event.record_type == Party._meta.label and event.action == "party_join":
        if not Party.objects.filter(pk=event.record_id, invited_by__isnull=False).exists():
            return []  # the founder's own party, joining the partnership it starts
        organization = (event.changes.get("organization") or [None, "A new party"])[1]
        return [
            Notice(
                kind="core.party_joined",
                partnership_id=partnership_id,
                title=f"{organization} joined the partnership",
                url=page,
                party_ids=tuple(
                    Party.objects.filter(partnership_id=partnership_id)
                    .exclude(pk=event.record_id)
                    .values_list("pk", flat=True)
                ),
            )
        ]
    return []
