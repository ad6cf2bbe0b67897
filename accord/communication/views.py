"""Pages of practice 4: the Communication tab (cadences and how they are kept, meetings,
updates and who heard them), a meeting's page (agenda, attendees, minutes, action items) and
one page or post per action. Each view reads access → validate → act → respond; changes go
through accord.communication.services, reads through accord.communication.selectors."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.communication import presentation, selectors, services
from accord.communication.evidence import evidence_of
from accord.communication.forms import (
    AcknowledgeForm,
    ActionItemForm,
    CadenceForm,
    CommentEditForm,
    CommentForm,
    MeetingForm,
    MinutesEditForm,
    MinutesForm,
    UpdateForm,
    WithdrawForm,
)
from accord.communication.models import Cadence, Comment, Meeting, Minutes, Update
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.forms import RecordForm, acting_party_and_data, offer_acting_party
from accord.core.models import Party
from accord.core.record_views import (
    RecordPages,
    add_form_errors,
    edit_record_page,
    record_delete_action,
    record_edit_page,
    record_new_page,
)
from accord.roles.models import Decision


def _page(
    request: AuthedRequest, template: str, grant: PartnershipAccess, **context: Any
) -> HttpResponse:
    context = {
        "grant": grant,
        "p": grant.partnership,
        "tab": "communication",
        # Whose comments the viewer may change (their parties'): an edit link on each.
        "edits_for": [party.pk for party in grant.editing_parties],
        **context,
    }
    return render(request, template, context)


def _form_page(
    request: AuthedRequest, grant: PartnershipAccess, form: Any, heading: str, **context: Any
) -> HttpResponse:
    return _page(request, "communication/form.html", grant, form=form, heading=heading, **context)


def _say(request: AuthedRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


RECORD_FORM = "communication/record_form.html"
CADENCES = RecordPages(
    noun="cadence",
    form_class=CadenceForm,
    records=Cadence.objects.all,
    create=services.cadence_create,
    update=services.cadence_update,
    delete=services.cadence_delete,
    delete_url="accord-cadence-delete",
    tab="communication",
    section="cadences-heading",
    template=RECORD_FORM,
)
MEETINGS = RecordPages(
    noun="meeting",
    form_class=MeetingForm,
    records=Meeting.objects.all,
    create=services.meeting_create,
    update=services.meeting_update,
    delete=services.meeting_delete,
    delete_url="accord-meeting-delete",
    tab="communication",
    section="meetings-heading",
    detail_url="accord-meeting",
    template=RECORD_FORM,
    goes_with=lambda meeting: [(meeting.attendees.count(), "attendee", "attendees")],
)
UPDATES = RecordPages(
    noun="update",
    form_class=UpdateForm,
    records=Update.objects.all,
    create=services.update_create,
    update=services.update_update,
    delete=services.update_delete,
    delete_url="accord-update-delete",
    tab="communication",
    section="updates-heading",
    template=RECORD_FORM,
    added="The other parties acknowledge it.",
)
# Comments are written on their update's card or decision's page; edited and deleted here.
COMMENTS = RecordPages(
    noun="comment",
    form_class=CommentEditForm,
    records=Comment.objects.all,
    create=services.comment_create,
    update=services.comment_update,
    delete=services.comment_delete,
    delete_url="accord-comment-delete",
    tab="communication",
    section="updates-heading",
    template=RECORD_FORM,
)


# --- The tab --------------------------------------------------------------------------------


@login_required
def communication(request: AuthedRequest, pk: int) -> HttpResponse:
    """Cadences with their next occurrences and how they are kept, meetings, updates."""
    grant = access.partnership_access(request.user, pk)
    found = selectors.communication_of(grant.viewpoint, timezone.now())
    return _page(
        request,
        "communication/communication.html",
        grant,
        c=found,
        cadences=[presentation.cadence_row(r, grant) for r in found.cadences],
        upcoming=[presentation.meeting_row(m, found) for m in found.upcoming],
        past=[presentation.meeting_row(m, found) for m in found.past],
        updates=[
            presentation.update_row(u, grant, found.comments.get(u.pk, [])) for u in found.updates
        ],
        evidence=evidence_of(found, timezone.localdate()),
        discussed=[(d, len(found.decision_comments.get(d.pk, []))) for d in found.decisions],
    )


@login_required
def cadence_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, CADENCES)


@login_required
def cadence_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, CADENCES)


@login_required
@require_POST
def cadence_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, CADENCES)


# --- Meetings -------------------------------------------------------------------------------


@login_required
def meeting_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(
        request, pk, MEETINGS, initial={"time_zone": timezone.get_current_timezone_name()}
    )


@login_required
def meeting_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, MEETINGS)


@login_required
@require_POST
def meeting_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, MEETINGS)


def _meeting(grant: PartnershipAccess, meeting_id: int) -> Meeting:
    return access.record_for(grant, selectors.meeting_records(), meeting_id)


@login_required
def meeting(request: AuthedRequest, pk: int, meeting_id: int) -> HttpResponse:
    """One meeting: agenda, attendees, minutes and their approvals, action items."""
    grant = access.partnership_access(request.user, pk)
    found = _meeting(grant, meeting_id)
    minutes = selectors.minutes_records().filter(meeting=found).first()
    items = selectors.action_item_records(grant.viewpoint).filter(source_id=found.pk)
    return _page(
        request,
        "communication/meeting.html",
        grant,
        meeting=presentation.meeting_detail(found, minutes, list(items), grant),
    )


# --- Minutes --------------------------------------------------------------------------------


@login_required
def minutes_new(request: AuthedRequest, pk: int, meeting_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    found = _meeting(grant, meeting_id)
    form = MinutesForm(request.POST or None)
    offer_acting_party(form, grant)
    if request.method == "POST" and form.is_valid():
        party, data = acting_party_and_data(form, grant)
        try:
            services.minutes_create(party=party, actor=request.user, meeting=found, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Minutes written: each party now approves them.")
            return redirect("accord-meeting", pk, found.pk)
    return _form_page(request, grant, form, f"Minutes of “{found}”")


@login_required
def minutes_edit(request: AuthedRequest, pk: int, minutes_id: int) -> HttpResponse:
    """Edit the minutes; an edit of approved minutes clears every approval (the page warns)."""
    grant = access.partnership_access(request.user, pk, "edit")
    current = access.record_for(
        grant, Minutes.objects.select_related("meeting"), minutes_id, "edit"
    )
    approved = current.endorsements.exists()

    def page(form: RecordForm, stale: StaleEdit | None) -> HttpResponse:
        return _form_page(
            request,
            grant,
            form,
            f"Minutes of “{current.meeting}”",
            record=stale.current if stale else current,
            stale=stale,
            warning="Saving a change clears every approval." if approved else "",
        )

    def saved(minutes: Minutes) -> HttpResponse:
        if minutes.endorsements_cleared and approved:
            messages.warning(request, "Minutes changed: every approval was cleared.")
        else:
            messages.success(request, "Minutes saved.")
        return redirect("accord-meeting", pk, current.meeting_id)

    return edit_record_page(
        request,
        current=current,
        form_class=MinutesEditForm,
        update=services.minutes_update,
        render_page=page,
        saved=saved,
    )


@login_required
@require_POST
def minutes_approve(request: AuthedRequest, pk: int, minutes_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    minutes = access.record_for(grant, Minutes.objects.all(), minutes_id)
    try:
        party = access.binding_party(grant, request.POST.get("organization") or None)
        services.minutes_approve(minutes=minutes, party=party, actor=request.user)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"{party.organization.name} approves the minutes.")
    return redirect("accord-meeting", pk, minutes.meeting_id)


@login_required
@require_POST
def minutes_withdraw(request: AuthedRequest, pk: int, minutes_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    minutes = access.record_for(grant, Minutes.objects.all(), minutes_id)
    form = WithdrawForm(request.POST)
    try:
        party = access.binding_party(grant, request.POST.get("organization") or None)
        if not form.is_valid():
            raise ValidationError("Say why the approval is withdrawn (at most 5000 characters).")
        services.minutes_withdraw(
            minutes=minutes, party=party, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"{party.organization.name} withdrew its approval.")
    return redirect("accord-meeting", pk, minutes.meeting_id)


# --- Action items ---------------------------------------------------------------------------


@login_required
def action_item_new(request: AuthedRequest, pk: int, meeting_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    found = _meeting(grant, meeting_id)
    parties = Party.objects.filter(partnership=grant.partnership).select_related("organization")
    form = ActionItemForm(request.POST or None, parties=parties)
    offer_acting_party(form, grant)
    if request.method == "POST" and form.is_valid():
        party, data = acting_party_and_data(form, grant)
        try:
            services.action_item_create(meeting=found, party=party, actor=request.user, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Action item recorded: it is tracked on the Trust tab.")
            return redirect("accord-meeting", pk, found.pk)
    return _form_page(request, grant, form, f"Action item of “{found}”")


# --- Updates --------------------------------------------------------------------------------


@login_required
def update_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, UPDATES)


@login_required
def update_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    """Change an update nobody acknowledged yet (the service refuses it after)."""
    return record_edit_page(request, pk, record_id, UPDATES)


@login_required
@require_POST
def update_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, UPDATES)


@login_required
@require_POST
def update_acknowledge(request: AuthedRequest, pk: int, update_id: int) -> HttpResponse:
    """Acknowledge an update; htmx swaps the update's card for the answer."""
    grant = access.partnership_access(request.user, pk, "edit")
    update = access.record_for(grant, Update.objects.all(), update_id)
    others = [p.pk for p in grant.parties if p.pk != update.owner_party_id]
    party = grant.party_acting_among(
        others,
        request.POST.get("organization") or None,
        "Only another party's team acknowledges an update.",
    )
    form = AcknowledgeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("A reply is at most 5000 characters.")
        services.update_acknowledge(
            update=update, party=party, actor=request.user, reply=form.cleaned_data["reply"]
        )
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"{party.organization.name} acknowledged “{update}”.")
    if not request.htmx:
        return redirect("accord-communication", pk)
    return _update_card(request, grant, update.pk)


