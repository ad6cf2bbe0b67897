"""Invitations: how an organization joins a partnership, and how a person joins an organization."""

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User, hash_token
from accord.audit.services import audit_record
from accord.core import access
from accord.core.errors import InvitationError
from accord.core.models import (
    InvitationSignup,
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
from accord.core.services import (
    membership_set,
    organization_create,
    party_add,
    team_member_set,
)
from accord.lib.jobs import enqueue_with_data

LAPSED = (
    "This invitation no longer works: whoever sent it may no longer grant it. Ask for a new one."
)


# --- Partnership invitations ----------------------------------------------------------------
# An invitation names a person at the other organization; its link is emailed to them by a
# background job, as for colleague invitations (decision 0005). The inviter may also ask for a
# link to copy: a new generation, shown once, which kills the emailed one (decision 0015). Every
# event of a partnership invitation is private to the inviting organization.
def partnership_invite(
    *,
    partnership: Partnership,
    inviting_party: Party,
    actor: User,
    name: str,
    email: str,
    note: str = "",
) -> PartnershipInvitation:
    """Invite a named person to bring their organization in; a background job emails the link.

    The one place invitations by email are made (pages, API, and whatever later wraps it, such
    as a proposal approved by every party). Checks that the actor still manages the party."""
    name, email = name.strip(), email.strip().lower()
    errors = _too_long(name=(name, 150), email=(email, 254), note=(note.strip(), 200))
    if not name:
        errors["name"] = "Name the person you invite."
    if "email" not in errors:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Enter a valid email address."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        invitation = _partnership_invitation_new(
            partnership, inviting_party, actor, note, name=name, email=email
        )
        _queue_mail(invitation)
    return invitation


def _too_long(**texts: tuple[str, int]) -> dict[str, str]:
    """The fields whose text is longer than its column, or holds a NUL (which PostgreSQL cannot
    store): refused here so that every caller, not only the forms, gets a clear message."""
    return {
        field: f"Use at most {limit} characters, and no NUL character."
        for field, (text, limit) in texts.items()
        if len(text) > limit or "\x00" in text
    }


def partnership_invitation_create(
    *, partnership: Partnership, inviting_party: Party, actor: User, note: str = ""
) -> tuple[PartnershipInvitation, str]:
    """An invitation whose link the inviter carries by hand (no email): returns it with the raw
    token, which is shown once and kept nowhere."""
    with transaction.atomic():
        invitation = _partnership_invitation_new(partnership, inviting_party, actor, note)
        token = _mint_to_copy(invitation)
    return invitation, token


def _partnership_invitation_new(
    partnership: Partnership,
    inviting_party: Party,
    actor: User,
    note: str,
    **invitee: str,
) -> PartnershipInvitation:
    """Call inside a transaction. The partnership is locked, then the inviter's right checked."""
    lock_partnership(partnership.pk)
    if not access.manages_party_now(actor, inviting_party.pk):
        raise PermissionDenied("Only the partnership's leads and organization admins may invite.")
    invitation = PartnershipInvitation.objects.create(
        partnership=partnership,
        inviting_party=inviting_party,
        note=note.strip(),
        invitee_name=invitee.get("name", ""),
        invitee_email=invitee.get("email", ""),
        token_hash=_unknown_token_hash(),
        created_by=actor,
    )
    changes: dict[str, list] = {"note": [None, invitation.note]}
    if invitation.invitee_email:
        changes["invitee"] = [None, f"{invitation.invitee_name} <{invitation.invitee_email}>"]
    audit_record(
        actor=actor,
        action="invite",
        record=invitation,
        changes={**changes, "expires_at": [None, invitation.expires_at]},
        # Whom a party invites, and its notes, are its own business (as on the overview).
        **invitation.audit_chain(),
    )
    return invitation


def _mint(invitation: PartnershipInvitation | OrganizationInvitation) -> str:
    """A new live link for the (locked or new) invitation: returns its raw token."""
    token = type(invitation).new_token()
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])
    return token


