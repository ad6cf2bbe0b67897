"""Practice 1: each party's objectives, the shared goals every party endorses, and the links
between them (an objective supports, or conflicts with, a goal)."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accord.core.models import PartnershipRecord, Party, Visibility


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Horizon(models.TextChoices):
    SHORT = "short", "Short term"
    MEDIUM = "medium", "Medium term"
    LONG = "long", "Long term"


class ObjectiveStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class Objective(PartnershipRecord):
    """What one party wants from the partnership; may be private to its organization."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    horizon = models.CharField(max_length=8, choices=Horizon.choices, default=Horizon.MEDIUM)
    status = models.CharField(
        max_length=10, choices=ObjectiveStatus.choices, default=ObjectiveStatus.ACTIVE
    )

    EDITABLE_FIELDS = ("title", "description", "priority", "horizon", "status", "visibility")

    class Meta:
        ordering = ["owner_party_id", "title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-objectives", args=[self.partnership_id]) + f"#objective-{self.pk}"

    @property
    def is_dropped(self) -> bool:
        return self.status == ObjectiveStatus.DROPPED


class GoalStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class Endorsable(models.Model):
    """A shared record that every party must endorse in its current wording (a goal, and the
    decision rules of practice 3): an edit of its wording clears the endorsements (see
    `services.reworded_update`). The concrete model has an `endorsements` relation to a
    subclass of `EndorsementBase`, WORDING_FIELDS, and `cleared_in_version`."""

    # The version whose change of wording cleared the endorsements, if the latest did.
    cleared_in_version = models.PositiveIntegerField(null=True, blank=True)

    WORDING_FIELDS: tuple[str, ...] = ()

    version: int
    endorsements: Any  # the reverse relation of the concrete EndorsementBase

    class Meta:
        abstract = True

    @property
    def is_dropped(self) -> bool:
        return False

    @property
    def endorsements_cleared(self) -> bool:
        """Whether the change that made the current version cleared the endorsements."""
        return self.cleared_in_version == self.version

    def wording(self) -> dict[str, object]:
        return {field: getattr(self, field) for field in self.WORDING_FIELDS}

    def endorsement_list(self) -> list["EndorsementBase"]:
        """The endorsements, oldest first (prefetch `endorsements` to read them for free)."""
        return sorted(self.endorsements.all(), key=lambda e: (e.endorsed_at, e.pk))

    def missing_parties(self, parties: Sequence[Party]) -> list[Party]:
        """The parties (of `parties`, the partnership's current ones) that have not endorsed."""
        endorsed = {e.party_id for e in self.endorsements.all()}
        return [party for party in parties if party.pk not in endorsed]

    def is_agreed(self, parties: Sequence[Party]) -> bool:
        """Agreed while every current party endorses the current wording."""
        return bool(parties) and not self.missing_parties(parties)


class EndorsementBase(models.Model):
    """One party's endorsement of an endorsable record's current wording; removed when the
    wording changes or the party withdraws it (the audit trail keeps both)."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    endorsed_at = models.DateTimeField(default=timezone.now)

    party_id: int

    class Meta:
        abstract = True


class SharedGoal(Endorsable, PartnershipRecord):
    """A joint goal of the partnership. Agreed only while every party endorses its wording;
    always shared, and any party's contributors may change it."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN)

    EDITABLE_FIELDS = ("title", "description", "status")
    WORDING_FIELDS = ("title", "description")
    STAMP_FIELDS = ("cleared_in_version",)  # the endorsements_cleared event says it
    EDITABLE_BY_ALL_PARTIES = True

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-goals", args=[self.partnership_id]) + f"#goal-{self.pk}"

    def rule_errors(self) -> dict[str, str]:
        if self.visibility != Visibility.SHARED:
            return {"visibility": "A shared goal is always shared with every party."}
        return {}

    @property
    def is_dropped(self) -> bool:
        return self.status == GoalStatus.DROPPED


class Endorsement(EndorsementBase):
    """One party's endorsement of a goal's current wording."""

    goal = models.ForeignKey(SharedGoal, on_delete=models.CASCADE, related_name="endorsements")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["goal", "party"], name="unique_endorsement")]

    def __str__(self) -> str:
        return f"{self.party} endorses {self.goal}"


class LinkKind(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONFLICTS = "conflicts", "Conflicts with"


class ObjectiveLink(PartnershipRecord):
    """An objective supports, or conflicts with, a shared goal. A conflict stays open until
    resolved with a note. Its visibility is its objective's: a link never reveals a private
    objective."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="links")
    goal = models.ForeignKey(SharedGoal, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=10, choices=LinkKind.choices, default=LinkKind.SUPPORTS)
    note = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution = models.TextField(blank=True)

    EDITABLE_FIELDS = ("kind", "note")
    STAMP_FIELDS = ("resolved_at", "resolved_by")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["objective", "goal"], name="unique_objective_goal")
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.objective} {self.get_kind_display().lower()} {self.goal}"

    def get_absolute_url(self) -> str:
        return reverse("accord-links", args=[self.partnership_id]) + f"#link-{self.pk}"

    objective_id: int
    goal_id: int

    @property
    def is_conflict(self) -> bool:
        return self.kind == LinkKind.CONFLICTS

    @property
    def is_open_conflict(self) -> bool:
        return self.kind == LinkKind.CONFLICTS and self.resolved_at is None
