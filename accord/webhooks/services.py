"""Writes of webhooks: endpoints (by the organization's owners and admins, audited on the
organization's chain, never with the secret), the fan-out of audit events into deliveries, and
the deliveries' attempts (by the worker)."""

import ipaddress
import logging
import secrets
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accord.accounts.models import User
from accord.audit.models import AuditEvent
from accord.audit.selectors import position_after
from accord.audit.services import audit_record, field_changes, private_chain, shared_chain
from accord.core.access import organization_rights
from accord.core.errors import StaleEdit
from accord.core.models import Organization, Party
from accord.lib.jobs import enqueue_with_data
from accord.webhooks import transport
from accord.webhooks.events import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    body_of,
    event_payload,
    event_type,
    sample_payload,
    signature,
)
from accord.webhooks.models import DeliveryStatus, WebhookCursor, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger("accord.jobs")

EDITABLE = ("url", "description", "active")
# What an attempt changes of its delivery.
OUTCOME_FIELDS = (
    "status",
    "attempts",
    "next_attempt_at",
    "last_attempt_at",
    "status_code",
    "response_excerpt",
    "error",
    "delivered_at",
)
MAX_URL = 2000
MAX_DESCRIPTION = 500


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _refuse_unless_admin(actor: User, organization_id: int) -> None:
    # Read fresh: an admin demoted since the page was loaded no longer manages webhooks.
    if not organization_rights(actor, organization_id, fresh=True).is_admin:
        raise PermissionDenied("Only the organization's owners and admins manage its webhooks.")


def cleaned_url(url: str) -> str:
    """The URL if an endpoint may have it: https (http only where the operator allows it), no
    credentials, not an address that is private, loopback or link-local."""
    url = (url or "").strip()
    if not url:
        raise ValidationError({"url": "Enter the URL that receives the events."})
    if len(url) > MAX_URL:
        raise ValidationError({"url": f"At most {MAX_URL} characters."})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": "Enter a full URL, such as https://example.com/hooks."}
        ) from None
    parts = urlsplit(url)
    if not transport.scheme_allowed(parts.scheme):
        raise ValidationError({"url": "Webhook URLs must use https."})
    if parts.username or parts.password:
        raise ValidationError({"url": "Leave credentials out of the URL; verify the signature."})
    try:
        literal = ipaddress.ip_address(parts.hostname or "")
    except ValueError:
        return url  # a host name: its addresses are checked on every delivery
    why = transport.address_refused(str(literal))
    if why:
        raise ValidationError({"url": why})
    return url


def cleaned_description(description: str) -> str:
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise ValidationError({"description": f"At most {MAX_DESCRIPTION} characters."})
    return description


def _audit(
    actor: User, action: str, endpoint: WebhookEndpoint, changes: dict | None = None
) -> None:
    audit_record(
        actor=actor,
        action=action,
        record=endpoint,
        organization=endpoint.organization,
        changes=changes,
    )


