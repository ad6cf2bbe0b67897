"""Health snapshots: the health check of a partnership as one party saw it on one day.

A snapshot is derived data (worked out again from the records at any time), not a partnership
record: it is not versioned nor audited. It is taken through `Viewpoint.of_party(party)`, so it
counts that party's private records and is read only by that party's organization (the health
page's trend, the portfolio). The worker takes one per party and day; taking one on demand
replaces the day's.
"""

from django.db import models
from django.utils import timezone

from accord.core.models import Partnership, Party

# "Down 12 points in four weeks": the span of a snapshot's `change`.
CHANGE_DAYS = 28


class Band(models.TextChoices):
    """The overall score read as a word (bounds in `accord.health.checkup.band_of`)."""

    GOOD = "good", "Healthy"
    FAIR = "fair", "Needs attention"
    POOR = "poor", "At risk"
    UNKNOWN = "unknown", "Unknown"


class Confidence(models.TextChoices):
    """How far an evidence score can be trusted, read as a word: it falls with little data."""

    NONE = "none", "No data"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"

    @classmethod
    def of(cls, confidence: float) -> "Confidence":
        """The word for a confidence of 0-1 (`EvidenceScore.confidence`)."""
        if confidence <= 0:
            return cls.NONE
        if confidence < 0.4:
            return cls.LOW
        return cls.MEDIUM if confidence < 0.75 else cls.HIGH


class Snapshot(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="health_snapshots")
    taken_on = models.DateField()
    taken_at = models.DateTimeField(default=timezone.now)
    # 0-100, None while no practice has a score
    overall = models.PositiveSmallIntegerField(null=True)
    band = models.CharField(max_length=10, choices=Band.choices, default=Band.UNKNOWN)
    # The weakest practice with a score (its number), None when none has one
    weakest = models.PositiveSmallIntegerField(null=True)
    # {"<practice number>": {"score": int|None, "confidence": float}} for the six practices
    scores = models.JSONField(default=dict)
    # {"<practice number>": {"<party id>": float 1-5}} where shown (above the threshold)
    perception = models.JSONField(default=dict)
    # {"<figure key>": [value, denominator|None]}: every practice's figures, for the portfolio's
    # columns (overdue commitments, open high risks, value balance) without reading records
    figures = models.JSONField(default=dict)
    next_review = models.DateField(null=True)
    # Points since the party's snapshot of CHANGE_DAYS before (the latest on or before that
    # day), None without one: stored when taken, so the portfolio sorts by it without a
    # subquery per partnership
    change = models.SmallIntegerField(null=True)
    # Only the newest snapshot of each party is latest: the portfolio reads those alone
    latest = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["party", "taken_on"], name="one_snapshot_a_day"),
        ]
        indexes = [models.Index(fields=["party", "latest"], name="snapshot_party_latest")]
        ordering = ["party", "taken_on"]

    def __str__(self) -> str:
        return f"{self.party} on {self.taken_on}: {self.overall}"
