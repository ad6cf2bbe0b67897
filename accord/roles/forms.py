"""Forms of practice 3's pages: one per operation."""

from typing import Any

from django import forms

from accord.core.forms import RecordForm
from accord.core.models import Party, Visibility
from accord.roles.models import (
    Activity,
    DecisionRule,
    ExpectationKind,
    Letter,
    Workstream,
)


class PartyChoiceField(forms.ModelChoiceField):
    """A party of the partnership, named by its organization."""

    def label_from_instance(self, obj: Party) -> str:  # type: ignore[override]
        return obj.organization.name


class WorkstreamForm(RecordForm):
    class Meta:
        model = Workstream
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ActivityForm(RecordForm):
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.none())

    class Meta:
        model = Activity
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, workstreams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workstream = self.fields["workstream"]
        assert isinstance(workstream, forms.ModelChoiceField)
        workstream.queryset = workstreams
        self.order_fields(["workstream", "title", "description"])


class CellForm(forms.Form):
    """One cell of the matrix: its column, the letter wanted ("" empties it), and the version
    of the assignment seen there (empty if the cell was empty)."""

    party = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    person = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    letter = forms.ChoiceField(choices=[("", "-"), *Letter.choices], required=False)
    version = forms.IntegerField(min_value=1, max_value=2**31, required=False)


class RuleForm(RecordForm):
    lead_party = PartyChoiceField(
        queryset=Party.objects.none(),
        required=False,
        help_text="Only when the lead party decides.",
    )

    class Meta:
        model = DecisionRule
        fields = ["title", "description", "kind", "days_to_decide"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": "Type of decision", "kind": "Who decides"}

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = self.fields["lead_party"]
        assert isinstance(lead, forms.ModelChoiceField)
        lead.queryset = parties
        if isinstance(getattr(self, "instance", None), DecisionRule):
            self.initial.setdefault("lead_party", getattr(self.instance, "lead_party_id", None))
        self.order_fields(["title", "description", "kind", "lead_party", "days_to_decide"])


class RuleEditForm(RuleForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)


class WithdrawForm(forms.Form):
    reason = forms.CharField(max_length=2000, label="Why withdraw?")


class DecisionForm(forms.Form):
    rule = forms.ModelChoiceField(queryset=DecisionRule.objects.none(), label="Under the rule")
    title = forms.CharField(max_length=200)
    proposal = forms.CharField(
        max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: the rule's time to decide from today.",
    )

    def __init__(self, *args: Any, rules: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule = self.fields["rule"]
        assert isinstance(rule, forms.ModelChoiceField)
        rule.queryset = rules


class VoteForm(forms.Form):
    comment = forms.CharField(max_length=5000, required=False, label="Comment")


class SupersedeForm(forms.Form):
    title = forms.CharField(max_length=200, label="New proposal")
    proposal = forms.CharField(max_length=10000, required=False)


class ExpectationForm(forms.Form):
    toward = PartyChoiceField(queryset=Party.objects.none(), label="Of / toward")
    kind = forms.ChoiceField(choices=ExpectationKind.choices)
    text = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    visibility = forms.ChoiceField(choices=Visibility.choices)

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        toward = self.fields["toward"]
        assert isinstance(toward, forms.ModelChoiceField)
        toward.queryset = parties
