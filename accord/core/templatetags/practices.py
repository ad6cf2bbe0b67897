"""`{% practices as list %}`: the installed practices in practice order, for the partnership
tabs and the stylesheet links (see accord.core.practices)."""

from django import template

from accord.core.practices import Practice
from accord.core.practices import practices as installed

register = template.Library()


@register.simple_tag
def practices() -> tuple[Practice, ...]:
    return installed()
