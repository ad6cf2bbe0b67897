from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from accord.core.access import Need, PartnershipAccess
from accord.core.models import Organization, Partnership, Party, Role, TeamRole

ACTING_ORGANIZATION = "organization"


def offer_acting_party(form: forms.BaseForm, grant: PartnershipAccess, need: Need = "edit") -> None:
    """Ask, first thing on a create form, which organization the record is for: only of a user
    who may act for several parties of the partnership; everyone else acts for their only one.
    `need` "manage": the parties whose team the user manages (to invite for one)."""
    parties = grant.managed_parties if need == "manage" else grant.editing_parties
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


class PartnershipForm(forms.ModelForm):
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

    class Meta(PartnershipForm.Meta):
        fields = ["organization", *PartnershipForm.Meta.fields]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].help_text = "Your organization becomes the first party."


class PartnershipEditForm(PartnershipForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Colleague")
    role = forms.ChoiceField(choices=TeamRole.choices, initial=TeamRole.CONTRIBUTOR)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(
            memberships__organization=organization
        )


class PartnershipInvitationForm(forms.Form):
    note = forms.CharField(
        max_length=200,
        required=False,
        label="For whom",
        help_text="A note to recognise the invitation, e.g. “Helios Solar, via Dana”.",
    )


class AcceptPartnershipForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), empty_label=None)
    team = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="You join as the lead; pick the colleagues who work on it with you.",
    )

    def __init__(self, *args, organizations, accepting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        # The one accepting joins as the lead anyway: not offered as a colleague.
        self.fields["team"].queryset = (
            get_user_model()
            .objects.filter(memberships__organization__in=organizations)
            .exclude(pk=accepting_user.pk)
            .distinct()
        )

    def clean(self):
        data = super().clean()
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
