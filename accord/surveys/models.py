"""Survey rounds and their answers.

A round is a shared record of its partnership (opened and closed through the one write path,
audited on the shared chain). Answers are not records: a `SurveyResponse` says that one person
of one party answered a round, its `SurveyAnswer` rows hold the scores and comments. Nothing of
an answer ever reaches the audit trail (the event of answering names the round and no value),
and closing a round cuts every response from its respondent: from then on not even the
database says who answered what (docs/decisions/0027-surveys-and-anonymity.md)."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate

from accord.core.models import PartnershipRecord, PartnershipRecordQuerySet, Party

COMMENT_LENGTH = 1000
TITLE_LENGTH = 150


class RoundStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class SurveyRoundQuerySet(PartnershipRecordQuerySet):
    def closed(self) -> "SurveyRoundQuerySet":
        """Rounds closed, early by hand or by the daily job after their last day: only then
        are their responses cut from the people who gave them, and their results shown."""
        return self.filter(status=RoundStatus.CLOSED)

    def open_on(self, today: date) -> "SurveyRoundQuerySet":
        return self.filter(status=RoundStatus.OPEN, closes_on__gte=today)

    def latest_closed_first(self) -> "SurveyRoundQuerySet":
        closed = Coalesce(TruncDate("closed_at"), "closes_on")
        return self.order_by(closed.desc(), "-id")


class SurveyRound(PartnershipRecord):
    """A round of Accord's statements for every team member of every party to answer, until
    its closing date (the last day to answer) or until a lead or admin closes it early."""

    title = models.CharField(max_length=TITLE_LENGTH)
    closes_on = models.DateField(help_text="The last day to answer.")
    status = models.CharField(max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    EDITABLE_FIELDS = ("title", "closes_on")
    STAMP_FIELDS = ("closed_at", "closed_by")
    # Opened by one party, closed by the leads or admins of any.
    EDITABLE_BY_ALL_PARTIES = True

    # The records' scoped queryset, with what a round adds (stubs see the base's manager type).
    objects = SurveyRoundQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["-closes_on", "-id"]
        verbose_name = "survey round"

    def __str__(self) -> str:
        return self.title

    def rule_errors(self) -> dict[str, str]:
        if not self.title.strip():
            return {"title": "A survey round needs a title."}
        return {}

    def is_open_on(self, today: date) -> bool:
        return self.status == RoundStatus.OPEN and today <= self.closes_on

    @property
    def closed_on(self) -> date:
        """The day it closed: early by hand, or its closing date."""
        return self.closed_at.date() if self.closed_at else self.closes_on


class SurveyResponse(models.Model):
    """That one person of one party answered a round (for "once", for reminders, and to find
    their answers while the round is open). `respondent` is cleared when the round closes."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent"], name="one_response_per_person_and_round"
            )
        ]

    def __str__(self) -> str:
        return f"A response to {self.round_id}"


class SurveyAnswer(models.Model):
    """One statement answered: a score from 1 to 5, or none for "don't know", and a comment."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    statement = models.CharField(max_length=40)
    practice = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField(
        null=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True, max_length=COMMENT_LENGTH)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="one_answer_per_statement"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="survey_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"An answer to {self.statement}"
