"""API of the core: partnerships, parties, teams, invitations, organizations."""

from typing import cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Status
from ninja.pagination import paginate

from accord.api.api import ERRORS, ErrorOut, Pages, conflict
from accord.core import access
from accord.core.errors import StaleEdit
from accord.core.invitations import (
    organization_invitation_create,
    organization_invitation_resend,
    organization_invitation_revoke,
    partnership_invitation_accept,
    partnership_invitation_create,
)
from accord.core.models import (
    Membership,
    Organization,
    OrganizationInvitation,
    Partnership,
    Party,
    TeamMember,
)
from accord.core.records import record_update
from accord.core.schemas import (
    AcceptIn,
    InvitationIn,
    InvitationOut,
    MemberOut,
    MemberPatch,
    MeOut,
    OrganizationInvitationIn,
    OrganizationInvitationOut,
    PartnershipIn,
    PartnershipOut,
    PartnershipPatch,
    PartyOut,
    RecordPatch,
    TeamMemberIn,
    TeamMemberOut,
)
from accord.core.selectors import partnership_list, party_list
from accord.core.services import (
    membership_change_role,
    membership_remove,
    partnership_create,
    team_member_remove,
    team_member_set,
)

router = Router(tags=["partnerships"])


def _with_parties(partnership_id: int) -> Partnership:
    return partnership_list(Partnership.objects.filter(pk=partnership_id)).get()


def _acting_organization(candidates: QuerySet[Organization], slug: str | None) -> Organization:
    """The organization the caller acts for: the one named among `candidates`, or the only one."""
    if slug:
        organization = candidates.filter(slug=slug).first()
        if organization is None:
            raise ValidationError({"organization": f"You cannot act for “{slug}” here."})
        return organization
    found = list(candidates[:2])
    if len(found) != 1:
        raise ValidationError({"organization": "Name the organization (its slug) to act for."})
    return found[0]


def _invitation_out(invitation, token: str, url: str) -> dict:
    return {"id": invitation.pk, "token": token, "url": url, "expires_at": invitation.expires_at}


def _member_by_email(organization_id: int, email: str):
    user = (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), memberships__organization_id=organization_id)
        .first()
    )
    if user is None:
        raise ValidationError({"email": f"No member of the organization has the email {email}."})
    return user


@router.get("/me", response={200: MeOut, **ERRORS}, tags=["account"])
def me(request):
    memberships = request.user.memberships.select_related("organization")
    return {
        "id": request.user.pk,
        "email": request.user.email,
        "full_name": request.user.full_name,
        "organizations": [
            {**{f: getattr(m.organization, f) for f in ("id", "name", "slug")}, "role": m.role}
            for m in memberships
        ],
    }


