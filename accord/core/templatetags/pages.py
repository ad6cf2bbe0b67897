"""Small helpers of the page templates: `{% load pages %}`."""

from typing import Any

from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from accord.lib.fragments import fill_csrf_slots

register = template.Library()


@register.filter
def item(mapping: dict[Any, Any], key: Any) -> Any:
    """`notes|item:o.pk`: a dict's value by a key the template computes; None when absent."""
    return mapping.get(key) if isinstance(mapping, dict) else None


def marked_required(field: forms.Field) -> bool:
    """Whether a field's label carries the required mark: required always, or whenever it is
    shown (a field that only some choices need, e.g. a range KPI's range)."""
    return field.required or getattr(field, "required_when_shown", False)


@register.filter
def is_marked_required(bound: forms.BoundField) -> bool:
    return marked_required(bound.field)


@register.filter
def mixes_required(form: forms.BaseForm) -> bool:
    """Whether some visible fields of the form are marked required and others are not: then the
    form says what the mark means (a form whose every field is needed need not)."""
    marks = {marked_required(bound.field) for bound in form.visible_fields()}
    return marks == {True, False}


class CsrfSlotsNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        token = conditional_escape(str(context.get("csrf_token", "")))
        return mark_safe(fill_csrf_slots(self.nodelist.render(context), token))


@register.tag
def csrf_slots(parser: template.base.Parser, token: template.base.Token) -> CsrfSlotsNode:
    """`{% csrf_slots %}…{% endcsrf_slots %}`: the forms inside, cached or not, carry the
    requesting user's CSRF token where they left a slot (`accord.lib.fragments.CSRF_SLOT`)."""
    nodelist = parser.parse(("endcsrf_slots",))
    parser.delete_first_token()
    return CsrfSlotsNode(nodelist)
