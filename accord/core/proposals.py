"""Proposals: the changes that bind every party, applied once each party has approved.

Ending the partnership, reopening it, inviting another organization, and changing its name,
purpose or scope bind every party (decision 0017). Any member who may record things proposes
one; a lead of each party (or an admin of its organization) approves it for that party (the
proposer's approval counts for their party when they may commit it); when every current party
has approved, it is applied in the same transaction. Its proposer withdraws it, any party
declines it with a reason. A proposal is based on the partnership's version when it was made:
once the partnership changed, it is stale and can no longer be approved (ProposalConflict).
With one party only, the proposer's approval is every party's: it applies at once.

A proposal is a `PartnershipRecord` (always shared): made with `record_create`, its approvals
are its rows (`record_parts`, `audit_part`), its decisions are `record_change`s, so all of it
is in the partnership's shared trail, in order. Every function locks the partnership first.
"""

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accord.accounts.models import User
from accord.core import access
from accord.core.errors import ProposalConflict
from accord.core.invitations import partnership_invitation_create, partnership_invite
from accord.core.models import (
    Partnership,
    Party,
    Proposal,
    ProposalApproval,
    ProposalKind,
    ProposalStatus,
    Stage,
    Visibility,
)
from accord.core.records import (
    archive_unlocked,
    audit_part,
    lock_partnership,
    record_change,
    record_create,
    record_parts,
)
from accord.core.services import partnership_change


@dataclass(frozen=True)
class Decided:
    """What a proposal's maker or approver gets back: the proposal as it is now and, when an
    approved invitation was made, its link's token (shown once, like any invitation link)."""

    proposal: Proposal
    invitation_token: str | None = None

    @property
    def applied(self) -> bool:
        return self.proposal.status == ProposalStatus.APPLIED


NOT_THE_PROPOSER = "Only whoever proposed it, or a lead of their party, may withdraw it."
STALE = (
    "The partnership changed since this proposal was made (it was version {base}, it is now "
    "version {now}): nothing was approved. Decline or withdraw it, and propose again from the "
    "partnership as it is now."
)


@contextmanager
def _writing(kind: str) -> Iterator[None]:
    """The writes of a proposal to reopen pass an ended partnership's archive lock."""
    with archive_unlocked() if kind == ProposalKind.REOPEN else nullcontext():
        yield


def proposal_create(
    *,
    party: Party,
    actor: User,
    kind: str,
    name: str | None = None,
    purpose: str | None = None,
    scope: str | None = None,
    stage: str | None = None,
    note: str = "",
    invitee_name: str = "",
    invitee_email: str = "",
    reason: str = "",
) -> Decided:
    """Propose, for `party`, a change that binds every party; approved at once for `party` if
    the actor commits it (then applied, when it is the only party).

    Refuses (ValidationError by field) a change that changes nothing, a second pending
    proposal to end or reopen, reopening what has not ended; PartnershipEnded for anything but
    reopening an ended partnership; PermissionDenied for someone who may not propose for
    `party`. Locks the partnership."""
    if kind not in ProposalKind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(ProposalKind.values)}."})
    with transaction.atomic(), _writing(kind):
        lock_partnership(party.partnership_id)
        partnership = Partnership.objects.get(pk=party.partnership_id)
        _refuse_proposer(actor, party, kind)
        values = _proposed_values(partnership, kind, name, purpose, scope, stage)
        _refuse_duplicate(partnership, kind)
        proposal = record_create(
            record=Proposal(
                partnership=partnership,
                owner_party=party,
                visibility=Visibility.SHARED,
                kind=kind,
                note=note.strip(),
                invitee_name=invitee_name.strip(),
                invitee_email=invitee_email.strip().lower(),
                reason=reason.strip(),
                base_version=partnership.version,
                **values,
            ),
            actor=actor,
        )
        if access.binds_party_now(actor, party.pk):
            return _approve(proposal, party, actor)
    return Decided(proposal)


