"""Reads of webhooks, for the organization's admins (the caller checks the rights)."""

from django.db.models import QuerySet
from django.http import Http404

from accord.core.models import Organization
from accord.webhooks.models import WebhookDelivery, WebhookEndpoint


def endpoints_of(organization: Organization) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(organization=organization).order_by("id")


def endpoint_of(organization: Organization, endpoint_id: int) -> WebhookEndpoint:
    """One of the organization's endpoints; 404 for another organization's, like a missing one."""
    endpoint = endpoints_of(organization).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404("No such webhook.")
    endpoint.organization = organization  # read already: pages show it, services audit on it
    return endpoint


def deliveries_of(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """The endpoint's delivery log, newest first; the bodies stay out (they may be large)."""
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .defer("body")
        .order_by("-created_at", "-id")
    )
