"""The one definition of the bounds of numbers and dates."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from accord.lib.bounds import (
    DATE_MAX,
    DATE_MIN,
    BoundedDate,
    KpiValue,
    Money,
    NumberBound,
    date_error,
    largest,
    number_error,
    validate_date,
)


class NumberBoundTests(SimpleTestCase):
    def test_the_largest_numbers_have_15_digits(self):
        self.assertEqual(
            (largest(4), largest(2)), (Decimal("99999999999.9999"), Decimal("9999999999999.99"))
        )

    def test_what_fits_passes(self):
        for value in (
            "99999999999.9999",
            "-99999999999.9999",
            "0",
            "-0",
            "0.0001",
            "1E+10",
            "12.50000",
            "0E-20",
        ):
            with self.subTest(value=value):
                self.assertIsNone(number_error(Decimal(value), 4))

    def test_what_does_not_fit_is_named(self):
        cases = {
            "100000000000": "Too large: at most 11 digits before the decimal point.",
            "-1E+11": "Too large: at most 11 digits before the decimal point.",
            "1E+999999999": "Too large: at most 11 digits before the decimal point.",
            "1234567890123456.78": "Too large: at most 11 digits before the decimal point.",
            "0.00001": "Too many decimal places: at most 4.",
            "1E-999999999": "Too many decimal places: at most 4.",
            "NaN": "Give a number (not infinity or NaN).",
            "-Infinity": "Give a number (not infinity or NaN).",
        }
        for value, message in cases.items():
            with self.subTest(value=value):
                self.assertEqual(number_error(Decimal(value), 4), message)
        self.assertEqual(
            number_error(Decimal("10000000000000"), 2),
            "Too large: at most 13 digits before the decimal point.",
        )

    def test_the_model_validator_and_the_api_types_say_the_same(self):
        with self.assertRaisesMessage(ValidationError, "at most 11 digits"):
            NumberBound(4)(Decimal("1e11"))
        NumberBound(4)(None)
        for kind, value in ((KpiValue, "1e11"), (Money, "1e13")):
            with self.subTest(kind=kind), self.assertRaises(PydanticError) as refused:
                TypeAdapter(kind).validate_python(value)
            self.assertIn("Too large", refused.exception.errors()[0]["msg"])
        self.assertEqual(TypeAdapter(Money).validate_python("9999999999999.99"), largest(2))


class DateBoundTests(SimpleTestCase):
    def test_the_span_is_1900_to_2999(self):
        for day in (DATE_MIN, DATE_MAX, date(2026, 11, 28)):
            self.assertIsNone(date_error(day))
        for day in (date.min, date(1899, 12, 31), date(3000, 1, 1), date.max):
            with self.subTest(day=day):
                self.assertEqual(date_error(day), "Give a date between 1 Jan 1900 and 31 Dec 2999.")

    def test_the_model_validator_and_the_api_type_say_the_same(self):
        with self.assertRaisesMessage(ValidationError, "between 1 Jan 1900"):
            validate_date(date.min)
        with self.assertRaises(PydanticError) as refused:
            TypeAdapter(BoundedDate).validate_python("0001-01-01")
        self.assertEqual(
            refused.exception.errors()[0]["msg"], "Give a date between 1 Jan 1900 and 31 Dec 2999."
        )
