"""API of the core: partnerships, parties, teams, invitations, organizations."""

from typing import Any, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import PathEx, Router, Status
from ninja.pagination import paginate
from ninja.params import P

from accord.accounts.http import AuthedRequest
from accord.accounts.models import User
from accord.api.api import conflict, conflict_schema
from accord.api.conditional import (
    conditional,
    etag_of,
    expected_version,
    not_modified,
    precondition_failed,
)
from accord.api.lists import Listing, Pages, choice_filter, updated_range
from accord.api.operations import ApiRouter, OrganizationSlug, PartnershipId
from accord.core import access, invitations, proposals, selectors, services
from accord.core.errors import ProposalRequired, StaleEdit
from accord.core.models import (
    Membership,
    Organization,
    OrganizationInvitation,
    Partnership,
    PartnershipInvitation,
    Party,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Role,
    Stage,
    TeamMember,
)
from accord.core.schemas import (
    AcceptIn,
    InvitationIn,
    InvitationLinkOut,
    InvitationOut,
    MemberOut,
    MemberPatch,
    MeOut,
    OrganizationInvitationIn,
    OrganizationInvitationOut,
    PartnershipIn,
    PartnershipInvitationOut,
    PartnershipOut,
    PartnershipPatch,
    PartyOut,
    ProposalApproveIn,
    ProposalDecidedOut,
    ProposalDeclineIn,
    ProposalIn,
    ProposalOut,
    RecordPatch,
    TeamMemberIn,
    TeamMemberOut,
    TeamRoleIn,
)

account = ApiRouter("account", "Who you are: your account and your organizations.")
partnerships = ApiRouter(
    "partnerships",
    "Partnerships, their parties (one per organization), each party's team, and the "
    "invitations through which another organization joins.",
)
organizations = ApiRouter(
    "organizations", "Your organization's members, and the invitations that add one."
)
router = Router()  # core's routers, mounted together
for part in (account, partnerships, organizations):
    router.add_router("", part)

InvitationId = PathEx[int, P(description="The invitation's id (`id` in its answers).")]
PartnershipInvitationId = PathEx[
    int, P(description="The partnership invitation's id (`id` in its answers).")
]
InvitationToken = PathEx[str, P(description="The token of the invitation link (its last part).")]
MemberId = PathEx[int, P(description="The membership's id (`id` in the member list).")]
TeamMemberId = PathEx[int, P(description="The team seat's id (`id` in the party's `team`).")]
ProposalId = PathEx[int, P(description="The proposal's id (`id` in its answers).")]

PARTNERSHIP = "/partnerships/{id:partnership_id}"
PERSON_INVITATIONS = "/organizations/{slug}/invitations"
MEMBERS = "/organizations/{slug}/members"


def _with_parties(partnership_id: int) -> Partnership:
    return selectors.partnership_list(Partnership.objects.filter(pk=partnership_id)).get()


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


def _member_by_email(organization_id: int, email: str) -> User:
    user = (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), memberships__organization_id=organization_id)
        .first()
    )
    if user is None:
        raise ValidationError({"email": f"No member of the organization has the email {email}."})
    return cast(User, user)


@account.get("/me", response={200: MeOut})
def me_get(request: AuthedRequest) -> dict:
    """Read your account.

    Your email, your name, and the organizations you belong to, each with your role in it.
    """
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


# Sorted by name on the index (name, id) unless asked otherwise.
PARTNERSHIPS = Listing(
    orderings={"name": "name", "id": "id", "created_at": "created_at", "updated_at": "updated_at"},
    default="name",
    filters=(
        choice_filter("stage", Stage.values, "Only the partnerships at this stage.", "stage"),
        *updated_range(),
    ),
)


@partnerships.get("/partnerships", response={200: list[PartnershipOut]})
@paginate(Pages, listing=PARTNERSHIPS)
def partnership_list(request: AuthedRequest) -> QuerySet:
    """List your partnerships.

    The partnerships in which one of your organizations is a party, by name unless `ordering`
    says otherwise, a page at a time; filter by `stage` and the time of the last change.
    """
    return selectors.partnership_list(access.partnerships_visible_to(request.user))


