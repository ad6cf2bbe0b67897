"""One form per operation of the practice 6 pages. Record forms turn their cleaned data into
the keyword arguments of the matching service (`service_data`)."""

from typing import Any

from django import forms

from accord.core import forms as core_forms
from accord.core.access import PartnershipAccess
from accord.lib import formatting
from accord.lib.bounds import (
    DATE_MAX,
    DATE_MIN,
    DATE_VALIDATORS,
    VALUE_PLACES,
    VALUE_VALIDATORS,
)
from accord.longterm.csvio import (
    MAX_BYTES,
    CsvChoices,
    CsvLayout,
    DateOrder,
    DecimalMark,
    Delimiter,
)
from accord.longterm.models import Direction, Kpi, Measurement, Milestone, Review, ValueEntry
from accord.longterm.selectors import goals_of

DATE = forms.DateInput(
    attrs={"type": "date", "min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
    format="%Y-%m-%d",
)


class RecordForm(core_forms.PageRecordForm):
    """A record's form, offering the goals the user sees and the currencies."""

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, grant=grant, **kwargs)
        if "goal" in self.fields:
            self.fields["goal"].queryset = goals_of(grant.viewpoint)  # type: ignore[attr-defined]
            self.fields["goal"].empty_label = "No goal"  # type: ignore[attr-defined]
        if "currency" in self.fields:
            field = self.fields["currency"]
            field.choices = [("", "No currency"), *formatting.currency_choices()]  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
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
            "target": "When higher or lower is better: the value to reach by the target date.",
            "range_low": "Only when the value should stay within a range.",
            "unit": "E.g. homes, days, %. For money, pick the currency below instead.",
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
        # Optional: a script posting the form without it keeps the KPI's precision.
        self.fields["decimals"].required = False
        self.fields["decimals"].widget.attrs.update({"min": 0, "max": VALUE_PLACES})

    def clean_decimals(self) -> int:
        chosen = self.cleaned_data.get("decimals")
        if chosen is None:
            return self.instance.decimals if self.instance.pk else 2  # type: ignore[attr-defined]
        return int(chosen)


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
            "currency": "Only with an amount.",
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


class MeasurementEditForm(MeasurementForm):
    """A measurement changed in place, from the version it is based on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @staticmethod
    def initial_of(measurement: Measurement) -> dict[str, Any]:
        fields = ("measured_on", "value", "note", "version")
        return {name: getattr(measurement, name) for name in fields}

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("measured_on", "value", "note")}


class ImportForm(forms.Form):
    """The first step of an import: the file, uploaded or pasted."""

    file = forms.FileField(
        required=False,
        label="CSV file",
        help_text="From a spreadsheet: any header; commas, semicolons or tabs; up to 1 MB.",
    )
    text = forms.CharField(
        required=False,
        label="Or paste the values",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_BYTES,
        strip=False,
    )

    def __init__(self, *args: Any, example: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["placeholder"] = example

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


NO_NOTE = ""


DATE_ORDERS = [
    (DateOrder.YEAR_FIRST, "Year first (2025-03-31)"),
    (DateOrder.DAY_FIRST, "Day first (31/03/2025)"),
    (DateOrder.MONTH_FIRST, "Month first (03/31/2025)"),
]
DECIMAL_MARKS = [(DecimalMark.POINT, "Point (1,234.5)"), (DecimalMark.COMMA, "Comma (1.234,5)")]
DELIMITERS = [
    (Delimiter.COMMA, "Commas"),
    (Delimiter.SEMICOLON, "Semicolons"),
    (Delimiter.TAB, "Tabs"),
]


class ImportPreviewForm(forms.Form):
    """The second step: how to read the file (as detected, or as the person corrects it) and
    whether to replace values already recorded. The file's text travels along, unchanged."""

    text = forms.CharField(widget=forms.HiddenInput, max_length=MAX_BYTES, strip=False)
    date_column = forms.ChoiceField(label="Dates in")
    value_column = forms.ChoiceField(label="Values in")
    note_column = forms.ChoiceField(label="Notes in", required=False)
    date_order = forms.ChoiceField(label="Dates written", choices=DATE_ORDERS)
    decimal_mark = forms.ChoiceField(label="Decimal mark", choices=DECIMAL_MARKS)
    delimiter = forms.ChoiceField(label="Cells separated by", choices=DELIMITERS)
    replace = forms.BooleanField(
        label="Replace the values already recorded on the same days",
        required=False,
    )

    def __init__(self, *args: Any, layout: CsvLayout | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns = [(name, name) for name in layout.columns] if layout else []
        self.fields["date_column"].choices = columns  # type: ignore[attr-defined]
        self.fields["value_column"].choices = columns  # type: ignore[attr-defined]
        self.fields["note_column"].choices = [(NO_NOTE, "No notes"), *columns]  # type: ignore[attr-defined]

    @staticmethod
    def initial_of(text: str, layout: CsvLayout, replace: bool = False) -> dict[str, Any]:
        """The form filled in with the layout the file was read with."""
        return {
            "text": text,
            "date_column": layout.column_name(layout.date_column),
            "value_column": layout.column_name(layout.value_column),
            "note_column": layout.column_name(layout.note_column),
            "date_order": layout.date_order,
            "decimal_mark": layout.decimal_mark,
            "delimiter": layout.delimiter,
            "replace": replace,
        }

    def choices(self) -> CsvChoices:
        """What the person chose, for reading the file again."""
        data = self.cleaned_data
        return CsvChoices(
            delimiter=Delimiter(data["delimiter"]),
            date_column=data["date_column"],
            value_column=data["value_column"],
            note_column=data["note_column"],
            date_order=DateOrder(data["date_order"]),
            decimal_mark=DecimalMark(data["decimal_mark"]),
        )
