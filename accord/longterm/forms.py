"""One form per operation of the practice 6 pages. Record forms turn their cleaned data into
the keyword arguments of the matching service (`service_data`)."""

from typing import Any

from django import forms

from accord.core import forms as core_forms
from accord.core.access import PartnershipAccess
from accord.lib.bounds import (
    DATE_MAX,
    DATE_MIN,
    DATE_VALIDATORS,
    VALUE_VALIDATORS,
    bounded_formfield,
)
from accord.longterm.csvio import MAX_BYTES
from accord.longterm.models import Direction, Kpi, Milestone, Review, ValueEntry
from accord.longterm.selectors import goals_of

DATE = forms.DateInput(
    attrs={"type": "date", "min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
    format="%Y-%m-%d",
)


class RecordForm(core_forms.RecordForm):
    """A record's form; `version` carries the version an edit is based on."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta(core_forms.RecordForm.Meta):
        formfield_callback = bounded_formfield

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "goal" in self.fields:
            self.fields["goal"].queryset = goals_of(grant.viewpoint)  # type: ignore[attr-defined]
            self.fields["goal"].empty_label = "No goal"  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("version", "organization")}
        if "goal" in data:
            goal = data.pop("goal")
            data["goal_id"] = goal.pk if goal else None
        return data


class KpiForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = Kpi
        fields = list(Kpi.EDITABLE_FIELDS)
        labels = {
            "range_low": "Range: lowest acceptable",
            "range_high": "Range: highest acceptable",
            "goal": "Shared goal it measures",
            "frequency": "Measured",
        }
        help_texts = {
            "target": "Up and down KPIs: the value to reach by the target date.",
            "range_low": "Range KPIs only.",
            "unit": "E.g. homes, days, EUR, %.",
        }
        widgets = {"baseline_date": DATE, "target_date": DATE}

    # The aim's fields by direction: a range KPI has a range, the others a target and its date.
    # Each is required for its directions (Kpi.rule_errors); app.js shows only those of the
    # direction chosen, and without scripts they all show, with their help.
    BY_DIRECTION = {
        "target": f"direction:{Direction.UP},{Direction.DOWN}",
        "target_date": f"direction:{Direction.UP},{Direction.DOWN}",
        "range_low": f"direction:{Direction.RANGE}",
        "range_high": f"direction:{Direction.RANGE}",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, rule in self.BY_DIRECTION.items():
            field = self.fields[name]
            field.widget.attrs.update({"data-shown-when": rule, "data-required-when-shown": ""})
            field.required_when_shown = True  # type: ignore[attr-defined]


class MilestoneForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = Milestone
        fields = list(Milestone.EDITABLE_FIELDS)
        labels = {"goal": "Shared goal it serves"}
        help_texts = {"completed_on": "Set to today when marked done, unless you give a date."}
        widgets = {"due_date": DATE, "completed_on": DATE}


class ValueEntryForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = ValueEntry
        fields = list(ValueEntry.EDITABLE_FIELDS)
        labels = {"flow": "Put in or got out", "occurred_on": "Date"}
        help_texts = {
            "amount": "Leave empty for value without a figure (know-how, access …).",
            "currency": "Three letters, e.g. EUR; only with an amount.",
        }
        widgets = {"occurred_on": DATE}


class ReviewForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = Review
        fields = ["held_on", "decision", "learned", "rationale", "next_review_on"]
        labels = {
            "held_on": "Held on",
            "learned": "What we learned",
            "rationale": "Why this decision",
            "next_review_on": "Next review",
        }
        help_texts = {"next_review_on": "Leave empty: the held date plus the review cadence."}
        widgets = {
            "held_on": DATE,
            "next_review_on": DATE,
            "learned": forms.Textarea(attrs={"rows": 4}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
        }


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(label="Date", widget=DATE, validators=DATE_VALIDATORS)
    value = forms.DecimalField(validators=VALUE_VALIDATORS)
    note = forms.CharField(max_length=500, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        label="CSV file",
        help_text="Columns date,value[,note] with a header row; dates as YYYY-MM-DD; up to 1 MB.",
    )
    text = forms.CharField(
        required=False,
        label="Or paste the CSV",
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "date,value,note\n2025-04-01,12,"}),
        max_length=MAX_BYTES,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("text"):
            raise forms.ValidationError("Choose a CSV file or paste its text.")
        return data

    def content(self) -> bytes:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(MAX_BYTES + 1)
        return self.cleaned_data["text"].encode()