def _tagged(response: HttpResponse, partnership: Partnership) -> Partnership:
    response["ETag"] = etag_of(PartnershipOut, partnership)
    return partnership


@partnerships.post("/partnerships", response={201: PartnershipOut})
@conditional
def partnership_create(
    request: AuthedRequest, response: HttpResponse, payload: PartnershipIn
) -> Status:
    """Create a partnership.

    Your organization becomes its first party, you its lead; invite the other organizations
    next. Name the `organization` if you belong to several.
    """
    candidates = access.organizations_for_new_partnerships(request.user)
    organization = _acting_organization(candidates, payload.organization)
    partnership = services.partnership_create(
        organization=organization, actor=request.user, **payload.dict(exclude={"organization"})
    )
    return Status(201, _tagged(response, _with_parties(partnership.pk)))


@partnerships.get(PARTNERSHIP, response={200: PartnershipOut})
@conditional
def partnership_get(
    request: AuthedRequest, response: HttpResponse, partnership_id: PartnershipId
) -> Any:
    """Read a partnership.

    Its purpose, scope, stage and cadence, and its parties.
    """
    access.partnership_access(request.user, partnership_id)
    partnership = _with_parties(partnership_id)
    return not_modified(request, etag_of(PartnershipOut, partnership)) or _tagged(
        response, partnership
    )


@partnerships.patch(
    PARTNERSHIP,
    response={
        200: PartnershipOut,
        409: conflict_schema(PartnershipOut),
        412: conflict_schema(PartnershipOut),
    },
)
@conditional
def partnership_update(
    request: AuthedRequest,
    response: HttpResponse,
    partnership_id: PartnershipId,
    payload: PartnershipPatch,  # type: ignore[valid-type]
) -> Any:
    """Change a partnership, from the version it is based on.

    Changes the fields sent; the others stay as they are. Send the `version` your change is
    based on: if the partnership changed since, nothing is saved and the answer is 409 with the
    partnership as it is now; or send its ETag in `If-Match` instead (412 if it changed). Needs
    the right to manage the partnership.

    With several parties, what binds them all (`name`, `purpose`, `scope`, and `stage` set to
    `ended`) is proposed instead (`POST …/proposals`): sending it here answers 409
    `proposal_required`. An ended partnership answers 409 `partnership_ended`.
    """
    grant = access.partnership_access(request.user, partnership_id, "manage")
    patch = cast(RecordPatch, payload)  # generated from PartnershipIn by patch_of
    current = _with_parties(partnership_id)
    refused = precondition_failed(request, PartnershipOut, current)
    if refused:
        return refused
    try:
        services.partnership_update(
            record=grant.partnership,
            actor=request.user,
            expected_version=expected_version(request, patch.version, current.version),
            changes=patch.dict(exclude_unset=True, exclude={"version"}),
        )
    except StaleEdit as stale:
        return conflict(request, stale, PartnershipOut)
    return _tagged(response, _with_parties(partnership_id))


@partnerships.get(f"{PARTNERSHIP}/parties", response={200: list[PartyOut]})
@paginate(Pages, listing=Listing({"joined_at": "joined_at"}, "joined_at"))
def party_list(request: AuthedRequest, partnership_id: PartnershipId) -> list[Party]:
    """List a partnership's parties.

    One party per organization that joined, with its team, in the order they joined.
    """
    grant = access.partnership_access(request.user, partnership_id)
    return selectors.party_list(grant)


@partnerships.post(f"{PARTNERSHIP}/team", response={201: TeamMemberOut})
def team_member_add(
    request: AuthedRequest, partnership_id: PartnershipId, payload: TeamMemberIn
) -> Status:
    """Add a colleague to your party's team.

    The colleague, a member of your organization named by email, gets the role given (or a new
    role, if already on the team). Needs the right to manage your party.
    """
    grant = access.partnership_access(request.user, partnership_id, "manage")
    party = grant.acting_party(payload.organization, "manage")
    user = _member_by_email(party.organization_id, payload.email)
    seat = services.team_member_set(party=party, user=user, role=payload.role, actor=request.user)
    return Status(201, seat)


