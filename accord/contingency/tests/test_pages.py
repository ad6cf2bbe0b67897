"""The Contingency tab and its forms: the heat map, the register sorted and flagged, another
party's private risk never shown, plans activated and resolved from the page, the exit plan
written and endorsed, a stale edit answered 409."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from accord.contingency.models import ContingencyPlan, ExitPlan, PlanStatus, Risk
from accord.contingency.presentation import heat_map
from accord.contingency.selectors import heat_of
from accord.contingency.tests.helpers import plan, risk
from tests.base import AccordTestCase


class TabTests(AccordTestCase):
    def setUp(self) -> None:
        yesterday = timezone.localdate() - timedelta(days=1)
        self.high = risk(self, "Supplier fails", likelihood=5, impact=4, next_review=yesterday)
        self.low = risk(self, "Rain", likelihood=1, impact=1, next_review=date(2999, 1, 1))
        risk(self, "Beta's secret", party=self.party_b, visibility="private")

    def row(self, risk: Risk) -> str:
        return f'<tr id="risk-{risk.pk}"'

    def test_the_tab_shows_the_heat_map_and_flags(self):
        page = self.page_as(self.alice, "accord-contingency")
        self.assertContainsAll(
            page, "<svg", "Risk heat map", "Review overdue", "Needs a plan", "Supplier fails"
        )
        self.assertNotContains(page, "Beta&#x27;s secret")
        self.assertNotContains(page, "Beta's secret")
        html = page.content.decode()
        self.assertLess(html.index(self.row(self.high)), html.index(self.row(self.low)))

    def test_sorted_by_title(self):
        self.client.force_login(self.alice)
        url = reverse("accord-contingency", args=[self.partnership.pk])
        html = self.client.get(f"{url}?order=title").content.decode()
        self.assertLess(html.index(self.row(self.low)), html.index(self.row(self.high)))
        self.assertEqual(self.client.get(f"{url}?order=bogus").status_code, 200)

    def test_the_owner_sees_the_private_risk(self):
        self.assertContains(self.page_as(self.bob, "accord-contingency"), "Beta&#x27;s secret")

    def test_a_risk_is_added_and_a_stale_edit_is_409(self):
        self.client.force_login(self.alice)
        new = reverse("accord-risk-new", args=[self.partnership.pk])
        made = self.client.post(
            new,
            {
                "title": "Strike",
                "category": "people",
                "likelihood": 2,
                "impact": 3,
                "status": "open",
                "visibility": "shared",
            },
        )
        self.assertEqual(made.status_code, 302)
        strike = Risk.objects.get(title="Strike")
        self.assertEqual(strike.score, 6)
        edit = reverse("accord-risk-edit", args=[self.partnership.pk, strike.pk])
        body = {
            "title": "Strike",
            "category": "people",
            "likelihood": 4,
            "impact": 3,
            "status": "open",
            "visibility": "shared",
            "version": 1,
        }
        self.assertEqual(self.client.post(edit, body).status_code, 302)
        self.assertEqual(self.client.post(edit, {**body, "likelihood": 1}).status_code, 409)
        strike.refresh_from_db()
        self.assertEqual(strike.likelihood, 4)

    def test_bad_input_is_a_form_error(self):
        self.client.force_login(self.alice)
        new = reverse("accord-risk-new", args=[self.partnership.pk])
        page = self.client.post(
            new,
            {
                "title": "X",
                "likelihood": 9,
                "impact": 3,
                "category": "people",
                "status": "open",
                "visibility": "shared",
            },
        )
        self.assertEqual(page.status_code, 200)
        self.assertFalse(Risk.objects.filter(title="X").exists())

    def test_a_plan_is_activated_and_resolved_from_the_page(self):
        made = plan(self, self.high)
        self.client.force_login(self.alice)
        args = [self.partnership.pk, made.pk]
        self.client.post(reverse("accord-plan-activate", args=args), {"reason": "Stopped."})
        self.assertEqual(ContingencyPlan.objects.get(pk=made.pk).status, PlanStatus.ACTIVE)
        again = self.client.post(
            reverse("accord-plan-activate", args=args), {"reason": "x"}, follow=True
        )
        self.assertContains(again, "only once resolved and re-armed")
        self.client.post(reverse("accord-plan-resolve", args=args), {"resolution": "Back."})
        self.assertEqual(ContingencyPlan.objects.get(pk=made.pk).status, PlanStatus.RESOLVED)
        page = self.page_as(self.bob, "accord-contingency")
        self.assertContainsAll(page, "Activation log", "Stopped.", "Back.")

    def test_the_exit_plan_is_written_then_endorsed(self):
        self.client.force_login(self.alice)
        edit = reverse("accord-exit-plan-edit", args=[self.partnership.pk])
        self.client.post(edit, {"notice_days": 60, "customers": "Kept by who signed them."})
        exit_plan = ExitPlan.objects.get(partnership=self.partnership)
        self.client.post(reverse("accord-exit-plan-endorse", args=[self.partnership.pk]))
        self.assertEqual([e.party for e in exit_plan.endorsements.all()], [self.party_a])
        page = self.client.get(edit)
        self.assertContains(page, "clears every endorsement")
        self.assertContains(self.page_as(self.bea, "accord-contingency"), "Endorse for Beta Solar")


class EscalationPageTests(AccordTestCase):
    def test_a_level_is_added_from_the_page_and_listed(self):
        self.client.force_login(self.bob)
        new = reverse("accord-escalation-level-new", args=[self.partnership.pk])
        self.assertEqual(
            self.client.post(new, {"level": 1, "person": self.bob.pk, "after_days": 4}).status_code,
            302,
        )
        refused = self.client.post(new, {"level": 1, "person": self.bob.pk, "after_days": 4})
        self.assertContains(refused, "already has a level 1")
        page = self.page_as(self.alice, "accord-contingency")
        self.assertContainsAll(page, "Escalation path", self.bob.public_name, "4 days")


class HeatMapTests(AccordTestCase):
    def test_each_cell_counts_its_live_risks_and_escapes_their_titles(self):
        risk(self, "<b>A</b>", likelihood=5, impact=4)
        risk(self, "B", likelihood=5, impact=4)
        risk(self, "C", likelihood=5, impact=4, status="closed")
        svg = heat_map(heat_of(list(Risk.objects.order_by("title"))))
        self.assertEqual(svg.count("<rect"), 25)
        self.assertIn(
            "Likelihood 5, impact 4, score 20 (high): &lt;b&gt;A&lt;/b&gt; (20); B (20)", svg
        )
        self.assertIn(">2</text>", svg)
        self.assertNotIn("<b>", svg)
        self.assertNotIn("style=", svg)
        self.assertIn("2 live risks", svg)
