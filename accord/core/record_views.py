"""The pages that create, edit and delete one versioned record, shared by every practice.

The edit form starts from the saved record with the version it is based on in a hidden field. A
valid post goes to the record's update service; a stale version answers 409 with the current
values beside what was typed; a rule the service refuses shows by its field.

A practice whose record kinds share one form page describes each kind once (`RecordPages`) and
keeps one explicit view per action (decision 0004) that calls `record_new_page`,
`record_edit_page` or `record_delete_action` with it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accord.accounts.http import AuthedRequest
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.forms import (
    ACTING_ORGANIZATION,
    PageRecordForm,
    RecordForm,
    offer_acting_party,
)
from accord.core.models import Versioned
from accord.core.records import record_delete
from accord.lib.confirm import deletion_note


def add_form_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's rule violations next to the form fields they concern: the one way a
    page shows the record's rules (checked by the write primitive, never by the form)."""
    if not hasattr(error, "error_dict"):  # a rule of the whole record, not of one field
        form.add_error(None, error.messages)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def editable_changes(form: RecordForm) -> dict[str, Any]:
    """The record's editable fields as typed: the default changes of an edit."""
    return {f: form.cleaned_data[f] for f in type(form.instance).EDITABLE_FIELDS}


def shown(field: forms.BoundField) -> str:
    """A form field's value as a person reads it: the label of a choice, "—" for nothing."""
    value = field.value()
    choices = getattr(field.field, "choices", None)
    if choices is not None:
        return next((str(label) for key, label in choices if str(key) == str(value)), "—")
    return "—" if value in (None, "") else str(value)


def stale_comparison(typed: forms.BaseForm, saved: forms.BaseForm) -> list[tuple[str, str, str]]:
    """(label, saved now, what was typed) for every visible field of a stale edit."""
    return [
        (str(field.label), shown(saved[field.name]), shown(field))
        for field in typed.visible_fields()
    ]