@partnerships.delete(f"{PARTNERSHIP}/team/{{id:team_member_id}}", response={204: None})
def team_member_remove(
    request: AuthedRequest, partnership_id: PartnershipId, team_member_id: TeamMemberId
) -> Status:
    """Remove someone from your party's team.

    Needs the right to manage the party the seat belongs to.
    """
    grant = access.partnership_access(request.user, partnership_id, "manage")
    seat = grant.managed_seat(team_member_id)
    services.team_member_remove(seat=seat, actor=request.user)
    return Status(204, None)


INVITATIONS_LISTING = Listing(
    orderings={"created_at": "created_at", "id": "id"},
    default="created_at",
)


def _managed_invitation(user: User, partnership_id: int, invitation_id: int):
    grant = access.partnership_access(user, partnership_id, "manage")
    return get_object_or_404(
        selectors.invitations_followed(grant).select_related("partnership"), pk=invitation_id
    )


def _link(token: str) -> str:
    return settings.BASE_URL + reverse("accord-invitation", args=[token])


@partnerships.get(f"{PARTNERSHIP}/invitations", response={200: list[PartnershipInvitationOut]})
@paginate(Pages, listing=INVITATIONS_LISTING)
def invitation_list(request: AuthedRequest, partnership_id: PartnershipId) -> QuerySet:
    """List your invitations to the partnership.

    The invitations made for the parties whose team you manage, oldest first unless `ordering`
    says otherwise, each with its `status`: `queued` (the email is waiting for the worker),
    `sent`, `link` (a link given by hand), `opened`, `accepted`, `expired` or `revoked`. Other
    parties' invitations are never listed. Needs the right to manage.
    """
    grant = access.partnership_access(request.user, partnership_id, "manage")
    return selectors.invitations_followed(grant)


INVITE_BY_PROPOSAL = (
    "Adding another organization binds every party: propose it (kind `invite`); the invitation "
    "is made once every party has approved."
)


@partnerships.patch(f"{PARTNERSHIP}/team/{{id:team_member_id}}", response={200: TeamMemberOut})
def team_member_update(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    team_member_id: TeamMemberId,
    payload: TeamRoleIn,
) -> TeamMember:
    """Change someone's role on your party's team.

    Needs the right to manage the party. Leads commit the party (they endorse and approve for
    it): only the organization's owners and admins make or unmake one (403 otherwise), and the
    last lead stays one until another is made (400).
    """
    grant = access.partnership_access(request.user, partnership_id, "manage")
    seat = grant.managed_seat(team_member_id)
    return services.team_member_change_role(seat=seat, role=payload.role, actor=request.user)


@partnerships.post(f"{PARTNERSHIP}/invitations", response={201: InvitationOut})
def invitation_create(
    request: AuthedRequest, partnership_id: PartnershipId, payload: InvitationIn | None = None
) -> Status:
    """Invite another organization to the partnership.

    Name the person invited (`name`, `email`): the link is emailed to them by a background job
    and never answered. Without an email, the answer carries a single-use link (`url`, and its
    `token`) for you to pass on yourself. Either way, whoever accepts it for their organization
    joins as a new party. Needs the right to manage. Once the partnership has several
    parties, adding one binds them all: propose it (`POST …/proposals` with kind `invite`);
    this answers 409 `proposal_required`.
    """
    payload = payload or InvitationIn()
    grant = access.partnership_access(request.user, partnership_id, "manage")
    if grant.needs_proposals:
        raise ProposalRequired(INVITE_BY_PROPOSAL)
    party = grant.acting_party(payload.organization, "manage")
    if payload.email:
        invitation = invitations.partnership_invite(
            partnership=grant.partnership,
            inviting_party=party,
            actor=request.user,
            name=payload.name,
            email=payload.email,
            note=payload.note,
        )
        return Status(201, _one_invitation(invitation.pk))
    if payload.name:
        raise ValidationError({"email": "Give the email address of the person you name."})
    invitation, token = invitations.partnership_invitation_create(
        partnership=grant.partnership, inviting_party=party, actor=request.user, note=payload.note
    )
    answer = PartnershipInvitationOut.from_orm(_one_invitation(invitation.pk)).dict()
    return Status(201, InvitationOut(**answer, token=token, url=_link(token)))


