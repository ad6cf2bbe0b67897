"""Pages of the core: partnerships, their parties and teams, invitations, organizations."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.accounts.models import User
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
    InvitationSignupForm,
    JoinForm,
    MemberRoleForm,
    NewOrganizationForm,
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
    ended,
    invitation_signup_confirm,
    open_invitation_signup,
    open_organization_invitation,
    open_partnership_invitation,
    organization_invitation_accept,
    organization_invitation_create,
    organization_invitation_resend,
    organization_invitation_revoke,
    partnership_invitation_join,
    partnership_invitation_join_new,
    partnership_invitation_link,
    partnership_invitation_opened,
    partnership_invitation_resend,
    partnership_invitation_revoke,
    partnership_welcome_dismiss,
)
from accord.core.invitations import invitation_signup as invitation_signup_service
from accord.core.invitations import partnership_invite as partnership_invite_service
from accord.core.models import (
    InvitationSignup,
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
from accord.core.selectors import (
    LAST_LEAD,
    LAST_OWNER,
    PARTNERSHIP_SORTS,
    SEARCH_MAX,
    CountedPaginator,
    invitations_followed,
    membership_removal_notes,
    partnership_page_list,
    partnership_search,
    stage_counts,
    team_removal_notes,
)
from accord.core.services import (
    membership_change_role,
    membership_remove,
    organization_create,
    partnership_create,
    partnership_update,
    team_member_change_role,
    team_member_remove,
    team_member_set,
)
from accord.lib import formatting
from accord.lib.rowurls import row_url


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    return redirect("accord-partnerships")


def glossary(request: HttpRequest) -> HttpResponse:
    """The product's words, explained: open to everyone, names no one's data."""
    return render(request, "core/glossary.html")


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
    next_review: str


def _day(day: date | None, otherwise: str) -> str:
    return formatting.day(day) if day else otherwise


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
            started=_day(p.start_date, "Not set"),
            reviewed=p.get_review_cadence_display(),
            next_review=_day(getattr(p, "next_review", None), "Not planned"),
        )
        for p in partnerships
    ]


@login_required
def partnerships(request: AuthedRequest) -> HttpResponse:
    """The partnerships the user sees: searched, by stage (with the count of each), sorted;
    five queries whatever the number (roles, counts, page, parties, organizations)."""
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    sort = request.GET.get("sort", "")
    sort = sort if sort in PARTNERSHIP_SORTS else ""
    search = request.GET.get("q", "").strip()[:SEARCH_MAX]
    found = partnership_search(access.partnerships_visible_to(request.user), search)
    counts = stage_counts(found)
    listed = found.filter(stage=stage) if stage else found
    total = counts[stage] if stage else sum(counts.values())
    page = CountedPaginator(partnership_page_list(listed, sort), 50, lambda: total).get_page(
        request.GET.get("page")
    )
    keep = {k: v for k, v in {"q": search, "sort": sort}.items() if v}
    return render(
        request,
        "core/partnerships.html",
        {
            "partnerships": partnership_rows(page),
            "page": page,
            "page_query": urlencode({**keep, **({"stage": stage} if stage else {})}) + "&"
            if keep or stage
            else "",
            "stage_query": urlencode(keep) + "&" if keep else "",
            "stages": [(value, label, counts[value]) for value, label in Stage.choices],
            "total": sum(counts.values()),
            "stage": stage,
            "search": search,
            "sort": sort,
            "sorts": PARTNERSHIP_SORTS.items(),
            "can_start": access.may_start_any_partnership(request.user),
            "user_organizations": bool(access.organization_roles(request.user)),
            "open_signup": settings.OPEN_SIGNUP,
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
    context = {
        "form": form,
        "user_organizations": bool(access.organization_roles(request.user)),
        "open_signup": settings.OPEN_SIGNUP,
    }
    return render(request, "core/partnership_new.html", context)


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
            "invitations": invitations_followed(grant),
            "welcome": _welcome(grant, request.user),
            "team_forms": _team_forms(grant),
            "removal_notes": team_removal_notes(grant),
            "last_lead": LAST_LEAD,
            "pending": [proposal for proposal in shown if proposal.is_pending],
            "decided": [proposal for proposal in shown if not proposal.is_pending],
            "team_roles": TeamRoleForm(),
            "tab": "overview",
        },
    )


def _welcome(grant: PartnershipAccess, user: User) -> bool:
    """Whether to show the "what you can do here" panel: to the one who accepted the invitation
    of their party, until they dismiss it. Asked only of a party that joined by invitation."""
    if not any(party.invited_by_id for party in grant.my_parties):
        return False
    pending = PartnershipInvitation.objects.filter(
        partnership=grant.partnership, accepted_by=user, welcome_pending=True
    )
    return pending.exists()


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
            "removal_notes": team_removal_notes(grant),
            "last_lead": LAST_LEAD,
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


def _managed_invitation(grant: PartnershipAccess, invitation_id: int) -> PartnershipInvitation:
    """An invitation of a party the user manages: 404 for any other, as for none."""
    return get_object_or_404(
        invitations_followed(grant).select_related("partnership", "inviting_party"),
        pk=invitation_id,
    )


def _back_to_invitations(pk: int) -> HttpResponse:
    return redirect(reverse("accord-partnership", args=[pk]) + "#invitations")


@login_required
def partnership_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    """Invite a named person at another organization: the link is emailed by a job."""
    grant = access.partnership_access(request.user, pk, "manage")
    if grant.needs_proposals:
        # A further organization binds every party: its invitation is proposed.
        return redirect(reverse("accord-proposal-new", args=[pk]) + "?kind=invite")
    form = PartnershipInvitationForm(request.POST or None)
    offer_acting_party(form, grant, "manage")
    if request.method == "POST" and form.is_valid():
        party, data = acting_party_and_data(form, grant, "manage")
        try:
            invitation = partnership_invite_service(
                partnership=grant.partnership, inviting_party=party, actor=request.user, **data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                f"The invitation is on its way to {invitation.invitee_name} "
                f"({invitation.invitee_email}). Follow it below: you will see when it is "
                "opened and accepted.",
            )
            return _back_to_invitations(pk)
    context = {"grant": grant, "p": grant.partnership, "form": form, "tab": "overview"}
    return render(request, "core/partnership_invite.html", context)


@login_required
@require_POST
def invitation_revoke(request: AuthedRequest, pk: int, invitation_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "manage")
    invitation = _managed_invitation(grant, invitation_id)
    try:
        partnership_invitation_revoke(invitation=invitation, actor=request.user)
        messages.success(request, "The invitation link no longer works.")
    except InvitationError as error:
        messages.error(request, str(error))
    return _back_to_invitations(pk)


@login_required
@require_POST
def invitation_resend(request: AuthedRequest, pk: int, invitation_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "manage")
    invitation = _managed_invitation(grant, invitation_id)
    try:
        partnership_invitation_resend(invitation=invitation, actor=request.user)
        messages.success(
            request,
            f"A new link is on its way to {invitation.invitee_email}; the previous one no "
            "longer works.",
        )
    except InvitationError as error:
        messages.error(request, str(error))
    return _back_to_invitations(pk)


@login_required
@require_POST
def invitation_link(request: AuthedRequest, pk: int, invitation_id: int) -> HttpResponse:
    """A fresh link to copy, shown once in the answer to this POST and kept nowhere (no-store):
    the emailed link stops working (decision 0015)."""
    grant = access.partnership_access(request.user, pk, "manage")
    invitation = _managed_invitation(grant, invitation_id)
    try:
        invitation, token = partnership_invitation_link(invitation=invitation, actor=request.user)
    except InvitationError as error:
        messages.error(request, str(error))
        return _back_to_invitations(pk)
    response = render(
        request,
        "core/partnership_invitation_link.html",
        {
            "grant": grant,
            "p": grant.partnership,
            "invitation": invitation,
            "link": settings.BASE_URL + reverse("accord-invitation", args=[token]),
            "tab": "overview",
        },
    )
    add_never_cache_headers(response)  # no-store: the link must not outlive this page
    return response


@login_required
@require_POST
def welcome_dismiss(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    partnership_welcome_dismiss(partnership_id=grant.partnership.pk, user=request.user)
    if request.htmx:
        return HttpResponse("")
    return redirect("accord-partnership", pk)


# --- Opening a partnership invitation -----------------------------------------------------------
# The link (or, after a sign-up confirmed by email, the sign-up) is what entitles its holder to
# the invitation: `_Held` says which invitation, which link generation, and where its pages are.
@dataclass(frozen=True)
class _Held:
    invitation: PartnershipInvitation
    generation: int
    page: str  # the URL of the invitation's page for this holder
    new_organization: str  # where the "create my organization" form posts
    signup: str = ""  # where the "create my account" form posts (signed out, with the link)


def _held_by_token(token: str) -> _Held:
    invitation = open_partnership_invitation(token)
    return _Held(
        invitation,
        invitation.link_generation,
        reverse("accord-invitation", args=[token]),
        reverse("accord-invitation-new-organization", args=[token]),
        reverse("accord-invitation-signup", args=[token]),
    )


def _held_by_signup(user: User, signup_id: int) -> _Held:
    signup = get_object_or_404(
        InvitationSignup.objects.select_related(
            "invitation__partnership", "invitation__inviting_party__organization"
        ),
        pk=signup_id,
        user=user,
        completed_at__isnull=False,
    )
    invitation = signup.invitation
    if not invitation.is_open:
        raise ended(invitation)
    if invitation.link_generation != signup.invitation_generation:
        raise InvitationError("This invitation has been replaced by a newer link.")
    return _Held(
        invitation,
        signup.invitation_generation,
        reverse("accord-invitation-confirmed", args=[signup_id]),
        reverse("accord-invitation-confirmed-new-organization", args=[signup_id]),
    )


def _invalid(request: HttpRequest, error: InvitationError) -> HttpResponse:
    return render(request, "core/invitation_invalid.html", {"error": error}, status=404)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A partnership invitation: who invites whom to what. Signed out, sign in or create an
    account; signed in, accept it for an organization one administers, or a new one."""
    try:
        held = _held_by_token(token)
    except InvitationError as error:
        return _invalid(request, error)
    partnership_invitation_opened(invitation=held.invitation)
    if not request.user.is_authenticated:
        signup = InvitationSignupForm()
        return _no_store(render(request, "core/invitation.html", _invitation_context(held, signup)))
    return _accept_page(request, cast(AuthedRequest, request).user, held)


