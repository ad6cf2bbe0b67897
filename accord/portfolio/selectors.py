"""The portfolio: an organization's partnerships side by side, read from health snapshots.

Each row is the organization's own party in a partnership the user sees through it
(`access.parties_seen_by`: all of them for its admins, those whose team they are on for its
members), with that party's latest snapshot (`Snapshot.latest`, indexed with the party): the
health as the organization sees it, its private records counted. Another organization's
snapshot is never read. The page reads no practice record, so its queries do not grow with the
number of partnerships (decision 0029).

The figures the columns need are read from the snapshot's `figures` (keys of the practices'
evidence providers): `commitments_overdue` (trust: value = open commitments past due),
`high_risks_planned` (contingency: value = live high risks with a plan, denominator = live high
risks) and `value_balance` (long-term: value 1 balanced, 0 one-sided; denominator 0 or missing
when there is nothing to weigh).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import (
    Case,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Coalesce

from accord.accounts.models import User
from accord.core import access
from accord.core.models import Organization, Party, Stage
from accord.core.practices import practices
from accord.health.models import Band, Snapshot
from accord.lib import formatting
from accord.lib.confirm import counted

OVERDUE = "commitments_overdue"
HIGH_RISKS = "high_risks_planned"
VALUE_BALANCE = "value_balance"

TREND_DAYS = 84  # the sparkline: twelve weeks
DROP_POINTS = 10
REVIEW_SOON_DAYS = 7
ATTENTION_MAX = 5
# Sorts far from any real value, so that rows without one keep together at an end.
NO_DATE = date(9999, 12, 31)


class ValueBalance(models.TextChoices):
    BALANCED = "balanced", "Balanced"
    ONE_SIDED = "one_sided", "One-sided"
    UNKNOWN = "unknown", "—"


# The sorts offered (public name: annotation or field), each ascending or descending (`-`).
ORDERINGS = {
    "health": "health_order",
    "name": "partnership__name",
    "change": "change_order",
    "overdue": "overdue_order",
    "risks": "risks_order",
    "next_review": "review_order",
}
DEFAULT_ORDERING = "health"
SORT_LABELS = {
    "health": "Health, weakest first",
    "-health": "Health, strongest first",
    "name": "Name, A to Z",
    "-name": "Name, Z to A",
    "change": "Biggest drop first",
    "-change": "Biggest rise first",
    "-overdue": "Most overdue commitments",
    "overdue": "Fewest overdue commitments",
    "-risks": "Most open high risks",
    "risks": "Fewest open high risks",
    "next_review": "Next review, soonest first",
    "-next_review": "Next review, latest first",
}


@dataclass(frozen=True)
class PortfolioFilters:
    """Validated filters; None: not filtered."""

    stage: Stage | None = None
    band: Band | None = None
    partner: str | None = None  # the partner organization's slug
    weakest: int | None = None  # a practice number


@dataclass(frozen=True)
class PortfolioRow:
    party_id: int
    partnership_id: int
    name: str
    stage: Stage
    partners: tuple[str, ...]
    checked_on: date | None  # None: no health check yet
    overall: int | None
    band: Band
    change: int | None  # points since the snapshot of four weeks ago
    weakest: int | None
    weakest_name: str
    overdue_commitments: int | None
    open_high_risks: int | None
    high_risks_without_plan: int | None
    value_balance: ValueBalance
    next_review: date | None
    trend: tuple[int | None, ...]  # the overall of each day of the last twelve weeks


@dataclass(frozen=True)
class AttentionRow:
    row: PortfolioRow
    reasons: tuple[str, ...]


def portfolio_parties(user: User, organization: Organization) -> QuerySet[Party]:
    """The organization's parties through which the user sees partnerships."""
    return access.parties_seen_by(user).filter(organization=organization)


def _figure(key: str, index: int) -> Cast:
    """Item `index` (0: value, 1: denominator) of the latest snapshot's figure `key`."""
    # Spelled out: KT("snapshot__figures__…") mistakes the filtered relation for a field.
    figure = KeyTransform(key, F("snapshot__figures"))
    return Cast(KeyTextTransform(str(index), figure), IntegerField())


