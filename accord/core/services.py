"""Changes to organizations, partnerships, parties and teams. Views, API and CLI all call these."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accord.accounts.models import User
from accord.accounts.services import api_tokens_revoke_all
from accord.audit.services import audit_record, field_changes
from accord.core import access
from accord.core.access import forget_roles, organization_rights
from accord.core.errors import InvitationError, ProposalRequired
from accord.core.models import (
    Cadence,
    Membership,
    Organization,
    Partnership,
    Party,
    Role,
    Stage,
    TeamMember,
    TeamRole,
)
from accord.core.records import lock_partnership, lock_partnerships, record_change, record_create

# --- Organizations --------------------------------------------------------------------------
# Slugs that are pages under /orgs/, not organizations.
RESERVED_SLUGS = frozenset({"new"})


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "org"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def organization_create(
    *, name: str, slug: str | None = None, actor: User | None = None
) -> Organization:
    """A new organization; the actor, if any, becomes its owner."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "An organization needs a name."})
    if len(name) > 150 or "\x00" in name:
        raise ValidationError({"name": "Use at most 150 characters, and no NUL character."})
    if slug is not None:
        slug = slugify(slug)
        if not slug:
            raise ValidationError({"slug": "Use letters, digits and hyphens."})
        if slug in RESERVED_SLUGS or Organization.objects.filter(slug=slug).exists():
            raise ValidationError({"slug": f"The slug “{slug}” is taken."})
    try:
        with transaction.atomic():
            organization = Organization.objects.create(name=name, slug=slug or unique_slug(name))
    except IntegrityError:
        raise ValidationError({"slug": "That slug was taken a moment ago; try again."}) from None
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="create",
            record=organization,
            changes=field_changes({}, {"name": name, "slug": organization.slug}),
            organization=organization,
        )
        if actor is not None:
            membership_set(organization=organization, user=actor, role=Role.OWNER, actor=actor)
    return organization


def membership_set(
    *, organization: Organization, user: User, role: str, actor: User | None
) -> Membership:
    """Add the user to the organization, or change their role there."""
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.values)}."})
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            organization=organization, user=user, defaults={"role": role}
        )
        before = {} if created else {"role": membership.role}
        if not created and membership.role != role:
            _refuse_removing_last_owner(membership, role)
            membership.role = role
            membership.save(update_fields=["role"])
        changes = field_changes(before, {"role": role})
        if changes:
            audit_record(
                actor=actor,
                action="member_add" if created else "member_role",
                record=membership,
                changes={"user": [None, user.email], **changes} if created else changes,
                organization=organization,
            )
        if not created:
            _end_lapsed_invitations(user, organization.pk, actor)
    forget_roles(user)
    return membership


def _end_lapsed_invitations(user: User, organization_id: int, actor: User | None) -> None:
    """A demoted or departing person's pending invitations end with their rights."""
    # Imported here: invitations build on these services.
    from accord.core.invitations import invitations_revoke_lapsed

    invitations_revoke_lapsed(user=user, organization_id=organization_id, actor=actor)


def _refuse_removing_last_owner(membership: Membership, new_role: str | None) -> None:
    """Call inside a transaction: the organization row is locked so that two demotions at once
    cannot both see a second owner."""
    if membership.role != Role.OWNER or new_role == Role.OWNER:
        return
    list(Organization.objects.select_for_update().filter(pk=membership.organization_id))
    owners = Membership.objects.filter(organization=membership.organization_id, role=Role.OWNER)
    if owners.count() == 1:
        raise ValidationError({"role": "An organization keeps at least one owner."})


def _refuse_owner_change_by_non_owner(
    membership: Membership, new_role: str | None, actor: User | None
) -> None:
    """Only owners make, unmake or remove owners."""
    if Role.OWNER not in (membership.role, new_role):
        return
    if not organization_rights(actor, membership.organization_id, fresh=True).is_owner:
        raise ValidationError({"role": "Only an owner may make, unmake or remove an owner."})


def membership_change_role(*, membership: Membership, role: str, actor: User | None) -> Membership:
    """An admin changes a member's role; owners are managed by owners only."""
    _refuse_owner_change_by_non_owner(membership, role, actor)
    return membership_set(
        organization=membership.organization, user=membership.user, role=role, actor=actor
    )


