"""The history display's value rendering, for templates that show a recorded value by itself
(the history page gets its rows ready-made from accord.audit.display)."""

from django import template

from accord.audit.display import field_label, recorded

register = template.Library()
register.filter("field_label", field_label)
register.simple_tag(recorded, name="recorded")

__all__ = ["field_label", "recorded"]
