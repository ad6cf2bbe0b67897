"""QBR reports: a partnership's quarterly business review, made by the worker and kept.

A report is not a partnership record (it is made from records, never edited): it has no
version and no owner's visibility, but its edition decides who sees it. The shared edition is
read through `Viewpoint.shared` and seen by every party's team; the internal edition adds the
requesting party's private records and is seen only through that party (its organization).
The PDF and HTML are kept in the row (decision 0030)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from accord.core.models import Partnership, Party


class Edition(models.TextChoices):
    SHARED = "shared", "Shared (for every party)"
    INTERNAL = "internal", "Internal (adds your organization's private records)"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Being made"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class QbrReport(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    # The party that asked for it; an internal edition is that party's organization's alone.
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    quarter = models.CharField(max_length=6)  # "2026Q3"
    edition = models.CharField(max_length=8, choices=Edition.choices)
    status = models.CharField(
        max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # 0-100
    step = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    html = models.TextField(blank=True)
    pdf = models.BinaryField(blank=True, default=b"")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partnership", "-created_at"])]

    def __str__(self) -> str:
        return f"QBR {self.quarter} ({self.edition})"

    @property
    def is_internal(self) -> bool:
        return self.edition == Edition.INTERNAL

    @property
    def is_working(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)

    @property
    def private_to_id(self) -> int | None:
        """The organization an internal report (and its audit event) belongs to."""
        return self.party.organization_id if self.is_internal else None