def membership_remove(*, membership: Membership, actor: User | None) -> None:
    """The person leaves the organization and every team they were on for it; refused while
    they are the last lead of one of its parties (a partnership not ended)."""
    _refuse_owner_change_by_non_owner(membership, None, actor)
    with transaction.atomic():
        _refuse_removing_last_owner(membership, None)
        seats = TeamMember.objects.filter(
            user=membership.user, party__organization=membership.organization_id
        ).select_related("party__partnership")
        # The organization is locked (above), then every partnership touched, in id order.
        lock_partnerships(seats.values_list("party__partnership_id", flat=True))
        for seat in seats:
            # A party keeps a lead while it can act (an archive decides nothing more).
            if seat.role == TeamRole.LEAD and not seat.party.partnership.is_ended:
                _refuse_last_lead(seat)
        for seat in seats:
            _audit_team_remove(seat.party, membership.user.email, actor)
        seats.delete()
        audit_record(
            actor=actor,
            action="member_remove",
            record=membership,
            changes={"user": [membership.user.email, None], "role": [membership.role, None]},
            organization=membership.organization,
        )
        membership.delete()
        _end_lapsed_invitations(membership.user, membership.organization_id, actor)
        if not Membership.objects.filter(user=membership.user).exists():
            # Someone who belongs nowhere keeps no way in through the API.
            api_tokens_revoke_all(user=membership.user)
    forget_roles(membership.user)


# --- Partnerships ---------------------------------------------------------------------------
def partnership_create(
    *,
    organization: Organization,
    actor: User | None,
    name: str,
    purpose: str = "",
    scope: str = "",
    stage: str = Stage.EXPLORING,
    start_date: date | None = None,
    review_cadence: str = Cadence.QUARTERLY,
) -> Partnership:
    """A new partnership with the organization as its first party and the actor as its lead."""
    name = name.strip()  # the record's rules (Partnership.rule_errors) refuse a blank one
    rights = organization_rights(actor, organization.pk, fresh=True)
    if actor is not None and not rights.may_start_partnerships:
        raise PermissionDenied(f"Only members of {organization} who are not viewers may do this.")
    with transaction.atomic():
        partnership = Partnership(
            name=name,
            purpose=purpose,
            scope=scope,
            stage=stage,
            start_date=start_date,
            review_cadence=review_cadence,
        )
        record_create(record=partnership, actor=actor)
        party = party_add(partnership=partnership, organization=organization, actor=actor)
        if actor is not None:
            # Whoever starts a partnership leads it for their organization until its admins
            # choose otherwise.
            _seat_set(party=party, user=actor, role=TeamRole.LEAD, actor=actor)
    return partnership


def partnership_update(
    *, record: Partnership, actor: User | None, expected_version: int, changes: dict[str, Any]
) -> Partnership:
    """Change the partnership's settings, from the version the change is based on (StaleEdit).

    With several parties, what binds every party (its name, purpose and scope, and ending it)
    is refused with ProposalRequired: it is proposed (`core.proposals`) and applied once every
    party approved. With one party it applies at once. An ended partnership is refused by the
    write primitive (PartnershipEnded)."""
    current = Partnership.objects.get(pk=record.pk)
    binding = _binding_changes(current, changes)
    if binding and Party.objects.filter(partnership=current).count() > 1:
        named = " and ".join(binding)
        raise ProposalRequired(
            f"Changing the {named} binds every party: propose it, and it takes effect once "
            "every party has approved."
        )
    return partnership_change(
        partnership=record, actor=actor, expected_version=expected_version, changes=changes
    )


def _binding_changes(partnership: Partnership, changes: dict[str, Any]) -> list[str]:
    """What in `changes` binds every party: its binding fields changed, or ending it."""
    binding = [
        field
        for field in Partnership.BINDING_FIELDS
        if field in changes and changes[field] != getattr(partnership, field)
    ]
    if changes.get("stage") == Stage.ENDED and partnership.stage != Stage.ENDED:
        binding.append("stage to ended")
    return binding


