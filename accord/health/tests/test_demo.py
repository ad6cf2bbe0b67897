"""The demo shows a trend: today's snapshot of each party of each live demo partnership is real,
the ~4 months before it are made up (cheaply) so that the charts have something to show."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.core.models import Partnership, Party, Stage
from accord.demo import build_demo
from accord.health.demo import DAYS
from accord.health.demo import load_demo as health_demo
from accord.health.models import Snapshot


class HealthDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()

    def test_each_party_of_a_live_partnership_has_a_snapshot_a_day_for_four_months(self):
        today = timezone.localdate()
        live = Party.objects.exclude(partnership__stage=Stage.ENDED)
        self.assertTrue(live.exists())
        for party in live:
            with self.subTest(party=str(party)):
                days = Snapshot.objects.filter(party=party)
                self.assertEqual(days.count(), DAYS + 1)
                self.assertEqual(days.get(latest=True).taken_on, today)
                self.assertEqual(days.earliest("taken_on").taken_on, today - timedelta(days=DAYS))
        ended = Snapshot.objects.filter(partnership__stage=Stage.ENDED)
        self.assertTrue(ended.exists())  # one, for the portfolio; no made-up history
        self.assertEqual(set(ended.values_list("taken_on", flat=True)), {today})

    def test_the_trend_moves_and_stays_within_0_and_100(self):
        overall = [s.overall for s in Snapshot.objects.filter(overall__isnull=False)]
        self.assertTrue(all(0 <= value <= 100 for value in overall))
        self.assertGreater(len(set(overall)), 10)

    def test_the_page_shows_the_trend(self):
        maya = get_user_model().objects.get(email="maya@northwind.example")
        solar = Partnership.objects.get(name="Community solar rollout")
        self.client.force_login(maya)
        response = self.client.get(reverse("accord-health", args=[solar.pk]))
        self.assertContains(response, 'class="chart-actual"')
        self.assertNotContains(response, "No snapshots yet")

    def test_the_made_up_days_are_inserted_in_bulk(self):
        """Many tests build the demo: the ~4 months of made-up days are one bulk insert (in the
        database's batches), a few statements for the 120 days of each party, so the trend
        costs little more than today's real snapshot of each party (`snapshot_take`)."""
        Snapshot.objects.all().delete()
        partnerships = {p.name: p for p in Partnership.objects.all()}
        with CaptureQueriesContext(connection) as queries:
            health_demo(partnerships)
        inserts = [
            q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "health_snapshot"')
        ]
        live = Party.objects.exclude(partnership__stage=Stage.ENDED).count()
        ended = Party.objects.filter(partnership__stage=Stage.ENDED).count()
        self.assertEqual(Snapshot.objects.count(), live * (DAYS + 1) + ended)
        self.assertLess(len(inserts), 3 * live)  # not one per day
