"""Forms of practice 3's pages: one per operation."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.forms import PageRecordForm
from accord.core.models import Party
from accord.roles.models import (
    Activity,
    Decision,
    DecisionRule,
    Expectation,
    Letter,
    Workstream,
)


class PartyChoiceField(forms.ModelChoiceField):
    """A party of the partnership, named by its organization."""

    def label_from_instance(self, obj: Party) -> str:  # type: ignore[override]
        return obj.organization.name


class RolesForm(PageRecordForm):
    """A record form of this practice. Fields named in `CREATE_ONLY` are asked when the
    record is made, never changed after (not among its model's editable fields)."""

    CREATE_ONLY: tuple[str, ...] = ()

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, grant=grant, **kwargs)
        if self.instance.pk is not None:
            for name in self.CREATE_ONLY:
                del self.fields[name]


def _parties(grant: PartnershipAccess) -> QuerySet[Party]:
    return Party.objects.filter(partnership=grant.partnership).select_related("organization")


class WorkstreamForm(RolesForm):
    class Meta:
        model = Workstream
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ActivityForm(RolesForm):
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.none())
    CREATE_ONLY = ("workstream",)

    class Meta:
        model = Activity
        fields = ["workstream", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, grant=grant, **kwargs)
        workstream = self.fields.get("workstream")
        if isinstance(workstream, forms.ModelChoiceField):
            workstream.queryset = access.records_in(grant, Workstream.objects.all())


class CellForm(forms.Form):
    """One cell of the matrix: its column, the letter wanted ("" empties it), and the version
    of the assignment seen there (empty if the cell was empty)."""

    party = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    person = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    letter = forms.ChoiceField(choices=[("", "-"), *Letter.choices], required=False)
    version = forms.IntegerField(min_value=1, max_value=2**31, required=False)


class RuleForm(RolesForm):
    lead_party = PartyChoiceField(
        queryset=Party.objects.none(),
        required=False,
        help_text="Only when the lead party decides.",
    )

    class Meta:
        model = DecisionRule
        fields = ["title", "description", "kind", "lead_party", "days_to_decide"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": "Type of decision", "kind": "Who decides"}

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, grant=grant, **kwargs)
        lead = self.fields["lead_party"]
        assert isinstance(lead, forms.ModelChoiceField)
        lead.queryset = _parties(grant)


class WithdrawForm(forms.Form):
    reason = forms.CharField(max_length=2000, label="Why withdraw?")


class DecisionForm(RolesForm):
    """A proposal under a rule in force; its rule is chosen once."""

    rule = forms.ModelChoiceField(queryset=DecisionRule.objects.none(), label="Under the rule")
    CREATE_ONLY = ("rule",)

    class Meta:
        model = Decision
        fields = ["rule", "title", "proposal", "deadline"]
        widgets = {
            "proposal": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, grant=grant, **kwargs)
        rule = self.fields.get("rule")
        if isinstance(rule, forms.ModelChoiceField):
            rule.queryset = access.records_in(grant, DecisionRule.objects.filter(status="active"))
            deadline = self.fields["deadline"]
            deadline.required = False
            deadline.help_text = "Empty: the rule's time to decide from today."


class VoteForm(forms.Form):
    comment = forms.CharField(max_length=5000, required=False, label="Comment")


class SupersedeForm(forms.Form):
    title = forms.CharField(max_length=200, label="New proposal")
    proposal = forms.CharField(max_length=10000, required=False)


class ExpectationForm(RolesForm):
    toward = PartyChoiceField(queryset=Party.objects.none(), label="Of / toward")
    CREATE_ONLY = ("toward",)

    class Meta:
        model = Expectation
        fields = ["toward", "kind", "text", "visibility"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, grant=grant, **kwargs)
        toward = self.fields.get("toward")
        if isinstance(toward, forms.ModelChoiceField):
            toward.queryset = _parties(grant)
