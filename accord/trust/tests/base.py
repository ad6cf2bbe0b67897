"""Helpers of the practice 2 tests: records made through the services, as Beta (bob) unless
said otherwise."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.utils import timezone

from accord.core.access import partnership_access
from accord.core.models import Party
from accord.trust import services
from accord.trust.models import Commitment
from tests.base import AccordTestCase


def days(n: int) -> date:
    """Today plus n days (n < 0: in the past)."""
    return timezone.localdate() + timedelta(days=n)


class TrustTestCase(AccordTestCase):
    @classmethod
    def commit(
        cls,
        title: str,
        due: int,
        *,
        user: Any = None,
        receiver: Party | None = None,
        **fields: Any,
    ) -> Commitment:
        """A commitment due in `due` days, made by `user`'s party (bob's: Beta) to the other."""
        user = user or cls.bob
        by = cls.acting_as(user)
        if receiver is None:
            receiver = cls.party_a if by["party"] == cls.party_b else cls.party_b
        return services.commitment_create(
            **by, title=title, due_date=days(due), receiver_party_id=receiver, **fields
        )

    @classmethod
    def deliver(cls, commitment: Commitment, on: int, user: Any = None) -> Commitment:
        user = user or (cls.bob if commitment.owner_party_id == cls.party_b.pk else cls.alice)
        return services.commitment_deliver(
            commitment=commitment,
            party=commitment.owner_party,
            actor=user,
            expected_version=commitment.version,
            delivered_on=days(on),
        )

    @classmethod
    def party_of(cls, user: Any) -> Party:
        return partnership_access(user, cls.partnership.pk, "edit").acting_party()


def at(hours: float) -> datetime:
    """A fixed instant, `hours` after 1 June 2026 09:00 UTC."""
    return datetime(2026, 6, 1, 9, 0, tzinfo=UTC) + timedelta(hours=hours)
