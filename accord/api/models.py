from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """A POST sent with an `Idempotency-Key`: claimed (no `status`) while it runs, then the
    answer to replay to a retry of the same user with the same key, method, path and body.
    Kept `accord.api.idempotency.TTL`, a successful answer only (decision 0011)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the body, in canonical form
    created_at = models.DateTimeField(db_index=True)
    locked_at = models.DateTimeField()  # when the request now running it claimed it
    status = models.PositiveSmallIntegerField(null=True)  # None while in progress
    content_type = models.CharField(max_length=100, blank=True)
    etag = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"
