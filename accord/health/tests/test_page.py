from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accord.health.models import Snapshot
from accord.health.snapshots import snapshot_take
from accord.health.tests.helpers import end_partnership, private_alpha_risk, shared_beta_risk
from tests.base import AccordTestCase


class HealthPageTests(AccordTestCase):
    def test_each_party_sees_the_overall_score_the_radar_and_the_six_practices(self):
        for user in (self.alice, self.bob, self.vic, self.amy, self.bea):
            with self.subTest(user=user.email):
                response = self.page_as(user, "accord-health")
                self.assertContainsAll(
                    response,
                    "Health check",
                    'class="chart radar"',
                    "Alignment",
                    "Contingency",
                    "Confidence:",
                    "What to do next",
                    "Alpha Energy",
                    "Beta Solar",
                )

    def test_outsiders_and_members_off_the_team_get_404(self):
        for user in (self.olga, self.ann):
            with self.subTest(user=user.email):
                self.assertEqual(self.page_as(user, "accord-health").status_code, 404)

    def test_it_is_a_tab_of_the_partnership(self):
        response = self.page_as(self.alice, "accord-partnership")
        self.assertContains(response, reverse("accord-health", args=[self.partnership.pk]))
        health = self.page_as(self.alice, "accord-health")
        self.assertContains(health, 'aria-current="page">Health</a>', html=False)

    def test_a_practice_without_data_is_unknown_and_perception_below_the_threshold_is_hidden(
        self,
    ):
        response = self.page_as(self.bob, "accord-health")
        self.assertContains(response, "Unknown")
        self.assertContains(response, "Not enough answers to show")
        self.assertContains(response, "No survey round has closed yet")

    def test_the_records_behind_a_figure_are_links_to_where_they_live(self):
        risk = shared_beta_risk(self)
        response = self.page_as(self.alice, "accord-health")
        self.assertContains(response, f'<a href="{risk.get_absolute_url()}">{risk.title}</a>')
        self.assertEqual(
            risk.get_absolute_url(),
            reverse("accord-contingency", args=[self.partnership.pk]) + f"#risk-{risk.pk}",
        )

    def test_a_private_record_never_reaches_the_partners_page(self):
        private = private_alpha_risk(self)
        self.assertContains(self.page_as(self.alice, "accord-health"), private.title)
        for user in (self.bob, self.bea):
            with self.subTest(user=user.email):
                response = self.page_as(user, "accord-health")
                self.assertNotContains(response, private.title)
                self.assertNotContains(response, f"#risk-{private.pk}")

    def test_nasty_titles_and_texts_show_as_text(self):
        nasty = "<script>alert(1)</script> ‮ﷺ𝔘𝔫𝔦\u200b" + "界" * 160
        shared_beta_risk(self, title=nasty[:200], description="x" * 10000)
        response = self.page_as(self.alice, "accord-health")
        self.assertContains(response, escape(nasty[:200]))
        self.assertNotContains(response, "<script>alert(1)")


class TrendTests(AccordTestCase):
    def test_the_trend_shows_the_viewers_party_snapshots_only(self):
        today = timezone.localdate()
        snapshot_take(party=self.party_a, today=today - timedelta(days=2))
        beta = snapshot_take(party=self.party_b, today=today - timedelta(days=1))
        Snapshot.objects.filter(pk=beta.pk).update(overall=13)
        alpha = self.page_as(self.alice, "accord-health")
        self.assertContains(alpha, "From Alpha Energy's daily snapshots")
        self.assertNotContains(alpha, "<title>13 on")
        beta_page = self.page_as(self.bob, "accord-health")
        self.assertContains(beta_page, "<title>13 on")
        self.assertContains(beta_page, "From Beta Solar's daily snapshots")

    def test_with_no_snapshot_yet_the_trend_says_so(self):
        self.assertContains(self.page_as(self.alice, "accord-health"), "No snapshots yet")


class SnapshotButtonTests(AccordTestCase):
    def url(self) -> str:
        return reverse("accord-health-snapshot", args=[self.partnership.pk])

    def test_an_editor_takes_their_partys_snapshot_now(self):
        self.assertContains(self.page_as(self.bob, "accord-health"), "Take a snapshot now")
        response = self.client.post(self.url())
        self.assertRedirects(response, reverse("accord-health", args=[self.partnership.pk]))
        taken = Snapshot.objects.get()
        self.assertEqual((taken.party, taken.taken_on), (self.party_b, timezone.localdate()))
        self.assertTrue(taken.latest)

    def test_taking_it_twice_a_day_keeps_one(self):
        self.client.force_login(self.alice)
        self.client.post(self.url())
        self.client.post(self.url())
        self.assertEqual(Snapshot.objects.filter(party=self.party_a).count(), 1)

    def test_htmx_is_sent_to_the_page(self):
        self.client.force_login(self.alice)
        response = self.client.post(self.url(), headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 204)
        self.assertEqual(
            response["HX-Redirect"], reverse("accord-health", args=[self.partnership.pk])
        )

    def test_a_viewer_has_no_button_and_is_refused(self):
        self.assertNotContains(self.page_as(self.vic, "accord-health"), "Take a snapshot now")
        self.assertEqual(self.client.post(self.url()).status_code, 403)
        self.assertFalse(Snapshot.objects.exists())

    def test_an_ended_partnership_takes_none_on_demand(self):
        end_partnership(self)
        self.assertNotContains(self.page_as(self.alice, "accord-health"), "Take a snapshot now")
        self.client.post(self.url())
        self.assertFalse(Snapshot.objects.exists())
