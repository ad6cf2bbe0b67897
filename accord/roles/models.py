"""Practice 3: who does what (workstreams, activities and their RACI assignments), how the
parties decide (decision rules every party endorses, and decisions taken under them), and what
each party expects of the other.

Workstreams, activities, assignments and rules are joint records: always shared, changed by any
party's contributors. Decisions and expectations belong to the party that wrote them.
"""

from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User
from accord.alignment.models import Endorsable, EndorsementBase
from accord.core.models import PartnershipRecord, Party, Visibility
from accord.lib.bounds import DATE_VALIDATORS


class JointRecord(PartnershipRecord):
    """A record of the whole partnership: always shared, and any party's contributors change it."""

    EDITABLE_BY_ALL_PARTIES = True

    class Meta:
        abstract = True

    def rule_errors(self) -> dict[str, str]:
        if self.visibility != Visibility.SHARED:
            noun = self._meta.verbose_name
            return {"visibility": f"A {noun} is always shared with every party."}
        return {}


class Workstream(JointRecord):
    """A line of joint work (say, "Market launch"), grouping activities."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    EDITABLE_FIELDS = ("title", "description")

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-roles", args=[self.partnership_id]) + "#matrix-heading"


class Activity(JointRecord):
    """One activity of a workstream: a row of the RACI matrix."""

    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="activities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    EDITABLE_FIELDS = ("title", "description")

    workstream_id: int

    class Meta:
        ordering = ["workstream_id", "title", "id"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-roles", args=[self.partnership_id]) + f"#activity-{self.pk}"


class Letter(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"


class Assignment(JointRecord):
    """One cell of the RACI matrix: a person of a party's team (`person` set) or the whole party
    (`person` empty) has one letter for an activity. At most one per activity and column
    (checked under the partnership lock by the service)."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="assignments")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    letter = models.CharField(max_length=1, choices=Letter.choices)

    EDITABLE_FIELDS = ("letter",)

    activity_id: int
    party_id: int
    person_id: int | None

    class Meta:
        ordering = ["activity_id", "party_id", "person_id", "id"]

    def __str__(self) -> str:
        return f"{self.letter} for {self.column_label} on {self.activity}"

    def get_absolute_url(self) -> str:
        return reverse("accord-roles", args=[self.partnership_id]) + f"#activity-{self.activity_id}"

    @property
    def column(self) -> tuple[int, int | None]:
        return (self.party_id, self.person_id)

    @property
    def column_label(self) -> str:
        """The person's name (never their email) and organization, or the organization."""
        organization = self.party.organization.name
        if self.person is None:
            return organization
        return f"{person_name(self.person)} ({organization})"


def person_name(user: "User") -> str:
    """How a person is named to every party (a partner sees the matrix too)."""
    return user.public_name


def raci_problems(letters: Sequence[str]) -> list[str]:
    """What breaks the RACI rules for an activity with these letters: exactly one Accountable,
    at least one Responsible. Shown, never refused."""
    problems = []
    accountable = letters.count(Letter.ACCOUNTABLE)
    if accountable == 0:
        problems.append("No one is Accountable.")
    elif accountable > 1:
        problems.append(f"{accountable} are Accountable: exactly one should be.")
    if Letter.RESPONSIBLE not in letters:
        problems.append("No one is Responsible.")
    return problems


# --- Decision rules -------------------------------------------------------------------------


class RuleKind(models.TextChoices):
    EVERY_PARTY = "every_party", "Every party must approve"
    LEAD_PARTY = "lead_party", "The lead party decides"
    MAJORITY = "majority", "A majority of parties"


class RuleStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"