def portfolio_list(parties: QuerySet[Party]) -> QuerySet[Party]:
    """`parties`, each with its latest snapshot's columns (NULL where there is no snapshot)
    and the sort keys of ORDERINGS (never NULL)."""
    return (
        parties.alias(
            snapshot=FilteredRelation(
                "health_snapshots", condition=Q(health_snapshots__latest=True)
            )
        )
        .annotate(
            checked_on=F("snapshot__taken_on"),
            overall=F("snapshot__overall"),
            band=Coalesce(F("snapshot__band"), Value(Band.UNKNOWN.value)),
            weakest=F("snapshot__weakest"),
            next_review=F("snapshot__next_review"),
            # As plain integers: a sort key's "none" is -1; on the scores' positive field,
            # lookups with it would match nothing.
            change=F("snapshot__change"),
            overdue_commitments=_figure(OVERDUE, 0),
            open_high_risks=_figure(HIGH_RISKS, 1),
            high_risks_without_plan=F("open_high_risks") - _figure(HIGH_RISKS, 0),
            value_balanced=_figure(VALUE_BALANCE, 0),
            value_weighed=_figure(VALUE_BALANCE, 1),
            health_order=Coalesce(F("snapshot__overall"), -1, output_field=IntegerField()),
            change_order=Coalesce(F("change"), 0),
            overdue_order=Coalesce(F("overdue_commitments"), -1),
            risks_order=Coalesce(F("open_high_risks"), -1),
            review_order=Coalesce(F("snapshot__next_review"), Value(NO_DATE)),
        )
        .select_related("partnership")
    )


def portfolio_filtered(listed: QuerySet[Party], filters: PortfolioFilters) -> QuerySet[Party]:
    if filters.stage:
        listed = listed.filter(partnership__stage=filters.stage)
    if filters.band:
        listed = listed.filter(Q(band=filters.band))
    if filters.weakest:
        listed = listed.filter(Q(weakest=filters.weakest))
    if filters.partner:
        partner = Party.objects.filter(
            partnership=OuterRef("partnership_id"), organization__slug=filters.partner
        ).exclude(organization=OuterRef("organization_id"))
        listed = listed.filter(Exists(partner))
    return listed


def portfolio_ordered(listed: QuerySet[Party], ordering: str) -> QuerySet[Party]:
    """In `ordering` (a key of ORDERINGS, `-` for descending), ties by party id."""
    sign = "-" if ordering.startswith("-") else ""
    return listed.order_by(f"{sign}{ORDERINGS[ordering.lstrip('-')]}", f"{sign}pk")


def partner_organizations(parties: QuerySet[Party]) -> list[tuple[str, str]]:
    """(slug, name) of the other organizations in the partnerships of `parties`, by name."""
    others = Organization.objects.filter(
        parties__partnership__in=parties.values("partnership_id")
    ).exclude(pk__in=parties.values("organization_id"))
    return list(others.distinct().order_by("name", "slug").values_list("slug", "name"))


def practice_names() -> dict[int, str]:
    return {practice.number: practice.name for practice in practices()}


def _balance(balanced: int | None, weighed: int | None) -> ValueBalance:
    if not weighed:
        return ValueBalance.UNKNOWN
    return ValueBalance.BALANCED if balanced else ValueBalance.ONE_SIDED


