"""Pages of the core: partnerships, their parties and teams, invitations, organizations."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import (
    InvitationError,
    PartnershipEnded,
    ProposalConflict,
    ProposalRequired,
    StaleEdit,
)
from accord.core.forms import (
    AcceptPartnershipForm,
    DeclineForm,
    JoinForm,
    MemberRoleForm,
    OrganizationInvitationForm,
    PartnershipCreateForm,
    PartnershipEditForm,
    PartnershipInvitationForm,
    ProposalForm,
    RecordForm,
    TeamMemberForm,
    TeamRoleForm,
    acting_party_and_data,
    offer_acting_party,
)
from accord.core.invitations import (
    open_organization_invitation,
    open_partnership_invitation,
    organization_invitation_accept,
    organization_invitation_create,
    organization_invitation_resend,
    organization_invitation_revoke,
    partnership_invitation_accept,
    partnership_invitation_create,
    partnership_invitation_revoke,
)
from accord.core.models import (
    Membership,
    Organization,
    OrganizationInvitation,
    Partnership,
    PartnershipInvitation,
    Proposal,
    ProposalKind,
    Stage,
)
from accord.core.proposals import (
    Decided,
    proposal_approve,
    proposal_create,
    proposal_decline,
    proposal_withdraw,
    proposals_of,
)
from accord.core.record_views import add_form_errors, edit_record_page
from accord.core.selectors import CountedPaginator, partnership_list
from accord.core.services import (
    membership_change_role,
    membership_remove,
    partnership_create,
    partnership_update,
    team_member_change_role,
    team_member_remove,
    team_member_set,
)
from accord.lib.rowurls import row_url


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    return redirect("accord-partnerships")


@dataclass(frozen=True)
class PartyLine:
    name: str
    team_size: int


@dataclass(frozen=True)
class PartnershipRow:
    """One partnership as the list shows it, every text ready: the template only prints.

    The list keeps each row's markup in the fragment cache keyed by the row itself (its repr
    names every field), so a row is rendered once per content and no one is shown a row
    other than the one their own query built."""

    url: str
    name: str
    stage: str
    stage_label: str
    parties: tuple[PartyLine, ...]
    started: str
    reviewed: str


def partnership_rows(partnerships: Iterable[Partnership]) -> list[PartnershipRow]:
    """Rows of `partnership_list`'s partnerships (parties prefetched with their team size)."""
    link = row_url("accord-partnership")
    return [
        PartnershipRow(
            url=link.of(p.pk),
            name=p.name,
            stage=p.stage,
            stage_label=p.get_stage_display(),
            parties=tuple(
                PartyLine(party.organization.name, party.team_size)  # type: ignore[attr-defined]
                for party in p.parties.all()
            ),
            started=date_format(p.start_date, "j M Y") if p.start_date else "Not set",
            reviewed=p.get_review_cadence_display(),
        )
        for p in partnerships
    ]


@login_required
def partnerships(request: AuthedRequest) -> HttpResponse:
    stage = request.GET.get("stage", "")
    visible = access.partnerships_visible_to(request.user)
    counted_stage = stage if stage in Stage.values else None
    if counted_stage:
        visible = visible.filter(stage=stage)
    count = lambda: access.visible_partnership_count(request.user, counted_stage)  # noqa: E731
    page = CountedPaginator(partnership_list(visible), 50, count).get_page(request.GET.get("page"))
    return render(
        request,
        "core/partnerships.html",
        {
            "partnerships": partnership_rows(page),
            "page": page,
            "page_query": f"stage={stage}&" if stage else "",
            "stages": Stage.choices,
            "stage": stage,
            "can_start": access.may_start_any_partnership(request.user),
        },
    )


@login_required
def partnership_new(request: AuthedRequest) -> HttpResponse:
    organizations = access.organizations_for_new_partnerships(request.user)
    form = PartnershipCreateForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partnership = partnership_create(actor=request.user, **data)
        messages.success(request, f"“{partnership}” is ready. Invite the other party next.")
        return redirect("accord-partnership", partnership.pk)
    return render(request, "core/partnership_new.html", {"form": form})


def _team_forms(grant: PartnershipAccess) -> list[tuple]:
    return [
        (party, TeamMemberForm(organization=party.organization, prefix=f"p{party.pk}"))
        for party in grant.managed_parties
    ]


