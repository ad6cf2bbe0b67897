"""The demo's partnerships appear in their organizations' portfolios, each with a health check."""

from typing import Any

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from accord.core.models import Party
from accord.demo import build_demo
from accord.health.models import Snapshot


class DemoTests(TestCase):
    olivia: Any

    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()
        cls.olivia = get_user_model().objects.get(full_name__iexact="olivia")

    def test_every_demo_party_has_a_latest_health_check(self):
        parties = Party.objects.count()
        self.assertEqual(Snapshot.objects.filter(latest=True).count(), parties)

    def test_northwinds_portfolio_shows_its_partnerships_with_their_health(self):
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("accord-portfolio", args=["northwind"]))
        self.assertEqual(response.status_code, 200)
        rows = response.context["rows"]
        self.assertIn("Community solar rollout", [row.name for row in rows])
        self.assertTrue(all(row.checked for row in rows))
