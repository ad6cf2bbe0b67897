"""What the Trust page shows but does not compute: the monthly trend charts and the display rows
with the actions the viewer may take on each record (from the grant's rights)."""

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from accord.core.access import PartnershipAccess
from accord.core.models import Party
from accord.lib import formatting
from accord.lib.svgchart import kpi_chart
from accord.trust import selectors
from accord.trust.models import (
    Commitment,
    CommitmentStatus,
    Concern,
    ConcernStatus,
    SharedItem,
)


def _whole_percent(value: float) -> str:
    return formatting.percent(value, 0)


def trend_chart(figures: selectors.PartyCommitments) -> SafeString:
    """The party's on-time rate by month, as inline SVG."""
    party = figures.party
    points = figures.trend
    svg = kpi_chart(
        chart_id=f"trust-trend-{party.pk}",
        title=f"{party.organization.name}: commitments kept on time, by month",
        description=(
            f"On-time rate (%) of the commitments settled or overdue in each of the last "
            f"{selectors.TREND_MONTHS} months; {len(points)} months with commitments."
        ),
        actuals=points,
        width=480,
        height=200,
        value_text=formatting.percent,
        tick_text=_whole_percent,
        value_range=(0, 100),
        empty_text="No commitment counted yet",
    )
    return mark_safe(svg)  # every text in it is escaped by kpi_chart


@dataclass(frozen=True)
class CommitmentRow:
    record: Commitment
    overdue: bool
    actions: list[tuple[str, str]]  # (URL name, label)
    editable: bool


@dataclass(frozen=True)
class ItemRow:
    record: SharedItem
    editable: bool
    may_mark_read: bool
    read_by: list[str]


@dataclass(frozen=True)
class ConcernRow:
    record: Concern
    editable: bool
    actions: list[tuple[str, str]]


@dataclass(frozen=True)
class PartyPanel:
    figures: selectors.PartyCommitments
    chart: SafeString


@dataclass(frozen=True)
class TrustPage:
    panels: list[PartyPanel]
    commitments: list[CommitmentRow]
    items: list[ItemRow]
    concerns: list[ConcernRow]
    other_parties: list[Party] = field(default_factory=list)


def _acts_for(grant: PartnershipAccess, party_ids: set[int]) -> bool:
    return any(grant.may_act_for(p) for p in grant.parties if p.pk in party_ids)


def commitment_actions(
    grant: PartnershipAccess, commitment: Commitment, today: object
) -> list[tuple[str, str]]:
    all_ids = [p.pk for p in grant.parties]
    receivers = commitment.receiving_party_ids(all_ids)
    promiser = _acts_for(grant, {commitment.owner_party_id})
    receiver = _acts_for(grant, receivers)
    status = commitment.status
    actions = []
    if promiser and status == CommitmentStatus.OPEN:
        actions.append(("accord-commitment-deliver", "Deliver"))
        if commitment.due_date >= today:  # type: ignore[operator]
            actions.append(("accord-commitment-renegotiate", "Renegotiate"))
    if receiver and status == CommitmentStatus.DELIVERED:
        actions += [
            ("accord-commitment-confirm", "Confirm"),
            ("accord-commitment-dispute", "Dispute"),
        ]
    if (promiser or receiver) and status in (CommitmentStatus.OPEN, CommitmentStatus.DISPUTED):
        actions.append(("accord-commitment-break", "Mark broken"))
    return actions


def concern_actions(grant: PartnershipAccess, concern: Concern) -> list[tuple[str, str]]:
    actions = []
    raiser = _acts_for(grant, {concern.owner_party_id})
    if _acts_for(grant, {concern.addressed_to_id}) and concern.status != ConcernStatus.RESOLVED:
        actions.append(("accord-concern-answer", "Answer"))
    if raiser and concern.status != ConcernStatus.RESOLVED:
        actions.append(("accord-concern-close", "Close as resolved"))
    if raiser and concern.status != ConcernStatus.OPEN:
        actions.append(("accord-concern-reopen", "Reopen"))
    return actions


def trust_page(grant: PartnershipAccess, trust: selectors.Trust) -> TrustPage:
    today = trust.today
    return TrustPage(
        panels=[PartyPanel(f, trend_chart(f)) for f in trust.parties],
        commitments=[
            CommitmentRow(
                c,
                c.is_overdue_on(today),
                commitment_actions(grant, c, today),
                grant.can_edit_record(c) and c.status == CommitmentStatus.OPEN,
            )
            for c in trust.commitments
        ],
        items=[
            ItemRow(
                i,
                grant.can_edit_record(i),
                _acts_for(grant, {p.pk for p in grant.parties if p.pk != i.owner_party_id})
                and not any(
                    r.party_id in {p.pk for p in grant.editing_parties} for r in i.reads.all()
                ),
                [r.party.organization.name for r in i.reads.all()],
            )
            for i in trust.items
        ],
        concerns=[
            ConcernRow(c, grant.can_edit_record(c), concern_actions(grant, c))
            for c in trust.concerns
        ],
    )
