"""Records the health tests plant, through the real services."""

from datetime import timedelta

from django.utils import timezone

from accord.contingency import services as contingency
from accord.contingency.models import Risk
from accord.core.models import Visibility
from accord.core.proposals import proposal_approve, proposal_create


def private_alpha_risk(t, title: str = "Alpha secret exposure") -> Risk:
    """A high risk of Alpha, private to it, mitigated and reviewed on time, without a plan."""
    return contingency.risk_create(
        party=t.party_a,
        actor=t.alice,
        title=title,
        likelihood=5,
        impact=5,
        mitigation="Hedge.",
        next_review=timezone.localdate() + timedelta(days=30),
        visibility=Visibility.PRIVATE,
    )


def shared_beta_risk(t, title: str = "Beta shared supplier risk", **fields) -> Risk:
    values = {
        "likelihood": 5,
        "impact": 5,
        "mitigation": "Second source.",
        "next_review": timezone.localdate() + timedelta(days=30),
        **fields,
    }
    return contingency.risk_create(party=t.party_b, actor=t.bob, title=title, **values)


def end_partnership(t) -> None:
    """End the partnership the way its parties do: Alpha proposes, Beta approves."""
    ending = proposal_create(party=t.party_a, actor=t.alice, kind="end").proposal
    proposal_approve(proposal=ending, party=t.party_b, actor=t.bea)
