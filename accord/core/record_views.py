"""The page that edits one versioned record, shared by every practice.

The form starts from the saved record with the version it is based on in a hidden field. A
valid post goes to the record's update service; a stale version answers 409 with the current
values beside what was typed; a rule the service refuses shows by its field.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse

from accord.accounts.http import AuthedRequest
from accord.core.errors import StaleEdit
from accord.core.forms import RecordForm
from accord.core.models import Versioned


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