def _one_invitation(invitation_id: int) -> PartnershipInvitation:
    return PartnershipInvitation.objects.select_related(
        "inviting_party__organization", "joined_party__organization"
    ).get(pk=invitation_id)


@partnerships.post(
    f"{PARTNERSHIP}/invitations/{{id:partnership_invitation_id}}/resend",
    response={200: PartnershipInvitationOut},
)
def invitation_resend(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    partnership_invitation_id: PartnershipInvitationId,
) -> PartnershipInvitation:
    """Email an invitation to the partnership again.

    Emails a fresh link to the person invited; the previous link (emailed or copied) stops
    working, and the expiry starts again. Also for an expired invitation. Needs the right to
    manage the inviting party.
    """
    invitation = _managed_invitation(request.user, partnership_id, partnership_invitation_id)
    invitations.partnership_invitation_resend(invitation=invitation, actor=request.user)
    return _one_invitation(invitation.pk)


@partnerships.post(
    f"{PARTNERSHIP}/invitations/{{id:partnership_invitation_id}}/link",
    response={201: InvitationLinkOut},
)
def invitation_link_create(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    partnership_invitation_id: PartnershipInvitationId,
) -> Status:
    """Get a link to an invitation, to pass on yourself.

    Answers a fresh single-use link, once; the link emailed before (or copied before) stops
    working, and the expiry starts again. Someone who signs up from this link confirms their
    address by email first. Needs the right to manage the inviting party.
    """
    invitation = _managed_invitation(request.user, partnership_id, partnership_invitation_id)
    invitation, token = invitations.partnership_invitation_link(
        invitation=invitation, actor=request.user
    )
    answer = {"id": invitation.pk, "token": token, "url": _link(token)}
    return Status(201, {**answer, "expires_at": invitation.expires_at})


@partnerships.delete(
    f"{PARTNERSHIP}/invitations/{{id:partnership_invitation_id}}", response={204: None}
)
def invitation_revoke(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    partnership_invitation_id: PartnershipInvitationId,
) -> Status:
    """Revoke an invitation to the partnership.

    Its link stops working. Needs the right to manage the inviting party.
    """
    invitation = _managed_invitation(request.user, partnership_id, partnership_invitation_id)
    invitations.partnership_invitation_revoke(invitation=invitation, actor=request.user)
    return Status(204, None)


@partnerships.post("/invitations/{token}/accept", response={201: PartyOut})
def invitation_accept(
    request: AuthedRequest, token: InvitationToken, payload: AcceptIn | None = None
) -> Status:
    """Accept an invitation to a partnership.

    Your organization joins as a new party (name it if you administer several), with the
    colleagues listed in `team`. The link works once.
    """
    payload = payload or AcceptIn()
    candidates = access.organizations_administered(request.user)
    organization = _acting_organization(candidates, payload.organization)
    team = [_member_by_email(organization.pk, email) for email in payload.team]
    party = invitations.partnership_invitation_accept(
        token=token, organization=organization, actor=request.user, team=team
    )
    team_qs = TeamMember.objects.select_related("user")
    party = (
        Party.objects.select_related("organization")
        .prefetch_related(Prefetch("team", queryset=team_qs))
        .get(pk=party.pk)
    )
    return Status(201, party)


def _person_invitation(user: User, slug: str, invitation_id: int) -> OrganizationInvitation:
    organization = access.organization_access(user, slug, "admin")
    return get_object_or_404(OrganizationInvitation, pk=invitation_id, organization=organization)


def _member(user: User, slug: str, member_id: int) -> Membership:
    organization = access.organization_access(user, slug, "admin")
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        pk=member_id,
        organization=organization,
    )


@organizations.post(PERSON_INVITATIONS, response={201: OrganizationInvitationOut})
def organization_invitation_create(
    request: AuthedRequest, slug: OrganizationSlug, payload: OrganizationInvitationIn
) -> Status:
    """Invite a person to your organization.

    The link is emailed to the person by a background job; it is never returned. Needs the
    organization's admin role.
    """
    organization = access.organization_access(request.user, slug, "admin")
    return Status(
        201,
        invitations.organization_invitation_create(
            organization=organization, email=payload.email, role=payload.role, actor=request.user
        ),
    )


