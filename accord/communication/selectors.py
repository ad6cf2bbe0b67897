"""Reads of practice 4, shared by the Communication page, the API, the evidence, the notices
and the calendar.

**Matching a meeting or update to an occurrence.** A meeting (its start) or an update (its
posting) that names a cadence counts for the cadence's occurrence **nearest to it in time**
(the earlier one on a tie): a meeting moved a day earlier or held a day late still keeps its
occurrence, and each moment belongs to exactly one occurrence. Several for one occurrence
count once. An occurrence is **kept** when something counts for it, **missed** when nothing
does once its window has closed — halfway to the next occurrence (for the last of a rule that
ends, half the gap after the one before; a single occurrence, one day) — and **pending** while
its window is open. Occurrences before the cadence's start never exist; only those in the
**last 365 days** are counted.

Figures (all through a Viewpoint: another party's private meetings and cadences never count):

- **Cadence kept** = kept / (kept + missed) occurrences, per cadence and per owning party.
- **Updates acknowledged**, per party: the other parties' updates it acknowledged / those
  addressed to it (every update of another party recorded since it joined).
- **Median time to acknowledge**, per party: the median, in hours, from an update's posting
  to the party's acknowledgement, over the updates it acknowledged.
- **Minutes approved**: minutes every current party approves / minutes written, per writer.
- **Action items closed on time**: meeting commitments kept on time / those that count
  (trust's rule: settled, or open past their due date), per promising party.
"""

from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from django.db.models import Prefetch, QuerySet

from accord.communication.models import (
    Acknowledgement,
    Attendee,
    Cadence,
    Comment,
    Meeting,
    Minutes,
    MinutesApproval,
    Update,
)
from accord.communication.services import SOURCE_KIND
from accord.core.models import Party
from accord.core.viewpoint import Viewpoint
from accord.roles.models import Decision, Outcome
from accord.trust.models import Commitment
from accord.trust.selectors import commitment_records

KEPT_WINDOW_DAYS = 365
NEXT_OCCURRENCES = 3


def cadence_records() -> QuerySet[Cadence]:
    return Cadence.objects.select_related("owner_party__organization")


def meeting_records() -> QuerySet[Meeting]:
    attendees = Attendee.objects.select_related("user", "party__organization")
    return Meeting.objects.select_related("owner_party__organization", "cadence").prefetch_related(
        Prefetch("attendees", queryset=attendees)
    )


def minutes_records() -> QuerySet[Minutes]:
    approvals = MinutesApproval.objects.select_related("party__organization", "endorsed_by")
    return Minutes.objects.select_related(
        "owner_party__organization", "meeting", "partnership"
    ).prefetch_related(
        Prefetch("endorsements", queryset=approvals),
        Prefetch("partnership__parties", queryset=Party.objects.select_related("organization")),
    )


def update_records() -> QuerySet[Update]:
    acknowledgements = Acknowledgement.objects.select_related(
        "party__organization", "acknowledged_by"
    )
    return Update.objects.select_related("owner_party__organization", "cadence").prefetch_related(
        Prefetch("acknowledgements", queryset=acknowledgements)
    )


def comment_records() -> QuerySet[Comment]:
    return Comment.objects.select_related("owner_party__organization", "created_by")


def comments_by(comments: list[Comment], field: str) -> dict[int, list[Comment]]:
    """The comments (oldest first) by the id of what they are on (`field`: update, decision)."""
    found: dict[int, list[Comment]] = {}
    for comment in comments:
        target = getattr(comment, f"{field}_id")
        if target is not None:
            found.setdefault(target, []).append(comment)
    return found


def action_item_records(viewpoint: Viewpoint) -> QuerySet[Commitment]:
    return viewpoint.records(commitment_records().filter(source_kind=SOURCE_KIND))


# --- Cadences -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    at: datetime
    state: str  # "kept", "missed" or "pending"
    matched: tuple[int, ...]  # ids of the meetings or updates that count for it


@dataclass(frozen=True)
class CadenceRecord:
    cadence: Cadence
    occurrences: list[Occurrence]  # in the last 365 days, oldest first
    upcoming: list[datetime]  # the next occurrences

    @property
    def kept(self) -> list[Occurrence]:
        return [o for o in self.occurrences if o.state == "kept"]

    @property
    def missed(self) -> list[Occurrence]:
        return [o for o in self.occurrences if o.state == "missed"]

    @property
    def counted(self) -> int:
        return len(self.kept) + len(self.missed)

    @property
    def percent(self) -> int | None:
        return round(100 * len(self.kept) / self.counted) if self.counted else None


def _window_close(at: datetime, before: datetime | None, after: datetime | None) -> datetime:
    if after is not None:
        return at + (after - at) / 2
    if before is not None:
        return at + (at - before) / 2
    return at + timedelta(days=1)


