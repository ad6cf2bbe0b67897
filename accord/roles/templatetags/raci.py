"""`{% raci_cells row %}`: the cells of a row of the RACI matrix (`roles.presentation`)."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from accord.roles.presentation import matrix_cells
from accord.roles.selectors import ActivityRow

register = template.Library()


@register.simple_tag(takes_context=True)
def raci_cells(context: Any, row: ActivityRow) -> SafeString:
    grant = context["grant"]
    return matrix_cells(
        row,
        action=reverse("accord-raci-cell", args=[grant.partnership.pk, row.activity.pk]),
        # The user's token, or the slot a cached page fills per request ({% cached_forms %}).
        csrf_token=str(context.get("csrf_token", "")),
        organization=context.get("acting_organization"),
        editable=grant.can_edit,
    )
