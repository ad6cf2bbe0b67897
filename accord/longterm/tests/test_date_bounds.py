"""Every date a person enters is between 1 Jan 1900 and 31 Dec 2999: each form says so by the
field, and changes nothing; the API's refusals are in tests/test_nasty_input.py."""

from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.lib.bounds import DATE_MAX, DATE_MIN
from accord.longterm.tests.base import LongtermTestCase, days_ago, kpi_form

MESSAGE = "Give a date between 1 Jan 1900 and 31 Dec 2999."
OUTSIDE = ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"]

FORMS = {
    "accord-kpi-new": (
        kpi_form(
            name="Lead time",
            baseline_date="2024-01-01",
            target="10",
            target_date="2030-01-01",
        ),
        ["baseline_date", "target_date"],
    ),
    "accord-milestone-new": (
        {"title": "Pilot", "due_date": "2027-01-01", "status": "done", "visibility": "shared"},
        ["due_date", "completed_on"],
    ),
    "accord-value-new": (
        {
            "flow": "benefit",
            "category": "know_how",
            "description": "Training",
            "occurred_on": "2025-01-01",
            "visibility": "shared",
        },
        ["occurred_on"],
    ),
    "accord-review-new": (
        {"held_on": "2025-01-01", "decision": "continue"},
        ["held_on", "next_review_on"],
    ),
}


class DateBoundFormTests(LongtermTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.bob)

    def test_every_record_form_refuses_a_date_out_of_bounds_by_its_field(self):
        events = AuditEvent.objects.count()
        for name, (data, fields) in FORMS.items():
            url = reverse(name, args=[self.partnership.pk])
            for field in fields:
                for day in OUTSIDE:
                    with self.subTest(form=name, field=field, day=day):
                        response = self.client.post(url, {**data, field: day})
                        self.assertEqual(response.status_code, 400)
                        errors = response.context["form"].errors
                        self.assertEqual(errors.get(field), [MESSAGE], errors)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_the_measurement_form_refuses_a_date_out_of_bounds(self):
        kpi = self.make_kpi()
        url = reverse("accord-measurement-add", args=[self.partnership.pk, kpi.pk])
        response = self.client.post(url, {"measured_on": "0001-01-01", "value": "1"})
        self.assertContains(response, MESSAGE, status_code=400)
        self.assertFalse(kpi.measurements.exists())

    def test_the_date_inputs_offer_only_the_allowed_span(self):
        response = self.client.get(reverse("accord-kpi-new", args=[self.partnership.pk]))
        self.assertContains(response, f'min="{DATE_MIN}" max="{DATE_MAX}"', count=2)

    def test_the_first_and_last_allowed_days_are_accepted(self):
        data, _ = FORMS["accord-kpi-new"]
        url = reverse("accord-kpi-new", args=[self.partnership.pk])
        dates = {"baseline_date": str(DATE_MIN), "target_date": str(DATE_MAX)}
        self.assertEqual(self.client.post(url, {**data, **dates}).status_code, 302)
        kpi_page = self.client.get(reverse("accord-longterm", args=[self.partnership.pk]))
        self.assertEqual(kpi_page.status_code, 200)

    def test_the_partnership_form_refuses_a_start_date_out_of_bounds(self):
        self.client.force_login(self.alice)
        data = {
            "name": "Solar rollout",
            "stage": "exploring",
            "start_date": "0001-01-01",
            "review_cadence": "quarterly",
            "version": 1,
        }
        url = reverse("accord-partnership-edit", args=[self.partnership.pk])
        response = self.client.post(url, data)
        self.assertContains(response, MESSAGE)
        self.partnership.refresh_from_db()
        self.assertEqual((self.partnership.start_date, self.partnership.version), (None, 1))
        response = self.client.post(url, {**data, "start_date": str(days_ago(1))})
        self.assertEqual(response.status_code, 302)
