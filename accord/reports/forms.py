from django import forms

from accord.reports.models import Edition


class ReportForm(forms.Form):
    """Ask for a QBR report; the quarter and edition are checked by `report_request`."""

    quarter = forms.CharField(
        max_length=20, help_text="Year and quarter, such as 2026Q3.", strip=True
    )
    edition = forms.ChoiceField(choices=Edition.choices, initial=Edition.SHARED)
