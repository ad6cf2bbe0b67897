"""How the history page shows the values an audit event recorded (stored as plain JSON)."""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def field_label(name: str) -> str:
    """`review_cadence` → “Review cadence”."""
    return name.replace("_", " ").capitalize()


@register.filter
def recorded(value) -> str:
    """A recorded value as a person reads it: dates and times in words, lists joined, None “—”."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(recorded(item) for item in value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return date_format(date.fromisoformat(value), "j M Y")
            moment = timezone.localtime(datetime.fromisoformat(value))
            return date_format(moment, "j M Y, H:i")
        except ValueError:
            return value
    return str(value)
