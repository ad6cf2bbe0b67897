"""Practice 4: how the parties keep each other informed.

Cadences (a recurring meeting or written update, by an RFC 5545 recurrence rule), meetings
(agenda, attendees, minutes every party approves, action items that are practice 2
commitments) and structured updates that the other parties acknowledge.

A cadence, a meeting and an update belong to the party that set it up; minutes to the party that
wrote them. Approving minutes reuses the endorsements of shared goals (`Endorsable`): an edit of
approved minutes clears every approval.
"""

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accord.alignment.models import Endorsable, EndorsementBase
from accord.core.models import PartnershipRecord, Party, Visibility
from accord.roles.models import Decision

# Recurrences people keep by hand: daily at most (an hourly "cadence" is a notification).
FREQUENCIES = {DAILY: "DAILY", WEEKLY: "WEEKLY", MONTHLY: "MONTHLY", YEARLY: "YEARLY"}
RULE_EXAMPLES = (
    "FREQ=WEEKLY (every week), FREQ=WEEKLY;INTERVAL=2;BYDAY=TU (every second Tuesday), "
    "FREQ=MONTHLY;BYDAY=1MO (the first Monday of each month), FREQ=MONTHLY;INTERVAL=3 (quarterly)"
)
EARLIEST, LATEST = 1900, 2999


def zone_error(name: str) -> str | None:
    """Why `name` is not a time zone Accord accepts (an IANA name, such as Europe/Berlin)."""
    if name not in _zone_names():
        return f"“{name[:60]}” is not a time zone: use an IANA name such as Europe/Berlin or UTC."
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return f"“{name[:60]}” is not a time zone on this server."
    return None


_ZONES: set[str] = set()


def _zone_names() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones() | {"UTC"})
    return _ZONES


def zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(_zone_names())]


def normalized_rule(text: str) -> str:
    """The rule as stored: upper case, without an "RRULE:" prefix or spaces."""
    rule = "".join(text.split()).upper()
    return rule.removeprefix("RRULE:")


def recurrence(rule: str, local_start: datetime) -> rrule:
    """The recurrence of `rule` from `local_start` (naive: a wall-clock time in the cadence's
    zone, so that a weekly 10:00 stays 10:00 across daylight saving). ValueError with a
    sentence for a rule Accord does not take."""
    if not rule or any(part in rule for part in ("DTSTART", "RDATE", "EXDATE", "EXRULE", ":")):
        raise ValueError(f"Write one recurrence rule, such as {RULE_EXAMPLES}.")
    try:
        parsed = rrulestr(rule, dtstart=local_start)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise ValueError(f"Not a recurrence rule ({error}). Examples: {RULE_EXAMPLES}.") from None
    if not isinstance(parsed, rrule):
        raise ValueError(f"Write one recurrence rule, such as {RULE_EXAMPLES}.")
    unused = {part.split("=")[0] for part in rule.split(";")} - PARTS
    if unused:
        raise ValueError(f"A cadence's rule does not use {', '.join(sorted(unused))}.")
    if _days_never_in_months(parsed):
        raise ValueError("No month of this rule has that day: it would never occur.")
    if parsed._freq not in FREQUENCIES:
        raise ValueError(
            "A cadence repeats daily at most often: use DAILY, WEEKLY, MONTHLY or YEARLY."
        )
    if parsed._interval < 1:
        raise ValueError("INTERVAL counts periods between occurrences: 1 or more.")
    if parsed.after(local_start, inc=True) is None:
        raise ValueError("This rule never occurs from the first occurrence given.")
    return parsed


# The parts of a rule a cadence uses; finer ones (hours, week numbers, days of the year) are
# not cadences, and an impossible combination of them makes dateutil search to the year 9999.
PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"}
MONTH_DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def _days_never_in_months(parsed: rrule) -> bool:
    """Whether every day of the month asked for is past the end of every month asked for (the
    30th of February): such a rule never occurs, and finding that out takes dateutil seconds."""
    days = [*(parsed._bymonthday or ()), *(-d for d in parsed._bynmonthday or ())]
    if not days:
        return False
    months = parsed._bymonth or tuple(MONTH_DAYS)
    return all(abs(day) > MONTH_DAYS[month] for day in days for month in months)


class CadenceKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    UPDATE = "update", "Written update"