def _refuse_proposer(actor: User, party: Party, kind: str) -> None:
    """Members who may record things propose; reopening an archive is for those who commit
    their party (nobody records anything there)."""
    sees, edits, binds = access.party_rights_now(actor, party.pk)
    allowed = binds if kind == ProposalKind.REOPEN else edits
    if not allowed:
        if not sees:
            raise PermissionDenied("You cannot act for this party.")
        raise PermissionDenied(
            access.NOT_BINDING if kind == ProposalKind.REOPEN else access.READ_ONLY
        )


def _proposed_values(
    partnership: Partnership,
    kind: str,
    name: str | None,
    purpose: str | None,
    scope: str | None,
    stage: str | None,
) -> dict[str, Any]:
    """The proposal's fields for its kind: a change keeps only what differs from now."""
    if kind == ProposalKind.CHANGE:
        typed = {"name": name, "purpose": purpose, "scope": scope}
        changed = {
            field: value.strip()
            for field, value in typed.items()
            if value is not None and value.strip() != getattr(partnership, field)
        }
        return changed
    if kind == ProposalKind.REOPEN:
        if not partnership.is_ended:
            raise ValidationError({"kind": "The partnership has not ended: nothing to reopen."})
        if stage is not None and stage not in Stage.values:
            raise ValidationError({"stage": f"Choose one of: {', '.join(Stage.values)}."})
        return {"stage": stage or Stage.ACTIVE}
    return {}


def _refuse_duplicate(partnership: Partnership, kind: str) -> None:
    if kind not in (ProposalKind.END, ProposalKind.REOPEN):
        return
    pending = Proposal.objects.filter(
        partnership=partnership, kind=kind, status=ProposalStatus.PENDING
    )
    if pending.exists():
        what = "end" if kind == ProposalKind.END else "reopen"
        raise ValidationError(
            {"kind": f"A proposal to {what} the partnership is already waiting for approvals."}
        )


def proposal_approve(*, proposal: Proposal, party: Party, actor: User) -> Decided:
    """`party` approves the proposal, by one of its leads or its organization's admins; when
    every party has, it is applied. Refuses (ProposalConflict, 409) a proposal already decided
    or stale; ValidationError if the party approved already; PermissionDenied for someone who
    does not commit the party. Locks the partnership, then the proposal."""
    with transaction.atomic(), _writing(proposal.kind), record_parts(proposal) as current:
        _refuse_decided(current)
        if not access.binds_party_now(actor, party.pk):
            raise PermissionDenied(access.NOT_BINDING)
        if current.approvals.filter(party=party).exists():
            raise ValidationError(f"{party.organization} has already approved this proposal.")
        return _approve(current, party, actor)


def _approve(proposal: Proposal, party: Party, actor: User) -> Decided:
    """Record the party's approval (under the partnership lock) and apply the proposal when
    it was the last one missing."""
    partnership = Partnership.objects.get(pk=proposal.partnership_id)
    if partnership.version != proposal.base_version:
        raise ProposalConflict(STALE.format(base=proposal.base_version, now=partnership.version))
    with record_parts(proposal) as current:
        ProposalApproval.objects.create(proposal=current, party=party, approved_by=actor)
        audit_part(
            actor=actor,
            action="proposal_approve",
            owner=current,
            changes={"party": [None, party.organization.name]},
        )
    approved = set(current.approvals.values_list("party_id", flat=True))
    parties = set(Party.objects.filter(partnership=partnership).values_list("pk", flat=True))
    if parties - approved:
        return Decided(current)
    return _apply(current, partnership, actor)


def _apply(proposal: Proposal, partnership: Partnership, actor: User) -> Decided:
    """Every party approved: make the change, then mark the proposal applied."""
    with archive_unlocked():  # ending it writes its own application after the stage
        return _apply_unlocked(proposal, partnership, actor)


