"""Forms of practice 1's pages: one per operation."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from accord.alignment.models import LinkKind, Objective, SharedGoal
from accord.core.forms import RecordForm


class ObjectiveForm(RecordForm):
    class Meta:
        model = Objective
        fields = list(Objective.EDITABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "visibility": "A private objective counts in your organization's figures only; "
            "the other parties never see it.",
        }


class ObjectiveEditForm(ObjectiveForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)


class GoalForm(RecordForm):
    class Meta:
        model = SharedGoal
        fields = list(SharedGoal.EDITABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class GoalEditForm(GoalForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)

    def __init__(self, *args: Any, endorsed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if endorsed:
            self.fields[
                "title"
            ].help_text = "Changing the title or description clears every party's endorsement."


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        max_length=2000, label="Why withdraw?", widget=forms.TextInput(attrs={"size": 30})
    )


class LinkForm(forms.Form):
    objective: forms.ModelChoiceField = forms.ModelChoiceField(queryset=Objective.objects.none())
    kind = forms.ChoiceField(choices=LinkKind.choices, initial=LinkKind.SUPPORTS)
    goal: forms.ModelChoiceField = forms.ModelChoiceField(queryset=SharedGoal.objects.none())
    note = forms.CharField(
        max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        objectives: QuerySet[Objective],
        goals: QuerySet[SharedGoal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        objective_field = self.fields["objective"]
        goal_field = self.fields["goal"]
        assert isinstance(objective_field, forms.ModelChoiceField)
        assert isinstance(goal_field, forms.ModelChoiceField)
        objective_field.queryset = objectives
        objective_field.help_text = "Your party's objectives: each party links its own."
        goal_field.queryset = goals


class ResolutionForm(forms.Form):
    resolution = forms.CharField(
        max_length=5000, label="How was it resolved?", widget=forms.TextInput(attrs={"size": 30})
    )


class ProposeForm(forms.Form):
    first = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    second = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