def _values(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {field: getattr(endpoint, field) for field in EDITABLE}


def endpoint_create(
    *,
    organization: Organization,
    actor: User,
    url: str,
    description: str = "",
    active: bool = True,
    now: datetime | None = None,
) -> WebhookEndpoint:
    _refuse_unless_admin(actor, organization.pk)
    endpoint = WebhookEndpoint(
        organization=organization,
        url=cleaned_url(url),
        description=cleaned_description(description),
        secret=new_secret(),
        active=active,
        created_at=now or timezone.now(),
        created_by=actor,
    )
    with transaction.atomic():
        endpoint.save()
        _audit(actor, "create", endpoint, field_changes({}, _values(endpoint)))
    return endpoint


def _locked(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    current = WebhookEndpoint.objects.select_for_update().filter(pk=endpoint.pk).first()
    if current is None:
        raise WebhookEndpoint.DoesNotExist("This webhook was deleted meanwhile.")
    return current


def endpoint_update(
    *, endpoint: WebhookEndpoint, actor: User, expected_version: int, changes: dict[str, Any]
) -> WebhookEndpoint:
    """Change the URL, description or active flag, from the version the change is based on
    (StaleEdit). Activating a disabled endpoint starts its failure count again."""
    _refuse_unless_admin(actor, endpoint.organization_id)
    cleaned: dict[str, Any] = {}
    if "url" in changes:
        cleaned["url"] = cleaned_url(changes["url"])
    if "description" in changes:
        cleaned["description"] = cleaned_description(changes["description"])
    if "active" in changes:
        cleaned["active"] = bool(changes["active"])
    with transaction.atomic():
        current = _locked(endpoint)
        if current.version != expected_version:
            raise StaleEdit(current)
        before = _values(current)
        for field, value in cleaned.items():
            setattr(current, field, value)
        if cleaned.get("active") and not before["active"]:
            current.consecutive_failures = 0
            current.disabled_at = None
        diff = field_changes(before, _values(current))
        if diff:
            current.version += 1
            current.save()
            _audit(actor, "update", current, diff)
    return current


def endpoint_delete(*, endpoint: WebhookEndpoint, actor: User) -> None:
    _refuse_unless_admin(actor, endpoint.organization_id)
    with transaction.atomic():
        current = _locked(endpoint)
        _audit(actor, "delete", current, field_changes(_values(current), dict.fromkeys(EDITABLE)))
        current.delete()


def endpoint_secret_rotate(*, endpoint: WebhookEndpoint, actor: User) -> WebhookEndpoint:
    """A new secret at once: deliveries from now on are signed with it (none with the old)."""
    _refuse_unless_admin(actor, endpoint.organization_id)
    with transaction.atomic():
        current = _locked(endpoint)
        current.secret = new_secret()
        current.version += 1
        current.save()
        _audit(actor, "secret_rotate", current)
    return current


def endpoint_test(
    *, endpoint: WebhookEndpoint, actor: User, now: datetime | None = None
) -> WebhookDelivery:
    """Queue a test event for the endpoint, sent by the worker at once (once: no retries), even
    to a disabled endpoint, so that an admin can check it before enabling it again."""
    _refuse_unless_admin(actor, endpoint.organization_id)
    now = now or timezone.now()
    # Imported here: the task module calls these services.
    from accord.webhooks.tasks import webhook_delivery_send

    sample = sample_payload(endpoint.organization.slug, now)
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=None,
            event_type=sample["type"],
            body=body_of(sample),
            next_attempt_at=now,
            created_at=now,
        )
        enqueue_with_data(webhook_delivery_send, delivery.pk)
    return delivery


# --- The worker: fan-out ----------------------------------------------------------------------


def _chains_seen(organization_id: int) -> list[str]:
    """The audit chains an organization sees: each of its partnerships' shared chain and its
    own private chain there; never another organization's private chain."""
    partnerships = Party.objects.filter(organization=organization_id).values_list(
        "partnership_id", flat=True
    )
    chains = []
    for partnership_id in partnerships:
        chains += [shared_chain(partnership_id), private_chain(partnership_id, organization_id)]
    return chains


def webhook_events_fan_out(*, now: datetime | None = None, batch: int = 1000) -> int:
    """Make a delivery of each audit event not yet fanned out for every endpoint of the
    organizations that may see it; returns how many deliveries were made. Idempotent: one
    delivery per (endpoint, event), and each chain read from where the last run stopped. A
    paused or disabled endpoint gets its deliveries too, sent once it is enabled again: the
    events of the pause are not lost."""
    now = now or timezone.now()
    endpoints: dict[int, list[WebhookEndpoint]] = defaultdict(list)
    for endpoint in WebhookEndpoint.objects.all():
        endpoints[endpoint.organization_id].append(endpoint)
    made = 0
    for organization_id, receivers in endpoints.items():
        made += _fan_out_to(organization_id, receivers, now, batch)
    return made


def _fan_out_to(
    organization_id: int, receivers: list[WebhookEndpoint], now: datetime, batch: int
) -> int:
    chains = _chains_seen(organization_id)
    if not chains:
        return 0
    with transaction.atomic():
        read = dict(
            WebhookCursor.objects.filter(
                organization=organization_id, chain__in=chains
            ).values_list("chain", "seq")
        )
        # A chain never read starts when the organization's first endpoint did.
        unread = Q(at__gte=min(e.created_at for e in receivers)) & ~Q(chain__in=list(read))
        for chain, seq in read.items():
            unread |= Q(chain=chain, seq__gt=seq)
        events = list(
            AuditEvent.objects.filter(chain__in=chains)
            .visible_to_organizations([organization_id])
            .filter(unread)
            .select_related("partnership", "actor")
            .order_by("id")[:batch]
        )
        deliveries = [
            WebhookDelivery(
                endpoint=endpoint,
                event=event,
                event_type=event_type(event),
                body=body_of(event_payload(event)),
                next_attempt_at=now,
                created_at=now,
            )
            for event in events
            for endpoint in receivers
            if event.at >= endpoint.created_at
        ]
        WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        for chain, seq in position_after(read, events).items():
            if read.get(chain) != seq:
                WebhookCursor.objects.update_or_create(
                    organization_id=organization_id, chain=chain, defaults={"seq": seq}
                )
    return len(deliveries)


# --- The worker: sending --------------------------------------------------------------------


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failed attempt: ACCORD_WEBHOOK_RETRY_SECONDS * 2^(n-1) (1, 2, 4, 8 … min)."""
    return timedelta(seconds=settings.ACCORD_WEBHOOK_RETRY_SECONDS * 2 ** (attempts - 1))


def webhook_deliveries_send(*, now: datetime | None = None, batch: int = 100) -> int:
    """Attempt the deliveries that are due to active endpoints, oldest first; returns how many
    were attempted."""
    now = now or timezone.now()
    due = (
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=now,
            endpoint__active=True,
            event__isnull=False,
        )
        .select_related("endpoint", "event")
        .order_by("next_attempt_at", "id")[:batch]
    )
    return sum(delivery_attempt(delivery=delivery, now=now) for delivery in due)


def _claimed(delivery: WebhookDelivery, now: datetime) -> bool:
    """Whether this process won the delivery: it moves the next attempt past the call's timeout
    first, so that another worker's run does not send it too (and one that died mid-call is
    tried again after it)."""
    lease = now + timedelta(seconds=settings.ACCORD_WEBHOOK_TIMEOUT_SECONDS * 2 + 30)
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.PENDING, next_attempt_at=delivery.next_attempt_at
        ).update(next_attempt_at=lease)
    )


def _may_receive(delivery: WebhookDelivery) -> bool:
    """An event private to another organization never leaves for this endpoint, whatever put it
    in the queue."""
    event = delivery.event
    return event is None or event.private_to_id in (None, delivery.endpoint.organization_id)


def delivery_attempt(*, delivery: WebhookDelivery, now: datetime | None = None) -> bool:
    """One attempt at a delivery: signed POST, then the outcome recorded. A test event is tried
    once; an event is retried with backoff until ACCORD_WEBHOOK_MAX_ATTEMPTS, and each failure
    counts towards disabling its endpoint. Returns False if another process had claimed it."""
    now = now or timezone.now()
    if delivery.status != DeliveryStatus.PENDING or not _claimed(delivery, now):
        return False
    endpoint = delivery.endpoint
    if not _may_receive(delivery):
        logger.error("webhook delivery %s: event of another organization refused", delivery.pk)
        WebhookDelivery.objects.filter(pk=delivery.pk).delete()
        return False
    body = delivery.body.encode()
    stamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Accord-Webhooks/1",
        "X-Accord-Event": delivery.event_type,
        "X-Accord-Delivery": str(delivery.pk),
        TIMESTAMP_HEADER: str(stamp),
        SIGNATURE_HEADER: signature(endpoint.secret, stamp, body),
    }
    try:
        answer = transport.post(endpoint.url, body, headers)
        succeeded = 200 <= answer.status < 300
        delivery.status_code, delivery.response_excerpt, delivery.error = (
            answer.status,
            answer.excerpt,
            "",
        )
        if not succeeded:
            delivery.error = f"Answered {answer.status}."
    except (transport.Refused, OSError) as error:
        succeeded = False
        delivery.status_code, delivery.response_excerpt = None, ""
        delivery.error = (str(error) or type(error).__name__)[:500]
    delivery.attempts += 1
    delivery.last_attempt_at = now
    if succeeded:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            DeliveryStatus.DELIVERED,
            now,
            None,
        )
    elif delivery.event_id is None or delivery.attempts >= settings.ACCORD_WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)
    outcome = {field: getattr(delivery, field) for field in OUTCOME_FIELDS}
    with transaction.atomic():
        # An update, not save(): an endpoint deleted during the call took its deliveries along.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**outcome)
        if delivery.event_id is not None:
            _count_on_endpoint(endpoint, succeeded, now)
    return True


def _count_on_endpoint(endpoint: WebhookEndpoint, succeeded: bool, now: datetime) -> None:
    if succeeded:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    disabled = WebhookEndpoint.objects.filter(
        pk=endpoint.pk, active=True, consecutive_failures__gte=settings.ACCORD_WEBHOOK_DISABLE_AFTER
    ).update(active=False, disabled_at=now, version=F("version") + 1)
    if disabled:
        logger.warning("webhook %s disabled after repeated failures", endpoint.pk)


def webhook_deliveries_prune(*, now: datetime | None = None) -> None:
    """Forget finished deliveries after ACCORD_WEBHOOK_LOG_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ACCORD_WEBHOOK_LOG_DAYS)
    WebhookDelivery.objects.exclude(status=DeliveryStatus.PENDING).filter(
        created_at__lt=cutoff
    ).delete()