@organizations.post(
    f"{PERSON_INVITATIONS}/{{id:invitation_id}}/resend",
    response={200: OrganizationInvitationOut},
)
def organization_invitation_resend(
    request: AuthedRequest, slug: OrganizationSlug, invitation_id: InvitationId
) -> OrganizationInvitation:
    """Send an invitation to your organization again.

    Emails a fresh link; the previous one stops working. Needs the organization's admin role.
    """
    invitation = _person_invitation(request.user, slug, invitation_id)
    return invitations.organization_invitation_resend(invitation=invitation, actor=request.user)


@organizations.delete(f"{PERSON_INVITATIONS}/{{id:invitation_id}}", response={204: None})
def organization_invitation_revoke(
    request: AuthedRequest, slug: OrganizationSlug, invitation_id: InvitationId
) -> Status:
    """Revoke an invitation to your organization.

    Its link stops working. Needs the organization's admin role.
    """
    invitation = _person_invitation(request.user, slug, invitation_id)
    invitations.organization_invitation_revoke(invitation=invitation, actor=request.user)
    return Status(204, None)


MEMBERS_LISTING = Listing(
    orderings={"email": "user__email", "created_at": "created_at"},
    default="email",
    filters=(choice_filter("role", Role.values, "Only the members with this role.", "role"),),
)


@organizations.get(MEMBERS, response={200: list[MemberOut]})
@paginate(Pages, listing=MEMBERS_LISTING)
def member_list(request: AuthedRequest, slug: OrganizationSlug) -> QuerySet:
    """List your organization's members.

    Each member with their role, by email unless `ordering` says otherwise, a page at a time.
    """
    organization = access.organization_access(request.user, slug)
    return Membership.objects.filter(organization=organization).select_related("user")


@organizations.patch(f"{MEMBERS}/{{id:member_id}}", response={200: MemberOut})
def member_update(
    request: AuthedRequest, slug: OrganizationSlug, member_id: MemberId, payload: MemberPatch
) -> Membership:
    """Change a member's role.

    Needs the organization's admin role; the organization always keeps an owner.
    """
    membership = _member(request.user, slug, member_id)
    role = payload.role
    return services.membership_change_role(membership=membership, role=role, actor=request.user)


@organizations.delete(f"{MEMBERS}/{{id:member_id}}", response={204: None})
def member_remove(request: AuthedRequest, slug: OrganizationSlug, member_id: MemberId) -> Status:
    """Remove a member from your organization.

    Needs the organization's admin role; the organization always keeps an owner.
    """
    membership = _member(request.user, slug, member_id)
    services.membership_remove(membership=membership, actor=request.user)
    return Status(204, None)


# --- Proposals ------------------------------------------------------------------------------
PROPOSALS = f"{PARTNERSHIP}/proposals"
PROPOSAL = f"{PROPOSALS}/{{id:proposal_id}}"
PROPOSAL_LISTING = Listing(
    orderings={"created_at": "created_at", "id": "id"},
    default="-created_at",
    filters=(
        choice_filter(
            "status", ProposalStatus.values, "Only the proposals in this state.", "status"
        ),
        choice_filter("kind", ProposalKind.values, "Only the proposals of this kind.", "kind"),
    ),
)


def _proposal(grant: access.PartnershipAccess, proposal_id: int) -> Proposal:
    return access.record_for(grant, proposals.proposals_of(grant.partnership.pk), proposal_id)


def _proposal_out(proposal_id: int) -> Proposal:
    return proposals.proposals_of_any().get(pk=proposal_id)


class _DecidedAnswer:
    """A proposal answered with the link of the invitation it made: reads as the proposal."""

    def __init__(self, proposal: Proposal, invitation_url: str | None) -> None:
        self.proposal = proposal
        self.invitation_url = invitation_url

    def __getattr__(self, name: str) -> Any:
        return getattr(self.proposal, name)


def _decided_out(decided: proposals.Decided) -> _DecidedAnswer:
    """The proposal as it is now, with the link of the invitation it made, if it did."""
    token = decided.invitation_token
    url = settings.BASE_URL + reverse("accord-invitation", args=[token]) if token else None
    return _DecidedAnswer(_proposal_out(decided.proposal.pk), url)