def _mint_to_copy(invitation: PartnershipInvitation) -> str:
    """A new live link for the inviter to pass on by hand (the invitation locked or new)."""
    invitation.copied_generation = invitation.link_generation
    invitation.save(update_fields=["copied_generation"])
    return _mint(invitation)


def _locked_partnership_invitation(
    invitation: PartnershipInvitation, *, expired_too: bool = False
) -> PartnershipInvitation:
    """Call inside a transaction: the partnership first, then the invitation (decision 0007).
    Refused unless still open (or, `expired_too`, only expired)."""
    lock_partnership(invitation.partnership_id)
    locked = PartnershipInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open and not (expired_too and locked.state == "expired"):
        raise ended(locked, already=True)
    return locked


def _new_generation(
    invitation: PartnershipInvitation | OrganizationInvitation, actor: User, action: str
) -> None:
    """Call with the invitation locked: the live link dies (the next one is minted by the mail
    job or for the inviter), the expiry starts again, and the event is audited."""
    invitation.link_generation += 1
    invitation.token_hash = _unknown_token_hash()
    invitation.expires_at = invitation_expiry()
    invitation.save(update_fields=["link_generation", "token_hash", "expires_at"])
    audit_record(
        actor=actor,
        action=action,
        record=invitation,
        changes={"expires_at": [None, invitation.expires_at]},
        **invitation.audit_chain(),
    )


def partnership_invitation_resend(
    *, invitation: PartnershipInvitation, actor: User
) -> PartnershipInvitation:
    """Email a fresh link: the previous one (mailed or copied) stops working now, and the expiry
    starts again. Only for an invitation that names a person."""
    with transaction.atomic():
        invitation = _locked_partnership_invitation(invitation, expired_too=True)
        if not invitation.invitee_email:
            raise InvitationError("This invitation has no email address: copy its link instead.")
        _new_generation(invitation, actor, "invite_resend")
        _queue_mail(invitation)
    return invitation


def partnership_invitation_link(
    *, invitation: PartnershipInvitation, actor: User
) -> tuple[PartnershipInvitation, str]:
    """A fresh link for the inviter to pass on by hand, shown once: the emailed link (or the
    link copied before) stops working, and the expiry starts again. Holding this link proves
    no mailbox, so signing up from it goes through a confirmation email."""
    with transaction.atomic():
        invitation = _locked_partnership_invitation(invitation)
        _new_generation(invitation, actor, "invite_link")
        token = _mint_to_copy(invitation)
    return invitation, token


def partnership_invitation_mail(*, invitation_id: int, generation: int) -> bool:
    """Mint the link of this generation and email it to the invited person, once; True if an
    email went out. Idempotent, as `organization_invitation_mail`."""
    return _mail_link(
        PartnershipInvitation.objects.select_related(
            "partnership", "inviting_party__organization", "created_by"
        ),
        invitation_id,
        generation,
        _partnership_invitation_email,
    )


def _partnership_invitation_email(invitation: PartnershipInvitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "url": settings.BASE_URL + reverse("accord-invitation", args=[token]),
    }
    send_mail(
        subject=(
            f"{invitation.inviting_party.organization} invites you to "
            f"“{invitation.partnership}” on Accord"
        ),
        message=render_to_string("core/email/partnership_invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.invitee_email],
    )


def ended(
    invitation: PartnershipInvitation | OrganizationInvitation, *, already: bool = False
) -> InvitationError:
    """The refusal of an invitation that is no longer open, saying why."""
    state, yet = invitation.state, " already" if already else ""
    if state == "expired":
        return InvitationError(f"This invitation has{yet} expired.")
    return InvitationError(f"This invitation has{yet} been {state}.")


def open_partnership_invitation(token: str) -> PartnershipInvitation:
    """The invitation behind a token, if it can still be used."""
    invitation = (
        PartnershipInvitation.objects.by_token(token)
        .select_related("partnership", "inviting_party__organization", "created_by")
        .first()
    )
    if invitation is None:
        raise InvitationError("This invitation link is not valid.")
    if not invitation.is_open:
        raise ended(invitation)
    return invitation


def partnership_invitation_opened(*, invitation: PartnershipInvitation) -> None:
    """Note the first time the invitation page is opened (one conditional update: bookkeeping
    for the inviter's list, not an audit event)."""
    if invitation.opened_at is None:
        now = timezone.now()
        PartnershipInvitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=now
        )
        invitation.opened_at = now


