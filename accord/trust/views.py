"""Pages of practice 2: the Trust tab, the forms of commitments, shared items and concerns, one
page per action on them, the download of a shared document and the check of the history. Each
view reads access → validate → act → respond."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.audit.fragments import page_fragment_key
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.forms import ACTING_ORGANIZATION
from accord.core.models import Party
from accord.core.record_views import (
    RecordPages,
    add_form_errors,
    record_delete_action,
    record_edit_page,
    record_new_page,
)
from accord.lib.fragments import deferred
from accord.trust import presentation, selectors, services, uploads
from accord.trust.forms import (
    ActionForm,
    AnswerForm,
    CommitmentForm,
    ConcernForm,
    DeliverForm,
    ItemForm,
    ReasonForm,
    RenegotiateForm,
)
from accord.trust.models import Commitment, Concern, SharedItem


def _context(grant: PartnershipAccess, **extra: Any) -> dict[str, Any]:
    return {"grant": grant, "p": grant.partnership, "tab": "trust", **extra}


@login_required
def trust(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    viewpoint, today, grace = grant.viewpoint, timezone.localdate(), services.grace_days()

    def sections() -> dict[str, Any]:
        figures = selectors.trust_of(viewpoint, today, grace, with_checks=False)
        return {"t": figures, "page": presentation.trust_page(grant, figures)}

    context = _context(
        grant,
        # Everything in the cached part changes with an audited change the viewer sees (reads
        # and replies included) or with the date; the history checks are outside it.
        fragment_key=page_fragment_key(grant, today) + f"-grace{grace}",
        checks=selectors.last_checks(viewpoint),
        **deferred(sections, "t", "page"),
    )
    return render(request, "trust/trust.html", context)


@login_required
@require_POST
def history_verify(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    checks = services.history_verify(viewpoint=grant.viewpoint, actor=request.user)
    if all(check.intact for check in checks):
        events = sum(check.events for check in checks)
        messages.success(request, f"The history is intact: {events} events verified.")
    else:
        messages.error(request, "The history does not hold: see the first broken link below.")
    return redirect(reverse("accord-trust", args=[pk]) + "#history")


# --- Record forms: one view per operation ----------------------------------------------------


RECORD_FORM = "trust/record_form.html"
COMMITMENTS = RecordPages(
    noun="commitment",
    form_class=CommitmentForm,
    records=selectors.commitment_records,
    create=services.commitment_create,
    update=services.commitment_update,
    delete=services.commitment_delete,
    delete_url="accord-commitment-delete",
    tab="trust",
    section="commitments",
    template=RECORD_FORM,
)
ITEMS = RecordPages(
    noun="shared item",
    form_class=ItemForm,
    records=selectors.item_records,
    create=services.item_create,
    update=services.item_update,
    delete=services.item_delete,
    delete_url="accord-item-delete",
    tab="trust",
    section="sharing",
    template=RECORD_FORM,
    multipart=True,
)
CONCERNS = RecordPages(
    noun="concern",
    form_class=ConcernForm,
    records=selectors.concern_records,
    create=services.concern_create,
    update=services.concern_update,
    delete=services.concern_delete,
    delete_url="accord-concern-delete",
    tab="trust",
    section="concerns",
    template=RECORD_FORM,
)


@login_required
def commitment_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, COMMITMENTS)


@login_required
def commitment_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, COMMITMENTS)


@login_required
@require_POST
def commitment_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, COMMITMENTS)


@login_required
def item_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, ITEMS)


@login_required
def item_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, ITEMS)


@login_required
@require_POST
def item_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, ITEMS)


@login_required
def concern_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, CONCERNS)


@login_required
def concern_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, CONCERNS)


@login_required
@require_POST
def concern_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, CONCERNS)


# --- Shared items: download and read ---------------------------------------------------------


@login_required
def item_download(request: AuthedRequest, pk: int, record_id: int) -> FileResponse:
    grant = access.partnership_access(request.user, pk)
    item = access.record_for(grant, SharedItem.objects.all(), record_id)
    if not item.file:
        raise Http404("This item is a link: it has no file.")
    return uploads.download(item)


# --- Actions: one page each (GET: the form; POST: the action) --------------------------------


@dataclass(frozen=True)
class ActionPage:
    """One action on a record: who may take it, what it asks and what it calls."""

    title: str  # "Deliver the commitment"
    explanation: str
    button: str
    form_class: type[ActionForm]
    records: Callable[[], QuerySet[Any]]
    parties: Callable[[PartnershipAccess, Any], list[int]]  # the parties with a say
    refusal: str
    act: Callable[..., Any]  # act(record, party=, actor=, expected_version=, **form data)
    done: str  # the message after it, with {record}
    section: str
    danger: bool = False


def _owner(grant: PartnershipAccess, record: Any) -> list[int]:
    return [record.owner_party_id]


def _receivers(grant: PartnershipAccess, record: Commitment) -> list[int]:
    return sorted(services.receiving_parties(record))


def _either_side(grant: PartnershipAccess, record: Commitment) -> list[int]:
    return [record.owner_party_id, *_receivers(grant, record)]


def _addressee(grant: PartnershipAccess, record: Concern) -> list[int]:
    return [record.addressed_to_id]


DELIVER = ActionPage(
    title="Deliver the commitment",
    explanation="Say it is done. The party it was made to then confirms or disputes it.",
    button="Delivered",
    form_class=DeliverForm,
    records=selectors.commitment_records,
    parties=_owner,
    refusal="Only the party that made the commitment delivers it.",
    act=lambda record, **data: services.commitment_deliver(commitment=record, **data),
    done="Delivered “{record}”.",
    section="commitments",
)
CONFIRM = ActionPage(
    title="Confirm the delivery",
    explanation="Confirm that what was promised was delivered.",
    button="Confirm",
    form_class=ActionForm,
    records=selectors.commitment_records,
    parties=_receivers,
    refusal="Only the party the commitment was made to confirms its delivery.",
    act=lambda record, **data: services.commitment_confirm(commitment=record, **data),
    done="Confirmed “{record}”.",
    section="commitments",
)
DISPUTE = ActionPage(
    title="Dispute the delivery",
    explanation="Say what is missing or wrong: the promiser sees your reason.",
    button="Dispute",
    form_class=ReasonForm,
    records=selectors.commitment_records,
    parties=_receivers,
    refusal="Only the party the commitment was made to disputes its delivery.",
    act=lambda record, **data: services.commitment_dispute(commitment=record, **data),
    done="Disputed “{record}”.",
    section="commitments",
    danger=True,
)
RENEGOTIATE = ActionPage(
    title="Renegotiate the due date",
    explanation="Before the due date passes, move it later and say why. The original due "
    "date stays on record and is shown.",
    button="Move the due date",
    form_class=RenegotiateForm,
    records=selectors.commitment_records,
    parties=_owner,
    refusal="Only the party that made the commitment renegotiates it.",
    act=lambda record, **data: services.commitment_renegotiate(commitment=record, **data),
    done="Moved the due date of “{record}”.",
    section="commitments",
)
BREAK = ActionPage(
    title="Mark the commitment broken",
    explanation="Either side may say a commitment will not be kept, with a reason.",
    button="Mark broken",
    form_class=ReasonForm,
    records=selectors.commitment_records,
    parties=_either_side,
    refusal="Only the parties to the commitment may say it is broken.",
    act=lambda record, **data: services.commitment_break(commitment=record, **data),
    done="Marked “{record}” broken.",
    section="commitments",
    danger=True,
)


def _others(grant: PartnershipAccess, record: SharedItem) -> list[int]:
    return [p.pk for p in grant.parties if p.pk != record.owner_party_id]


READ = ActionPage(
    title="Mark the item read",
    explanation="Tell the party that shared it that your side has received and read it.",
    button="Mark read",
    form_class=ActionForm,
    records=selectors.item_records,
    parties=_others,
    refusal="Only the other parties mark an item read.",
    act=lambda record, *, party, actor, expected_version: services.item_mark_read(
        item=record, party=party, actor=actor
    ),
    done="Marked “{record}” read.",
    section="sharing",
)
ANSWER = ActionPage(
    title="Answer the concern",
    explanation="Answer the party that raised it; it closes the concern when resolved.",
    button="Send the answer",
    form_class=AnswerForm,
    records=selectors.concern_records,
    parties=_addressee,
    refusal="Only the party the concern was raised to answers it.",
    act=lambda record, **data: services.concern_answer(concern=record, **data),
    done="Answered “{record}”.",
    section="concerns",
)
CLOSE = ActionPage(
    title="Close the concern as resolved",
    explanation="Close it once the answer resolves it; you may reopen it later.",
    button="Close as resolved",
    form_class=ActionForm,
    records=selectors.concern_records,
    parties=_owner,
    refusal="Only the party that raised the concern closes it.",
    act=lambda record, **data: services.concern_close(concern=record, **data),
    done="Closed “{record}”.",
    section="concerns",
)
REOPEN = ActionPage(
    title="Reopen the concern",
    explanation="Say why the answer does not resolve it.",
    button="Reopen",
    form_class=ReasonForm,
    records=selectors.concern_records,
    parties=_owner,
    refusal="Only the party that raised the concern reopens it.",
    act=lambda record, **data: services.concern_reopen(concern=record, **data),
    done="Reopened “{record}”.",
    section="concerns",
)


def _action(request: AuthedRequest, pk: int, record_id: int, page: ActionPage) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    record = access.record_for(grant, page.records(), record_id)
    candidates = page.parties(grant, record)
    acting = [p for p in grant.parties if p.pk in candidates and grant.may_act_for(p)]
    if not acting:
        raise PermissionDenied(page.refusal)
    form = page.form_class(request.POST or None, initial={"version": record.version})
    if len(acting) > 1:
        form.fields[ACTING_ORGANIZATION] = forms.ChoiceField(
            label="For organization",
            choices=[(p.organization.slug, p.organization.name) for p in acting],
        )
    stale = None
    back = reverse("accord-trust", args=[pk]) + f"#{page.section}"
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            party: Party = grant.party_acting_among(
                candidates, data.pop(ACTING_ORGANIZATION, None) or None, page.refusal
            )
            page.act(record, party=party, actor=request.user, expected_version=version, **data)
        except StaleEdit as error:
            stale = error
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, page.done.format(record=record))
            return redirect(back)
    context = _context(grant, page=page, record=record, form=form, stale=stale, cancel=back)
    status = 409 if stale else (400 if form.errors else 200)
    return render(request, "trust/action_form.html", context, status=status)


@login_required
def commitment_deliver(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return _action(request, pk, record_id, DELIVER)


@login_required
def commitment_confirm(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return _action(request, pk, record_id, CONFIRM)


@login_required
def commitment_dispute(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return _action(request, pk, record_id, DISPUTE)


@login_required
def commitment_renegotiate(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return _action(request, pk, record_id, RENEGOTIATE)


@login_required
def commitment_break(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return _action(request, pk, record_id, BREAK)


@login_required
def concern_answer(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return _action(request, pk, record_id, ANSWER)


@login_required
def item_read(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return _action(request, pk, record_id, READ)


@login_required
def concern_close(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return _action(request, pk, record_id, CLOSE)


@login_required
def concern_reopen(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return _action(request, pk, record_id, REOPEN)
