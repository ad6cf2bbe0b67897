"""What a person is told: notifications derived from audit events and daily reminders, and how
they want them emailed (docs/decisions/0022-notifications.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Notification(models.Model):
    """One thing one person should hear, in the words and with the link a reader of its source
    could see when it was made: an audit event (`event`) or a reminder (`reminder_key`).

    The words are kept, not read again from the record: a record made private later does not
    show its new title to the partner through an old notification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=80)
    partnership = models.ForeignKey("core.Partnership", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    event = models.ForeignKey(
        "audit.AuditEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminder_key = models.CharField(max_length=200, blank=True)
    # The organization whose members alone may hear it (its source was private to it).
    private_to = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When it went out by email, alone or in a digest; never emailed twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One notification per source and person, however often and by however many
            # workers the dispatch and the reminders run.
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(event__isnull=False),
                name="one_notification_per_event_and_user",
            ),
            models.UniqueConstraint(
                fields=["reminder_key", "user"],
                condition=~Q(reminder_key=""),
                name="one_notification_per_reminder_and_user",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notification_list"),
            models.Index(
                fields=["user", "created_at"],
                condition=Q(emailed_at__isnull=True, read_at__isnull=True),
                name="notification_to_email",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class EventDispatch(models.Model):
    """An audit event the dispatch has turned into notifications (possibly none): its row is
    written in the transaction that makes them, so an event is dispatched once."""

    event = models.OneToOneField(
        "audit.AuditEvent", on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    dispatched_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"event {self.event_id} dispatched"


class DispatchFloor(models.Model):
    """One row: every audit event with an id up to `event_id` was dispatched; the dispatch reads
    only those above it. It rises only over events old enough that no transaction still
    writing one could commit below it (decision 0022)."""

    event_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"dispatched up to event {self.event_id}"


class EmailChoice(models.TextChoices):
    IMMEDIATE = "immediate", "As it happens"
    DAILY = "daily", "A daily digest"
    OFF = "off", "Never"


class EmailPreference(models.Model):
    """How a person wants their notifications emailed (none saved: the daily digest)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="email_preference",
    )
    email = models.CharField(max_length=10, choices=EmailChoice.choices, default=EmailChoice.DAILY)
    # The day of the last digest sent: one a day, however often the job runs.
    last_digest_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_display()}"