def partnership_invitation_accept(
    *, token: str, organization: Organization, actor: User, team: list[User] | None = None
) -> Party:
    """`partnership_invitation_join` with the invitation behind a link."""
    invitation = open_partnership_invitation(token)
    return partnership_invitation_join(
        invitation=invitation,
        generation=invitation.link_generation,
        organization=organization,
        actor=actor,
        team=team,
    )


def partnership_invitation_join(
    *,
    invitation: PartnershipInvitation,
    generation: int,
    organization: Organization,
    actor: User,
    team: list[User] | None = None,
) -> Party:
    """The organization joins as a party; `actor` must be one of its owners or admins, and
    becomes the party's lead. `generation` is the link the caller holds (read from the token,
    or from a confirmed sign-up): a link resent or revoked since is refused.

    Locks the partnership, then the invitation row, so that a link used twice at once still
    makes one party."""
    with transaction.atomic():
        invitation = _locked_partnership_invitation(invitation)
        if invitation.link_generation != generation:
            raise InvitationError("This invitation link has been replaced by a newer one.")
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
        invitation.welcome_pending = True
        invitation.save(
            update_fields=["accepted_at", "accepted_by", "joined_party", "welcome_pending"]
        )
        team_member_set(party=party, user=actor, role=TeamRole.LEAD, actor=actor)
        for user in team or []:
            if user.pk != actor.pk:
                team_member_set(party=party, user=user, role=TeamRole.CONTRIBUTOR, actor=actor)
    return party


def partnership_invitation_join_new(
    *, invitation: PartnershipInvitation, generation: int, organization_name: str, actor: User
) -> Party:
    """Create the actor's organization (they become its owner) and join with it, at once: if
    the invitation cannot be accepted, no organization is left behind."""
    with transaction.atomic():
        organization = organization_create(name=organization_name, actor=actor)
        return partnership_invitation_join(
            invitation=invitation, generation=generation, organization=organization, actor=actor
        )


def partnership_welcome_dismiss(*, partnership_id: int, user: User) -> None:
    """The one who accepted has read the "what you can do here" panel."""
    PartnershipInvitation.objects.filter(
        partnership=partnership_id, accepted_by=user, welcome_pending=True
    ).update(welcome_pending=False)


def partnership_invitation_revoke(*, invitation: PartnershipInvitation, actor: User) -> None:
    """The link stops working; the row is locked so that it cannot be accepted meanwhile."""
    with transaction.atomic():
        invitation = _locked_partnership_invitation(invitation)
        _invitation_end(invitation, actor)


# --- Signing up from a partnership invitation ---------------------------------------------------
# Someone without an account opens a partnership invitation. With the invited address and the
# emailed link, the link proves the mailbox: the account is made at once (as /join/ does). With
# another address, or a link the inviter copied, a confirmation link is mailed to the address
# given, and the account is made only through it.
SIGNUPS_PER_INVITATION_PER_HOUR = 5
SIGNUP_THROTTLED = (
    "Too many confirmation emails were asked for with this invitation. Wait an hour, or ask "
    "the person who invited you for a new link."
)
SIGNUP_SENT = "We emailed a confirmation link to {email}. Open it to finish your account."


