import copy
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.forms.models import fields_for_model, model_to_dict

from accord.accounts.models import User
from accord.core.access import Need, PartnershipAccess
from accord.core.models import (
    Organization,
    Partnership,
    Party,
    ProposalKind,
    Role,
    Stage,
    TeamRole,
    Versioned,
)
from accord.lib.bounds import bounded_formfield

ACTING_ORGANIZATION = "organization"


def offer_acting_party(form: forms.BaseForm, grant: PartnershipAccess, need: Need = "edit") -> None:
    """Ask, first thing on a create form, which organization the record is for: only of a user
    who may act for several parties of the partnership; everyone else acts for their only one.
    `need` "manage": the parties whose team the user manages (to invite for one); "bind": the
    parties the user commits."""
    parties = {
        "manage": grant.managed_parties,
        "bind": grant.binding_parties,
    }.get(need, grant.editing_parties)
    if len(parties) < 2:
        return
    form.fields[ACTING_ORGANIZATION] = forms.ChoiceField(
        label="For organization",
        choices=[("", "Choose…"), *((p.organization.slug, p.organization.name) for p in parties)],
        help_text="You are on the team of several parties: say which one this is for.",
    )
    form.order_fields([ACTING_ORGANIZATION])


def acting_party_and_data(
    form: forms.BaseForm, grant: PartnershipAccess, need: Need = "edit"
) -> tuple[Party, dict[str, Any]]:
    """The party a valid create form acts for, and the record's fields without the choice."""
    data = dict(form.cleaned_data)
    party = grant.acting_party(data.pop(ACTING_ORGANIZATION, None) or None, need)
    return party, data


class RecordForm(forms.Form):
    """The form of a versioned record: fields made from the model's `Meta.fields` (with the
    bounds of decision 0009, `bounded_formfield`), values from `instance`.

    It only converts what was typed. The record's rules are checked once, by the write
    primitive (`core.records`) that the view calls through a service, and the view shows what
    it refuses by field (`record_views.add_form_errors`), so pages, API and CLI agree. Not a
    ModelForm: its model validation would check the record a second time, and partly (a rule
    spanning a field the form lacks), before the record is locked."""

    class Meta:
        model: ClassVar[type[Versioned]]
        fields: ClassVar[Sequence[str]] = ()

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        instance: Versioned | None = None,
        initial: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        meta = self.Meta
        self.instance = instance if instance is not None else meta.model()
        values = model_to_dict(self.instance, fields=meta.fields)
        super().__init__(data, files, initial={**values, **(initial or {})}, **kwargs)
        self.fields = {**copy.deepcopy(_model_fields(type(self))), **self.fields}
        self.order_fields(meta.fields)


class PageRecordForm(RecordForm):
    """The form of a record kind's new and edit pages (`record_views.RecordPages`): the version
    an edit is based on in a hidden field, the user's grant (for the choices it offers), and
    the keyword arguments of the kind's services (`service_data`)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grant = grant

    def service_data(self) -> dict[str, Any]:
        return {
            k: v for k, v in self.cleaned_data.items() if k not in ("version", ACTING_ORGANIZATION)
        }


@cache
def _model_fields(form_class: type[RecordForm]) -> dict[str, forms.Field]:
    """The form fields of a record form's model fields, made once per form class."""
    meta = form_class.Meta
    callback: Callable[..., forms.Field | None] = getattr(
        meta, "formfield_callback", bounded_formfield
    )
    return fields_for_model(
        meta.model,
        fields=meta.fields,
        widgets=getattr(meta, "widgets", None),
        labels=getattr(meta, "labels", None),
        help_texts=getattr(meta, "help_texts", None),
        formfield_callback=callback,
    )


def choose_from(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Offer `queryset` in the form's model choice field `name`."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class PartnershipForm(RecordForm):
    class Meta:
        model = Partnership
        fields = ["name", "purpose", "scope", "stage", "start_date", "review_cadence"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }


class PartnershipCreateForm(PartnershipForm):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), empty_label=None)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["organization"])
        choose_from(self, "organization", organizations)
        self.fields["organization"].help_text = "Your organization becomes the first party."


