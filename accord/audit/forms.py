"""The history page's forms: what to narrow the history to, and a receipt to check."""

from typing import Any

from django import forms

from accord.audit.models import record_kind_of
from accord.audit.selectors import HistoryFilter
from accord.core.viewpoint import Viewpoint
from accord.lib.bounds import DATE_VALIDATORS

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_RECEIPT_BYTES = 100_000


class HistoryFilterForm(forms.Form):
    """Read from the query string; the choices are what the viewer's own history holds, so a
    person, party or kind the viewer does not see is refused like any unknown value."""

    person = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    party = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label="Record", required=False)
    since = forms.DateField(label="From", required=False, widget=DAY, validators=DATE_VALIDATORS)
    until = forms.DateField(label="To", required=False, widget=DAY, validators=DATE_VALIDATORS)

    def __init__(
        self,
        data: Any,
        *,
        viewpoint: Viewpoint,
        people: dict[int, tuple[str, str]],
        kinds: list[str],
    ) -> None:
        super().__init__(data)
        self.parties = {p.pk: p for p in viewpoint.parties}
        people_choices = sorted(
            ((pk, f"{name} ({org})" if org else name) for pk, (name, org) in people.items()),
            key=lambda choice: choice[1].lower(),
        )
        kind_choices = sorted(
            ((kind, _upper_first(record_kind_of(kind))) for kind in kinds),
            key=lambda choice: choice[1],
        )
        party_choices = [(p.pk, p.organization.name) for p in viewpoint.parties]
        self.fields["person"].choices = [("", "Everyone"), *people_choices]  # type: ignore[attr-defined]
        self.fields["party"].choices = [("", "Every party"), *party_choices]  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", "Every kind"), *kind_choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date comes on or after the start date.")
        return cleaned

    @property
    def active(self) -> bool:
        return self.is_bound and any(v not in ("", None) for v in self.data.values())

    def wanted(self) -> HistoryFilter:
        """The filter asked for; nothing narrowed when the form is not valid."""
        if not self.is_valid():
            return HistoryFilter()
        data = self.cleaned_data
        return HistoryFilter(
            person=data["person"],
            party=self.parties.get(data["party"]) if data["party"] is not None else None,
            kind=data["kind"],
            since=data["since"],
            until=data["until"],
        )


class ReceiptForm(forms.Form):
    receipt = forms.FileField(
        label="Receipt file",
        help_text="The .json file you downloaded earlier from this page.",
    )

    def clean_receipt(self) -> bytes:
        upload = self.cleaned_data["receipt"]
        if upload.size > MAX_RECEIPT_BYTES:
            raise forms.ValidationError("A receipt is a small file; this one is too large.")
        return upload.read()


def _upper_first(words: str) -> str:
    return words[:1].upper() + words[1:]
