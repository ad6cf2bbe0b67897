"""Practice 2: commitments kept (or not), items shared with the partnership, concerns raised
and answered, and the last check of the partnership's audit history.

A commitment belongs to the party that promised (its owner); a shared item to the party that
shared it; a concern to the party that raised it. The other parties act on them through the
services' transitions (confirm, dispute, mark read, answer), each versioned and audited.
"""

from datetime import date
from pathlib import PurePosixPath
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accord.core.models import Organization, Partnership, PartnershipRecord, Party, Visibility
from accord.lib.bounds import DATE_VALIDATORS


class CommitmentStatus(models.TextChoices):
    OPEN = "open", "Open"
    DELIVERED = "delivered", "Delivered"
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Disputed"
    BROKEN = "broken", "Broken"


# Delivered, by the promiser's word (confirmed or still awaiting the receiver): kept.
KEPT = (CommitmentStatus.DELIVERED, CommitmentStatus.CONFIRMED)


class Commitment(PartnershipRecord):
    """A promise of the owning party (optionally of one person on its team) to another party,
    or to the partnership as a whole (`receiver_party` empty), due on `due_date`.

    `due_date` is the date in force; a renegotiation moves it and keeps the first one in
    `original_due_date`. Kept on time: delivered on or before the date in force."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=10000)
    promiser_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who on your team gave their word (optional).",
    )
    receiver_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="To whom it is promised; none: to the partnership as a whole.",
    )
    due_date = models.DateField(validators=DATE_VALIDATORS)
    original_due_date = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    renegotiations = models.PositiveIntegerField(default=0)
    renegotiation_reason = models.CharField(max_length=1000, blank=True)
    status = models.CharField(
        max_length=10, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    delivered_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    delivery_note = models.CharField(max_length=1000, blank=True)
    # Who confirmed, disputed or broke it (empty: broken automatically, overdue past the grace).
    settled_by_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=1000, blank=True)
    broken_automatically = models.BooleanField(default=False)
    # Where it comes from, if from somewhere else (later: a meeting's action item): a model
    # label, an id and how to name it; kept generic so no practice imports a later one.
    source_kind = models.CharField(max_length=60, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_label = models.CharField(max_length=200, blank=True)

    EDITABLE_FIELDS = (
        "title",
        "description",
        "promiser_person",
        "receiver_party",
        "due_date",
        "visibility",
        "source_kind",
        "source_id",
        "source_label",
    )

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["partnership", "status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-trust", args=[self.partnership_id]) + f"#commitment-{self.pk}"

    @property
    def is_kept(self) -> bool:
        return self.status in KEPT

    @property
    def kept_on_time(self) -> bool:
        return self.is_kept and self.delivered_on is not None and self.delivered_on <= self.due_date

    @property
    def kept_late(self) -> bool:
        return self.is_kept and self.delivered_on is not None and self.delivered_on > self.due_date

    def is_overdue_on(self, today: date) -> bool:
        return self.status == CommitmentStatus.OPEN and self.due_date < today

    def receiving_party_ids(self, party_ids: list[int]) -> set[int]:
        """The parties that confirm or dispute it: the receiver, or (promised to the
        partnership) every party but the promiser (`party_ids`: the partnership's)."""
        if self.receiver_party_id is not None:
            return {self.receiver_party_id}
        return {pk for pk in party_ids if pk != self.owner_party_id}

    def rule_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.title.strip():
            errors["title"] = "Say what is promised."
        if self.receiver_party_id is not None:
            if self.receiver_party_id == self.owner_party_id:
                errors["receiver_party"] = "A party does not promise to itself."
            elif self.receiver_party.partnership_id != self.partnership_id:  # type: ignore[union-attr]
                errors["receiver_party"] = "No such party in this partnership."
        settled = self.status != CommitmentStatus.OPEN
        if self.status in (*KEPT, CommitmentStatus.DISPUTED) and self.delivered_on is None:
            errors["delivered_on"] = "A delivered commitment has a delivery date."
        if not settled and self.delivered_on is not None:
            errors["delivered_on"] = "An open commitment has no delivery date."
        if self.status == CommitmentStatus.DISPUTED and not self.reason.strip():
            errors["reason"] = "Say why the delivery is disputed."
        if (
            self.status == CommitmentStatus.BROKEN
            and not self.broken_automatically
            and not self.reason.strip()
        ):
            errors["reason"] = "Say why the commitment is broken."
        if self.original_due_date is not None and not self.renegotiation_reason.strip():
            errors["renegotiation_reason"] = "Say why the due date moved."
        return errors


class ItemKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    LINK = "link", "Link"


def uploads_storage() -> Storage:
    """Where uploaded documents live: Django's default storage (FileSystemStorage under
    ACCORD_DATA_DIR/uploads unless STORAGES says otherwise). Never served by URL: only
    through the download view and endpoint, which check access."""
    return storages["default"]


def upload_path(item: "SharedItem", filename: str) -> str:
    """A name nobody chooses: the partnership, then a random one keeping the extension."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"trust/{item.partnership_id}/{uuid4().hex}{suffix}"


class SharedItem(PartnershipRecord):
    """A document or a link the owning party shares with the partnership, with a note."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    url = models.URLField(max_length=1000, blank=True)
    note = models.TextField(blank=True, max_length=10000)
    file = models.FileField(
        upload_to=upload_path, storage=uploads_storage, max_length=300, blank=True
    )
    filename = models.CharField(max_length=200, blank=True)  # the safe name it downloads as
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)

    EDITABLE_FIELDS = ("title", "url", "note", "visibility")
    STAMP_FIELDS = ("file",)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-trust", args=[self.partnership_id]) + f"#item-{self.pk}"

    @property
    def inline(self) -> bool:
        """Shown in the browser rather than downloaded: images and PDF only."""
        return self.content_type.startswith("image/") or self.content_type == "application/pdf"

    def rule_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.title.strip():
            errors["title"] = "Give the item a title."
        if self.kind == ItemKind.LINK:
            if not self.url.lower().startswith(("https://", "http://")):
                errors["url"] = "Give the link's address, starting with https:// or http://."
        elif self.kind == ItemKind.DOCUMENT:
            if self.url:
                errors["url"] = "A document is a file, not a link."
            if not self.file:
                errors["file"] = "Attach the document's file."
        return errors