def partnership_change(
    *,
    partnership: Partnership,
    actor: User | None,
    changes: dict[str, Any],
    expected_version: int | None = None,
) -> Partnership:
    """The write of the partnership's own fields, whoever decided it (an edit, an approved
    proposal): keeps `ended_on` with the stage."""
    unknown = set(changes) - set(Partnership.EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    changes = dict(changes)
    if "stage" in changes:
        ends = changes["stage"] == Stage.ENDED
        was_ended = Partnership.objects.filter(pk=partnership.pk, stage=Stage.ENDED).exists()
        if ends and not was_ended:
            changes["ended_on"] = timezone.localdate()
        elif not ends:
            changes["ended_on"] = None
    return record_change(
        record=partnership, actor=actor, changes=changes, expected_version=expected_version
    )


def party_add(
    *,
    partnership: Partnership,
    organization: Organization,
    actor: User | None,
    invited_by: Party | None = None,
) -> Party:
    try:
        with transaction.atomic():
            lock_partnership(partnership.pk)
            party = Party.objects.create(
                partnership=partnership, organization=organization, invited_by=invited_by
            )
    except IntegrityError:
        raise InvitationError(f"{organization} is already a party to {partnership}.") from None
    audit_record(
        actor=actor,
        action="party_join",
        record=party,
        changes={"organization": [None, organization.name]},
        partnership=partnership,
    )
    return party


# --- Teams ----------------------------------------------------------------------------------
LEADS_BY_ADMINS = (
    "Only an owner or admin of {organization} may choose its leads (who commit it): ask one "
    "of them, or give another role."
)
LAST_LEAD = (
    "{user} is the last lead of {organization}'s team in “{partnership}”: make someone else "
    "lead first, so that a lead still commits the party (its organization's admins can "
    "meanwhile)."
)


def team_member_set(*, party: Party, user: User, role: str, actor: User | None) -> TeamMember:
    """Put a member of the party's organization on its team, or change their team role.

    Leads commit their party (endorse, approve), so only the organization's owners and admins
    make or unmake one (`access.may_appoint_leads`); the last lead stays one until another is
    made. Locks the partnership (refused if it ended)."""
    return _seat_set(party=party, user=user, role=role, actor=actor, appointing=True)


def team_member_change_role(*, seat: TeamMember, role: str, actor: User | None) -> TeamMember:
    """Change the team role of someone on the team (`team_member_set`'s rules)."""
    return team_member_set(party=seat.party, user=seat.user, role=role, actor=actor)


def _seat_set(
    *, party: Party, user: User, role: str, actor: User | None, appointing: bool = False
) -> TeamMember:
    """`team_member_set`, checking who may choose leads only when `appointing` (the founder of
    a partnership, or the admin accepting an invitation, is its party's first lead)."""
    if role not in TeamRole.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(TeamRole.values)}."})
    if not Membership.objects.filter(organization=party.organization_id, user=user).exists():
        raise ValidationError({"user": f"{user.email} is not a member of {party.organization}."})
    with transaction.atomic():
        lock_partnership(party.partnership_id)
        list(Party.objects.select_for_update().filter(pk=party.pk))
        seat, created = TeamMember.objects.get_or_create(
            party=party, user=user, defaults={"role": role}
        )
        before = None if created else seat.role
        if not created and seat.role == role:
            return seat
        if appointing and TeamRole.LEAD in (before, role):
            _refuse_unless_appointer(actor, party)
        if before == TeamRole.LEAD:
            _refuse_last_lead(seat)
        seat.role = role
        seat.save(update_fields=["role"])
        audit_record(
            actor=actor,
            action="team_add" if created else "team_role",
            record=party,
            changes={"team": [None, user.email]} if created else {"role": [before, role]},
            partnership=party.partnership,
        )
        if before == TeamRole.LEAD:
            _end_lapsed_invitations(user, party.organization_id, actor)
    return seat


def _refuse_unless_appointer(actor: User | None, party: Party) -> None:
    """Making or unmaking a lead is for the organization's owners and admins (or the system)."""
    if actor is not None and not access.may_appoint_leads(actor, party.organization_id):
        raise PermissionDenied(LEADS_BY_ADMINS.format(organization=party.organization))


def _refuse_last_lead(seat: TeamMember) -> None:
    """Call with the party row locked: two leads stepping down at once see each other."""
    leads = TeamMember.objects.filter(party=seat.party_id, role=TeamRole.LEAD)
    if leads.exclude(pk=seat.pk).count() == 0:
        message = LAST_LEAD.format(
            user=seat.user.email,
            organization=seat.party.organization,
            partnership=seat.party.partnership,
        )
        raise ValidationError({"role": message})


def _audit_team_remove(party: Party, email: str, actor: User | None) -> None:
    """The person `email` left the party's team: an event on the partnership's chain."""
    audit_record(
        actor=actor,
        action="team_remove",
        record=party,
        changes={"team": [email, None]},
        partnership=party.partnership,
    )


def team_member_remove(*, seat: TeamMember, actor: User | None) -> None:
    """Take someone off the team. Removing a lead is choosing who commits the party: for the
    organization's owners and admins only; the last lead stays until another is made."""
    with transaction.atomic():
        # The partnership row is locked first (decision 0007), then the party row, so that two
        # leads leaving at once cannot both pass the check.
        lock_partnership(seat.party.partnership_id)
        list(Party.objects.select_for_update().filter(pk=seat.party_id))
        if seat.role == TeamRole.LEAD:
            _refuse_unless_appointer(actor, seat.party)
            _refuse_last_lead(seat)
        _audit_team_remove(seat.party, seat.user.email, actor)
        seat.delete()
        if seat.role == TeamRole.LEAD:
            _end_lapsed_invitations(seat.user, seat.party.organization_id, actor)
