"""The API of an organization's webhooks: endpoints, their secret and test event, and the
delivery log. For the organization's owners and admins (others of it: 403; outsiders: 404)."""

from datetime import datetime
from typing import Any, ClassVar, cast

from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import P, PathEx, Schema, Status
from ninja.pagination import paginate
from pydantic import Field, StrictBool

from accord.accounts.http import AuthedRequest
from accord.api.api import conflict, conflict_schema
from accord.api.conditional import (
    conditional,
    etag_of,
    expected_version,
    not_modified,
    precondition_failed,
)
from accord.api.lists import Listing, Pages, choice_filter
from accord.api.operations import ApiRouter, OrganizationSlug
from accord.core.access import organization_access
from accord.core.errors import StaleEdit
from accord.core.schemas import InputSchema, RecordPatch, patch_of
from accord.webhooks import selectors, services
from accord.webhooks.models import DeliveryStatus, WebhookEndpoint

router = ApiRouter(
    "webhooks",
    "Your organization's webhook endpoints: the partnership events it may see, POSTed as "
    "signed JSON by the worker, with retries and a delivery log. For its owners and admins.",
)

WEBHOOKS = "/organizations/{slug}/webhooks"
WebhookId = PathEx[int, P(description="The webhook endpoint's id (`id` in its answers).")]


class WebhookOut(Schema):
    id: int
    url: str
    description: str
    secret: str = Field(description="Signs every delivery: see `X-Accord-Signature`.")
    active: bool = Field(description="False once disabled after repeated failures, or by you.")
    consecutive_failures: int
    disabled_at: datetime | None
    version: int
    created_at: datetime

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "id": 3,
        "url": "https://hooks.example.com/accord",
        "description": "Our CRM",
        "secret": "whsec_9mVh…",
        "active": True,
        "consecutive_failures": 0,
        "disabled_at": None,
        "version": 1,
        "created_at": "2026-03-02T09:30:00Z",
    }


class WebhookIn(InputSchema):
    url: str = Field(description="https, on a public address.")
    description: str = ""
    active: StrictBool = Field(
        True, description="false pauses deliveries; true enables a disabled endpoint again."
    )

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "url": "https://hooks.example.com/accord",
        "description": "Our CRM",
    }


WebhookPatch = patch_of(WebhookIn)


class DeliveryOut(Schema):
    id: int
    event_id: int | None = Field(description="The audit event's id; null for a test event.")
    event_type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    status_code: int | None = Field(description="The HTTP status of the last attempt's answer.")
    response_excerpt: str = Field(description="The start of that answer (500 characters).")
    error: str
    created_at: datetime
    delivered_at: datetime | None


def _endpoint(request: AuthedRequest, slug: str, webhook_id: int) -> WebhookEndpoint:
    organization = organization_access(request.user, slug, "admin")
    return selectors.endpoint_of(organization, webhook_id)


@router.get(WEBHOOKS, response={200: list[WebhookOut]})
@paginate(Pages, listing=Listing())
def webhook_list(request: AuthedRequest, slug: OrganizationSlug) -> QuerySet:
    """List your organization's webhook endpoints.

    Each with its secret and state, oldest first. Needs the organization's admin role.
    """
    return selectors.endpoints_of(organization_access(request.user, slug, "admin"))


@router.post(WEBHOOKS, response={201: WebhookOut})
def webhook_create(request: AuthedRequest, slug: OrganizationSlug, payload: WebhookIn) -> Status:
    """Add a webhook endpoint.

    Accord makes its secret (in the answer). From now on the partnership events your
    organization may see are POSTed to the URL. Needs the organization's admin role.
    """
    organization = organization_access(request.user, slug, "admin")
    endpoint = services.endpoint_create(
        organization=organization, actor=request.user, **payload.dict()
    )
    return Status(201, endpoint)


