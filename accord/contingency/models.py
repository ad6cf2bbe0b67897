"""Practice 5: what could go wrong (risks scored likelihood x impact), what the parties will do
when it does (contingency plans, fired by a trigger and logged when activated), and how they
would part (the exit plan every party endorses).

Risks and plans belong to the party that wrote them and may be private to it; the exit plan is a
joint record, one per partnership, in force while every party endorses its current wording.
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accord.alignment.models import Endorsable, EndorsementBase
from accord.core.models import PartnershipRecord, Party, Visibility
from accord.lib import formatting
from accord.lib.bounds import DATE_VALIDATORS, MAX_DIGITS, VALUE_PLACES, VALUE_VALIDATORS
from accord.longterm.models import Kpi

SCALE = (1, 5)  # likelihood and impact
HIGH_SCORE = 15  # a risk scoring this or more is high: it should have a plan
SCALE_VALIDATORS = [MinValueValidator(SCALE[0]), MaxValueValidator(SCALE[1])]


class RiskCategory(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    OPERATIONAL = "operational", "Operational"
    FINANCIAL = "financial", "Financial"
    LEGAL = "legal", "Legal and compliance"
    REPUTATIONAL = "reputational", "Reputational"
    TECHNICAL = "technical", "Technical"
    PEOPLE = "people", "People"
    OTHER = "other", "Other"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    CLOSED = "closed", "Closed"


class Risk(PartnershipRecord):
    """Something that could harm the partnership, owned by the party that records it (and, if
    named, a person of its team), scored likelihood x impact on 1 to 5 scales."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=10000)
    category = models.CharField(
        max_length=12, choices=RiskCategory.choices, default=RiskCategory.OPERATIONAL
    )
    likelihood = models.PositiveSmallIntegerField(default=3, validators=SCALE_VALIDATORS)
    impact = models.PositiveSmallIntegerField(default=3, validators=SCALE_VALIDATORS)
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mitigation = models.TextField(
        blank=True, max_length=10000, help_text="What is done to make it less likely or less bad."
    )
    status = models.CharField(max_length=8, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    next_review = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    # Computed by the database, so that lists sort and page by it (read it after a write from
    # a fresh read: the instance saved does not know it).
    score = models.GeneratedField(
        expression=models.F("likelihood") * models.F("impact"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )

    EDITABLE_FIELDS = (
        "title",
        "description",
        "category",
        "likelihood",
        "impact",
        "owner_person",
        "mitigation",
        "status",
        "next_review",
        "visibility",
    )

    owner_person_id: int | None

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-contingency", args=[self.partnership_id]) + f"#risk-{self.pk}"

    @property
    def is_high(self) -> bool:
        return self.score >= HIGH_SCORE

    @property
    def is_live(self) -> bool:
        """Still to be watched: not closed."""
        return self.status != RiskStatus.CLOSED

    def is_review_late(self, today: date) -> bool:
        """A live risk whose review date has passed (or that has none)."""
        return self.is_live and (self.next_review is None or self.next_review < today)

    def rule_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for field in ("likelihood", "impact"):
            if not SCALE[0] <= getattr(self, field) <= SCALE[1]:
                errors[field] = f"Rate it from {SCALE[0]} to {SCALE[1]}."
        if not self.title.strip():
            errors["title"] = "Name the risk."
        return errors


class TriggerKind(models.TextChoices):
    MANUAL = "manual", "Manual: someone activates it"
    DATE = "date", "On a date"
    KPI_ABOVE = "kpi_above", "A KPI's latest value above a threshold"
    KPI_BELOW = "kpi_below", "A KPI's latest value below a threshold"
    KPI_BEHIND = "kpi_behind", "A KPI behind its path for several measurements in a row"


# The trigger fields each kind uses; the others are emptied when the kind is set.
TRIGGER_FIELDS = {
    TriggerKind.MANUAL: (),
    TriggerKind.DATE: ("trigger_date",),
    TriggerKind.KPI_ABOVE: ("trigger_kpi", "trigger_value"),
    TriggerKind.KPI_BELOW: ("trigger_kpi", "trigger_value"),
    TriggerKind.KPI_BEHIND: ("trigger_kpi", "trigger_count"),
}
ALL_TRIGGER_FIELDS = ("trigger_date", "trigger_kpi", "trigger_value", "trigger_count")
MAX_BEHIND_COUNT = 24


class PlanStatus(models.TextChoices):
    ARMED = "armed", "Armed"  # waiting for its trigger
    ACTIVE = "active", "Active"  # fired: its actions are under way
    RESOLVED = "resolved", "Resolved"  # done with; fires again only once re-armed


class ContingencyPlan(PartnershipRecord):
    """What a party does when a risk happens: a checklist of actions, armed until its trigger
    fires (or someone activates it), then active until resolved. Fires at most once per arming:
    a resolved plan waits to be re-armed."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=10000)
    trigger_kind = models.CharField(
        max_length=10, choices=TriggerKind.choices, default=TriggerKind.MANUAL
    )
    trigger_date = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    # A KPI deleted in practice 6 leaves the plan without a trigger (shown as a problem).
    trigger_kpi = models.ForeignKey(
        Kpi, on_delete=models.SET_NULL, null=True, blank=True, related_name="contingency_plans"
    )
    trigger_value = models.DecimalField(
        max_digits=MAX_DIGITS,
        decimal_places=VALUE_PLACES,
        validators=VALUE_VALIDATORS,
        null=True,
        blank=True,
    )
    trigger_count = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_BEHIND_COUNT)],
    )
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.ARMED)
    activated_at = models.DateTimeField(null=True, blank=True)
    # Why it fired, by which figure: shown in the audit event of the activation.
    activation_reason = models.TextField(blank=True)

    EDITABLE_FIELDS = (
        "title",
        "description",
        "trigger_kind",
        "trigger_date",
        "trigger_kpi",
        "trigger_value",
        "trigger_count",
        "visibility",
    )
    STAMP_FIELDS = ("activated_at",)

    risk_id: int
    trigger_kpi_id: int | None

    class Meta:
        ordering = ["title", "id"]
        verbose_name = "contingency plan"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-contingency", args=[self.partnership_id]) + f"#plan-{self.pk}"

    def rule_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.title.strip():
            errors["title"] = "Name the plan."
        if self.risk.partnership_id != self.partnership_id:
            errors["risk"] = "No such risk in this partnership."
        elif self.risk.is_private and not (
            self.is_private and self.owner_party_id == self.risk.owner_party_id
        ):
            errors["visibility"] = "A plan for a private risk is private to the risk's party too."
        needed = TRIGGER_FIELDS.get(TriggerKind(self.trigger_kind), ())
        missing = {
            "trigger_date": "Give the date on which the plan fires.",
            "trigger_kpi": "Choose the KPI that fires the plan.",
            "trigger_value": "Give the value the KPI's latest measurement must cross.",
            "trigger_count": f"Say after how many measurements in a row (1 to {MAX_BEHIND_COUNT}).",
        }
        for field in needed:
            if getattr(self, field if field != "trigger_kpi" else "trigger_kpi_id") is None:
                errors[field] = missing[field]
        kpi = self.trigger_kpi if self.trigger_kpi_id else None
        if kpi is not None:
            if kpi.partnership_id != self.partnership_id:
                errors["trigger_kpi"] = "No such KPI in this partnership."
            elif kpi.is_private and not (
                self.is_private and self.owner_party_id == kpi.owner_party_id
            ):
                errors["visibility"] = "A plan fired by a private KPI is private to its party too."
        return errors

    @property
    def trigger_text(self) -> str:
        """What fires the plan, in words."""
        kind, kpi = self.trigger_kind, self.trigger_kpi
        if kind == TriggerKind.MANUAL:
            return "Activated by hand"
        if kind == TriggerKind.DATE:
            return f"On {formatting.day(self.trigger_date)}"
        if kpi is None:
            return "Its KPI was deleted: it can no longer fire"
        if kind == TriggerKind.KPI_BEHIND:
            count = self.trigger_count or 0
            plural = "s" if count != 1 else ""
            return f"{kpi.name} behind its path for {count} measurement{plural} in a row"
        word = "above" if kind == TriggerKind.KPI_ABOVE else "below"
        threshold = kpi.measure.value(self.trigger_value) if self.trigger_value is not None else "?"
        return f"{kpi.name}'s latest value {word} {threshold}"

    @property
    def is_kpi_triggered(self) -> bool:
        return self.trigger_kind in (
            TriggerKind.KPI_ABOVE,
            TriggerKind.KPI_BELOW,
            TriggerKind.KPI_BEHIND,
        )


class PlanActivation(models.Model):
    """One firing of a plan: when, why (the figure that crossed, or the person's reason), by
    whom (none for the trigger job), and when it was answered (the first action ticked, or the
    plan resolved). A row of its plan (no version of its own)."""

    plan = models.ForeignKey(ContingencyPlan, on_delete=models.CASCADE, related_name="activations")
    activated_at = models.DateTimeField(default=timezone.now)
    trigger_kind = models.CharField(max_length=10, choices=TriggerKind.choices)
    reason = models.TextField()
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["-activated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} activated"


class PlanAction(models.Model):
    """One step of a plan's checklist, owned by a party (and, if named, a person of its team).
    A row of its plan."""

    plan = models.ForeignKey(ContingencyPlan, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=500)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    party_id: int
    person_id: int | None

    class Meta:
        ordering = ["plan_id", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ExitPlan(Endorsable, PartnershipRecord):
    """How the parties would part: one per partnership, always shared, changed by any party's
    contributors, agreed while every party endorses its current wording (an edit clears the
    endorsements, as for a shared goal)."""

    triggers = models.TextField(
        blank=True, max_length=10000, help_text="What would lead a party to give notice."
    )
    notice_days = models.PositiveIntegerField(
        "notice period (days)", default=90, validators=[MaxValueValidator(3650)]
    )
    shared_assets = models.TextField(blank=True, max_length=10000)
    data = models.TextField("data", blank=True, max_length=10000)
    customers = models.TextField(blank=True, max_length=10000)
    obligations = models.TextField("each party's obligations", blank=True, max_length=10000)

    EDITABLE_BY_ALL_PARTIES = True
    EDITABLE_FIELDS = (
        "triggers",
        "notice_days",
        "shared_assets",
        "data",
        "customers",
        "obligations",
    )
    WORDING_FIELDS = EDITABLE_FIELDS
    STAMP_FIELDS = ("cleared_in_version",)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership"], name="one_exit_plan_per_partnership")
        ]

    def __str__(self) -> str:
        return "Exit plan"

    def get_absolute_url(self) -> str:
        return reverse("accord-contingency", args=[self.partnership_id]) + "#exit-plan"

    def rule_errors(self) -> dict[str, str]:
        if self.visibility != Visibility.SHARED:
            return {"visibility": "The exit plan is always shared with every party."}
        if self.notice_days > 3650:
            return {"notice_days": "At most 3650 days (ten years)."}
        return {}


class ExitPlanEndorsement(EndorsementBase):
    """One party's endorsement of the exit plan's current wording."""

    exit_plan = models.ForeignKey(ExitPlan, on_delete=models.CASCADE, related_name="endorsements")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exit_plan", "party"], name="unique_exit_endorsement")
        ]

    def __str__(self) -> str:
        return f"{self.party} endorses the exit plan"


# --- Escalation path -------------------------------------------------------------------------

MAX_LEVEL = 5


class EscalationLevel(PartnershipRecord):
    """One step of a party's escalation path: the person of its team who hears of an issue the
    party has left unanswered for `after_days` days (a concern raised to it, an objection to its
    decision, its activated plan without progress). Always shared: the other parties see whom
    their issues reach."""

    level = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_LEVEL)]
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    after_days = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    EDITABLE_FIELDS = ("level", "person", "after_days")

    person_id: int

    class Meta:
        ordering = ["owner_party_id", "level", "id"]

    def __str__(self) -> str:
        return f"Level {self.level}"

    def get_absolute_url(self) -> str:
        return reverse("accord-contingency", args=[self.partnership_id]) + f"#level-{self.pk}"

    def rule_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.visibility != Visibility.SHARED:
            errors["visibility"] = "An escalation path is always shared with every party."
        if not 1 <= self.level <= MAX_LEVEL:
            errors["level"] = f"A level from 1 to {MAX_LEVEL}."
        if not 1 <= self.after_days <= 365:
            errors["after_days"] = "From 1 to 365 days."
        return errors


class Escalation(models.Model):
    """An unanswered issue moved up to a level of its party's path, once per issue and level. A
    row of the level; shown (and audited) with the visibility of the issue."""

    level = models.ForeignKey(EscalationLevel, on_delete=models.CASCADE, related_name="escalations")
    subject = models.CharField(max_length=60)  # "<model label>:<id>", e.g. "trust.Concern:12"
    label = models.CharField(max_length=250)
    url = models.CharField(max_length=250)
    # The party whose private record the issue is, if private: only its viewpoints see it.
    private_party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    since = models.DateTimeField()
    escalated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "subject"], name="escalated_once_per_level")
        ]
        ordering = ["-escalated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.label} (level {self.level.level})"
