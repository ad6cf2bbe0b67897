"""The portfolio's query string: filters and sort, each value checked against what exists."""

from django import forms

from accord.core.models import Stage
from accord.health.models import Band
from accord.portfolio.selectors import (
    DEFAULT_ORDERING,
    SORT_LABELS,
    PortfolioFilters,
    practice_names,
)


def _refusal(what: str) -> dict[str, str]:
    return {"invalid_choice": f"There is no {what} “%(value)s”: choose one from the list."}


class PortfolioQueryForm(forms.Form):
    stage = forms.ChoiceField(
        choices=[("", "Any stage"), *Stage.choices],
        required=False,
        error_messages=_refusal("stage"),
    )
    band = forms.ChoiceField(
        label="Health",
        choices=[("", "Any health"), *Band.choices],
        required=False,
        error_messages=_refusal("health band"),
    )
    partner = forms.ChoiceField(required=False, error_messages=_refusal("partner organization"))
    weakest = forms.TypedChoiceField(
        label="Weakest practice",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages=_refusal("practice"),
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=list(SORT_LABELS.items()),
        required=False,
        error_messages=_refusal("sort"),
    )

    def __init__(self, *args, partners: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        partner = self.fields["partner"]
        weakest = self.fields["weakest"]
        assert isinstance(partner, forms.ChoiceField) and isinstance(weakest, forms.ChoiceField)
        partner.choices = [("", "Any partner"), *partners]
        weakest.choices = [("", "Any practice"), *practice_names().items()]

    def filters(self) -> PortfolioFilters:
        """The filters whose values were valid (call after `is_valid`): a bad one is reported
        and left out, the others still apply."""
        data = self.cleaned_data
        return PortfolioFilters(
            stage=Stage(data["stage"]) if data.get("stage") else None,
            band=Band(data["band"]) if data.get("band") else None,
            partner=data.get("partner") or None,
            weakest=data.get("weakest"),
        )

    def ordering(self) -> str:
        return self.cleaned_data.get("sort") or DEFAULT_ORDERING

    def query(self) -> dict[str, str]:
        """The valid parameters, to keep in page and sort links and the CSV link."""
        return {
            name: str(value) for name, value in self.cleaned_data.items() if value not in (None, "")
        }