def _apply_unlocked(proposal: Proposal, partnership: Partnership, actor: User) -> Decided:
    token = invitation = None
    if proposal.kind == ProposalKind.INVITE:
        # The invitation is the inviting party's, made by whoever committed it: that person
        # may still grant it when it is accepted (decision 0005).
        inviter = proposal.approvals.get(party=proposal.owner_party_id).approved_by
        inviting, note = proposal.owner_party, proposal.note or proposal.reason[:200]
        if proposal.invitee_email:  # emailed to the person named, by the worker
            invitation = partnership_invite(
                partnership=partnership,
                inviting_party=inviting,
                actor=inviter,
                name=proposal.invitee_name,
                email=proposal.invitee_email,
                note=note,
            )
        else:  # a link shown once to whoever gave the last approval
            invitation, token = partnership_invitation_create(
                partnership=partnership, inviting_party=inviting, actor=inviter, note=note
            )
    else:
        partnership_change(
            partnership=partnership,
            actor=actor,
            changes=proposal.changes,
            expected_version=proposal.base_version,
        )
    made = {"invitation": invitation} if invitation is not None else {}
    applied = _decide(proposal, actor, "proposal_apply", status=ProposalStatus.APPLIED, **made)
    if proposal.kind == ProposalKind.END:
        _close_pending(partnership, applied, actor)
    return Decided(applied, token)


def _close_pending(partnership: Partnership, ending: Proposal, actor: User) -> None:
    """An archive decides nothing more: what was pending besides ending it is withdrawn."""
    others = Proposal.objects.filter(partnership=partnership, status=ProposalStatus.PENDING)
    for other in others.exclude(pk=ending.pk):
        _decide(
            other,
            actor,
            "proposal_withdraw",
            status=ProposalStatus.WITHDRAWN,
            decline_reason="The partnership ended.",
        )


def _decide(proposal: Proposal, actor: User, action: str, **changes: Any) -> Proposal:
    return record_change(
        record=proposal,
        actor=actor,
        action=action,
        changes={"decided_at": timezone.now(), "decided_by": actor, **changes},
    )


def _refuse_decided(proposal: Proposal) -> None:
    if not proposal.is_pending:
        raise ProposalConflict(
            f"This proposal was already decided: {proposal.get_status_display().lower()}.",
            code="proposal_decided",
        )


def proposal_decline(*, proposal: Proposal, party: Party, actor: User, reason: str) -> Proposal:
    """`party` declines the proposal, saying why, by one of its leads or its organization's
    admins: it is closed, nothing changes. A stale proposal may be declined. Locks the
    partnership, then the proposal."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the proposal is declined."})
    with transaction.atomic(), _writing(proposal.kind), record_parts(proposal) as current:
        _refuse_decided(current)
        if not access.binds_party_now(actor, party.pk):
            raise PermissionDenied(access.NOT_BINDING)
        return _decide(
            current,
            actor,
            "proposal_decline",
            status=ProposalStatus.DECLINED,
            declined_by_party=party,
            decline_reason=reason,
        )


def proposal_withdraw(*, proposal: Proposal, actor: User) -> Proposal:
    """The proposer (or a lead of the proposing party) takes the proposal back: it is closed,
    nothing changes. Locks the partnership, then the proposal."""
    with transaction.atomic(), _writing(proposal.kind), record_parts(proposal) as current:
        _refuse_decided(current)
        mine = (
            current.created_by_id == actor.pk
            and access.party_rights_now(actor, current.owner_party_id)[0]
        )
        if not (mine or access.binds_party_now(actor, current.owner_party_id)):
            raise PermissionDenied(NOT_THE_PROPOSER)
        return _decide(current, actor, "proposal_withdraw", status=ProposalStatus.WITHDRAWN)


# --- Reads ----------------------------------------------------------------------------------
def proposals_of(partnership_id: int) -> QuerySet[Proposal]:
    """The partnership's proposals with what their pages and answers show, newest first
    (every proposal is shared: every party sees them all)."""
    return proposals_of_any().filter(partnership_id=partnership_id)


def proposals_of_any() -> QuerySet[Proposal]:
    """Proposals with what their pages and answers show loaded, newest first."""
    approvals = ProposalApproval.objects.select_related("party__organization", "approved_by")
    return (
        Proposal.objects.select_related(
            "partnership",
            "owner_party__organization",
            "created_by",
            "decided_by",
            "declined_by_party__organization",
        )
        .prefetch_related(
            Prefetch("approvals", queryset=approvals), "partnership__parties__organization"
        )
        .order_by("-created_at", "-id")
    )
