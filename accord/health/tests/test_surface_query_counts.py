"""The health page and API run a fixed number of queries however many records and snapshots
there are. Most of them are the practices' evidence providers' (`health_of`): a change there
moves these numbers, never their constancy."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accord.health.snapshots import snapshot_take
from accord.health.tests.helpers import private_alpha_risk, shared_beta_risk
from accord.trust.services import commitment_create
from tests.base import QueryCountTestCase


class HealthQueryCountTests(QueryCountTestCase):
    GROW = (2, 12)

    def setUp(self) -> None:
        self.grown = 0

    def grow(self, n: int) -> None:
        """n more risks each way (Alpha's private), n commitments, and n more days of
        snapshots of each party."""
        today = timezone.localdate()
        for i in range(self.grown, self.grown + n):
            shared_beta_risk(self, title=f"Shared {i}")
            private_alpha_risk(self, title=f"Private {i}")
            commitment_create(
                party=self.party_a,
                actor=self.alice,
                title=f"Promise {i}",
                due_date=today + timedelta(days=i + 1),
            )
            for party in (self.party_a, self.party_b):
                snapshot_take(party=party, today=today - timedelta(days=i))
        self.grown += n

    def test_the_page(self):
        url = reverse("accord-health", args=[self.partnership.pk])
        self.assertConstant(url, self.alice, 38)

    def test_the_api(self):
        self.assertApiConstant("health", self.bob, 39)

    def test_the_trend(self):
        self.assertApiConstant("health/snapshots", self.bob, 8)
