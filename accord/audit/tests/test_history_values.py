"""A value that looks like something else never breaks the History page (issue 6, item 14)."""

from django.urls import reverse

from accord.alignment.models import Objective
from accord.core.records import record_create
from tests.base import AccordTestCase

DATE_LIKE = "0001-01-01T00:00:00+14:00"


class HistoryValueTests(AccordTestCase):
    def test_a_title_that_reads_like_a_date_is_shown_as_written_to_every_party(self):
        objective = Objective(
            partnership=self.partnership, owner_party=self.party_b, title=DATE_LIKE
        )
        record_create(record=objective, actor=self.bob)
        for user in (self.alice, self.bob):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                url = reverse("accord-partnership-history", args=[self.partnership.pk])
                self.assertContains(self.client.get(url), f">{DATE_LIKE}<", count=2)

    def test_dates_and_choices_read_in_words(self):
        self.client.force_login(self.alice)
        self.api(
            "patch",
            f"/partnerships/{self.partnership.pk}",
            self.alice,
            {"version": 1, "start_date": "2026-03-01", "stage": "active"},
        )
        response = self.client.get(
            reverse("accord-partnership-history", args=[self.partnership.pk])
        )
        self.assertContains(response, '<span class="change-after">1 Mar 2026</span>')
        self.assertContains(response, '<span class="change-after">Active</span>')
