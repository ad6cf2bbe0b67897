"""One form per operation of the Trust pages. Record forms turn their cleaned data into the
keyword arguments of the matching service (`service_data`); action forms carry the version
the action is based on."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db import models

from accord.core import forms as core_forms
from accord.core.access import PartnershipAccess
from accord.core.models import Party
from accord.lib.bounds import DATE_MAX, DATE_MIN, DATE_VALIDATORS, bounded_formfield
from accord.trust.models import Commitment, Concern, SharedItem
from accord.trust.uploads import ALLOWED

DATE = forms.DateInput(
    attrs={"type": "date", "min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
    format="%Y-%m-%d",
)


def _party_choices(grant: PartnershipAccess, field: forms.Field, empty: str | None) -> None:
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = Party.objects.filter(pk__in=[p.pk for p in grant.parties]).select_related(
        "organization"
    )
    field.label_from_instance = lambda party: str(party.organization.name)  # type: ignore[method-assign,assignment]
    field.empty_label = empty


class CommitmentForm(core_forms.PageRecordForm):
    class Meta(core_forms.PageRecordForm.Meta):
        model = Commitment
        fields = [
            "title",
            "description",
            "receiver_party",
            "promiser_person",
            "due_date",
            "visibility",
        ]
        labels = {"receiver_party": "Promised to", "promiser_person": "Who promises"}
        widgets = {"due_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, grant=grant, **kwargs)
        _party_choices(grant, self.fields["receiver_party"], "The partnership as a whole")
        people = self.fields["promiser_person"]
        assert isinstance(people, forms.ModelChoiceField)
        seats = [m.user_id for p in grant.editing_parties for m in p.team.all()]
        people.queryset = get_user_model().objects.filter(pk__in=seats)
        people.label_from_instance = lambda user: str(user.full_name or user.email)  # type: ignore[method-assign,assignment]
        people.empty_label = "The party as a whole"
        if self.instance.pk:
            # The due date moves by renegotiation only, which keeps the original.
            self.fields["due_date"].disabled = True
            self.fields["due_date"].help_text = "Renegotiate to move it."

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["receiver_party_id"] = data.pop("receiver_party")
        data["promiser_person_id"] = data.pop("promiser_person")
        return data


def _https_by_default(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """The bounded form field; a link typed without a scheme is taken as https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return bounded_formfield(field, **kwargs)


class ItemForm(core_forms.PageRecordForm):
    file = forms.FileField(
        required=False,
        label="Document",
        help_text="Or a link below. Accepted: " + ", ".join(sorted(ALLOWED)) + ".",
    )

    class Meta(core_forms.PageRecordForm.Meta):
        model = SharedItem
        fields = ["title", "url", "note", "visibility"]
        labels = {"url": "Link"}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = _https_by_default

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, grant=grant, **kwargs)
        self.order_fields(["title", "file", "url", "note", "visibility"])
        if self.instance.pk:
            del self.fields["file"]
            if getattr(self.instance, "kind", "") == "document":
                del self.fields["url"]

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        upload = data.pop("file", None)
        if not self.instance.pk and upload is not None:
            data["upload"] = upload
        return data


class ConcernForm(core_forms.PageRecordForm):
    class Meta(core_forms.PageRecordForm.Meta):
        model = Concern
        fields = ["addressed_to", "topic", "text", "severity"]
        labels = {"addressed_to": "Raised to"}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, grant=grant, **kwargs)
        if self.instance.pk:
            del self.fields["addressed_to"]
        else:
            _party_choices(grant, self.fields["addressed_to"], None)
            self.fields["addressed_to"].required = False

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        if "addressed_to" in data:
            data["addressed_to_id"] = data.pop("addressed_to")
        return data


# --- Actions ---------------------------------------------------------------------------------


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeliverForm(ActionForm):
    delivered_on = forms.DateField(
        widget=DATE, validators=DATE_VALIDATORS, required=False, help_text="Today if left empty."
    )
    note = forms.CharField(max_length=1000, required=False, label="Note for the receiver")


class ReasonForm(ActionForm):
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class RenegotiateForm(ActionForm):
    due_date = forms.DateField(widget=DATE, validators=DATE_VALIDATORS, label="New due date")
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(ActionForm):
    text = forms.CharField(
        max_length=10000, widget=forms.Textarea(attrs={"rows": 4}), label="Answer"
    )