@partnerships.get(PROPOSALS, response={200: list[ProposalOut]})
@paginate(Pages, listing=PROPOSAL_LISTING)
def proposal_list(request: AuthedRequest, partnership_id: PartnershipId) -> QuerySet:
    """List a partnership's proposals.

    The changes that bind every party (ending, reopening, inviting another organization,
    changing the name, purpose or scope), pending and decided, newest first: who proposed and
    approved what, and when; which parties it waits for; whether it is stale. Every party sees
    them all.
    """
    grant = access.partnership_access(request.user, partnership_id)
    return proposals.proposals_of(grant.partnership.pk)


@partnerships.post(PROPOSALS, response={201: ProposalDecidedOut})
def proposal_create(
    request: AuthedRequest, partnership_id: PartnershipId, payload: ProposalIn
) -> Status:
    """Propose a change that binds every party.

    Any member who may record things proposes (on an ended partnership, only reopening, by a
    lead or admin). If you commit your party (a lead of its team or an admin), your approval
    counts for it; the change applies when every party has approved, at once when yours is
    the only party (`status` says `applied`). An applied `invite` answers the invitation's
    link (`invitation_url`), once.
    """
    grant = access.partnership_access(request.user, partnership_id)
    if not grant.can_propose:
        raise PermissionDenied(access.READ_ONLY)
    party = _proposing_party(grant, payload.organization)
    decided = proposals.proposal_create(
        party=party, actor=request.user, **payload.dict(exclude={"organization"})
    )
    return Status(201, _decided_out(decided))


def _proposing_party(grant: access.PartnershipAccess, organization: str | None) -> Party:
    if grant.is_ended:
        return grant.acting_party(organization, "bind")
    return grant.acting_party(organization)


@partnerships.post(f"{PROPOSAL}/approval", response={200: ProposalDecidedOut})
def proposal_approve(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    proposal_id: ProposalId,
    payload: ProposalApproveIn | None = None,
) -> _DecidedAnswer:
    """Approve a proposal for your party.

    For a lead of your party's team or an admin of your organization (403 `forbidden`
    otherwise). When it is the last approval missing, the change applies now (an `invite`
    answers the invitation's link in `invitation_url`, once). A proposal
    already decided answers 409 `proposal_decided`; a stale one (the partnership changed
    since it was made) 409 `proposal_stale`, approving nothing.
    """
    grant = access.partnership_access(request.user, partnership_id, "bind")
    proposal = _proposal(grant, proposal_id)
    party = grant.acting_party(payload.organization if payload else None, "bind")
    decided = proposals.proposal_approve(proposal=proposal, party=party, actor=request.user)
    return _decided_out(decided)


@partnerships.post(f"{PROPOSAL}/decline", response={200: ProposalOut})
def proposal_decline(
    request: AuthedRequest,
    partnership_id: PartnershipId,
    proposal_id: ProposalId,
    payload: ProposalDeclineIn,
) -> Proposal:
    """Decline a proposal for your party, saying why.

    For a lead of your party's team or an admin of your organization. The proposal is closed
    and nothing changes; a stale one may be declined too.
    """
    grant = access.partnership_access(request.user, partnership_id, "bind")
    proposal = _proposal(grant, proposal_id)
    party = grant.acting_party(payload.organization, "bind")
    proposals.proposal_decline(
        proposal=proposal, party=party, actor=request.user, reason=payload.reason
    )
    return _proposal_out(proposal.pk)


@partnerships.post(f"{PROPOSAL}/withdrawal", response={200: ProposalOut})
def proposal_withdraw(
    request: AuthedRequest, partnership_id: PartnershipId, proposal_id: ProposalId
) -> Proposal:
    """Withdraw your proposal.

    For whoever proposed it, or a lead or admin of the proposing party. The proposal is
    closed and nothing changes.
    """
    grant = access.partnership_access(request.user, partnership_id)
    proposal = _proposal(grant, proposal_id)
    proposals.proposal_withdraw(proposal=proposal, actor=request.user)
    return _proposal_out(proposal.pk)
