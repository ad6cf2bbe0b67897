"""Forms of practice 5's pages: one per operation."""

from typing import Any

from django import forms

from accord.contingency.models import ContingencyPlan, EscalationLevel, ExitPlan, Risk
from accord.core.forms import RecordForm, choose_from
from accord.core.models import Party

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


class PartyChoiceField(forms.ModelChoiceField):
    """A party of the partnership, named by its organization."""

    def label_from_instance(self, obj: Party) -> str:  # type: ignore[override]
        return obj.organization.name


class PersonChoiceField(forms.ModelChoiceField):
    """A person of a team, by the name every party sees (never the email)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.public_name)


class RiskForm(RecordForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "description",
            "category",
            "likelihood",
            "impact",
            "owner_person",
            "mitigation",
            "status",
            "next_review",
            "visibility",
        ]
        widgets = {"description": TEXT, "mitigation": TEXT, "next_review": DATE}
        labels = {"owner_person": "Owner (a person of your team)"}

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_person"] = PersonChoiceField(
            queryset=people, required=False, label="Owner (a person of your team)"
        )
        self.order_fields(self.Meta.fields)


class RiskEditForm(RiskForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)


class PlanEditForm(RecordForm):
    class Meta:
        model = ContingencyPlan
        fields = [
            "title",
            "description",
            "trigger_kind",
            "trigger_date",
            "trigger_kpi",
            "trigger_value",
            "trigger_count",
            "visibility",
        ]
        widgets = {"description": TEXT, "trigger_date": DATE}
        labels = {
            "trigger_kind": "Fires",
            "trigger_date": "On (for a date)",
            "trigger_kpi": "KPI (for a KPI trigger)",
            "trigger_value": "Threshold (above or below)",
            "trigger_count": "Measurements in a row (behind)",
        }

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)

    def __init__(self, *args: Any, kpis: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "trigger_kpi", kpis)


class PlanForm(PlanEditForm):
    risk = forms.ModelChoiceField(queryset=Risk.objects.none())
    version = None  # type: ignore[assignment]

    def __init__(self, *args: Any, risks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "risk", risks)
        self.order_fields(["risk", *self.Meta.fields])


class ActivateForm(forms.Form):
    reason = forms.CharField(max_length=2000, label="Why activate it now?")


class ResolveForm(forms.Form):
    resolution = forms.CharField(max_length=2000, label="How was it resolved?")


class ActionForm(forms.Form):
    text = forms.CharField(max_length=500, label="Step")
    party = PartyChoiceField(queryset=Party.objects.none(), label="Owned by")

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "party", parties)


class ExitPlanForm(RecordForm):
    class Meta:
        model = ExitPlan
        fields = ["triggers", "notice_days", "shared_assets", "data", "customers", "obligations"]
        widgets = {
            name: TEXT for name in ("triggers", "shared_assets", "data", "customers", "obligations")
        }


class ExitPlanEditForm(ExitPlanForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)


class WithdrawForm(forms.Form):
    reason = forms.CharField(max_length=2000, label="Why withdraw?")


class EscalationLevelForm(RecordForm):
    class Meta:
        model = EscalationLevel
        fields = ["level", "person", "after_days"]
        labels = {"after_days": "After (days unanswered)"}

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonChoiceField(queryset=people, label="Person")
        self.order_fields(self.Meta.fields)


class EscalationLevelEditForm(EscalationLevelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)
