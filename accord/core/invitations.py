"""Invitations: how an organization joins a partnership, and how a person joins an organization."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User, hash_token
from accord.audit.services import audit_record
from accord.core import access
from accord.core.errors import InvitationError
from accord.core.models import (
    Membership,
    Organization,
    OrganizationInvitation,
    Partnership,
    PartnershipInvitation,
    Party,
    Role,
    TeamRole,
    invitation_expiry,
)
from accord.core.records import lock_partnership, lock_partnerships
from accord.core.services import membership_set, party_add, team_member_set
from accord.lib.jobs import enqueue_with_data

LAPSED = (
    "This invitation no longer works: whoever sent it may no longer grant it. Ask for a new one."
)


# --- Partnership invitations ----------------------------------------------------------------
def partnership_invitation_create(
    *, partnership: Partnership, inviting_party: Party, actor: User, note: str = ""
) -> tuple[PartnershipInvitation, str]:
    """A single-use link for another organization to join; returns it with its raw token."""
    token = PartnershipInvitation.new_token()
    with transaction.atomic():
        lock_partnership(partnership.pk)  # first (decision 0007); refused once it ended
        invitation = PartnershipInvitation.objects.create(
            partnership=partnership,
            inviting_party=inviting_party,
            note=note.strip(),
            token_hash=hash_token(token),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="invite",
            record=invitation,
            changes={"note": [None, invitation.note], "expires_at": [None, invitation.expires_at]},
            partnership=partnership,
            # Whom a party invites, and its notes, are its own business (as on the overview).
            private_to_id=inviting_party.organization_id,
        )
    return invitation, token


def open_partnership_invitation(token: str) -> PartnershipInvitation:
    """The invitation behind a token, if it can still be used."""
    invitation = (
        PartnershipInvitation.objects.by_token(token)
        .select_related("partnership", "inviting_party__organization")
        .first()
    )
    if invitation is None:
        raise InvitationError("This invitation link is not valid.")
    if not invitation.is_open:
        raise InvitationError(f"This invitation has been {invitation.state}.")
    return invitation


def partnership_invitation_accept(
    *, token: str, organization: Organization, actor: User, team: list[User] | None = None
) -> Party:
    """The organization joins as a party; `actor` must be one of its owners or admins.

    The invitation row is locked so that a link used twice at once still makes one party.
    """
    with transaction.atomic():
        invitation = open_partnership_invitation(token)
        lock_partnership(invitation.partnership_id)
        invitation = PartnershipInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationError(f"This invitation has been {invitation.state}.")
        if not access.manages_party_now(invitation.created_by, invitation.inviting_party_id):
            raise InvitationError(LAPSED)
        if not access.organization_rights(actor, organization.pk, fresh=True).is_admin:
            raise InvitationError(f"Only an owner or admin of {organization} may accept.")
        party = party_add(
            partnership=invitation.partnership,
            organization=organization,
            actor=actor,
            invited_by=invitation.inviting_party,
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = actor
        invitation.joined_party = party
        invitation.save(update_fields=["accepted_at", "accepted_by", "joined_party"])
        team_member_set(party=party, user=actor, role=TeamRole.LEAD, actor=actor)
        for user in team or []:
            if user.pk != actor.pk:
                team_member_set(party=party, user=user, role=TeamRole.CONTRIBUTOR, actor=actor)
    return party


def partnership_invitation_revoke(*, invitation: PartnershipInvitation, actor: User) -> None:
    """The link stops working; the row is locked so that it cannot be accepted meanwhile."""
    with transaction.atomic():
        lock_partnership(invitation.partnership_id)
        invitation = PartnershipInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationError(f"This invitation has already been {invitation.state}.")
        _invitation_end(invitation, actor)


def _invitation_end(
    invitation: PartnershipInvitation | OrganizationInvitation, actor: User | None
) -> None:
    """Call with the invitation row locked."""
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="invite_revoke",
        record=invitation,
        changes={"revoked_at": [None, invitation.revoked_at]},
        **invitation.audit_chain(),
    )


# --- Organization invitations ---------------------------------------------------------------
# The link of a colleague invitation exists only in the email: the background job mints it, so
# that holding it proves control of the mailbox (the inviter never sees it). Until the job ran,
# the stored hash is that of a token nobody knows.
def organization_invitation_create(
    *, organization: Organization, email: str, role: str, actor: User
) -> OrganizationInvitation:
    """An invitation for a person to join the organization; a background job emails the link."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter a valid email address."}) from None
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.values)}."})
    if not access.organization_rights(actor, organization.pk, fresh=True).may_invite(role):
        message = "Only an owner may invite another owner." if role == Role.OWNER else ""
        raise ValidationError({"role": message or "Only owners and admins may invite."})
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already a member of {organization}."})
    with transaction.atomic():
        invitation = OrganizationInvitation.objects.create(
            organization=organization,
            email=email,
            role=role,
            token_hash=_unknown_token_hash(),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="invite",
            record=invitation,
            changes={"email": [None, invitation.email], "role": [None, role]},
            organization=organization,
        )
        _queue_mail(invitation)
    return invitation


def _unknown_token_hash() -> str:
    return hash_token(OrganizationInvitation.new_token())


def _queue_mail(invitation: OrganizationInvitation) -> None:
    from accord.core.tasks import send_organization_invitation

    enqueue_with_data(send_organization_invitation, invitation.pk, invitation.link_generation)


