"""Template filters for every kind of value (accord/lib/formatting.py), built into every
template (settings.TEMPLATES "builtins"), so that no page formats a number or a date its own way.

    {{ amount|money:currency }}   {{ kpi_value|measure:kpi }}   {{ value|number:2 }}
    {{ on|day }}  {{ on|month }}  {{ at|moment }}  {{ share|percent }}  {{ r|ratio }}
"""

from datetime import date, datetime
from typing import Any

from django import template

from accord.lib import formatting

register = template.Library()


@register.filter
def number(value: Any, places: int | None = None) -> str:
    return formatting.number(value, places)


@register.filter
def percent(value: Any, places: int | None = None) -> str:
    return formatting.percent(value, places)


@register.filter
def points(value: Any, places: int | None = None) -> str:
    return formatting.points(value, places)


@register.filter
def money(value: Any, currency: str) -> str:
    return formatting.money(value, currency)


@register.filter
def ratio(value: Any) -> str:
    return formatting.ratio(value)


@register.filter
def day(value: date | None) -> str:
    return formatting.day(value)


@register.filter
def month(value: date | None) -> str:
    return formatting.month(value)


@register.filter
def moment(value: datetime | None) -> str:
    return formatting.moment(value)


@register.filter
def measure(value: Any, owner: Any) -> str:
    """A value of a KPI (anything with a `measure`), to its precision, unit and currency."""
    return owner.measure.value(value)


@register.filter
def measure_bare(value: Any, owner: Any) -> str:
    return owner.measure.bare(value)


@register.filter
def measure_change(value: Any, owner: Any) -> str:
    return owner.measure.change(value)