def invitation_signup(
    *, invitation: PartnershipInvitation, email: str, password: str, full_name: str
) -> User | InvitationSignup:
    """The account at once (a user) when the address is the invited one and the link the
    emailed one; else a sign-up waiting for its confirmation email (queued here)."""
    email = email.strip().lower()
    errors = _too_long(email=(email, 254), full_name=(full_name.strip(), 150))
    if errors:
        raise ValidationError(errors)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter a valid email address."}) from None
    if email == invitation.invitee_email and invitation.link_is_mailed:
        return account_for_mailbox(email=email, password=password, full_name=full_name)
    validate_password(password, get_user_model()(email=email, full_name=full_name))
    since = timezone.now() - timedelta(hours=1)
    with transaction.atomic():
        locked = _locked_partnership_invitation(invitation)
        if locked.signups.filter(created_at__gte=since).count() >= SIGNUPS_PER_INVITATION_PER_HOUR:
            raise InvitationError(SIGNUP_THROTTLED)
        signup = InvitationSignup.objects.create(
            invitation=locked,
            invitation_generation=locked.link_generation,
            email=email,
            full_name=full_name.strip(),
            password=make_password(password),
            token_hash=_unknown_token_hash(),
        )
        from accord.core.tasks import send_invitation_signup

        enqueue_with_data(send_invitation_signup, signup.pk)
    return signup


def invitation_signup_mail(*, signup_id: int) -> bool:
    """Mint the confirmation link of a sign-up and email it, once; True if an email went out.
    The row is locked and marked, so a job run twice sends once. Whether an account already
    has the address is not looked at here: the link then creates nothing (`NOT_CREATED`)."""
    with transaction.atomic():
        signup = (
            InvitationSignup.objects.select_for_update()
            .select_related("invitation__partnership", "invitation__inviting_party__organization")
            .filter(pk=signup_id)
            .first()
        )
        if signup is None or signup.mailed_at is not None or signup.completed_at is not None:
            return False
        now = timezone.now()
        # Sign-ups never confirmed keep a password's hash: gone once they can no longer be.
        expired = InvitationSignup.objects.filter(expires_at__lt=now, completed_at__isnull=True)
        expired.exclude(pk=signup.pk).delete()
        if signup.expires_at <= now:
            return False
        token = OrganizationInvitation.new_token()
        signup.token_hash = hash_token(token)
        signup.mailed_at = now
        signup.save(update_fields=["token_hash", "mailed_at"])
        context = {
            "signup": signup,
            "invitation": signup.invitation,
            "url": settings.BASE_URL + reverse("accord-signup-confirm", args=[token]),
        }
        send_mail(
            subject="Confirm your address to join Accord",
            message=render_to_string("core/email/invitation_signup.txt", context),
            from_email=None,
            recipient_list=[signup.email],
        )
    return True


def open_invitation_signup(token: str) -> InvitationSignup:
    """The sign-up behind a confirmation link, if it can still complete."""
    signup = (
        InvitationSignup.objects.by_token(token)
        .select_related("invitation__partnership", "invitation__inviting_party__organization")
        .first()
    )
    if signup is None or signup.completed_at is not None:
        raise InvitationError("This confirmation link is not valid (it works once).")
    if signup.expires_at <= timezone.now():
        raise InvitationError(
            "This confirmation link has expired. Sign up again from the invitation."
        )
    invitation = signup.invitation
    if not invitation.is_open or invitation.link_generation != signup.invitation_generation:
        state = invitation.state if not invitation.is_open else "replaced by a newer link"
        raise InvitationError(f"The invitation behind this link has been {state}.")
    return signup


def invitation_signup_confirm(*, token: str) -> InvitationSignup:
    """Make the account of a sign-up through its confirmation link (once)."""
    with transaction.atomic():
        signup = open_invitation_signup(token)
        signup = InvitationSignup.objects.select_for_update().get(pk=signup.pk)
        if signup.completed_at is not None:
            raise InvitationError("This confirmation link is not valid (it works once).")
        user = _account_create(signup.email, signup.full_name, hashed_password=signup.password)
        signup.completed_at = timezone.now()
        signup.user = user
        signup.password = ""  # no longer needed: the account holds it
        signup.save(update_fields=["completed_at", "user", "password"])
    return signup


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


def _queue_mail(invitation: OrganizationInvitation | PartnershipInvitation) -> None:
    from accord.core.tasks import send_organization_invitation, send_partnership_invitation

    job = (
        send_partnership_invitation
        if isinstance(invitation, PartnershipInvitation)
        else send_organization_invitation
    )
    enqueue_with_data(job, invitation.pk, invitation.link_generation)