def _tagged(response: HttpResponse, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    response["ETag"] = etag_of(WebhookOut, endpoint)
    return endpoint


@router.get(f"{WEBHOOKS}/{{id:webhook_id}}", response={200: WebhookOut})
@conditional
def webhook_get(
    request: AuthedRequest, response: HttpResponse, slug: OrganizationSlug, webhook_id: WebhookId
) -> Any:
    """Get a webhook endpoint.

    With its secret and state, and its `ETag` (`If-None-Match` answers 304 while it is
    unchanged). Needs the organization's admin role.
    """
    endpoint = _endpoint(request, slug, webhook_id)
    return not_modified(request, etag_of(WebhookOut, endpoint)) or _tagged(response, endpoint)


@router.patch(
    f"{WEBHOOKS}/{{id:webhook_id}}",
    response={200: WebhookOut, 409: conflict_schema(WebhookOut), 412: conflict_schema(WebhookOut)},
)
@conditional
def webhook_update(
    request: AuthedRequest,
    response: HttpResponse,
    slug: OrganizationSlug,
    webhook_id: WebhookId,
    payload: WebhookPatch,  # type: ignore[valid-type]
) -> Any:
    """Change a webhook endpoint.

    Its URL, description, or `active` (true enables a disabled one again), from the `version`
    it is based on (409 if it changed since), or its ETag in `If-Match` (412). Needs the
    organization's admin role.
    """
    patch = cast(RecordPatch, payload)  # generated from WebhookIn by patch_of
    endpoint = _endpoint(request, slug, webhook_id)
    refused = precondition_failed(request, WebhookOut, endpoint)
    if refused:
        return refused
    try:
        changed = services.endpoint_update(
            endpoint=endpoint,
            actor=request.user,
            expected_version=expected_version(request, patch.version, endpoint.version),
            changes=patch.dict(exclude_unset=True, exclude={"version"}),
        )
    except StaleEdit as stale:
        return conflict(request, stale, WebhookOut)
    return _tagged(response, changed)


@router.delete(
    f"{WEBHOOKS}/{{id:webhook_id}}", response={204: None, 412: conflict_schema(WebhookOut)}
)
@conditional
def webhook_delete(request: AuthedRequest, slug: OrganizationSlug, webhook_id: WebhookId) -> Any:
    """Delete a webhook endpoint.

    Nothing more is sent to it; its delivery log goes with it. With `If-Match`, only if it is
    unchanged (412 otherwise). Needs the organization's admin role.
    """
    endpoint = _endpoint(request, slug, webhook_id)
    refused = precondition_failed(request, WebhookOut, endpoint)
    if refused:
        return refused
    services.endpoint_delete(endpoint=endpoint, actor=request.user)
    return Status(204, None)


@router.post(f"{WEBHOOKS}/{{id:webhook_id}}/secret", response={200: WebhookOut})
def webhook_secret_rotate(
    request: AuthedRequest, slug: OrganizationSlug, webhook_id: WebhookId
) -> WebhookEndpoint:
    """Rotate a webhook endpoint's secret.

    A new secret, in the answer, signs every delivery from now on; the old one no longer does.
    Needs the organization's admin role.
    """
    return services.endpoint_secret_rotate(
        endpoint=_endpoint(request, slug, webhook_id), actor=request.user
    )


@router.post(f"{WEBHOOKS}/{{id:webhook_id}}/test", response={202: DeliveryOut})
def webhook_test(request: AuthedRequest, slug: OrganizationSlug, webhook_id: WebhookId) -> Status:
    """Send a test event to a webhook endpoint.

    The worker sends a `webhook.test` event at once, signed like any other, even to a disabled
    endpoint; the answer is its delivery, to follow in the log. Needs the organization's admin
    role.
    """
    endpoint = _endpoint(request, slug, webhook_id)
    return Status(202, services.endpoint_test(endpoint=endpoint, actor=request.user))


DELIVERIES = Listing(
    orderings={"created_at": "created_at"},
    default="-created_at",
    filters=(
        choice_filter("status", DeliveryStatus.values, "Only deliveries in this state.", "status"),
    ),
)


@router.get(f"{WEBHOOKS}/{{id:webhook_id}}/deliveries", response={200: list[DeliveryOut]})
@paginate(Pages, listing=DELIVERIES)
def webhook_delivery_list(
    request: AuthedRequest, slug: OrganizationSlug, webhook_id: WebhookId
) -> QuerySet:
    """List a webhook endpoint's deliveries.

    Newest first: each event sent or to send, its attempts, the last answer's status and start,
    and when it is tried next. Kept ACCORD_WEBHOOK_LOG_DAYS days. Needs the organization's
    admin role.
    """
    return selectors.deliveries_of(_endpoint(request, slug, webhook_id))