def cadence_record(
    cadence: Cadence, moments: list[tuple[datetime, int]], now: datetime
) -> CadenceRecord:
    """The occurrences of `cadence` in the last 365 days up to `now`, each kept, missed or
    pending by the meetings or updates at `moments` ((time, id), see the module's docstring),
    and its next occurrences."""
    since = now - timedelta(days=KEPT_WINDOW_DAYS)
    past = cadence.occurrences_between(max(since, cadence.starts_at), now)
    upcoming = cadence.occurrences_after(now, NEXT_OCCURRENCES)
    before = cadence.occurrence_before(past[0]) if past else None
    # Every occurrence a record could be nearest to: the one before the window and the next.
    around = [*([before] if before else []), *past, *upcoming[:1]]
    matched: dict[datetime, list[int]] = {}
    for moment, record_id in moments:
        if not around:
            break
        i = bisect_left(around, moment)
        candidates = [around[j] for j in (i - 1, i) if 0 <= j < len(around)]
        nearest = min(candidates, key=lambda o: (abs(o - moment), o))
        matched.setdefault(nearest, []).append(record_id)
    occurrences = []
    for at in past:
        index = around.index(at)
        previous = around[index - 1] if index > 0 else None
        following = around[index + 1] if index + 1 < len(around) else None
        ids = tuple(sorted(matched.get(at, ())))
        if ids:
            state = "kept"
        elif now >= _window_close(at, previous, following):
            state = "missed"
        else:
            state = "pending"
        occurrences.append(Occurrence(at, state, ids))
    return CadenceRecord(cadence, occurrences, upcoming)


def cadences_of(viewpoint: Viewpoint, now: datetime) -> list[CadenceRecord]:
    """Every cadence seen from the viewpoint, with its occurrences matched against the
    meetings and updates seen from it (two queries, whatever the number)."""
    cadences = list(viewpoint.records(cadence_records()))
    moments: dict[int, list[tuple[datetime, int]]] = {c.pk: [] for c in cadences}
    meetings = viewpoint.records(Meeting.objects.filter(cadence__isnull=False))
    for cadence_id, at, pk in meetings.values_list("cadence_id", "starts_at", "pk"):
        moments.setdefault(cadence_id, []).append((at, pk))
    updates = viewpoint.records(Update.objects.filter(cadence__isnull=False))
    for cadence_id, at, pk in updates.values_list("cadence_id", "posted_at", "pk"):
        moments.setdefault(cadence_id, []).append((at, pk))
    return [cadence_record(c, moments[c.pk], now) for c in cadences]


# --- Updates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listening:
    """How a party hears the other parties' updates."""

    party: Party
    addressed: list[Update]  # other parties' updates recorded since it joined
    acknowledged: list[Acknowledgement]
    waiting: list[Update]  # addressed to it, not yet acknowledged

    @property
    def median_hours(self) -> float | None:
        hours = [a.hours for a in self.acknowledged]
        return round(median(hours), 1) if hours else None


def listening_of(parties: tuple[Party, ...], updates: list[Update]) -> list[Listening]:
    """Per party, the updates addressed to it and its acknowledgements (prefetched)."""
    found = []
    for party in parties:
        addressed = [
            u for u in updates if u.owner_party_id != party.pk and u.created_at >= party.joined_at
        ]
        acknowledgements = [
            a for u in addressed for a in u.acknowledgements.all() if a.party_id == party.pk
        ]
        heard = {a.update_id for a in acknowledgements}
        waiting = [u for u in addressed if u.pk not in heard]
        found.append(Listening(party, addressed, acknowledgements, waiting))
    return found


# --- The page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Communication:
    cadences: list[CadenceRecord]
    upcoming: list[Meeting]  # from today on, soonest first
    past: list[Meeting]  # before today, latest first
    minutes: dict[int, Minutes]  # by meeting id
    updates: list[Update]
    listening: list[Listening]
    action_items: list[Commitment]
    parties: tuple[Party, ...]
    comments: dict[int, list[Comment]]  # on updates, by update id
    decisions: list[Decision]  # of practice 3, still waiting: to discuss
    decision_comments: dict[int, list[Comment]]  # by decision id

    def minutes_approved(self) -> list[Minutes]:
        return [m for m in self.minutes.values() if m.is_agreed(self.parties)]


def communication_of(viewpoint: Viewpoint, now: datetime) -> Communication:
    """Everything the Communication page and the evidence read, in a fixed number of queries."""
    meetings = list(viewpoint.records(meeting_records()))
    minutes = {m.meeting_id: m for m in viewpoint.records(minutes_records())}
    updates = list(viewpoint.records(update_records()))
    comments = list(viewpoint.records(comment_records()))
    waiting = viewpoint.records(Decision.objects.filter(outcome=Outcome.WAITING))
    return Communication(
        cadences=cadences_of(viewpoint, now),
        upcoming=sorted(
            (m for m in meetings if m.ends_at >= now), key=lambda m: (m.starts_at, m.pk)
        ),
        past=[m for m in meetings if m.ends_at < now],
        minutes=minutes,
        updates=updates,
        listening=listening_of(viewpoint.parties, updates),
        action_items=list(action_item_records(viewpoint)),
        parties=viewpoint.parties,
        comments=comments_by(comments, "update"),
        decisions=list(waiting.select_related("owner_party__organization").order_by("deadline")),
        decision_comments=comments_by(comments, "decision"),
    )