class ItemRead(models.Model):
    """A party other than the sharer has read (received) a shared item."""

    item = models.ForeignKey(SharedItem, on_delete=models.CASCADE, related_name="reads")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "party"], name="one_read_per_party")]
        ordering = ["read_at", "id"]

    def __str__(self) -> str:
        return f"{self.item} read by {self.party.organization}"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class ConcernStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    RESOLVED = "resolved", "Resolved"


class Concern(PartnershipRecord):
    """A concern or piece of feedback the owning party raises to another party. Always shared:
    it is addressed to them."""

    topic = models.CharField(max_length=200)
    text = models.TextField(max_length=10000)
    severity = models.CharField(max_length=6, choices=Severity.choices, default=Severity.MEDIUM)
    addressed_to = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=8, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    first_answered_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    reopened = models.PositiveIntegerField(default=0)

    EDITABLE_FIELDS = ("topic", "text", "severity")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("accord-trust", args=[self.partnership_id]) + f"#concern-{self.pk}"

    @property
    def hours_to_first_answer(self) -> float | None:
        if self.first_answered_at is None:
            return None
        return round((self.first_answered_at - self.created_at).total_seconds() / 3600, 1)

    def rule_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.topic.strip():
            errors["topic"] = "Give the concern a topic."
        if not self.text.strip():
            errors["text"] = "Say what concerns you."
        if self.visibility != Visibility.SHARED:
            errors["visibility"] = "A concern is raised to the other party: it is shared."
        if self.addressed_to_id == self.owner_party_id:
            errors["addressed_to"] = "Raise a concern to another party."
        elif self.addressed_to.partnership_id != self.partnership_id:
            errors["addressed_to"] = "No such party in this partnership."
        return errors


class ConcernReply(models.Model):
    """An answer of the addressed party, or the raiser's word on reopening."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="replies")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=10000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "id"]
        verbose_name_plural = "concern replies"

    def __str__(self) -> str:
        return f"Reply to {self.concern}"


class HistoryCheck(models.Model):
    """The last verification of a partnership's audit chain, as a member pressed "Verify the
    history": the shared chain (`organization` empty), or one organization's private chain.
    An observation, not partnership data: no version, no audit event of its own."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    chain = models.CharField(max_length=120)
    intact = models.BooleanField()
    events = models.PositiveIntegerField()
    problem = models.TextField(blank=True)
    broken_seq = models.PositiveIntegerField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["partnership", "chain", "checked_at"])]

    def __str__(self) -> str:
        return f"{self.chain}: {'intact' if self.intact else 'broken'}"

    def describe(self) -> dict[str, Any]:
        return {"chain": self.chain, "intact": self.intact, "events": self.events}
