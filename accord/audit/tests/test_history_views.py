from datetime import date
from decimal import Decimal

from django.urls import reverse

from tests.base import AccordTestCase
from tests.memos.models import Memo


class HistoryTests(AccordTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.record(Memo, private=True, text="Beta walk-away price")
        cls.record(Memo, text="Shared kickoff notes")

    def test_page_lists_shared_history(self):
        self.client.force_login(self.alice)
        response = self.client.get(
            reverse("accord-partnership-history", args=[self.partnership.pk])
        )
        self.assertContains(response, "Shared kickoff notes")
        self.assertContains(response, "joined the partnership")

    def test_page_hides_other_organizations_private_events(self):
        self.client.force_login(self.alice)
        response = self.client.get(
            reverse("accord-partnership-history", args=[self.partnership.pk])
        )
        self.assertNotContains(response, "walk-away")

    def test_page_shows_own_private_events(self):
        self.client.force_login(self.bea)
        response = self.client.get(
            reverse("accord-partnership-history", args=[self.partnership.pk])
        )
        self.assertContains(response, "Beta walk-away price")

    def test_api_hides_other_organizations_private_events_and_their_count(self):
        alpha = self.api_list(f"/partnerships/{self.partnership.pk}/audit", self.alice, 2)
        beta = self.api_list(f"/partnerships/{self.partnership.pk}/audit", self.bob, 2)
        self.assertNotIn("walk-away", str(alpha))
        self.assertIn("Beta walk-away price", str(beta))
        # Each sees its own private events only: Beta its walk-away price, Alpha its invitation.
        self.assertEqual(len(beta), len(alpha))

    def test_api_history_is_paginated(self):
        body = self.api(
            "get", f"/partnerships/{self.partnership.pk}/audit?limit=2", self.bob
        ).json()
        self.assertEqual(len(body["items"]), 2)
        self.assertTrue(body["has_more"])
        self.assertGreaterEqual(body["items"][0]["at"], body["items"][1]["at"])

    def test_an_action_that_names_its_record_kind_does_not_repeat_it(self):
        from django.db import transaction

        from accord.audit.services import audit_record
        from accord.longterm.models import Kpi, Measurement

        with transaction.atomic():
            audit_record(
                actor=self.alice,
                action="measurement_add",
                record=Measurement(
                    pk=1, kpi=Kpi(name="Homes"), measured_on=date(2025, 1, 1), value=Decimal(3)
                ),
                partnership=self.partnership,
            )
        self.client.force_login(self.alice)
        response = self.client.get(
            reverse("accord-partnership-history", args=[self.partnership.pk])
        )
        self.assertContains(response, "recorded a measurement")
        self.assertNotContains(response, '<span class="muted">measurement</span>')