class Cadence(PartnershipRecord):
    """A recurring meeting or written update of the owning party, by an RFC 5545 recurrence
    rule (`rule`, the RRULE's value) from `starts_at`, in the wall-clock time of `time_zone`."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=CadenceKind.choices, default=CadenceKind.MEETING)
    rule = models.CharField(
        max_length=300,
        help_text="An RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU.",
    )
    starts_at = models.DateTimeField(help_text="The first occurrence.")
    time_zone = models.CharField(max_length=64, default="UTC")

    EDITABLE_FIELDS = ("title", "kind", "rule", "starts_at", "time_zone", "visibility")

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-communication", args=[self.partnership_id]) + f"#cadence-{self.pk}"

    def rule_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.title.strip():
            errors["title"] = "Name the meeting or update."
        problem = zone_error(self.time_zone)
        if problem:
            errors["time_zone"] = problem
        if self.starts_at is not None and not EARLIEST <= self.starts_at.year <= LATEST:
            errors["starts_at"] = f"The first occurrence is between {EARLIEST} and {LATEST}."
        if not errors:
            try:
                self.recurrence()
            except ValueError as error:
                errors["rule"] = str(error)
        return errors

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def recurrence(self) -> rrule:
        return recurrence(
            self.rule, timezone.localtime(self.starts_at, self.zone).replace(tzinfo=None)
        )

    def _aware(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.zone)

    def occurrences_between(self, start: datetime, end: datetime) -> list[datetime]:
        """The occurrences from `start` to `end` (both included), aware, in the cadence's zone."""
        zone = self.zone
        local = [timezone.localtime(moment, zone).replace(tzinfo=None) for moment in (start, end)]
        return [self._aware(o) for o in self.recurrence().between(local[0], local[1], inc=True)]

    def occurrences_after(self, moment: datetime, count: int) -> list[datetime]:
        """The next `count` occurrences strictly after `moment` (fewer if the rule ends)."""
        local = timezone.localtime(moment, self.zone).replace(tzinfo=None)
        found: Iterator[datetime] = self.recurrence().xafter(local, count=count)
        return [self._aware(o) for o in islice(found, count)]

    def occurrence_before(self, moment: datetime) -> datetime | None:
        """The last occurrence strictly before `moment`, if any."""
        local = timezone.localtime(moment, self.zone).replace(tzinfo=None)
        found = self.recurrence().before(local)
        return None if found is None else self._aware(found)


class Meeting(PartnershipRecord):
    """A meeting of the partnership (or, private, of one party), at `starts_at` in
    `time_zone`, with its agenda (one item per line), attendees, minutes and action items."""

    cadence = models.ForeignKey(
        Cadence, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="UTC")
    duration_minutes = models.PositiveIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    location = models.CharField(max_length=200, blank=True, help_text="A room or a video link.")
    agenda = models.TextField(blank=True, max_length=10000, help_text="One item per line.")

    EDITABLE_FIELDS = (
        "title",
        "cadence",
        "starts_at",
        "time_zone",
        "duration_minutes",
        "location",
        "agenda",
        "visibility",
    )

    cadence_id: int | None

    class Meta:
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-meeting", args=[self.partnership_id, self.pk])

    def rule_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.title.strip():
            errors["title"] = "Name the meeting."
        problem = zone_error(self.time_zone)
        if problem:
            errors["time_zone"] = problem
        if self.starts_at is not None and not EARLIEST <= self.starts_at.year <= LATEST:
            errors["starts_at"] = f"A meeting takes place between {EARLIEST} and {LATEST}."
        if self.cadence is not None:
            cadence_problem = _cadence_error(self, CadenceKind.MEETING)
            if cadence_problem:
                errors["cadence"] = cadence_problem
        return errors

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.starts_at, ZoneInfo(self.time_zone))

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def attendee_list(self) -> list["Attendee"]:
        """The attendees by party, then name (prefetch `attendees` to read them for free)."""
        return sorted(self.attendees.all(), key=lambda a: (a.party_id, a.user.public_name, a.pk))


def _cadence_error(record: "Meeting | Update", kind: str) -> str | None:
    cadence = record.cadence
    assert cadence is not None
    if cadence.partnership_id != record.partnership_id:
        return "No such cadence in this partnership."
    if cadence.kind != kind:
        return f"That cadence is of {cadence.get_kind_display().lower()}s."
    if cadence.is_private and cadence.owner_party_id != record.owner_party_id:
        return "No such cadence in this partnership."
    if cadence.is_private and not record.is_private:
        # The partner reads what a shared record follows: a private cadence's title would show.
        return "A private cadence is followed by private meetings only."
    return None


