"""Invitations: how an organization joins a partnership, and how a person joins an organization."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import hash_token
from accord.audit.services import audit_record
from accord.core.errors import InvitationError
from accord.core.models import (
    ADMIN_ROLES,
    Membership,
    Organization,
    OrganizationInvitation,
    Partnership,
    PartnershipInvitation,
    Party,
    Role,
    TeamRole,
)
from accord.core.services import membership_set, party_add, team_member_set


# --- Partnership invitations ----------------------------------------------------------------
def partnership_invitation_create(
    *, partnership: Partnership, inviting_party: Party, actor, note: str = ""
) -> tuple[PartnershipInvitation, str]:
    """A single-use link for another organization to join; returns it with its raw token."""
    token = PartnershipInvitation.new_token()
    with transaction.atomic():
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
    *, token: str, organization: Organization, actor, team: list | None = None
) -> Party:
    """The organization joins as a party; `actor` must be one of its owners or admins.

    The invitation row is locked so that a link used twice at once still makes one party.
    """
    with transaction.atomic():
        invitation = open_partnership_invitation(token)
        invitation = PartnershipInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationError(f"This invitation has been {invitation.state}.")
        role = Membership.objects.filter(organization=organization, user=actor).values_list(
            "role", flat=True
        )
        if role.first() not in ADMIN_ROLES:
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


def partnership_invitation_revoke(*, invitation: PartnershipInvitation, actor) -> None:
    """The link stops working; the row is locked so that it cannot be accepted meanwhile."""
    with transaction.atomic():
        invitation = PartnershipInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationError(f"This invitation has already been {invitation.state}.")
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="invite_revoke",
            record=invitation,
            partnership=invitation.partnership,
        )


# --- Organization invitations ---------------------------------------------------------------
def organization_invitation_create(
    *, organization: Organization, email: str, role: str, actor
) -> tuple[OrganizationInvitation, str]:
    """A single-use link for a person to join the organization; emailed by a background job."""
    from accord.core.tasks import send_organization_invitation

    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter a valid email address."}) from None
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.values)}."})
    inviter = Membership.objects.filter(organization=organization, user=actor).first()
    if role == Role.OWNER and (inviter is None or inviter.role != Role.OWNER):
        raise ValidationError({"role": "Only an owner may invite another owner."})
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already a member of {organization}."})
    token = OrganizationInvitation.new_token()
    with transaction.atomic():
        invitation = OrganizationInvitation.objects.create(
            organization=organization,
            email=email,
            role=role,
            token_hash=hash_token(token),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="invite",
            record=invitation,
            changes={"email": [None, invitation.email], "role": [None, role]},
            organization=organization,
        )
        # Enqueued on commit: the job never runs for an invitation that was rolled back.
        transaction.on_commit(lambda: send_organization_invitation.enqueue(invitation.pk, token))
    return invitation, token


def open_organization_invitation(token: str) -> OrganizationInvitation:
    invitation = (
        OrganizationInvitation.objects.by_token(token).select_related("organization").first()
    )
    if invitation is None:
        raise InvitationError("This invitation link is not valid.")
    if not invitation.is_open:
        raise InvitationError(f"This invitation has been {invitation.state}.")
    return invitation


def organization_invitation_accept(
    *, token: str, user=None, password: str = "", full_name: str = ""
) -> Membership:
    """The signed-in user, or a new account made with `password`, joins the organization."""
    with transaction.atomic():
        invitation = open_organization_invitation(token)
        invitation = OrganizationInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationError(f"This invitation has been {invitation.state}.")
        if user is None:
            user_model = get_user_model()
            if user_model.objects.filter(email__iexact=invitation.email).exists():
                raise InvitationError("An account with this email exists: sign in to accept.")
            validate_password(password)
            user = user_model.objects.create_user(
                email=invitation.email, password=password, full_name=full_name.strip()
            )
        elif user.email.lower() != invitation.email:
            raise InvitationError(f"This invitation is for {invitation.email}.")
        membership = membership_set(
            organization=invitation.organization, user=user, role=invitation.role, actor=user
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def organization_invitation_revoke(*, invitation: OrganizationInvitation, actor) -> None:
    """The link stops working; the row is locked so that it cannot be accepted meanwhile."""
    with transaction.atomic():
        invitation = OrganizationInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationError(f"This invitation has already been {invitation.state}.")
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="invite_revoke",
            record=invitation,
            changes={"revoked_at": [None, invitation.revoked_at]},
            organization=invitation.organization,
        )