class PartnershipPages(Pages):
    """The same limit/offset pages, counted the cheaper way of the partnership list page."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        return {
            self.items_attribute: queryset[offset : offset + limit],
            "count": access.visible_partnership_count(request.user),
        }


@router.get("/partnerships", response={200: list[PartnershipOut], **ERRORS})
@paginate(PartnershipPages)
def list_partnerships(request):
    return partnership_list(access.partnerships_visible_to(request.user))


@router.post("/partnerships", response={201: PartnershipOut, **ERRORS})
def create_partnership(request, payload: PartnershipIn):
    candidates = access.organizations_for_new_partnerships(request.user)
    organization = _acting_organization(candidates, payload.organization)
    partnership = partnership_create(
        organization=organization, actor=request.user, **payload.dict(exclude={"organization"})
    )
    return Status(201, _with_parties(partnership.pk))


@router.get("/partnerships/{id:partnership_id}", response={200: PartnershipOut, **ERRORS})
def get_partnership(request, partnership_id: int):
    access.partnership_access(request.user, partnership_id)
    return _with_parties(partnership_id)


@router.patch(
    "/partnerships/{id:partnership_id}", response={200: PartnershipOut, 409: ErrorOut, **ERRORS}
)
def update_partnership(request, partnership_id: int, payload: PartnershipPatch):  # type: ignore[valid-type]
    grant = access.partnership_access(request.user, partnership_id, "manage")
    patch = cast(RecordPatch, payload)  # generated from PartnershipIn by patch_of
    try:
        record_update(
            record=grant.partnership,
            actor=request.user,
            expected_version=patch.version,
            changes=patch.dict(exclude_unset=True, exclude={"version"}),
        )
    except StaleEdit as stale:
        return conflict(request, stale, PartnershipOut)
    return _with_parties(partnership_id)


@router.get("/partnerships/{id:partnership_id}/parties", response={200: list[PartyOut], **ERRORS})
@paginate(Pages)
def list_parties(request, partnership_id: int):
    grant = access.partnership_access(request.user, partnership_id)
    return party_list(grant)


@router.post("/partnerships/{id:partnership_id}/team", response={201: TeamMemberOut, **ERRORS})
def add_team_member(request, partnership_id: int, payload: TeamMemberIn):
    grant = access.partnership_access(request.user, partnership_id, "manage")
    party = grant.acting_party(payload.organization, "manage")
    user = _member_by_email(party.organization_id, payload.email)
    seat = team_member_set(party=party, user=user, role=payload.role, actor=request.user)
    return Status(201, seat)


@router.delete(
    "/partnerships/{id:partnership_id}/team/{id:member_id}", response={204: None, **ERRORS}
)
def remove_team_member(request, partnership_id: int, member_id: int):
    grant = access.partnership_access(request.user, partnership_id, "manage")
    seat = grant.managed_seat(member_id)
    team_member_remove(seat=seat, actor=request.user)
    return Status(204, None)


@router.post(
    "/partnerships/{id:partnership_id}/invitations", response={201: InvitationOut, **ERRORS}
)
def invite_organization(request, partnership_id: int, payload: InvitationIn | None = None):
    payload = payload or InvitationIn()
    grant = access.partnership_access(request.user, partnership_id, "manage")
    invitation, token = partnership_invitation_create(
        partnership=grant.partnership,
        inviting_party=grant.acting_party(payload.organization, "manage"),
        actor=request.user,
        note=payload.note,
    )
    url = settings.BASE_URL + reverse("accord-invitation", args=[token])
    return Status(201, _invitation_out(invitation, token, url))


@router.post("/invitations/{token}/accept", response={201: PartyOut, **ERRORS})
def accept_invitation(request, token: str, payload: AcceptIn | None = None):
    payload = payload or AcceptIn()
    candidates = access.organizations_administered(request.user)
    organization = _acting_organization(candidates, payload.organization)
    team = [_member_by_email(organization.pk, email) for email in payload.team]
    party = partnership_invitation_accept(
        token=token, organization=organization, actor=request.user, team=team
    )
    team_qs = TeamMember.objects.select_related("user")
    party = (
        Party.objects.select_related("organization")
        .prefetch_related(Prefetch("team", queryset=team_qs))
        .get(pk=party.pk)
    )
    return Status(201, party)


@router.post(
    "/organizations/{slug}/invitations",
    response={201: OrganizationInvitationOut, **ERRORS},
    tags=["organizations"],
)
def invite_person(request, slug: str, payload: OrganizationInvitationIn):
    """The link is emailed to the person by a background job; it is never returned."""
    organization = access.organization_access(request.user, slug, "admin")
    return Status(
        201,
        organization_invitation_create(
            organization=organization, email=payload.email, role=payload.role, actor=request.user
        ),
    )


@router.post(
    "/organizations/{slug}/invitations/{id:invitation_id}/resend",
    response={200: OrganizationInvitationOut, **ERRORS},
    tags=["organizations"],
)
def resend_person_invitation(request, slug: str, invitation_id: int):
    """Email a fresh link; the previous one stops working."""
    organization = access.organization_access(request.user, slug, "admin")
    invitation = get_object_or_404(
        OrganizationInvitation, pk=invitation_id, organization=organization
    )
    return organization_invitation_resend(invitation=invitation, actor=request.user)


def _member(organization: Organization, member_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        pk=member_id,
        organization=organization,
    )


@router.get(
    "/organizations/{slug}/members",
    response={200: list[MemberOut], **ERRORS},
    tags=["organizations"],
)
@paginate(Pages)
def list_members(request, slug: str):
    organization = access.organization_access(request.user, slug)
    return Membership.objects.filter(organization=organization).select_related("user")


@router.patch(
    "/organizations/{slug}/members/{id:member_id}",
    response={200: MemberOut, **ERRORS},
    tags=["organizations"],
)
def update_member(request, slug: str, member_id: int, payload: MemberPatch):
    organization = access.organization_access(request.user, slug, "admin")
    membership = _member(organization, member_id)
    return membership_change_role(membership=membership, role=payload.role, actor=request.user)


@router.delete(
    "/organizations/{slug}/members/{id:member_id}",
    response={204: None, **ERRORS},
    tags=["organizations"],
)
def remove_member(request, slug: str, member_id: int):
    organization = access.organization_access(request.user, slug, "admin")
    membership_remove(membership=_member(organization, member_id), actor=request.user)
    return Status(204, None)


@router.delete(
    "/organizations/{slug}/invitations/{id:invitation_id}",
    response={204: None, **ERRORS},
    tags=["organizations"],
)
def revoke_person_invitation(request, slug: str, invitation_id: int):
    organization = access.organization_access(request.user, slug, "admin")
    invitation = get_object_or_404(
        OrganizationInvitation, pk=invitation_id, organization=organization
    )
    organization_invitation_revoke(invitation=invitation, actor=request.user)
    return Status(204, None)