def invitation_confirmed(request: AuthedRequest, signup_id: int) -> HttpResponse:
    """The invitation, for the account just made through the confirmation email."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        held = _held_by_signup(request.user, signup_id)
    except InvitationError as error:
        return _invalid(request, error)
    return _accept_page(request, request.user, held)


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)  # the page's address is the invitation's secret
    return response


def _invitation_context(held: _Held, signup: InvitationSignupForm | None = None) -> dict:
    return {"invitation": held.invitation, "held": held, "signup_form": signup}


def _accept_page(request: HttpRequest, user: User, held: _Held) -> HttpResponse:
    invitation = held.invitation
    organizations = access.organizations_administered(user).exclude(
        parties__partnership=invitation.partnership
    )
    form = AcceptPartnershipForm(
        request.POST or None, organizations=organizations, accepting_user=user
    )
    if request.method == "POST" and form.is_valid():
        try:
            partnership_invitation_join(
                invitation=invitation, generation=held.generation, actor=user, **form.cleaned_data
            )
        except InvitationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"You have joined “{invitation.partnership}”.")
            return redirect("accord-partnership", invitation.partnership_id)
    return _no_store(
        render(
            request,
            "core/invitation.html",
            {
                **_invitation_context(held),
                "form": form,
                "organizations": organizations,
                "new_organization_form": NewOrganizationForm(),
                "already_party": access.organizations_administered(user).filter(
                    parties__partnership=invitation.partnership
                ),
            },
        )
    )


@require_POST
def invitation_signup(request: HttpRequest, token: str) -> HttpResponse:
    """Create an account from the invitation: at once with the invited address and the emailed
    link (the link proves the mailbox), else through a confirmation email."""
    if request.user.is_authenticated:
        return redirect("accord-invitation", token)
    try:
        held = _held_by_token(token)
    except InvitationError as error:
        return _invalid(request, error)
    form = InvitationSignupForm(request.POST)
    if form.is_valid():
        try:
            made = invitation_signup_service(invitation=held.invitation, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_form_errors(form, error)
            else:  # the password's validators
                form.add_error("password", error.messages)
        except InvitationError as error:
            form.add_error(None, str(error))
        else:
            if isinstance(made, InvitationSignup):
                context = {"invitation": held.invitation, "email": made.email}
                return _no_store(render(request, "core/invitation_signup_sent.html", context))
            login(request, made, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your account is ready. Now bring your organization in.")
            return redirect(held.page)
    return _no_store(render(request, "core/invitation.html", _invitation_context(held, form)))


def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation link of a sign-up: a button (so that a mail scanner opening the link
    makes nothing), then the account, signed in, and on to the invitation."""
    try:
        signup = open_invitation_signup(token)
    except InvitationError as error:
        return _invalid(request, error)
    if request.method == "POST":
        try:
            signup = invitation_signup_confirm(token=token)
        except InvitationError as error:
            return _invalid(request, error)
        assert signup.user is not None
        login(request, signup.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your address is confirmed and your account ready.")
        return redirect("accord-invitation-confirmed", signup.pk)
    return _no_store(render(request, "core/signup_confirm.html", {"signup": signup}))


def _join_new_organization(request: AuthedRequest, held: _Held) -> HttpResponse:
    form = NewOrganizationForm(request.POST)
    if form.is_valid():
        try:
            partnership_invitation_join_new(
                invitation=held.invitation,
                generation=held.generation,
                organization_name=form.cleaned_data["name"],
                actor=request.user,
            )
        except (InvitationError, ValidationError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, message)
            return redirect(held.page)
        messages.success(
            request,
            f"{form.cleaned_data['name']} is on Accord and has joined "
            f"“{held.invitation.partnership}”.",
        )
        return redirect("accord-partnership", held.invitation.partnership_id)
    messages.error(
        request, " ".join(str(e) for e in form.errors.get("name") or ["Name your organization."])
    )
    return redirect(held.page)


@login_required
@require_POST
def invitation_new_organization(request: AuthedRequest, token: str) -> HttpResponse:
    try:
        held = _held_by_token(token)
    except InvitationError as error:
        return _invalid(request, error)
    return _join_new_organization(request, held)


@login_required
@require_POST
def invitation_confirmed_new_organization(request: AuthedRequest, signup_id: int) -> HttpResponse:
    try:
        held = _held_by_signup(request.user, signup_id)
    except InvitationError as error:
        return _invalid(request, error)
    return _join_new_organization(request, held)


# --- Organizations ----------------------------------------------------------------------------
@login_required
def organizations(request: AuthedRequest) -> HttpResponse:
    """The organizations one belongs to, and (with open sign-up) a new one."""
    memberships = request.user.memberships.select_related("organization").order_by(
        "organization__name"
    )
    context = {"memberships": memberships, "open_signup": settings.OPEN_SIGNUP}
    return render(request, "core/organizations.html", context)


CLOSED_SIGNUP = (
    "New organizations are not created from the web on this Accord: the operator turned open "
    "sign-up off. An organization joins when one of its partners invites it; ask your "
    "operator to create one for you otherwise."
)


@login_required
def organization_new(request: AuthedRequest) -> HttpResponse:
    if not settings.OPEN_SIGNUP:
        return render(request, "core/organization_new.html", {"closed": CLOSED_SIGNUP}, status=403)
    form = NewOrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = organization_create(name=form.cleaned_data["name"], actor=request.user)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"{org} is ready, and you are its owner.")
            return redirect("accord-org", org.slug)
    return render(request, "core/organization_new.html", {"form": form})


@login_required
def organization(request: AuthedRequest, slug: str) -> HttpResponse:
    org = access.organization_access(request.user, slug)
    rights = access.organization_rights(request.user, org.pk)
    is_admin, is_owner = rights.is_admin, rights.is_owner
    members = list(Membership.objects.filter(organization=org).select_related("user"))
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
        partnership_page_list(
            access.partnerships_visible_to(request.user).filter(parties__organization=org), ""
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
            "removal_notes": membership_removal_notes(members, org.name, request.user.pk)
            if is_admin
            else {},
            "last_owner": LAST_OWNER,
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