# Decided proposals the overview lists below the pending ones (the API lists them all).
DECIDED_SHOWN = 10


@login_required
def partnership(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    invitations = PartnershipInvitation.objects.none()
    if grant.can_manage:
        invitations = PartnershipInvitation.objects.filter(
            partnership=grant.partnership, inviting_party__in=grant.managed_parties
        ).select_related("created_by", "joined_party__organization")
    # Every pending proposal and the last decided ones, read in one go.
    every = proposals_of(grant.partnership.pk)
    last_decided = every.exclude(status="pending").values("pk")[:DECIDED_SHOWN]
    shown = list(every.filter(Q(status="pending") | Q(pk__in=last_decided)))
    return render(
        request,
        "core/partnership.html",
        {
            "grant": grant,
            "p": grant.partnership,
            "invitations": invitations,
            "team_forms": _team_forms(grant),
            "pending": [proposal for proposal in shown if proposal.is_pending],
            "decided": [proposal for proposal in shown if not proposal.is_pending],
            "team_roles": TeamRoleForm(),
            "tab": "overview",
        },
    )


def _team_changed(request: AuthedRequest, pk: int) -> HttpResponse:
    """After a team change: the team section again for htmx, else back to the page."""
    if not request.htmx:
        return redirect("accord-partnership", pk)
    grant = access.partnership_access(request.user, pk)
    return render(
        request,
        "core/partnership.html#team",
        {
            "grant": grant,
            "p": grant.partnership,
            "team_forms": _team_forms(grant),
            "team_roles": TeamRoleForm(),
        },
    )


@login_required
def partnership_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The settings every party keeps on its own (stage, start, cadence); with several parties
    what binds them all is shown but proposed (`proposal_new`)."""
    grant = access.partnership_access(request.user, pk, "manage")

    def page(form: RecordForm, stale: StaleEdit | None) -> HttpResponse:
        p = stale.current if stale else grant.partnership
        context = {"grant": grant, "p": p, "form": form, "stale": stale, "tab": "overview"}
        return render(request, "core/partnership_edit.html", context)

    def saved(_: Partnership) -> HttpResponse:
        messages.success(request, "Saved.")
        return redirect("accord-partnership", pk)

    def update(**kwargs: Any) -> Partnership:
        try:
            return partnership_update(**kwargs)
        except ProposalRequired as refused:
            raise ValidationError(str(refused)) from None

    return edit_record_page(
        request,
        current=grant.partnership,
        form_class=PartnershipEditForm,
        update=update,
        render_page=page,
        saved=saved,
        needs_proposals=grant.needs_proposals,
    )


@login_required
def proposal_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """Propose a change that binds every party; `?kind=` preselects what."""
    grant = access.partnership_access(request.user, pk)
    if not grant.can_propose:
        raise PermissionDenied(access.READ_ONLY)
    need: access.Need = "bind" if grant.is_ended else "edit"
    kinds = _proposable_kinds(grant)
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in kinds else {}
    form = ProposalForm(
        request.POST or None, partnership=grant.partnership, kinds=kinds, initial=initial
    )
    offer_acting_party(form, grant, need)
    if request.method == "POST" and form.is_valid():
        try:
            party = grant.acting_party(form.cleaned_data.get("organization") or None, need)
            decided = proposal_create(party=party, actor=request.user, **form.proposal())
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            return _proposal_decided(request, grant, decided)
    return render(
        request,
        "core/proposal_new.html",
        {"grant": grant, "p": grant.partnership, "form": form, "tab": "overview"},
    )


def _proposable_kinds(grant: PartnershipAccess) -> list[str]:
    if grant.is_ended:
        return [ProposalKind.REOPEN]
    return [ProposalKind.CHANGE, ProposalKind.END, ProposalKind.INVITE]


def _proposal_decided(
    request: AuthedRequest, grant: PartnershipAccess, decided: Decided
) -> HttpResponse:
    """After a proposal was made or approved: say where it stands; an applied invitation shows
    its link once (no-store), like a direct one."""
    proposal = decided.proposal
    if decided.invitation_token:
        return _invitation_link_page(request, grant, decided.invitation_token)
    if decided.applied:
        messages.success(request, f"Approved by every party and applied: {proposal.summary}.")
    else:
        waiting = ", ".join(p.organization.name for p in _waiting_for(proposal))
        messages.success(request, f"“{proposal.summary}” waits for the approval of {waiting}.")
    return redirect("accord-partnership", grant.partnership.pk)


def _waiting_for(proposal: Proposal) -> list:
    return proposals_of(proposal.partnership_id).get(pk=proposal.pk).waiting_for()


def _invitation_link_page(
    request: AuthedRequest, grant: PartnershipAccess, token: str
) -> HttpResponse:
    link = settings.BASE_URL + reverse("accord-invitation", args=[token])
    response = render(
        request,
        "core/proposal_invitation.html",
        {"grant": grant, "p": grant.partnership, "link": link, "tab": "overview"},
    )
    add_never_cache_headers(response)
    return response


def _pending_proposal(grant: PartnershipAccess, proposal_id: int) -> Proposal:
    return access.record_for(grant, proposals_of(grant.partnership.pk), proposal_id)


@login_required
@require_POST
def proposal_approve_view(request: AuthedRequest, pk: int, proposal_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "bind")
    proposal = _pending_proposal(grant, proposal_id)
    try:
        party = grant.acting_party(request.POST.get("organization") or None, "bind")
        decided = proposal_approve(proposal=proposal, party=party, actor=request.user)
    except (ValidationError, ProposalConflict) as error:
        _say(request, error)
        return redirect("accord-partnership", pk)
    return _proposal_decided(request, grant, decided)


@login_required
@require_POST
def proposal_decline_view(request: AuthedRequest, pk: int, proposal_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "bind")
    proposal = _pending_proposal(grant, proposal_id)
    form = DeclineForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Say why your organization declines.")
        party = grant.acting_party(request.POST.get("organization") or None, "bind")
        proposal_decline(
            proposal=proposal, party=party, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except (ValidationError, ProposalConflict) as error:
        _say(request, error)
    else:
        messages.success(request, f"{party.organization} declined “{proposal.summary}”.")
    return redirect("accord-partnership", pk)


@login_required
@require_POST
def proposal_withdraw_view(request: AuthedRequest, pk: int, proposal_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    proposal = _pending_proposal(grant, proposal_id)
    try:
        proposal_withdraw(proposal=proposal, actor=request.user)
    except ProposalConflict as error:
        _say(request, error)
    else:
        messages.success(request, f"You withdrew “{proposal.summary}”.")
    return redirect("accord-partnership", pk)


def _say(request: AuthedRequest, error: ValidationError | ProposalConflict) -> None:
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)


@login_required
@require_POST
def team_add(request: AuthedRequest, pk: int, party_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "manage")
    party = grant.managed_party(party_id)
    form = TeamMemberForm(request.POST, organization=party.organization, prefix=f"p{party.pk}")
    if form.is_valid():
        try:
            team_member_set(party=party, actor=request.user, **form.cleaned_data)
            messages.success(request, f"{form.cleaned_data['user']} is on the team.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Choose a colleague and a role.")
    return _team_changed(request, pk)


@login_required
@require_POST
def team_role(request: AuthedRequest, pk: int, member_id: int) -> HttpResponse:
    """Change someone's team role; making or unmaking a lead is for the organization's admins
    (the service says so when someone else tries)."""
    grant = access.partnership_access(request.user, pk, "manage")
    seat = grant.managed_seat(member_id)
    form = TeamRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a valid team role.")
        return _team_changed(request, pk)
    try:
        team_member_change_role(seat=seat, role=form.cleaned_data["role"], actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        role = dict(TeamRoleForm.base_fields["role"].choices)[form.cleaned_data["role"]]  # type: ignore[attr-defined]
        messages.success(request, f"{seat.user} is now {str(role).lower()}.")
    return _team_changed(request, pk)


@login_required
@require_POST
def team_remove(request: AuthedRequest, pk: int, member_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "manage")
    seat = grant.managed_seat(member_id)
    try:
        team_member_remove(seat=seat, actor=request.user)
        messages.success(request, f"{seat.user} left the team.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    return _team_changed(request, pk)


# A partnership invitation link is shown once, in the answer to the POST that made it, marked
# no-store: Accord keeps no copy of it anywhere (not in the session, not in a cache). Reloading
# that answer re-sends the form: each form carries a one-time nonce, so the second submission
# makes no second invitation (and shows no link). Only nonces live in the session; they are
# not secrets.
FORM_NONCES = "accord-invite-nonces"


def _form_nonce(request: AuthedRequest) -> str:
    nonce = secrets.token_urlsafe(16)
    request.session[FORM_NONCES] = [*request.session.get(FORM_NONCES, [])[-9:], nonce]
    return nonce


def _use_form_nonce(request: AuthedRequest) -> bool:
    nonces = request.session.get(FORM_NONCES, [])
    nonce = request.POST.get("nonce", "")
    if nonce not in nonces:
        return False
    request.session[FORM_NONCES] = [n for n in nonces if n != nonce]
    return True


@login_required
def partnership_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "manage")
    if grant.needs_proposals:
        # A further organization binds every party: its invitation is proposed.
        return redirect(reverse("accord-proposal-new", args=[pk]) + "?kind=invite")
    form = PartnershipInvitationForm(request.POST or None)
    offer_acting_party(form, grant, "manage")
    link = invitation = None
    if request.method == "POST" and form.is_valid():
        if _use_form_nonce(request):
            party, data = acting_party_and_data(form, grant, "manage")
            invitation, token = partnership_invitation_create(
                partnership=grant.partnership,
                inviting_party=party,
                actor=request.user,
                note=data["note"],
            )
            link = settings.BASE_URL + reverse("accord-invitation", args=[token])
            form = PartnershipInvitationForm()
            offer_acting_party(form, grant, "manage")
        else:
            messages.info(
                request,
                "This form was already sent: no second invitation was made. A lost link "
                "cannot be shown again; revoke it on the overview and create a new one.",
            )
    response = render(
        request,
        "core/partnership_invite.html",
        {
            "grant": grant,
            "p": grant.partnership,
            "form": form,
            "nonce": _form_nonce(request),
            "link": link,
            "expires_at": invitation.expires_at if invitation else None,
            "tab": "overview",
        },
    )
    add_never_cache_headers(response)  # no-store: the link must not outlive this page
    return response


@login_required
@require_POST
def invitation_revoke(request: AuthedRequest, pk: int, invitation_id: int):
    grant = access.partnership_access(request.user, pk, "manage")
    invitation = get_object_or_404(
        PartnershipInvitation.objects.select_related("partnership"),
        pk=invitation_id,
        partnership=grant.partnership,
        inviting_party__in=grant.managed_parties,
    )
    try:
        partnership_invitation_revoke(invitation=invitation, actor=request.user)
        messages.success(request, "The invitation link no longer works.")
    except InvitationError as error:
        messages.error(request, str(error))
    return redirect("accord-partnership", pk)


@login_required
def invitation(request: AuthedRequest, token: str) -> HttpResponse:
    """Accept an invitation for one's organization to join a partnership."""
    try:
        invitation = open_partnership_invitation(token)
    except InvitationError as error:
        return render(request, "core/invitation_invalid.html", {"error": error}, status=404)
    organizations = access.organizations_administered(request.user).exclude(
        parties__partnership=invitation.partnership
    )
    form = AcceptPartnershipForm(
        request.POST or None, organizations=organizations, accepting_user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            partnership_invitation_accept(token=token, actor=request.user, **form.cleaned_data)
        except InvitationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"You have joined “{invitation.partnership}”.")
            return redirect("accord-partnership", invitation.partnership_id)
    return render(
        request,
        "core/invitation.html",
        {"invitation": invitation, "form": form, "organizations": organizations},
    )


@login_required
def organization(request: AuthedRequest, slug: str) -> HttpResponse:
    org = access.organization_access(request.user, slug)
    rights = access.organization_rights(request.user, org.pk)
    is_admin, is_owner = rights.is_admin, rights.is_owner
    members = Membership.objects.filter(organization=org).select_related("user")
    invitations = (
        OrganizationInvitation.objects.filter(
            organization=org,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        if is_admin
        else OrganizationInvitation.objects.none()
    )
    partnerships = partnership_rows(
        partnership_list(
            access.partnerships_visible_to(request.user).filter(parties__organization=org)
        )
    )
    return render(
        request,
        "core/organization.html",
        {
            "org": org,
            "is_admin": is_admin,
            # Only owners make, unmake or remove owners: admins are not offered it.
            "roles": rights.grantable_roles(),
            "is_owner": is_owner,
            "members": members,
            "invitations": invitations,
            "partnerships": partnerships,
        },
    )


@login_required
def organization_invite(request: AuthedRequest, slug: str) -> HttpResponse:
    """The link is emailed by a job and never shown here: holding it proves the mailbox."""
    org = access.organization_access(request.user, slug, "admin")
    form = OrganizationInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = organization_invitation_create(
                organization=org, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                f"Invitation emailed to {invitation.email}. The link is in that email only; "
                "if it does not arrive, resend it from the list of pending invitations.",
            )
            return redirect("accord-org-invite", slug)
    return render(request, "core/organization_invite.html", {"org": org, "form": form})


def organization_join(request: HttpRequest, token: str) -> HttpResponse:
    """Join an organization: signed in as the invited person, or by creating the account.

    Signed out, the page and its answers are the same whether or not the address already has
    an account: it offers both "sign in" and "create your account"."""
    try:
        invitation = open_organization_invitation(token)
    except InvitationError as error:
        return render(request, "core/invitation_invalid.html", {"error": error}, status=404)
    user = request.user if request.user.is_authenticated else None
    form = None if user else JoinForm(request.POST or None)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if form is None:
                membership = organization_invitation_accept(token=token, user=user)
            else:
                membership = organization_invitation_accept(token=token, **form.cleaned_data)
        except (InvitationError, ValidationError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            if form is not None:
                form.add_error(None, message)
            else:
                messages.error(request, message)
        else:
            if user is None:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.organization}.")
            return redirect("accord-org", invitation.organization.slug)
    response = render(
        request, "core/organization_join.html", {"invitation": invitation, "form": form}
    )
    add_never_cache_headers(response)
    return response


def _member_of(org: Organization, member_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"), pk=member_id, organization=org
    )


@login_required
@require_POST
def member_role(request: AuthedRequest, slug: str, member_id: int) -> HttpResponse:
    org = access.organization_access(request.user, slug, "admin")
    membership = _member_of(org, member_id)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a valid role.")
        return redirect("accord-org", slug)
    try:
        membership_change_role(
            membership=membership, role=form.cleaned_data["role"], actor=request.user
        )
        messages.success(request, f"{membership.user} is now {form.cleaned_data['role']}.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accord-org", slug)


@login_required
@require_POST
def member_remove(request: AuthedRequest, slug: str, member_id: int) -> HttpResponse:
    org = access.organization_access(request.user, slug, "admin")
    membership = _member_of(org, member_id)
    try:
        membership_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accord-org", slug)
    messages.success(request, f"{membership.user} has left {org}.")
    if membership.user_id == request.user.pk:
        return redirect("accord-home")
    return redirect("accord-org", slug)


@login_required
@require_POST
def member_invitation_revoke(request: AuthedRequest, slug: str, invitation_id: int):
    org = access.organization_access(request.user, slug, "admin")
    invitation = get_object_or_404(OrganizationInvitation, pk=invitation_id, organization=org)
    try:
        organization_invitation_revoke(invitation=invitation, actor=request.user)
        messages.success(request, f"The invitation of {invitation.email} no longer works.")
    except InvitationError as error:
        messages.error(request, str(error))
    return redirect("accord-org", slug)


@login_required
@require_POST
def member_invitation_resend(request: AuthedRequest, slug: str, invitation_id: int):
    org = access.organization_access(request.user, slug, "admin")
    invitation = get_object_or_404(OrganizationInvitation, pk=invitation_id, organization=org)
    try:
        organization_invitation_resend(invitation=invitation, actor=request.user)
        messages.success(
            request, f"A new link is on its way to {invitation.email}; the previous one is dead."
        )
    except InvitationError as error:
        messages.error(request, str(error))
    return redirect("accord-org", slug)


def partnership_ended(request: HttpRequest, ended: PartnershipEnded) -> HttpResponse:
    """The answer of a page that would change an ended partnership (`ArchiveMiddleware`)."""
    context = {"message": str(ended), "partnership_id": ended.partnership_id}
    return render(request, "core/partnership_ended.html", context, status=409)