def organization_invitation_resend(
    *, invitation: OrganizationInvitation, actor: User
) -> OrganizationInvitation:
    """Mail a fresh link: the previous one stops working now, and the expiry starts again."""
    with transaction.atomic():
        invitation = OrganizationInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise ended(invitation, already=True)
        _new_generation(invitation, actor, "invite_resend")
        _queue_mail(invitation)
    return invitation


def organization_invitation_mail(*, invitation_id: int, generation: int) -> bool:
    """Mint the link of this generation and email it, once; True if an email went out."""
    return _mail_link(
        OrganizationInvitation.objects.select_related("organization", "created_by"),
        invitation_id,
        generation,
        _organization_invitation_email,
    )


def _organization_invitation_email(invitation: OrganizationInvitation, token: str) -> None:
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


AnyInvitation = TypeVar("AnyInvitation", PartnershipInvitation, OrganizationInvitation)


def _mail_link(
    invitations: QuerySet[AnyInvitation],
    invitation_id: int,
    generation: int,
    send: Callable[[AnyInvitation, str], None],
) -> bool:
    """The mailing job of both kinds of invitation: mint the link of this generation and `send`
    it, once; True if an email went out.

    Idempotent: the invitation row is locked, and a generation already mailed, superseded by a
    resend (or a copied link), or an invitation no longer open sends nothing. The email is sent
    inside the transaction: if sending fails, the new link is not kept and the job can run
    again."""
    with transaction.atomic():
        invitation = invitations.select_for_update(of=("self",)).filter(pk=invitation_id).first()
        if invitation is None or not invitation.is_open:
            return False
        if invitation.link_generation != generation or invitation.mailed_generation >= generation:
            return False
        token = _mint(invitation)
        invitation.mailed_generation = generation
        invitation.mailed_at = timezone.now()
        invitation.save(update_fields=["mailed_generation", "mailed_at"])
        send(invitation, token)
    return True


def open_organization_invitation(token: str) -> OrganizationInvitation:
    invitation = (
        OrganizationInvitation.objects.by_token(token).select_related("organization").first()
    )
    if invitation is None:
        raise InvitationError("This invitation link is not valid.")
    if not invitation.is_open:
        raise ended(invitation)
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
            raise ended(invitation)
        inviter = access.organization_rights(
            invitation.created_by, invitation.organization_id, fresh=True
        )
        if not inviter.may_invite(invitation.role):
            raise InvitationError(LAPSED)
        if user is None:
            user = account_for_mailbox(
                email=invitation.email, password=password, full_name=full_name
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


def account_for_mailbox(*, email: str, password: str, full_name: str) -> User:
    """A new account for `email`, made because the caller proved they hold its mailbox (they
    opened a link that was only ever emailed there). Refused with the neutral `NOT_CREATED`
    when the address has an account: the answer never says whether one exists."""
    # Checked first, for both cases alike, so that a weak password is refused the same way
    # whether or not the address has an account.
    validate_password(password, get_user_model()(email=email, full_name=full_name))
    return _account_create(email, full_name, password=password)


def _account_create(
    email: str, full_name: str, *, password: str | None = None, hashed_password: str = ""
) -> User:
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=email).exists():
        raise InvitationError(NOT_CREATED)
    try:
        with transaction.atomic():
            user = user_model.objects.create_user(
                email=email, password=password, full_name=full_name.strip()
            )
            if hashed_password:
                user.password = hashed_password
                user.save(update_fields=["password"])
            return user
    except IntegrityError:  # the same address signed up a moment ago
        raise InvitationError(NOT_CREATED) from None


def organization_invitation_revoke(*, invitation: OrganizationInvitation, actor: User) -> None:
    """The link stops working; the row is locked so that it cannot be accepted meanwhile."""
    with transaction.atomic():
        invitation = OrganizationInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise ended(invitation, already=True)
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
