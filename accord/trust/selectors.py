"""Reads of practice 2, shared by the Trust page, the API, the evidence and the jobs.

Figures (all through a Viewpoint: another party's private commitments and items never count):

- A commitment **counts** once it is settled or late: delivered (kept), disputed, broken, or
  open past its due date (overdue now). One still open before its due date does not count yet.
- **Kept on time**: delivered (awaiting confirmation or confirmed) on or before the due date in
  force; **kept late**: delivered after it. **On-time rate** = kept on time / counted.
- The **day** a counted commitment falls on: its delivery date if delivered (or disputed);
  today if overdue now; if broken, its due date (today, if broken before it).
  **Last 90 days**: counted commitments whose day is within the 90 days up to today.
  The **monthly trend**: the on-time rate of the commitments whose day falls in each of the
  last twelve months (a month with none has no point).
- **Sharing reciprocity**, per party: items it shared, those read by another party, and the
  other parties' items it read; `share` = its items / all items seen.
  Sharing is **one-sided** when at least 4 items are seen and one party shared 75 % or more.
- **Concerns**, per party they were raised to: open (not resolved), unanswered, and the median
  time from raising to the first answer (hours) of those answered.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from django.db.models import Max, Prefetch, QuerySet, Subquery

from accord.audit.services import private_chain, shared_chain
from accord.core.models import Party
from accord.core.viewpoint import Viewpoint
from accord.lib.kpi import add_months
from accord.trust.models import (
    Commitment,
    CommitmentStatus,
    Concern,
    ConcernReply,
    ConcernStatus,
    HistoryCheck,
    ItemRead,
    SharedItem,
)

WINDOW_DAYS = 90
TREND_MONTHS = 12
ONE_SIDED_SHARE = 0.75
ONE_SIDED_MIN_ITEMS = 4


def commitment_records() -> QuerySet[Commitment]:
    return Commitment.objects.select_related(
        "owner_party__organization", "receiver_party__organization", "promiser_person"
    )


def item_records() -> QuerySet[SharedItem]:
    reads = ItemRead.objects.select_related("party__organization", "read_by")
    return SharedItem.objects.select_related("owner_party__organization").prefetch_related(
        Prefetch("reads", queryset=reads)
    )


def concern_records() -> QuerySet[Concern]:
    replies = ConcernReply.objects.select_related("party__organization", "written_by")
    return Concern.objects.select_related(
        "owner_party__organization", "addressed_to__organization"
    ).prefetch_related(Prefetch("replies", queryset=replies))


def commitments(viewpoint: Viewpoint) -> list[Commitment]:
    return list(viewpoint.records(commitment_records()))


def items(viewpoint: Viewpoint) -> list[SharedItem]:
    return list(viewpoint.records(item_records()))


def concerns(viewpoint: Viewpoint) -> list[Concern]:
    return list(viewpoint.records(concern_records()))


def counts(commitment: Commitment, today: date) -> bool:
    return commitment.status != CommitmentStatus.OPEN or commitment.is_overdue_on(today)


def day_of(commitment: Commitment, today: date) -> date:
    """The day a counted commitment falls on (see the module's docstring)."""
    if commitment.delivered_on is not None:
        return commitment.delivered_on
    if commitment.status == CommitmentStatus.OPEN:
        return today
    return min(commitment.due_date, today)


@dataclass(frozen=True)
class Tally:
    """The counted commitments of a party over a period, by outcome."""

    counted: list[Commitment]
    on_time: list[Commitment]
    late: list[Commitment]
    broken: list[Commitment]
    disputed: list[Commitment]
    overdue: list[Commitment]

    @classmethod
    def of(cls, records: Iterable[Commitment], today: date) -> "Tally":
        counted = [c for c in records if counts(c, today)]
        return cls(
            counted=counted,
            on_time=[c for c in counted if c.kept_on_time],
            late=[c for c in counted if c.kept_late],
            broken=[c for c in counted if c.status == CommitmentStatus.BROKEN],
            disputed=[c for c in counted if c.status == CommitmentStatus.DISPUTED],
            overdue=[c for c in counted if c.is_overdue_on(today)],
        )

    @property
    def rate(self) -> float | None:
        """Kept on time / counted, 0 to 1; None when nothing counts yet."""
        return round(len(self.on_time) / len(self.counted), 4) if self.counted else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


@dataclass(frozen=True)
class PartyCommitments:
    party: Party
    recent: Tally  # the last 90 days
    all_time: Tally
    open: list[Commitment]  # open, not yet due
    trend: list[tuple[date, float]]  # (first of month, on-time %)


def _trend(records: list[Commitment], today: date) -> list[tuple[date, float]]:
    first = add_months(today.replace(day=1), -(TREND_MONTHS - 1))
    points = []
    for i in range(TREND_MONTHS):
        start = add_months(first, i)
        end = add_months(start, 1)
        month = Tally.of(
            [c for c in records if counts(c, today) and start <= day_of(c, today) < end], today
        )
        if month.rate is not None:
            points.append((start, round(month.rate * 100, 1)))
    return points


def party_commitments(
    viewpoint: Viewpoint, records: list[Commitment], today: date
) -> list[PartyCommitments]:
    since = today - timedelta(days=WINDOW_DAYS - 1)
    result = []
    for party in viewpoint.parties:
        mine = [c for c in records if c.owner_party_id == party.pk]
        recent = [c for c in mine if counts(c, today) and since <= day_of(c, today) <= today]
        result.append(
            PartyCommitments(
                party=party,
                recent=Tally.of(recent, today),
                all_time=Tally.of(mine, today),
                open=[
                    c
                    for c in mine
                    if c.status == CommitmentStatus.OPEN and not c.is_overdue_on(today)
                ],
                trend=_trend(mine, today),
            )
        )
    return result


@dataclass(frozen=True)
class PartySharing:
    party: Party
    shared: list[SharedItem]
    read_by_others: list[SharedItem]
    read_of_others: list[SharedItem]
    share: float | None


@dataclass(frozen=True)
class Sharing:
    parties: list[PartySharing]
    total: int
    one_sided: bool
    verdict: str


def sharing(viewpoint: Viewpoint, records: list[SharedItem]) -> Sharing:
    total = len(records)
    parties = []
    for party in viewpoint.parties:
        shared = [i for i in records if i.owner_party_id == party.pk]
        parties.append(
            PartySharing(
                party=party,
                shared=shared,
                read_by_others=[
                    i for i in shared if any(r.party_id != party.pk for r in i.reads.all())
                ],
                read_of_others=[
                    i
                    for i in records
                    if i.owner_party_id != party.pk
                    and any(r.party_id == party.pk for r in i.reads.all())
                ],
                share=round(len(shared) / total, 4) if total else None,
            )
        )
    top = max(parties, key=lambda p: p.share or 0, default=None)
    one_sided = bool(top and total >= ONE_SIDED_MIN_ITEMS and (top.share or 0) >= ONE_SIDED_SHARE)
    if one_sided and top is not None:
        verdict = (
            f"Sharing is one-sided: {top.party.organization.name} shared {len(top.shared)} of "
            f"the {total} items."
        )
    elif total:
        verdict = "Both sides share."
    else:
        verdict = "Nothing shared yet."
    return Sharing(parties, total, one_sided, verdict)


@dataclass(frozen=True)
class PartyConcerns:
    party: Party  # the party the concerns were raised to
    raised_to: list[Concern]
    open: list[Concern]
    unanswered: list[Concern]
    answered: list[Concern]
    median_hours: float | None


def party_concerns(viewpoint: Viewpoint, records: list[Concern]) -> list[PartyConcerns]:
    result = []
    for party in viewpoint.parties:
        to_them = [c for c in records if c.addressed_to_id == party.pk]
        answered = [c for c in to_them if c.first_answered_at is not None]
        hours = [c.hours_to_first_answer for c in answered]
        result.append(
            PartyConcerns(
                party=party,
                raised_to=to_them,
                open=[c for c in to_them if c.status != ConcernStatus.RESOLVED],
                unanswered=[c for c in to_them if c.first_answered_at is None],
                answered=answered,
                median_hours=round(median(h for h in hours if h is not None), 1) if hours else None,
            )
        )
    return result


@dataclass(frozen=True)
class Trust:
    today: date
    commitments: list[Commitment]
    items: list[SharedItem]
    concerns: list[Concern]
    parties: list[PartyCommitments]
    sharing: Sharing
    concern_parties: list[PartyConcerns]
    grace_days: int
    checks: list[HistoryCheck] = field(default_factory=list)


def trust_of(viewpoint: Viewpoint, today: date, grace_days: int, with_checks: bool = True) -> Trust:
    """Everything the Trust page and `GET …/trust` show, through the viewpoint."""
    commitment_list = commitments(viewpoint)
    item_list = items(viewpoint)
    concern_list = concerns(viewpoint)
    return Trust(
        today=today,
        commitments=commitment_list,
        items=item_list,
        concerns=concern_list,
        parties=party_commitments(viewpoint, commitment_list, today),
        sharing=sharing(viewpoint, item_list),
        concern_parties=party_concerns(viewpoint, concern_list),
        grace_days=grace_days,
        checks=last_checks(viewpoint) if with_checks else [],
    )


def last_checks(viewpoint: Viewpoint) -> list[HistoryCheck]:
    """The last verification of each chain the viewpoint sees, the shared chain first."""
    partnership_id = viewpoint.partnership.pk
    chains = [shared_chain(partnership_id)] + [
        private_chain(partnership_id, org) for org in sorted(viewpoint.organization_ids)
    ]
    checks = HistoryCheck.objects.filter(partnership_id=partnership_id, chain__in=chains)
    last = checks.values("chain").annotate(last=Max("id")).values("last")
    latest = {c.chain: c for c in HistoryCheck.objects.filter(pk__in=Subquery(last))}
    return [latest[c] for c in chains if c in latest]