class PartnershipEditForm(PartnershipForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, needs_proposals: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if needs_proposals:
            # What binds every party is proposed, not edited: shown, not sent.
            for name in Partnership.BINDING_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Binds every party: propose a change instead."
            stage = self.fields["stage"]
            stage.choices = [c for c in stage.choices if c[0] != Stage.ENDED]  # type: ignore[attr-defined]
            stage.help_text = "Ending the partnership binds every party: propose it instead."


INVITE_FIELDS = ("note", "invitee_name", "invitee_email")


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(choices=ProposalKind.choices, label="What do you propose?")
    name = forms.CharField(max_length=200, required=False, label="New name")
    purpose = forms.CharField(
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="New purpose",
    )
    scope = forms.CharField(
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="New scope",
    )
    stage = forms.ChoiceField(
        choices=[c for c in Stage.choices if c[0] != Stage.ENDED],
        initial=Stage.ACTIVE,
        required=False,
        label="Reopen at stage",
    )
    note = forms.CharField(
        max_length=200,
        required=False,
        label="Organization to invite",
        help_text="Whom, to recognise the invitation, e.g. “Helios Solar, via Dana”.",
    )
    invitee_name = forms.CharField(
        max_length=150,
        required=False,
        label="Person to invite",
        help_text="Once every party approves, the invitation is emailed to them. Leave both "
        "empty to get a link to pass on yourself.",
    )
    invitee_email = forms.EmailField(required=False, label="Their email address")
    reason = forms.CharField(
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why",
        help_text="Shown to every party beside the proposal.",
    )

    def __init__(
        self, *args: Any, partnership: Partnership, kinds: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        kind.choices = [c for c in ProposalKind.choices if c[0] in kinds]  # type: ignore[attr-defined]
        # Only the fields of the kinds on offer: reopening is all an archive offers.
        unused = (
            [*Partnership.BINDING_FIELDS, *INVITE_FIELDS]
            if kinds == [ProposalKind.REOPEN]
            else ["stage"]
        )
        for name in unused:
            del self.fields[name]
        for name in Partnership.BINDING_FIELDS:
            if name not in self.fields:
                continue
            self.fields[name].help_text = "Leave it as it is to keep it."
            self.fields[name].initial = getattr(partnership, name)

    def proposal(self) -> dict[str, Any]:
        """The proposal's fields for its kind; fields of other kinds are left out."""
        data = self.cleaned_data
        kind = data["kind"]
        fields: dict[str, Any] = {"kind": kind, "reason": data["reason"]}
        if kind == ProposalKind.CHANGE:
            fields |= {name: data[name] for name in Partnership.BINDING_FIELDS}
        elif kind == ProposalKind.REOPEN:
            fields["stage"] = data.get("stage") or None
        elif kind == ProposalKind.INVITE:
            fields |= {name: data[name] for name in INVITE_FIELDS}
        return fields


class DeclineForm(forms.Form):
    reason = forms.CharField(max_length=5000, label="Why your organization declines")


class TeamRoleForm(forms.Form):
    role = forms.ChoiceField(choices=TeamRole.choices)


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Colleague")
    role = forms.ChoiceField(choices=TeamRole.choices, initial=TeamRole.CONTRIBUTOR)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        colleagues = get_user_model().objects.filter(memberships__organization=organization)
        choose_from(self, "user", colleagues)


class PartnershipInvitationForm(forms.Form):
    name = forms.CharField(
        max_length=150,
        label="Their name",
        help_text="The person at the other organization who receives the invitation.",
    )
    email = forms.EmailField(max_length=254, label="Their email address")
    note = forms.CharField(
        max_length=200,
        required=False,
        label="A word for them (optional)",
        help_text="Shown in the email and on the invitation page, e.g. “As discussed on Monday”.",
    )


class NewOrganizationForm(forms.Form):
    name = forms.CharField(
        max_length=150,
        label="Name of your organization",
        help_text="You become its owner and can invite your colleagues next.",
    )


class InvitationSignupForm(forms.Form):
    """An account asked for from a partnership invitation."""

    full_name = forms.CharField(
        max_length=150, label="Your name", widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        max_length=254,
        label="Your email address",
        help_text="Use the address the invitation was sent to and your account is ready at "
        "once; with another address, we email you a link to confirm it first.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        label="Choose a password",
    )


class AcceptPartnershipForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), empty_label=None)
    team = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="You join as the lead; pick the colleagues who work on it with you.",
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        accepting_user: User,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "organization", organizations)
        # The one accepting joins as the lead anyway: not offered as a colleague.
        colleagues = get_user_model().objects.filter(memberships__organization__in=organizations)
        choose_from(self, "team", colleagues.exclude(pk=accepting_user.pk).distinct())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organization = data.get("organization")
        team = data.get("team") or []
        members = (
            set(organization.memberships.filter(user__in=team).values_list("user_id", flat=True))
            if organization
            else set()
        )
        strangers = [user for user in team if user.pk not in members]
        if strangers:
            self.add_error(
                "team", f"Not members of {organization}: " + ", ".join(u.email for u in strangers)
            )
        return data


class OrganizationInvitationForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class JoinForm(forms.Form):
    full_name = forms.CharField(max_length=150, required=False, label="Your name")
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        label="Choose a password",
    )