class Attendee(models.Model):
    """A person of a party's team at a meeting: a row of the meeting (no version of its own).
    Named to every party by name and organization, never by email."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    party_id: int
    user_id: int

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="unique_meeting_attendee")
        ]

    def __str__(self) -> str:
        return f"{self.user.public_name} ({self.party.organization.name})"


class Minutes(Endorsable, PartnershipRecord):
    """What a meeting decided and discussed, written by one party and approved by every party
    (each party's approval is a binding act, like an endorsement of a shared goal); an edit of
    the text clears the approvals."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    text = models.TextField(max_length=50000)

    EDITABLE_FIELDS = ("text",)
    WORDING_FIELDS = ("text",)
    STAMP_FIELDS = ("cleared_in_version",)  # the endorsements_cleared event says it

    meeting_id: int

    class Meta:
        verbose_name = "minutes"
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"

    def get_absolute_url(self) -> str:
        return (
            reverse("accord-meeting", args=[self.partnership_id, self.meeting_id])
            + "#minutes-heading"
        )

    def missing_parties(self, parties: Sequence[Party]) -> list[Party]:
        """Private minutes (of a party's own meeting) are approved by that party alone: no
        other party may see them."""
        if self.is_private:
            parties = [p for p in parties if p.pk == self.owner_party_id]
        return super().missing_parties(parties)

    def rule_errors(self) -> dict[str, str]:
        if not self.text.strip():
            return {"text": "Write what was discussed and decided."}
        if self.meeting.partnership_id != self.partnership_id:
            return {"meeting": "No such meeting in this partnership."}
        if self.visibility != self.meeting.visibility:
            return {"visibility": "Minutes are shared or private as their meeting is."}
        if self.is_private and self.owner_party_id != self.meeting.owner_party_id:
            return {"meeting": "No such meeting in this partnership."}
        return {}


class MinutesApproval(EndorsementBase):
    """One party's approval of the minutes' current text."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="endorsements")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["minutes", "party"], name="unique_minutes_approval")
        ]

    def __str__(self) -> str:
        return f"{self.party} approves {self.minutes}"


class Update(PartnershipRecord):
    """A party's structured update to the others: progress (always), challenges, opportunities
    and asks. Always shared (it is written for the other parties), acknowledged by each of
    them."""

    cadence = models.ForeignKey(
        Cadence, on_delete=models.PROTECT, null=True, blank=True, related_name="updates"
    )
    title = models.CharField(max_length=200)
    progress = models.TextField(max_length=10000)
    challenges = models.TextField(blank=True, max_length=10000)
    opportunities = models.TextField(blank=True, max_length=10000)
    asks = models.TextField(blank=True, max_length=10000)
    posted_at = models.DateTimeField(default=timezone.now)

    EDITABLE_FIELDS = ("title", "cadence", "progress", "challenges", "opportunities", "asks")
    SECTIONS = ("progress", "challenges", "opportunities", "asks")

    cadence_id: int | None

    class Meta:
        ordering = ["-posted_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accord-communication", args=[self.partnership_id]) + f"#update-{self.pk}"

    def rule_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.visibility != Visibility.SHARED:
            errors["visibility"] = "An update is written for the other parties: always shared."
        if not self.title.strip():
            errors["title"] = "Give the update a title, e.g. “March update”."
        if not self.progress.strip():
            errors["progress"] = "Say what progressed since the last update."
        if self.cadence is not None:
            cadence_problem = _cadence_error(self, CadenceKind.UPDATE)
            if cadence_problem:
                errors["cadence"] = cadence_problem
        return errors

    def acknowledgement_list(self) -> list["Acknowledgement"]:
        """Oldest first (prefetch `acknowledgements` to read them for free)."""
        return sorted(self.acknowledgements.all(), key=lambda a: (a.acknowledged_at, a.pk))


class Acknowledgement(models.Model):
    """A party heard an update (optionally replying): a row of the update, audited on its
    chain. The time from posting to acknowledging is the party's "listening" evidence."""

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="acknowledgements")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)
    reply = models.TextField(blank=True, max_length=5000)

    party_id: int
    update_id: int

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["update", "party"], name="unique_acknowledgement")
        ]

    def __str__(self) -> str:
        return f"{self.party} acknowledged {self.update}"

    @property
    def hours(self) -> float:
        """Hours from the update's posting to this acknowledgement."""
        return (self.acknowledged_at - self.update.posted_at).total_seconds() / 3600


class Comment(PartnershipRecord):
    """A party's comment on an update or on a decision of practice 3: exactly one of them.
    Shared or private as what it is on (a private decision's comments are its party's)."""

    update = models.ForeignKey(
        Update, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.TextField(max_length=5000)

    EDITABLE_FIELDS = ("text",)

    update_id: int | None
    decision_id: int | None

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on {self.on}"

    def get_absolute_url(self) -> str:
        return reverse("accord-communication", args=[self.partnership_id]) + f"#comment-{self.pk}"

    @property
    def on(self) -> "Update | Decision":
        target = self.update if self.update_id is not None else self.decision
        assert target is not None
        return target

    def rule_errors(self) -> dict[str, str]:
        if (self.update_id is None) == (self.decision_id is None):
            return {"update": "A comment is on one update or one decision."}
        if not self.text.strip():
            return {"text": "Write the comment."}
        target = self.on
        field = "update" if self.update_id is not None else "decision"
        if target.partnership_id != self.partnership_id:
            return {field: f"No such {field} in this partnership."}
        if target.is_private and target.owner_party_id != self.owner_party_id:
            return {field: f"No such {field} in this partnership."}
        if self.visibility != target.visibility:
            return {"visibility": f"A comment is shared or private as its {field} is."}
        return {}