def edit_record_page(
    request: AuthedRequest,
    *,
    current: Versioned,
    form_class: Callable[..., RecordForm],
    update: Callable[..., Any],
    render_page: Callable[[RecordForm, StaleEdit | None], HttpResponse],
    saved: Callable[[Any], HttpResponse],
    changes: Callable[[Any], dict[str, Any]] = editable_changes,
    **form_kwargs: Any,
) -> HttpResponse:
    """Show, check and apply the edit form of `current`, which the caller may change.

    `update(record=, actor=, expected_version=, changes=)` applies the edit (raising StaleEdit
    or ValidationError, changing nothing); `saved(record)` answers a successful edit;
    `render_page(form, stale)` renders the form, with the StaleEdit when there is one (the
    answer is then 409)."""
    form = form_class(
        request.POST or None,
        instance=current,
        initial={"version": current.version},
        **form_kwargs,
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = update(
                record=current,
                actor=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                changes=changes(form),
            )
        except StaleEdit as stale:
            saved_form = form_class(instance=stale.current, **form_kwargs)
            stale.comparison = stale_comparison(form, saved_form)
            response = render_page(form, stale)
            response.status_code = 409
            return response
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            return saved(record)
    return render_page(form, None)


@dataclass(frozen=True)
class RecordPages:
    """What the new, edit and delete pages of one record kind call, say and lead to. Its form
    takes the grant (`form_class(data, files, grant=, …)`) and gives the service's keyword
    arguments (`service_data()`)."""

    noun: str
    form_class: type[PageRecordForm]
    records: Callable[[], QuerySet[Any]]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete_url: str  # the URL name of the delete view
    tab: str  # the partnership tab the pages belong to
    section: str  # the anchor of the kind's section on the page that lists them
    # The form page: form, noun, cancel, delete_url, delete_note, stale, multipart, section.
    template: str
    delete: Callable[..., Any] = record_delete
    list_url: str = ""  # the URL name of the page that lists them, "accord-<tab>" unless given
    detail_url: str = ""  # the URL name of the record's own page, shown after a create or edit
    multipart: bool = False  # the form uploads a file
    # What a delete takes with it, as (count, singular, plural) for the confirmation.
    goes_with: Callable[[Any], list[tuple[int, str, str]]] = lambda record: []
    added: str = ""  # said after a create, after "Added the <noun> “…”."
    kept: str = ""  # said when `delete` keeps the record instead (it returns it)

    def delete_note(self, record: Any) -> str:
        return deletion_note(f"the {self.noun} “{record}”", self.goes_with(record))

    def back(self, pk: int) -> str:
        list_url = self.list_url or f"accord-{self.tab}"
        return reverse(list_url, args=[pk]) + f"#{self.section}"

    def after_save(self, pk: int, record: Any) -> str:
        return reverse(self.detail_url, args=[pk, record.pk]) if self.detail_url else self.back(pk)


def _form_page(
    request: AuthedRequest,
    grant: PartnershipAccess,
    form: forms.BaseForm,
    pages: RecordPages,
    *,
    cancel: str,
    record: Any = None,
    stale: StaleEdit | None = None,
) -> HttpResponse:
    """The kind's form page; 409 for a stale edit, 400 for a form with errors."""
    context = {
        "grant": grant,
        "p": grant.partnership,
        "tab": pages.tab,
        "form": form,
        "noun": pages.noun,
        "cancel": cancel,
        "delete_url": reverse(pages.delete_url, args=[grant.partnership.pk, record.pk])
        if record is not None
        else "",
        "delete_note": pages.delete_note(record) if record is not None else "",
        "stale": stale,
        "multipart": pages.multipart,
        "section": pages.section,
    }
    status = 409 if stale else (400 if form.errors else 200)
    return render(request, pages.template, context, status=status)


def record_new_page(
    request: AuthedRequest, pk: int, pages: RecordPages, initial: dict[str, Any] | None = None
) -> HttpResponse:
    """The new-record page: `create(party=, actor=, **form data)` for the party the user acts
    for (asked only when they may act for several)."""
    grant = access.partnership_access(request.user, pk, "edit")
    form = pages.form_class(
        request.POST or None, request.FILES or None, grant=grant, initial=initial
    )
    offer_acting_party(form, grant)
    if request.method == "POST" and form.is_valid():
        try:
            party = grant.acting_party(form.cleaned_data.get(ACTING_ORGANIZATION) or None)
            record = pages.create(party=party, actor=request.user, **form.service_data())
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            added = f"Added the {pages.noun} “{record}”."
            messages.success(request, f"{added} {pages.added}" if pages.added else added)
            return redirect(pages.after_save(pk, record))
    return _form_page(request, grant, form, pages, cancel=pages.back(pk))


def record_edit_page(
    request: AuthedRequest, pk: int, record_id: int, pages: RecordPages
) -> HttpResponse:
    """The edit page of a record the user may change (`edit_record_page`);
    `update(record=, actor=, expected_version=, changes=)`."""
    grant = access.partnership_access(request.user, pk, "edit")
    record = access.record_for(grant, pages.records(), record_id, "edit")
    back = pages.after_save(pk, record)

    def saved(_: Any) -> HttpResponse:
        messages.success(request, f"Saved the {pages.noun}.")
        return redirect(back)

    return edit_record_page(
        request,
        current=record,
        form_class=pages.form_class,
        update=pages.update,
        render_page=lambda form, stale: _form_page(
            request, grant, form, pages, cancel=back, record=record, stale=stale
        ),
        saved=saved,
        changes=lambda form: form.service_data(),
        grant=grant,
    )


def record_delete_action(
    request: AuthedRequest, pk: int, record_id: int, pages: RecordPages
) -> HttpResponse:
    """Delete a record the user may change (a rule the service refuses is said, nothing is
    deleted; a record the service keeps instead is said with `kept`) and go back to its
    section."""
    grant = access.partnership_access(request.user, pk, "edit")
    record = access.record_for(grant, pages.records(), record_id, "edit")
    try:
        kept = pages.delete(record=record, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if kept is not None:
            messages.info(request, pages.kept)
        else:
            messages.success(request, f"Deleted the {pages.noun} “{record}”.")
    return redirect(pages.back(pk))
