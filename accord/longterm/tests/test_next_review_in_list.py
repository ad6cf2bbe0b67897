"""The partnership list shows and sorts by the next review date that the latest shared review
set; a private review never shows there (the list is the same for every party)."""

from datetime import date

from django.urls import reverse

from accord.core.services import partnership_create
from accord.longterm import services
from accord.longterm.models import Review
from tests.base import AccordTestCase


class NextReviewInListTests(AccordTestCase):
    def rows(self, user, **query):
        self.client.force_login(user)
        return self.client.get(reverse("accord-partnerships"), query).context["partnerships"]

    def test_the_latest_shared_review_sets_it_and_the_list_sorts_by_it(self):
        other = partnership_create(organization=self.alpha, actor=self.alice, name="A first")
        services.review_create(
            party=self.party_a,
            actor=self.alice,
            held_on=date(2026, 1, 10),
            decision="continue",
            next_review_on=date(2026, 4, 10),
        )
        services.review_create(
            party=self.party_a,
            actor=self.alice,
            held_on=date(2026, 3, 1),
            decision="continue",
            next_review_on=date(2026, 6, 1),
        )
        rows = self.rows(self.alice, sort="review")
        self.assertEqual([row.name for row in rows], ["Solar rollout", other.name])
        self.assertEqual([row.next_review for row in rows], ["1 Jun 2026", "Not planned"])

    def test_a_private_review_is_neither_shown_nor_sorted_by(self):
        partnership_create(organization=self.alpha, actor=self.alice, name="A first")
        self.record(
            Review,
            private=True,
            held_on=date(2026, 1, 12),
            decision="continue",
            next_review_on=date(2026, 2, 1),
        )
        for user in (self.bob, self.alice):
            with self.subTest(user=user.email):
                rows = self.rows(user, sort="review")
                solar = next(row for row in rows if row.name == "Solar rollout")
                self.assertEqual(solar.next_review, "Not planned")
        self.assertEqual(self.rows(self.alice, sort="review")[0].name, "A first")
