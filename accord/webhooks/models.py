"""An organization's webhook endpoints, the events fanned out to them, and how each went.

See docs/decisions/0023-webhooks-and-schedule.md: what an endpoint receives (the audit events
its organization may see), how it is signed, retried and disabled.
"""

from django.conf import settings
from django.db import models


class WebhookEndpoint(models.Model):
    """A URL that receives the organization's partnership events, signed with `secret`. Managed
    by the organization's owners and admins; disabled by the worker after
    ACCORD_WEBHOOK_DISABLE_AFTER failed attempts in a row, re-enabled by an admin."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=500, blank=True)
    # Signs every delivery (HMAC-SHA256); shown to the organization's admins, rotatable.
    secret = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["organization", "id"]
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return self.url


class WebhookCursor(models.Model):
    """How far the fan-out has read each audit chain for an organization: the last `seq` of
    `chain` turned into deliveries. Chains are appended one event at a time under their head's
    lock, so an event committed late still has a higher seq than any read before: none is lost."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="+"
    )
    chain = models.CharField(max_length=100)
    seq = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "chain"], name="unique_webhook_cursor")
        ]

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "pending"
    DELIVERED = "delivered", "delivered"
    FAILED = "failed", "failed"  # given up after ACCORD_WEBHOOK_MAX_ATTEMPTS


class WebhookDelivery(models.Model):
    """One event to send to one endpoint (unique), and how its attempts went. The body is
    written once, when the delivery is made, and sent as it is on every attempt."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    # Null for a test event.
    event = models.ForeignKey(
        "audit.AuditEvent", on_delete=models.CASCADE, null=True, related_name="+"
    )
    event_type = models.CharField(max_length=130)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    # What the last attempt got: the start of the answer, or why there was none (bounded).
    response_excerpt = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="unique_webhook_delivery")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event_type} to {self.endpoint_id}"
