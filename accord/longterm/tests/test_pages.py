"""The record forms of the Long-term pages: create, edit with a version, conflicts, delete."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accord.longterm import services
from accord.longterm.models import Kpi, Milestone, Review, ValueEntry
from accord.longterm.tests.base import LongtermTestCase, days_ago, kpi_form

# A KPI of days that should go from 90 down to 30.
LEAD_TIME = {"name": "Lead time", "baseline": "90", "target": "30"}


class RecordFormTests(LongtermTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.bob)

    def url(self, name: str, *args) -> str:
        return reverse(name, args=[self.partnership.pk, *args])

    def test_the_long_term_page_renders_every_section_empty(self):
        response = self.client.get(self.url("accord-longterm"))
        for text in (
            "No KPIs yet",
            "Roadmap",
            "Nothing recorded yet",
            "No review yet",
            "Add a KPI",
        ):
            self.assertContains(response, text)
        self.assertNotIn(b'style="', response.content)
        self.assertNotIn(b"<script>", response.content)

    def test_a_kpi_is_created_on_its_form(self):
        data = kpi_form(
            **LEAD_TIME,
            unit="days",
            direction="down",
            baseline_date=str(days_ago(10)),
            target_date=str(days_ago(-300)),
        )
        response = self.client.post(self.url("accord-kpi-new"), data)
        kpi = Kpi.objects.get()
        self.assertRedirects(response, self.url("accord-kpi", kpi.pk))
        self.assertEqual((kpi.owner_party, kpi.target), (self.party_b, 30))

    def test_a_broken_rule_keeps_the_input_and_shows_the_error_by_its_field(self):
        data = kpi_form(**LEAD_TIME, baseline_date="2025-01-01", target_date="2024-01-01")
        response = self.client.post(self.url("accord-kpi-new"), data)
        self.assertContains(
            response, "Higher is better: the target must be above the baseline.", status_code=400
        )
        self.assertContains(
            response, "The target date must come after the baseline date.", status_code=400
        )
        self.assertContains(response, 'value="Lead time"', status_code=400)
        self.assertFalse(Kpi.objects.exists())

    def test_a_stale_edit_shows_the_current_values_and_a_conflict(self):
        kpi = self.make_kpi()
        services.kpi_update(
            record=kpi, actor=self.bea, expected_version=1, changes={"name": "Renamed by Bea"}
        )
        form = self.client.get(self.url("accord-kpi-edit", kpi.pk))
        self.assertContains(form, 'value="Renamed by Bea"')
        data = kpi_form(
            version="1",
            name="Renamed by Bob",
            baseline_date=str(kpi.baseline_date),
            target_date=str(kpi.target_date),
        )
        response = self.client.post(self.url("accord-kpi-edit", kpi.pk), data)
        self.assertContainsAll(
            response,
            "Someone else saved first",
            "Renamed by Bea",
            'value="Renamed by Bob"',
            status_code=409,
        )
        self.assertContains(
            response, '<input type="hidden" name="version" value="2">', status_code=409
        )
        response = self.client.post(self.url("accord-kpi-edit", kpi.pk), {**data, "version": "2"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Kpi.objects.get().name, "Renamed by Bob")

    def test_a_milestone_is_created_edited_and_deleted(self):
        data = {
            "title": "Pilot street",
            "due_date": str(days_ago(-20)),
            "status": "planned",
            "visibility": "shared",
        }
        self.assertEqual(self.client.post(self.url("accord-milestone-new"), data).status_code, 302)
        milestone = Milestone.objects.get()
        data.update(version="1", status="done")
        self.client.post(self.url("accord-milestone-edit", milestone.pk), data)
        milestone.refresh_from_db()
        self.assertEqual((milestone.status, milestone.completed_on), ("done", timezone.localdate()))
        self.client.post(self.url("accord-milestone-delete", milestone.pk))
        self.assertFalse(Milestone.objects.exists())

    def test_a_value_entry_form_checks_the_currency(self):
        data = {
            "flow": "contribution",
            "category": "money",
            "description": "Marketing budget",
            "amount": "5000",
            "currency": "",
            "occurred_on": "2025-04-01",
            "visibility": "shared",
        }
        response = self.client.post(self.url("accord-value-new"), data)
        self.assertContains(response, "currency from the list", status_code=400)
        response = self.client.post(self.url("accord-value-new"), {**data, "currency": "XYZ"})
        self.assertContains(response, "Select a valid choice", status_code=400)
        response = self.client.post(self.url("accord-value-new"), {**data, "currency": "EUR"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(ValueEntry.objects.get().currency, "EUR")

    def test_a_review_is_recorded_with_its_next_date_and_edited_by_the_other_party(self):
        data = {
            "held_on": "2025-11-15",
            "decision": "expand",
            "learned": "Demand is high.",
            "rationale": "",
            "next_review_on": "",
        }
        self.assertEqual(self.client.post(self.url("accord-review-new"), data).status_code, 302)
        review = Review.objects.get()
        self.assertEqual(str(review.next_review_on), "2026-02-15")
        self.client.force_login(self.alice)
        response = self.client.post(
            self.url("accord-review-edit", review.pk),
            {**data, "version": "1", "decision": "restructure", "next_review_on": "2026-02-15"},
        )
        self.assertEqual(response.status_code, 302)
        review.refresh_from_db()
        self.assertEqual((review.decision, review.version), ("restructure", 2))

    def test_a_goal_of_another_partnership_cannot_be_chosen(self):
        response = self.client.post(
            self.url("accord-milestone-new"),
            {
                "title": "x",
                "due_date": "2026-01-01",
                "status": "planned",
                "visibility": "shared",
                "goal": "99999",
            },
        )
        self.assertContains(response, "Select a valid choice", status_code=400)

    def test_deleting_a_kpi_returns_to_the_list(self):
        kpi = self.make_kpi()
        response = self.client.post(self.url("accord-kpi-delete", kpi.pk))
        self.assertRedirects(
            response, self.url("accord-longterm") + "#kpis", fetch_redirect_response=False
        )
        self.assertFalse(Kpi.objects.exists())

    def test_the_future_check_uses_today(self):
        self.assertEqual(days_ago(-1), timezone.localdate() + timedelta(days=1))


class KpiPageWordingTests(LongtermTestCase):
    def test_a_kpi_ahead_of_its_path_is_not_called_behind(self):
        kpi = self.make_kpi()
        self.measure(kpi, 0, 700)  # the path expects 500 today
        page = self.page_as(self.bob, "accord-kpi", kpi.pk)
        self.assertContains(page, "Not behind: on or ahead of the path")

    def test_a_kpi_behind_its_path_says_by_how_much(self):
        kpi = self.make_kpi()
        self.measure(kpi, 0, 400)  # 100 short of 500, on a planned change of 1000: 10 %
        page = self.page_as(self.bob, "accord-kpi", kpi.pk)
        self.assertContains(page, "10 %")
