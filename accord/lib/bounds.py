"""The bounds of every date and number a person can enter, defined once for models, forms, API
schemas and CSV import (see docs/decisions/0009-input-bounds.md).

Numbers: at most 15 significant digits in all. SQLite keeps a decimal column as an 8-byte float,
which holds 15 significant decimal digits exactly and no more; PostgreSQL's numeric would hold
more, but a value must read back the same on both. KPI values keep 4 decimal places (so at most
11 digits before the point), money 2 (at most 13).

Dates: from 1 January 1900 to 31 December 2999. Partnerships, KPIs and reviews live within
that span, and every date computed from one (a forecast, a next review, a chart's margin) stays
far from the ends of Python's calendar (years 1 and 9999), where adding a day overflows.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

MAX_DIGITS = 15
VALUE_PLACES = 4  # KPI values and measurements
MONEY_PLACES = 2  # amounts of the value ledger

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2999, 12, 31)
DATE_RANGE_TEXT = "between 1 Jan 1900 and 31 Dec 2999"


def largest(places: int) -> Decimal:
    """The largest number allowed with `places` decimal places: 99999999999.9999 for 4."""
    return Decimal(10) ** (MAX_DIGITS - places) - Decimal(10) ** -places


def number_error(value: Decimal, places: int) -> str | None:
    """Why `value` cannot be stored with `places` decimal places, or None if it can."""
    if not value.is_finite():
        return "Give a number (not infinity or NaN)."
    if not value:
        return None
    whole = MAX_DIGITS - places
    if value.adjusted() >= whole:  # the power of ten of its first digit
        return f"Too large: at most {whole} digits before the decimal point."
    # Decimal places without trailing zeros (12.50 has one); no context, so no overflow.
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if -(exponent + zeros) > places:
        return f"Too many decimal places: at most {places}."
    return None


def date_error(value: date) -> str | None:
    """Why `value` is outside the dates Accord accepts, or None if it is within them."""
    if not DATE_MIN <= value <= DATE_MAX:
        return f"Give a date {DATE_RANGE_TEXT}."
    return None


# --- Django: validators of model fields --------------------------------------------------------


@deconstructible
class NumberBound:
    """The model field validator of a bounded number with `places` decimal places."""

    def __init__(self, places: int) -> None:
        self.places = places

    def __call__(self, value: Decimal | None) -> None:
        message = None if value is None else number_error(Decimal(value), self.places)
        if message:
            raise ValidationError(message, code="number_bound")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NumberBound) and other.places == self.places


def validate_date(value: date | None) -> None:
    """The model field validator of every date a person enters."""
    message = None if value is None else date_error(value)
    if message:
        raise ValidationError(message, code="date_bound")


VALUE_VALIDATORS = [NumberBound(VALUE_PLACES)]
MONEY_VALIDATORS = [NumberBound(MONEY_PLACES)]
DATE_VALIDATORS = [validate_date]


def is_bound(validator: object) -> bool:
    return isinstance(validator, NumberBound) or validator is validate_date


def bounded_formfield(model_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A ModelForm's field for `model_field` that checks its bounds with their own message
    (Django's digit-count validator of a decimal field would say the same thing again)."""
    formfield = model_field.formfield(**kwargs)
    bounds = [v for v in model_field.validators if is_bound(v)]
    if formfield is not None and bounds:
        kept = [v for v in formfield.validators if not isinstance(v, DecimalValidator)]
        formfield.validators = kept + bounds
    return formfield


def bound_errors(record: object) -> dict[str, str]:
    """{field: message} for each date or number field of a model instance that is out of bounds
    (a service checks this before saving, whoever called it: page, API, CLI or demo)."""
    errors: dict[str, str] = {}
    for field in record._meta.concrete_fields:  # type: ignore[attr-defined]
        if field.generated:  # computed by the database from fields checked here
            continue
        value = getattr(record, field.attname)
        for validator in field.validators:
            if value is not None and is_bound(validator):
                try:
                    validator(value)
                except ValidationError as error:
                    errors[field.name] = error.messages[0]
    return errors


# --- pydantic: the same bounds for the API's schemas -------------------------------------------


def _checked_number(places: int):
    def check(value: Decimal) -> Decimal:
        message = number_error(value, places)
        if message:
            raise PydanticCustomError("number_bound", message)
        return value

    return check


def _checked_date(value: date) -> date:
    message = date_error(value)
    if message:
        raise PydanticCustomError("date_bound", message)
    return value


KpiValue = Annotated[Decimal, AfterValidator(_checked_number(VALUE_PLACES))]
Money = Annotated[Decimal, AfterValidator(_checked_number(MONEY_PLACES))]
BoundedDate = Annotated[date, AfterValidator(_checked_date)]
