"""Reviews: the next review date from the cadence, and the Long-term page's reminder."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from accord.core.records import record_update
from accord.longterm import services
from accord.longterm.tests.base import LongtermTestCase


class ReviewTests(LongtermTestCase):
    def review(self, held_on: date, user=None, **extra):
        user = user or self.bob
        return services.review_create(
            party=self.grant(user).acting_party(),
            actor=user,
            held_on=held_on,
            decision="continue",
            **extra,
        )

    def set_cadence(self, cadence: str) -> None:
        record_update(
            record=self.partnership,
            actor=self.alice,
            expected_version=self.partnership.version,
            changes={"review_cadence": cadence},
        )
        self.partnership.refresh_from_db()

    def test_the_next_review_is_a_quarter_later_by_default(self):
        self.assertEqual(self.review(date(2025, 11, 15)).next_review_on, date(2026, 2, 15))

    def test_month_ends_are_clamped(self):
        self.assertEqual(self.review(date(2025, 11, 30)).next_review_on, date(2026, 2, 28))

    def test_the_cadence_of_the_partnership_decides(self):
        self.set_cadence("annual")
        self.assertEqual(self.review(date(2024, 2, 29)).next_review_on, date(2025, 2, 28))
        self.set_cadence("monthly")
        self.assertEqual(self.review(date(2025, 1, 31)).next_review_on, date(2025, 2, 28))

    def test_a_given_next_date_is_kept_and_must_follow_the_review(self):
        self.assertEqual(
            self.review(date(2025, 1, 1), next_review_on=date(2025, 2, 1)).next_review_on,
            date(2025, 2, 1),
        )
        url = f"/partnerships/{self.partnership.pk}/reviews"
        response = self.api(
            "post",
            url,
            self.bob,
            {"held_on": "2025-01-01", "decision": "exit", "next_review_on": "2024-12-31"},
        )
        self.assertEqual(
            (response.status_code, response.json()["errors"][0]["field"]), (400, "next_review_on")
        )

    def test_a_review_at_the_end_of_time_is_refused_not_a_crash(self):
        url = f"/partnerships/{self.partnership.pk}/reviews"
        response = self.api("post", url, self.bob, {"held_on": "9999-12-01", "decision": "exit"})
        self.assertEqual(
            (response.status_code, response.json()["errors"][0]["field"]), (422, "held_on")
        )

    def test_emptying_the_next_date_computes_it_again(self):
        review = self.review(date(2025, 1, 1), next_review_on=date(2025, 2, 1))
        url = f"/partnerships/{self.partnership.pk}/reviews/{review.pk}"
        response = self.api(
            "patch",
            url,
            self.alice,
            {"version": 1, "held_on": "2025-03-01", "next_review_on": None},
        )
        self.assertEqual(response.status_code, 200, response.content)  # joint: Alpha edits too
        self.assertEqual(response.json()["next_review_on"], "2025-06-01")

    def test_the_page_shows_the_next_review_and_whether_it_is_overdue(self):
        today = timezone.localdate()
        self.review(today - timedelta(days=200))  # next ~110 days ago
        self.client.force_login(self.alice)
        url = reverse("accord-longterm", args=[self.partnership.pk])
        self.assertContains(self.client.get(url), "Overdue")
        self.review(today - timedelta(days=10), learned="Installers need more lead time.")
        response = self.client.get(url)
        self.assertNotContains(response, "Overdue")
        self.assertContains(response, "Installers need more lead time.")
