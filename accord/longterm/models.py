"""Practice 6: KPIs measured over time, a roadmap of milestones, the value each party puts in
and gets out, and periodic reviews of the partnership."""

from collections.abc import Container
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accord.alignment.models import SharedGoal
from accord.core.models import PartnershipRecord
from accord.lib import formatting
from accord.lib.bounds import (
    DATE_VALIDATORS,
    MAX_DIGITS,
    MONEY_PLACES,
    MONEY_VALIDATORS,
    VALUE_PLACES,
    VALUE_VALIDATORS,
)
from accord.lib.kpi import Plan

# Roadmap horizons, in days from today: now up to 90, next up to 365, later beyond.
NOW_DAYS = 90
NEXT_DAYS = 365


class Direction(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"
    RANGE = "range", "Stay within a range"


class KpiHorizon(models.TextChoices):
    # Worded as the objectives' horizons (alignment.Horizon), so one set of names reads alike.
    QUICK_WIN = "quick_win", "Short term"
    MEDIUM_TERM = "medium_term", "Medium term"
    LONG_TERM = "long_term", "Long term"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    YEARLY = "yearly", "Yearly"


class Kpi(PartnershipRecord):
    """A measure of progress, owned by a party, usually measuring a shared goal.

    Up/down KPIs run from `baseline` on `baseline_date` to `target` on `target_date`; a range KPI
    is on track while its latest value lies between `range_low` and `range_high`.
    """

    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=30, blank=True)
    decimals = models.PositiveSmallIntegerField(
        "decimal places",
        default=2,
        validators=[MaxValueValidator(VALUE_PLACES)],
        help_text="How many decimals its values are shown with, everywhere.",
    )
    currency = models.CharField(
        max_length=3,
        blank=True,
        choices=formatting.currency_choices,
        help_text="For a KPI in money: its currency. Leave empty otherwise.",
    )
    direction = models.CharField(max_length=6, choices=Direction.choices, default=Direction.UP)
    baseline = models.DecimalField(
        max_digits=MAX_DIGITS, decimal_places=VALUE_PLACES, validators=VALUE_VALIDATORS
    )
    baseline_date = models.DateField(validators=DATE_VALIDATORS)
    target = models.DecimalField(
        max_digits=MAX_DIGITS,
        decimal_places=VALUE_PLACES,
        validators=VALUE_VALIDATORS,
        null=True,
        blank=True,
    )
    target_date = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    range_low = models.DecimalField(
        max_digits=MAX_DIGITS,
        decimal_places=VALUE_PLACES,
        validators=VALUE_VALIDATORS,
        null=True,
        blank=True,
    )
    range_high = models.DecimalField(
        max_digits=MAX_DIGITS,
        decimal_places=VALUE_PLACES,
        validators=VALUE_VALIDATORS,
        null=True,
        blank=True,
    )
    horizon = models.CharField(
        max_length=11, choices=KpiHorizon.choices, default=KpiHorizon.LONG_TERM
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    goal = models.ForeignKey(
        SharedGoal, on_delete=models.SET_NULL, null=True, blank=True, related_name="kpis"
    )

    # Alignment counts the goals without a KPI through this marker, without importing us.
    MEASURES_GOAL = True

    EDITABLE_FIELDS = (
        "name",
        "unit",
        "decimals",
        "currency",
        "direction",
        "baseline",
        "baseline_date",
        "target",
        "target_date",
        "range_low",
        "range_high",
        "horizon",
        "frequency",
        "goal",
        "visibility",
    )

    class Meta:
        verbose_name = "KPI"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accord-kpi", args=[self.partnership_id, self.pk])

    @property
    def measure(self) -> formatting.Measure:
        """How its values read on every page, chart and history row."""
        return formatting.Measure(self.decimals, self.unit, self.currency)

    @property
    def plan(self) -> Plan:
        return Plan.of(
            self.direction,
            self.baseline,
            self.baseline_date,
            self.target,
            self.target_date,
            self.range_low,
            self.range_high,
        )

    def rule_errors(self) -> dict[str, str]:
        """What is wrong with the KPI's aim, by field: an up KPI must aim above its baseline,
        a down KPI below, a range needs low < high, and the target date follows the baseline's."""
        errors: dict[str, str] = {}
        if not 0 <= self.decimals <= VALUE_PLACES:
            errors["decimals"] = f"Show between 0 and {VALUE_PLACES} decimals."
        if self.currency and not formatting.is_currency(self.currency):
            errors["currency"] = "Pick the currency from the list (an ISO 4217 code, e.g. EUR)."
        if self.direction == Direction.RANGE:
            if self.range_low is None:
                errors["range_low"] = "A range KPI needs the lowest acceptable value."
            if self.range_high is None:
                errors["range_high"] = "A range KPI needs the highest acceptable value."
            elif self.range_low is not None and self.range_low >= self.range_high:
                errors["range_high"] = "The top of the range must be above its bottom."
        else:
            if self.target is None:
                errors["target"] = "Give the value to reach."
            elif self.direction == Direction.UP and self.target <= self.baseline:
                errors["target"] = "Higher is better: the target must be above the baseline."
            elif self.direction == Direction.DOWN and self.target >= self.baseline:
                errors["target"] = "Lower is better: the target must be below the baseline."
            if self.target_date is None:
                errors["target_date"] = "Give the date by which to reach the target."
        if self.target_date is not None and self.target_date <= self.baseline_date:
            errors["target_date"] = "The target date must come after the baseline date."
        return errors

    def measurement_day_error(
        self, day: date, today: date, measured: Container[date]
    ) -> str | None:
        """Why the KPI takes no value on `day`, or None: a measurement is on or after the
        baseline date, not in the future, and one a day (`measured`: the days it has one). The
        one statement of these rules, for the page, the API and the CSV import."""
        named = formatting.day(day)
        if day < self.baseline_date:
            baseline = formatting.day(self.baseline_date)
            return f"{named} is before the baseline date ({baseline}): measure on or after it."
        if day > today:
            return f"{named} is in the future: measure what has happened."
        if day in measured:
            return f"{named} is already measured: delete that value first."
        return None


class Measurement(models.Model):
    """One value of a KPI on a date. Belongs to its KPI: same visibility, same owner."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(validators=DATE_VALIDATORS)
    value = models.DecimalField(
        max_digits=MAX_DIGITS, decimal_places=VALUE_PLACES, validators=VALUE_VALIDATORS
    )
    note = models.CharField(max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    # A measurement is edited in place (or replaced by an import): the version refuses a stale
    # edit, as on every record.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kpi", "measured_on"], name="one_value_per_day")
        ]
        ordering = ["kpi_id", "measured_on"]

    def __str__(self) -> str:
        value, day = self.kpi.measure.value(self.value), formatting.day(self.measured_on)
        return f"{self.kpi}: {value} on {day}"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Milestone(PartnershipRecord):
    """A step on the roadmap, owned by a party (the owning party), usually towards a goal."""

    title = models.CharField(max_length=200)
    due_date = models.DateField(validators=DATE_VALIDATORS)
    status = models.CharField(
        max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    completed_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    goal = models.ForeignKey(
        SharedGoal, on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones"
    )

    EDITABLE_FIELDS = ("title", "due_date", "status", "completed_on", "goal", "visibility")

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-longterm", args=[self.partnership_id]) + "#roadmap"

    @property
    def is_closed(self) -> bool:
        return self.status in (MilestoneStatus.DONE, MilestoneStatus.DROPPED)

    def is_late_on(self, today: date) -> bool:
        """Late: the due date has passed and it is neither done nor dropped."""
        return self.due_date < today and not self.is_closed

    def horizon_on(self, today: date) -> str:
        """now (due within 90 days, or overdue and open), next (91-365 days), later (beyond),
        or past (overdue but done or dropped)."""
        days = (self.due_date - today).days
        if days < 0:
            return "past" if self.is_closed else "now"
        if days <= NOW_DAYS:
            return "now"
        return "next" if days <= NEXT_DAYS else "later"

    def rule_errors(self) -> dict[str, str]:
        if self.completed_on is not None and self.status != MilestoneStatus.DONE:
            return {"completed_on": "Only a milestone that is done has a completion date."}
        return {}


class Flow(models.TextChoices):
    CONTRIBUTION = "contribution", "Put in"
    BENEFIT = "benefit", "Got out"


class ValueCategory(models.TextChoices):
    MONEY = "money", "Money"
    PEOPLE = "people", "People and time"
    KNOW_HOW = "know_how", "Know-how"
    ACCESS = "access", "Access and reach"
    REVENUE = "revenue", "Revenue"
    SAVINGS = "savings", "Savings"
    CAPABILITY = "capability", "Capabilities"
    OTHER = "other", "Other"


class ValueEntry(PartnershipRecord):
    """What the owning party put into the partnership, or got out of it, at a date."""

    flow = models.CharField(max_length=12, choices=Flow.choices)
    category = models.CharField(max_length=12, choices=ValueCategory.choices)
    description = models.CharField(max_length=300)
    amount = models.DecimalField(
        max_digits=MAX_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=MONEY_VALIDATORS,
        null=True,
        blank=True,
    )
    currency = models.CharField(max_length=3, blank=True, choices=formatting.currency_choices)
    occurred_on = models.DateField(validators=DATE_VALIDATORS)

    EDITABLE_FIELDS = (
        "flow",
        "category",
        "description",
        "amount",
        "currency",
        "occurred_on",
        "visibility",
    )

    class Meta:
        verbose_name_plural = "value entries"
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("accord-longterm", args=[self.partnership_id]) + "#value"

    def rule_errors(self) -> dict[str, str]:
        """An amount is positive and comes with a three-letter currency code, and only then."""
        if self.amount is None:
            if self.currency:
                return {"currency": "A currency goes with an amount; give the amount too."}
            return {}
        if self.amount <= 0:
            return {"amount": "The amount must be positive (record what was put in or got out)."}
        if not formatting.is_currency(self.currency):
            return {"currency": "Pick the amount's currency from the list (ISO 4217, e.g. EUR)."}
        return {}


class Decision(models.TextChoices):
    CONTINUE = "continue", "Continue"
    EXPAND = "expand", "Expand"
    RESTRUCTURE = "restructure", "Restructure"
    EXIT = "exit", "Exit"


class Review(PartnershipRecord):
    """A periodic review of the whole partnership: what was learned and what was decided."""

    held_on = models.DateField(validators=DATE_VALIDATORS)
    learned = models.TextField(blank=True)
    decision = models.CharField(max_length=12, choices=Decision.choices)
    rationale = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)

    EDITABLE_FIELDS = ("held_on", "learned", "decision", "rationale", "next_review_on")
    EDITABLE_BY_ALL_PARTIES = True

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Review of {formatting.day(self.held_on)}"

    def get_absolute_url(self) -> str:
        return reverse("accord-longterm", args=[self.partnership_id]) + "#reviews"

    def rule_errors(self) -> dict[str, str]:
        if self.next_review_on is not None and self.next_review_on <= self.held_on:
            return {"next_review_on": "The next review comes after this one."}
        return {}
