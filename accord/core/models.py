"""Tenancy and partnerships: the shared core every practice builds on."""

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from accord.accounts.models import hash_token
from accord.lib.bounds import DATE_VALIDATORS

if TYPE_CHECKING:
    from accord.core.access import AnyUser


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"
    VIEWER = "viewer", "Viewer"


ADMIN_ROLES = (Role.OWNER, Role.ADMIN)


class Organization(models.Model):
    """A tenant: a company or institution taking part in partnerships."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")
        ]
        ordering = ["organization__name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role in ADMIN_ROLES


class Versioned(models.Model):
    """Who made and last changed a record, and the version an update must be based on."""

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    # Fields a user may change through an update; everything else is bookkeeping.
    EDITABLE_FIELDS: tuple[str, ...] = ()
    # Bookkeeping saved with a change but left out of its audit event, whose actor and time
    # already say it (who resolved a conflict, and when).
    STAMP_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def rule_errors(self) -> dict[str, str]:
        """What breaks the record's rules, by field: checked by the write primitive
        (`core.records`) on every creation and change, whoever asks (page, API, CLI, job)."""
        return {}


class Stage(models.TextChoices):
    EXPLORING = "exploring", "Exploring"
    NEGOTIATING = "negotiating", "Negotiating"
    ACTIVE = "active", "Active"
    RENEWING = "renewing", "Renewing"
    ENDED = "ended", "Ended"


class Cadence(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SEMIANNUAL = "semiannual", "Every six months"
    ANNUAL = "annual", "Yearly"


CADENCE_MONTHS = {
    Cadence.MONTHLY: 1,
    Cadence.QUARTERLY: 3,
    Cadence.SEMIANNUAL: 6,
    Cadence.ANNUAL: 12,
}


class Partnership(Versioned):
    name = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, help_text="Why the parties work together.")
    scope = models.TextField(blank=True, help_text="What is in and out of the partnership.")
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.EXPLORING)
    start_date = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    review_cadence = models.CharField(
        max_length=12, choices=Cadence.choices, default=Cadence.QUARTERLY
    )

    # When it ended: set and cleared with the stage (`services.partnership_update`).
    ended_on = models.DateField(null=True, blank=True)

    EDITABLE_FIELDS = ("name", "purpose", "scope", "stage", "start_date", "review_cadence")
    # What binds every party: with several parties, changed only by an approved proposal.
    BINDING_FIELDS = ("name", "purpose", "scope")

    class Meta:
        ordering = ["name", "id"]
        # The list (page and API) is sorted by name and id: read in index order, a page of 50
        # stops after 50 rows instead of sorting every visible partnership.
        indexes = [models.Index(fields=["name", "id"], name="partnership_name_id")]

    def __str__(self) -> str:
        return self.name

    def rule_errors(self) -> dict[str, str]:
        if not self.name.strip():
            return {"name": "A partnership needs a name."}
        return {}

    @property
    def is_ended(self) -> bool:
        """Ended: a read-only archive until the parties reopen it together."""
        return self.stage == Stage.ENDED


class Party(models.Model):
    """An organization taking part in a partnership, with the team that works on it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="parties")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="parties")
    joined_at = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organization"], name="unique_party_per_partnership"
            )
        ]
        ordering = ["joined_at", "id"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return f"{self.organization} in {self.partnership}"


class TeamRole(models.TextChoices):
    LEAD = "lead", "Partnership lead"
    SPONSOR = "sponsor", "Executive sponsor"
    CONTRIBUTOR = "contributor", "Contributor"


class TeamMember(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_seats"
    )
    role = models.CharField(max_length=12, choices=TeamRole.choices, default=TeamRole.CONTRIBUTOR)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["party", "user"], name="unique_team_member")]
        ordering = ["role", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Visibility(models.TextChoices):
    SHARED = "shared", "Shared with the partnership"
    PRIVATE = "private", "Private to my organization"


class PartnershipRecordQuerySet(models.QuerySet):
    def visible_to(self, user: "AnyUser") -> models.QuerySet:
        """Records of every partnership the user may see, less other organizations' private
        ones: the scope of reads across partnerships (within one, `access.records_in`)."""
        from accord.core import access

        return access.scope_records(self, user)


class PartnershipRecord(Versioned):
    """Base of everything a practice records inside a partnership.

    The owning party is the one that created the record. A private record is visible only to
    members of the owning party's organization; a shared one to everyone in the partnership.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    owner_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.SHARED
    )

    owner_party_id: int
    objects = PartnershipRecordQuerySet.as_manager()

    # True for joint records (shared goals, decisions) that any party's contributors may edit;
    # otherwise only the owning party's contributors may.
    EDITABLE_BY_ALL_PARTIES = False

    class Meta:
        abstract = True

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE

    @property
    def private_to_id(self) -> int | None:
        """The organization an audit event about this record is restricted to, if any."""
        return self.owner_party.organization_id if self.is_private else None


def invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS)


class InvitationQuerySet(models.QuerySet):
    def by_token(self, raw_token: str):
        return self.filter(token_hash=hash_token(raw_token))


class Invitation(models.Model):
    """A single-use, expiring link. Only the token's hash is stored; the link is shown once."""

    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A link that is emailed exists only in the email: the mailing job mints it. Each (re)send
    # asks for a new generation; the job mails a generation once, and the latest one only. A
    # link minted for the inviter to copy is a generation of its own, so it kills the mailed
    # one (decision 0005, and 0015 for partnership invitations).
    link_generation = models.PositiveIntegerField(default=1)
    mailed_generation = models.PositiveIntegerField(default=0)
    mailed_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        abstract = True

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def link_is_mailed(self) -> bool:
        """Whether the live link is the one emailed (not one shown to the inviter): holding it
        then proves the invited mailbox."""
        return self.mailed_generation == self.link_generation


class InvitationStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be emailed"
    SENT = "sent", "Sent"
    LINK = "link", "Link given"
    OPENED = "opened", "Opened"
    ACCEPTED = "accepted", "Accepted"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class PartnershipInvitation(Invitation):
    """Brings another organization into a partnership as a party."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="invitations"
    )
    inviting_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="A word for them, shown on the invitation page and in the email.",
    )
    # The person invited, at the other organization. Empty for a link made to be carried by
    # hand (the API's invitations without an email, and those made before issue 9).
    invitee_name = models.CharField(max_length=150, blank=True)
    invitee_email = models.EmailField(blank=True)
    # The first time the invitation page was opened with a live link (bookkeeping, like a
    # token's last use: not an audit event).
    opened_at = models.DateTimeField(null=True, blank=True)
    joined_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The generation last minted for the inviter to pass on by hand (a copied link).
    copied_generation = models.PositiveIntegerField(default=0)
    # Whether the one who accepted still has the "what you can do here" panel to see.
    welcome_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Invitation to {self.partnership} ({self.state})"

    @property
    def status(self) -> "InvitationStatus":
        """Where the invitation stands, as its inviter follows it."""
        state = self.state
        if state != "open":
            return InvitationStatus(state)
        if self.opened_at:
            return InvitationStatus.OPENED
        if self.link_is_mailed:
            return InvitationStatus.SENT
        if not self.invitee_email or self.copied_generation == self.link_generation:
            return InvitationStatus.LINK
        return InvitationStatus.QUEUED

    def audit_chain(self) -> dict[str, Any]:
        """Where its events go (`audit_record`'s keywords): the inviting organization's private
        chain in the partnership, for the invitation says whom that party is courting."""
        return {
            "partnership": self.partnership,
            "private_to_id": self.inviting_party.organization_id,
        }


class OrganizationInvitation(Invitation):
    """Brings a person into an organization with a role."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.organization} ({self.state})"

    def audit_chain(self) -> dict[str, Any]:
        """Where its events go (`audit_record`'s keywords): the organization's own chain."""
        return {"organization": self.organization}


def signup_expiry():
    return timezone.now() + timedelta(days=1)


class InvitationSignup(models.Model):
    """An account asked for from a partnership invitation with an address other than the one
    invited: made only once its owner opens the link mailed to that address (the job mints
    it). The password is kept as Django keeps passwords, hashed, until then."""

    invitation = models.ForeignKey(
        PartnershipInvitation, on_delete=models.CASCADE, related_name="signups"
    )
    # The invitation's link when it was asked: a resend, a new copied link or a revocation
    # since then ends the sign-up too.
    invitation_generation = models.PositiveIntegerField()
    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    password = models.CharField(max_length=128)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(default=signup_expiry)
    mailed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Sign-up of {self.email} from an invitation ({self.created_at:%Y-%m-%d})"


class ProposalKind(models.TextChoices):
    CHANGE = "change", "Change name, purpose or scope"
    END = "end", "End the partnership"
    REOPEN = "reopen", "Reopen the partnership"
    INVITE = "invite", "Invite another organization"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approvals"
    APPLIED = "applied", "Approved by every party and applied"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Proposal(PartnershipRecord):
    """A change that binds every party: it takes effect once a lead (or an admin) of each party
    has approved it, based on the version of the partnership it was made from.

    Always shared: every party sees and decides it. Owned by the party that proposed it."""

    kind = models.CharField(max_length=8, choices=ProposalKind.choices)
    # A change: the new values, None (NULL) for what stays as it is, which differs from
    # clearing a purpose or scope ("").
    name = models.CharField(max_length=200, null=True)  # noqa: DJ001 (a partnership needs one)
    purpose = models.TextField(null=True, blank=True)  # noqa: DJ001
    scope = models.TextField(null=True, blank=True)  # noqa: DJ001
    # Reopening: the stage the partnership takes again (None: no stage proposed).
    stage = models.CharField(max_length=12, choices=Stage.choices, null=True, blank=True)  # noqa: DJ001
    # Inviting: whom, to recognise the invitation (the invitation's note), and the person the
    # invitation is emailed to once every party approved (none: a link to pass on by hand).
    note = models.CharField(max_length=200, blank=True)
    invitee_name = models.CharField(max_length=150, blank=True)
    invitee_email = models.EmailField(blank=True)
    reason = models.TextField(blank=True, help_text="Why the proposer proposes it.")
    base_version = models.PositiveIntegerField(
        help_text="The partnership's version the proposal is based on."
    )
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    declined_by_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    # The invitation an approved invite proposal made.
    invitation = models.ForeignKey(
        PartnershipInvitation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    EDITABLE_FIELDS = (
        "kind",
        "name",
        "purpose",
        "scope",
        "stage",
        "note",
        "invitee_name",
        "invitee_email",
        "reason",
    )
    STAMP_FIELDS = ("decided_at", "decided_by", "invitation")
    # Its proposer's party decides withdrawals; other parties approve or decline it: no one
    # edits it, so no party-ownership rule applies to its decisions.
    EDITABLE_BY_ALL_PARTIES = True

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING

    @property
    def is_stale(self) -> bool:
        """Pending, but the partnership changed since: it can no longer be approved."""
        return self.is_pending and self.partnership.version != self.base_version

    def waiting_for(self) -> list[Party]:
        """The current parties yet to approve it (none once decided); reads the prefetched
        parties and approvals (`proposals.proposals_of`)."""
        if not self.is_pending:
            return []
        approved = {approval.party_id for approval in self.approvals.all()}
        return [p for p in self.partnership.parties.all() if p.pk not in approved]

    @property
    def changes(self) -> dict[str, str]:
        """What a change proposal sets on the partnership (fields it leaves alone omitted)."""
        if self.kind == ProposalKind.END:
            return {"stage": Stage.ENDED}
        if self.kind == ProposalKind.REOPEN:
            return {"stage": self.stage or Stage.ACTIVE}
        if self.kind != ProposalKind.CHANGE:
            return {}
        values = {"name": self.name, "purpose": self.purpose, "scope": self.scope}
        return {field: value for field, value in values.items() if value is not None}

    @property
    def summary(self) -> str:
        if self.kind == ProposalKind.CHANGE:
            return f"Change the {' and '.join(self.changes) or 'partnership'}"
        if self.kind == ProposalKind.INVITE:
            whom = self.invitee_name or self.note
            return f"Invite another organization{f' ({whom})' if whom else ''}"
        if self.kind == ProposalKind.REOPEN:
            return f"Reopen the partnership as {Stage(self.stage or Stage.ACTIVE).label.lower()}"
        return "End the partnership"

    def rule_errors(self) -> dict[str, str]:
        if self.kind == ProposalKind.CHANGE:
            if not self.changes:
                return {"name": "Propose a new name, purpose or scope."}
            if self.name is not None and not self.name.strip():
                return {"name": "A partnership needs a name."}
        if self.kind == ProposalKind.REOPEN and self.stage == Stage.ENDED:
            return {"stage": "Reopen it at a stage other than ended."}
        if self.kind == ProposalKind.INVITE and bool(self.invitee_name) != bool(self.invitee_email):
            missing = "invitee_email" if self.invitee_name else "invitee_name"
            return {missing: "Name the person invited and give their email address, or neither."}
        return {}


class ProposalApproval(models.Model):
    """A party's approval of a proposal, given by one of its leads or its organization's
    admins. A row of its proposal (written through `core.records.record_parts`)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "party"], name="unique_approval")
        ]
        ordering = ["approved_at", "id"]

    def __str__(self) -> str:
        return f"{self.party.organization} approves {self.proposal}"
