"""How Accord shows numbers, money, percentages, dates and times to people: one function per kind
of value, on Babel's locale data (ACCORD_LOCALE, default en_GB), used by every page, chart,
history row and message. Machine output — the API, CSV files, receipts — keeps ISO dates and
plain decimals and never comes here.

- number(value, places): grouped, exactly `places` decimals (a KPI's precision); without
  `places`, up to four, trailing zeros dropped. Negative zero reads 0; None and non-finite "—".
- percent(value, places): a value already in percent ("42.5%"); points(): a difference of
  percentages ("3.2 points"), never a percent of a percent.
- money(amount, currency): the currency's symbol or code from the locale; cents (the
  currency's minor digits) only below LARGE_MONEY. Amounts in different currencies are never
  added: `money_totals` lists them one per currency.
- ratio(value): "1.25" and the multiplication sign, never with a currency sign.
- day(d), month(d), moment(dt): one human date format; a time always with its time zone.
"""

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.core import UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import (
    format_compact_decimal,
    format_decimal,
    get_currency_name,
    get_currency_precision,
    get_territory_currencies,
)
from django.conf import settings
from django.utils import timezone

Number = Decimal | float | int
NONE = "—"
MAX_PLACES = 4
# From this amount on, a sum is shown in whole units: cents on 1,250,000 are noise.
LARGE_MONEY = Decimal(1000)
TIMES = "\N{MULTIPLICATION SIGN}"
PERCENT_UNITS = frozenset({"%", "percent", "pct"})


@lru_cache(maxsize=8)
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


def locale() -> Locale:
    """The locale numbers and dates are written in."""
    return _locale(getattr(settings, "ACCORD_LOCALE", "en_GB"))


def _decimal(value: Number | str | None) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _pattern(places: int | None) -> str:
    if places is None:
        return "#,##0." + "#" * MAX_PLACES
    places = max(0, min(int(places), MAX_PLACES))
    return "#,##0" + ("." + "0" * places if places else "")


def _unsigned_zero(number: Decimal, places: int) -> Decimal:
    """-0.001 shown with two places is 0.00, not -0.00."""
    return abs(number) if round(number, places) == 0 else number


def number(value: Number | str | None, places: int | None = None) -> str:
    """A number for people, to `places` decimals (up to four when None)."""
    found = _decimal(value)
    if found is None:
        return NONE
    found = _unsigned_zero(found, MAX_PLACES if places is None else places)
    return format_decimal(found, format=_pattern(places), locale=locale())


def compact(value: float) -> str:
    """A short number for a chart's axis: 12.5k, 3M."""
    if not math.isfinite(value):
        return NONE
    return format_compact_decimal(value, locale=locale(), fraction_digits=2)


def percent(value: Number | str | None, places: int | None = None) -> str:
    """A value that is already a percentage: 42.5 → “42.5%”."""
    text = number(value, places)
    return text if text == NONE else f"{text}%"


def points(value: Number | str | None, places: int | None = None) -> str:
    """A difference between two percentages, in percentage points."""
    text = number(value, places)
    if text == NONE:
        return text
    return f"{text} point" if abs(_decimal(value) or 0) == 1 else f"{text} points"


def money(amount: Number | str | None, currency: str) -> str:
    """An amount in an ISO 4217 currency; whole units from LARGE_MONEY on."""
    found = _decimal(amount)
    if found is None:
        return NONE
    if not is_currency(currency):
        return f"{number(found, 2)} {currency}".strip()
    digits = 0 if abs(found) >= LARGE_MONEY else get_currency_precision(currency)
    found = _unsigned_zero(found, digits)
    # The locale's own pattern (where the sign and the symbol go), with our number of digits.
    pattern = copy.copy(locale().currency_formats["standard"])
    pattern.frac_prec = (digits, digits)
    return pattern.apply(found, locale(), currency=currency, currency_digits=False)


def money_totals(totals: Mapping[str, Number]) -> str:
    """Sums in several currencies, one per currency, never added together."""
    return "; ".join(money(totals[code], code) for code in sorted(totals))


def ratio(value: Number | str | None) -> str:
    """How many times one amount is another: 1.25 and the multiplication sign."""
    text = number(value, 2)
    return text if text == NONE else f"{text}{TIMES}"


def day(value: date | None) -> str:
    """A date: “5 Mar 2026” (en_GB)."""
    if value is None:
        return NONE
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_date(value, "medium", locale=locale())


def month(value: date | None) -> str:
    """A month: “Mar 2026”."""
    if value is None:
        return NONE
    return format_skeleton("yMMM", value, locale=locale())


def moment(value: datetime | None) -> str:
    """A time with its date and its time zone: “5 Mar 2026, 14:03 CET”."""
    if value is None:
        return NONE
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    zone = local.tzname() or timezone.get_current_timezone_name()
    clock = format_time(local.time(), "short", locale=locale())
    return f"{day(local.date())}, {clock} {zone}"


# --- Currencies ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _tender_currencies() -> frozenset[str]:
    """ISO 4217 codes that are legal tender somewhere today, from Babel's CLDR data."""
    today = date.today()
    codes: set[str] = set()
    for territory in map(str, Locale.parse("en").territories):
        try:
            codes.update(get_territory_currencies(territory, today, tender=True))
        except Exception:  # a region CLDR knows no currency for
            continue
    return frozenset(codes)


def is_currency(code: str) -> bool:
    return code in _tender_currencies()


def currency_choices() -> list[tuple[str, str]]:
    """(code, “EUR — Euro”) for every currency in use, by code: what a currency list offers."""
    return [
        (code, f"{code} — {get_currency_name(code, locale=locale())}")
        for code in sorted(_tender_currencies())
    ]


# --- A KPI's values --------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """How the values of one measure read: its precision, unit and currency. A KPI's values
    (page, chart, history, messages) all go through one Measure, so they read alike."""

    places: int = 2
    unit: str = ""
    currency: str = ""

    @property
    def is_percent(self) -> bool:
        return self.unit.strip().lower() in PERCENT_UNITS

    def value(self, value: Number | str | None) -> str:
        """A value of the measure: “1,198.70 t”, “42.5%”, “€1,250”."""
        if self.currency:
            return money(value, self.currency)
        if self.is_percent:
            return percent(value, self.places)
        text = number(value, self.places)
        return f"{text} {self.unit}" if self.unit and text != NONE else text

    def bare(self, value: Number | str | None) -> str:
        """The number alone, to the measure's precision (a range's low end, a table cell)."""
        return number(value, self.places)

    def change(self, value: Number | str | None) -> str:
        """A difference of two values: in points for a percentage."""
        if self.is_percent:
            return points(value, self.places)
        return self.value(value)

    def rate(self, per_day: float | None) -> str:
        """A pace: “0.25 t a day”."""
        if per_day is None:
            return NONE
        places = min(self.places + 2, MAX_PLACES)
        if self.is_percent:
            return f"{points(per_day, places)} a day"
        text = number(per_day, places)
        unit = self.currency or self.unit or "units"
        return f"{text} {unit} a day"