def _update_card(request: AuthedRequest, grant: PartnershipAccess, update_id: int) -> HttpResponse:
    current = access.record_for(grant, selectors.update_records(), update_id)
    comments = list(selectors.comment_records().filter(update=current))
    return _page(
        request,
        "communication/communication.html#update_card",
        grant,
        u=presentation.update_row(current, grant, comments),
        notices=True,
    )


# --- Comments -------------------------------------------------------------------------------


@login_required
@require_POST
def update_comment(request: AuthedRequest, pk: int, update_id: int) -> HttpResponse:
    """Comment on an update; htmx swaps the update's card for the answer."""
    grant = access.partnership_access(request.user, pk, "edit")
    update = access.record_for(grant, Update.objects.all(), update_id)
    form = CommentForm(request.POST)
    offer_acting_party(form, grant)
    try:
        if not form.is_valid():
            raise ValidationError("Write a comment of at most 5000 characters.")
        party, data = acting_party_and_data(form, grant)
        services.comment_create(party=party, actor=request.user, update=update, **data)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, "Comment added.")
    if not request.htmx:
        return redirect("accord-communication", pk)
    return _update_card(request, grant, update.pk)


@login_required
def decision_comments(request: AuthedRequest, pk: int, decision_id: int) -> HttpResponse:
    """A decision of practice 3 and the parties' comments on it, with a form to add one."""
    need: access.Need = "edit" if request.method == "POST" else "view"
    grant = access.partnership_access(request.user, pk, need)
    decision = access.record_for(
        grant, Decision.objects.select_related("rule", "owner_party__organization"), decision_id
    )
    form = CommentForm(request.POST or None)
    offer_acting_party(form, grant)
    if request.method == "POST" and form.is_valid():
        party, data = acting_party_and_data(form, grant)
        try:
            services.comment_create(party=party, actor=request.user, decision=decision, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Comment added.")
            return redirect("accord-decision-comments", pk, decision.pk)
    comments = grant.viewpoint.records(selectors.comment_records().filter(decision=decision))
    return _page(
        request,
        "communication/decision.html",
        grant,
        decision=decision,
        comments=list(comments),
        form=form,
    )


@login_required
def comment_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, COMMENTS)


@login_required
@require_POST
def comment_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, COMMENTS)