class DecisionRule(Endorsable, JointRecord):
    """Who decides a type of decision, and how long they have: in force once every party
    endorses its current wording (an edit of the wording clears the endorsements)."""

    title = models.CharField(max_length=200, help_text="The type of decision, e.g. “Scope change”.")
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=RuleKind.choices, default=RuleKind.EVERY_PARTY)
    lead_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    days_to_decide = models.PositiveIntegerField(
        default=14, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    status = models.CharField(max_length=8, choices=RuleStatus.choices, default=RuleStatus.ACTIVE)

    EDITABLE_FIELDS = ("title", "description", "kind", "lead_party", "days_to_decide", "status")
    WORDING_FIELDS = ("title", "description", "kind", "lead_party", "days_to_decide")
    STAMP_FIELDS = ("cleared_in_version",)

    lead_party_id: int | None

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-rules", args=[self.partnership_id]) + f"#rule-{self.pk}"

    def rule_errors(self) -> dict[str, str]:
        errors = super().rule_errors()
        if self.kind == RuleKind.LEAD_PARTY and self.lead_party_id is None:
            errors["lead_party"] = "Name the lead party that decides."
        if self.kind != RuleKind.LEAD_PARTY and self.lead_party_id is not None:
            errors["lead_party"] = "Only a rule where the lead party decides names one."
        if self.lead_party is not None and self.lead_party.partnership_id != self.partnership_id:
            errors["lead_party"] = "The lead party must be a party of this partnership."
        return errors

    @property
    def is_dropped(self) -> bool:
        return self.status == RuleStatus.RETIRED


class RuleEndorsement(EndorsementBase):
    """One party's endorsement of a decision rule's current wording."""

    rule = models.ForeignKey(DecisionRule, on_delete=models.CASCADE, related_name="endorsements")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rule", "party"], name="unique_rule_endorsement")
        ]

    def __str__(self) -> str:
        return f"{self.party} endorses {self.rule}"


# --- Decisions ------------------------------------------------------------------------------


class Outcome(models.TextChoices):
    WAITING = "waiting", "Waiting"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class Decision(PartnershipRecord):
    """A proposal decided under a rule by the parties' approvals and objections. Once approved
    or rejected it is never edited again: a new decision supersedes it, pointing back."""

    rule = models.ForeignKey(DecisionRule, on_delete=models.PROTECT, related_name="decisions")
    title = models.CharField(max_length=200)
    proposal = models.TextField(blank=True)
    deadline = models.DateField(validators=DATE_VALIDATORS)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.WAITING)
    rationale = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    EDITABLE_FIELDS = ("title", "proposal", "deadline", "visibility")
    STAMP_FIELDS = ("decided_at",)

    rule_id: int
    supersedes_id: int | None

    class Meta:
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-decisions", args=[self.partnership_id]) + f"#decision-{self.pk}"

    def rule_errors(self) -> dict[str, str]:
        if self.visibility == Visibility.PRIVATE and not (
            self.rule.kind == RuleKind.LEAD_PARTY and self.rule.lead_party_id == self.owner_party_id
        ):
            return {
                "visibility": "Only a decision the proposing party takes alone (it is the lead "
                "party of the rule) can be private."
            }
        return {}

    @property
    def is_decided(self) -> bool:
        return self.outcome != Outcome.WAITING

    def is_overdue(self, today: date) -> bool:
        """Still waiting after its deadline."""
        return self.outcome == Outcome.WAITING and self.deadline < today

    def vote_list(self) -> list["Vote"]:
        """The votes, oldest first (prefetch `votes` to read them for free)."""
        return sorted(self.votes.all(), key=lambda v: (v.given_at, v.pk))


class Verdict(models.TextChoices):
    APPROVE = "approve", "Approves"
    OBJECT = "object", "Objects"


class Vote(models.Model):
    """One party's approval of, or objection to, a decision, with a comment; given by a lead or
    an admin of that party (`PartnershipAccess.may_bind`). A row of its decision (no version of
    its own)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    comment = models.TextField(blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(default=timezone.now)

    party_id: int

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "party"], name="unique_vote")]

    def __str__(self) -> str:
        return f"{self.party} {self.get_verdict_display().lower()} {self.decision}"


# --- Expectations ---------------------------------------------------------------------------


class ExpectationKind(models.TextChoices):
    NEED = "need", "What we need from you"
    OWN = "own", "What we take on ourselves"


class Expectation(PartnershipRecord):
    """What a party needs from another party, or what it takes on itself toward it; the other
    party acknowledges it. A change of wording asks for a new acknowledgement."""

    toward = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=4, choices=ExpectationKind.choices)
    text = models.TextField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    EDITABLE_FIELDS = ("kind", "text", "visibility")
    STAMP_FIELDS = ("acknowledged_by",)

    toward_id: int

    class Meta:
        ordering = ["owner_party_id", "kind", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return (
            reverse("accord-expectations", args=[self.partnership_id]) + f"#expectation-{self.pk}"
        )

    def rule_errors(self) -> dict[str, str]:
        if self.toward_id == self.owner_party_id:
            return {"toward": "An expectation is of another party."}
        if self.toward.partnership_id != self.partnership_id:
            return {"toward": "That party is not in this partnership."}
        if not self.text.strip():
            return {"text": "Say what is expected."}
        return {}

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None