def portfolio_rows(
    parties: Sequence[Party], today: date, *, trends: bool = True
) -> list[PortfolioRow]:
    """Display-ready rows of annotated `parties` (from `portfolio_list`): two more queries
    whatever their number (their partners, and their snapshots of the last twelve weeks)."""
    partners = _partners_of(parties)
    trend = _trends_of(parties, today) if trends else {}
    names = practice_names()
    return [
        PortfolioRow(
            party_id=party.pk,
            partnership_id=party.partnership_id,
            name=party.partnership.name,
            stage=Stage(party.partnership.stage),
            partners=tuple(partners[party.partnership_id]),
            checked_on=party.checked_on,  # type: ignore[attr-defined]
            overall=party.overall,  # type: ignore[attr-defined]
            band=Band(party.band),  # type: ignore[attr-defined]
            change=party.change,  # type: ignore[attr-defined]
            weakest=party.weakest,  # type: ignore[attr-defined]
            weakest_name=names.get(party.weakest, ""),  # type: ignore[attr-defined]
            overdue_commitments=party.overdue_commitments,  # type: ignore[attr-defined]
            open_high_risks=party.open_high_risks,  # type: ignore[attr-defined]
            high_risks_without_plan=party.high_risks_without_plan,  # type: ignore[attr-defined]
            value_balance=_balance(party.value_balanced, party.value_weighed),  # type: ignore[attr-defined]
            next_review=party.next_review,  # type: ignore[attr-defined]
            trend=tuple(trend.get(party.pk, ())),
        )
        for party in parties
    ]


def _partners_of(parties: Sequence[Party]) -> dict[int, list[str]]:
    others = (
        Party.objects.filter(partnership__in=[p.partnership_id for p in parties])
        .exclude(pk__in=[p.pk for p in parties])
        .order_by("joined_at", "id")
        .values_list("partnership_id", "organization__name")
    )
    found: dict[int, list[str]] = defaultdict(list)
    for partnership_id, name in others:
        found[partnership_id].append(name)
    return found


def _trends_of(parties: Sequence[Party], today: date) -> dict[int, list[int | None]]:
    """Each party's overall on each day of the last TREND_DAYS (None on days without one)."""
    start = today - timedelta(days=TREND_DAYS - 1)
    days: dict[int, dict[date, int | None]] = defaultdict(dict)
    snapshots = Snapshot.objects.filter(
        party__in=[p.pk for p in parties], taken_on__gte=start, taken_on__lte=today
    ).values_list("party_id", "taken_on", "overall")
    for party_id, taken_on, overall in snapshots:
        days[party_id][taken_on] = overall
    trends = {}
    for party_id, by_day in days.items():
        first = min(by_day)
        span = (today - first).days + 1
        trends[party_id] = [by_day.get(first + timedelta(days=i)) for i in range(span)]
    return trends


def needing_attention(listed: QuerySet[Party], today: date) -> list[AttentionRow]:
    """The few partnerships of `listed` (from `portfolio_list`) that most need someone this
    week, at risk first, then by the largest drop: each with its reasons in words."""
    soon = today + timedelta(days=REVIEW_SOON_DAYS)
    urgent = listed.filter(
        Q(band=Band.POOR)
        | Q(change__lte=-DROP_POINTS)
        | Q(overdue_commitments__gt=0)
        | Q(high_risks_without_plan__gt=0)
        | Q(next_review__lte=soon)
    ).order_by(
        Case(When(band=Band.POOR, then=0), default=1),
        F("change_order"),
        F("overdue_order").desc(),
        F("review_order"),
        "partnership__name",
        "pk",
    )
    rows = portfolio_rows(list(urgent[:ATTENTION_MAX]), today, trends=False)
    return [AttentionRow(row, tuple(reasons_for_attention(row, today))) for row in rows]


def reasons_for_attention(row: PortfolioRow, today: date) -> Iterable[str]:
    if row.band == Band.POOR:
        yield f"Health {row.overall} of 100: at risk"
    if row.change is not None and row.change <= -DROP_POINTS:
        yield f"Down {-row.change} points in four weeks"
    if row.overdue_commitments:
        yield f"{counted(row.overdue_commitments, 'commitment')} overdue"
    if row.high_risks_without_plan:
        yield f"{counted(row.high_risks_without_plan, 'high risk')} without a plan"
    if row.next_review is not None and row.next_review <= today + timedelta(days=REVIEW_SOON_DAYS):
        when = formatting.day(row.next_review)
        yield f"Review overdue since {when}" if row.next_review < today else f"Review due {when}"
