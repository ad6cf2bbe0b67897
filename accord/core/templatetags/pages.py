"""Small helpers of the page templates: `{% load pages %}`."""

from typing import Any

from django import forms, template
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from accord.lib.fragments import CSRF_SLOT

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


class CachedFormsNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, key: Any) -> None:
        self.nodelist, self.name, self.key = nodelist, name, key

    def render(self, context: template.Context) -> str:
        store = caches["pages"]
        key = make_template_fragment_key(self.name, [self.key.resolve(context)])
        parts = store.get(key)
        if parts is None:
            # Every form rendered inside writes the slot where its token goes.
            with context.push(csrf_token=mark_safe(CSRF_SLOT)):
                parts = self.nodelist.render(context).split(CSRF_SLOT)
            store.set(key, parts, None)
        # Kept split at the slots: joining is ten times cheaper than replacing in the markup.
        token = conditional_escape(str(context.get("csrf_token", "")))
        return mark_safe(token.join(parts))


@register.tag
def cached_forms(parser: template.base.Parser, token: template.base.Token) -> CachedFormsNode:
    """`{% cached_forms <name> <key> %}…{% endcached_forms %}`: `{% cache None <name> <key>
    using="pages" %}` for a part that holds forms (decision 0025). The cache keeps the part
    without any CSRF token (each form's is a slot, `accord.lib.fragments.CSRF_SLOT`); every
    request gets it with its own."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("{% cached_forms <name> <key> %}")
    nodelist = parser.parse(("endcached_forms",))
    parser.delete_first_token()
    return CachedFormsNode(nodelist, bits[1], parser.compile_filter(bits[2]))