def organization_invitation_resend(
    *, invitation: OrganizationInvitation, actor: User
) -> OrganizationInvitation:
    """Mail a fresh link: the previous one stops working now, and the expiry starts again."""
    with transaction.atomic():
        invitation = OrganizationInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise InvitationError(f"This invitation has already been {invitation.state}.")
        invitation.link_generation += 1
        invitation.token_hash = _unknown_token_hash()
        invitation.expires_at = invitation_expiry()
        invitation.save(update_fields=["link_generation", "token_hash", "expires_at"])
        audit_record(
            actor=actor,
            action="invite_resend",
            record=invitation,
            changes={"expires_at": [None, invitation.expires_at]},
            organization=invitation.organization,
        )
        _queue_mail(invitation)
    return invitation


def organization_invitation_mail(*, invitation_id: int, generation: int) -> bool:
    """Mint the link of this generation and email it, once; True if an email went out.

    Idempotent: the invitation row is locked, and a generation already mailed, superseded by a
    resend, or an invitation no longer open sends nothing. The email is sent inside the
    transaction: if sending fails, the new link is not kept and the job can run again.
    """
    with transaction.atomic():
        invitation = (
            OrganizationInvitation.objects.select_for_update().filter(pk=invitation_id).first()
        )
        if invitation is None or not invitation.is_open:
            return False
        if invitation.link_generation != generation or invitation.mailed_generation >= generation:
            return False
        token = OrganizationInvitation.new_token()
        invitation.token_hash = hash_token(token)
        invitation.mailed_generation = generation
        invitation.mailed_at = timezone.now()
        invitation.save(update_fields=["token_hash", "mailed_generation", "mailed_at"])
        context = {
            "invitation": invitation,
            "url": settings.BASE_URL + reverse("accord-org-join", args=[token]),
        }
        send_mail(
            subject=f"You are invited to {invitation.organization} on Accord",
            message=render_to_string("core/email/organization_invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    return True


def open_organization_invitation(token: str) -> OrganizationInvitation:
    invitation = (
        OrganizationInvitation.objects.by_token(token).select_related("organization").first()
    )
    if invitation is None:
        raise InvitationError("This invitation link is not valid.")
    if not invitation.is_open:
        raise InvitationError(f"This invitation has been {invitation.state}.")
    return invitation


# The same words whether or not an account exists for the address: the page never says which.
NOT_CREATED = (
    "No account was created with this link. If you already use Accord with this address, "
    "sign in to accept the invitation."
)


def organization_invitation_accept(
    *, token: str, user: User | None = None, password: str = "", full_name: str = ""
) -> Membership:
    """The signed-in user, or a new account made with `password`, joins the organization.

    Creating the account here is safe because the link was only ever emailed to the invited
    address. The inviter must still be allowed to grant the invitation's role."""
    with transaction.atomic():
        invitation = open_organization_invitation(token)
        invitation = OrganizationInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationError(f"This invitation has been {invitation.state}.")
        inviter = access.organization_rights(
            invitation.created_by, invitation.organization_id, fresh=True
        )
        if not inviter.may_invite(invitation.role):
            raise InvitationError(LAPSED)
        if user is None:
            user = _account_for_invitation(invitation, password, full_name)
        elif user.email.lower() != invitation.email:
            raise InvitationError(f"This invitation is for {invitation.email}.")
        membership = membership_set(
            organization=invitation.organization, user=user, role=invitation.role, actor=user
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def _account_for_invitation(
    invitation: OrganizationInvitation, password: str, full_name: str
) -> User:
    user_model = get_user_model()
    # Checked first, for both cases alike, so that a weak password is refused the same way
    # whether or not the address has an account.
    validate_password(password, user_model(email=invitation.email, full_name=full_name))
    if user_model.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError(NOT_CREATED)
    try:
        with transaction.atomic():
            return user_model.objects.create_user(
                email=invitation.email, password=password, full_name=full_name.strip()
            )
    except IntegrityError:  # the same address signed up a moment ago
        raise InvitationError(NOT_CREATED) from None


def organization_invitation_revoke(*, invitation: OrganizationInvitation, actor: User) -> None:
    """The link stops working; the row is locked so that it cannot be accepted meanwhile."""
    with transaction.atomic():
        invitation = OrganizationInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationError(f"This invitation has already been {invitation.state}.")
        _invitation_end(invitation, actor)


# --- When an inviter loses rights -------------------------------------------------------------
def invitations_revoke_lapsed(*, user: User, organization_id: int, actor: User | None) -> int:
    """End the pending invitations `user` made for the organization (colleague invitations) or
    for its parties (partnership invitations) that they may no longer make; each with an audit
    event. Called inside the transaction that changed their role, membership or team seat.
    Returns how many were revoked."""
    now = timezone.now()
    pending = {"created_by": user, "accepted_at": None, "revoked_at": None, "expires_at__gt": now}
    ended = 0
    colleagues = OrganizationInvitation.objects.select_for_update().filter(
        organization=organization_id, **pending
    )
    for colleague in colleagues:
        if not access.organization_rights(user, organization_id, fresh=True).may_invite(
            colleague.role
        ):
            _invitation_end(colleague, actor)
            ended += 1
    partners = PartnershipInvitation.objects.filter(
        inviting_party__organization=organization_id, **pending
    )
    # Their partnerships first, in id order, then the invitations (decision 0007).
    lock_partnerships(partners.values_list("partnership_id", flat=True))
    partners = partners.select_for_update(of=("self",))
    for invitation in partners.select_related("inviting_party", "partnership"):
        if not access.manages_party_now(user, invitation.inviting_party_id):
            _invitation_end(invitation, actor)
            ended += 1
    return ended
