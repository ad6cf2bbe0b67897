"""The demo tells practice 2's story: trust kept in one partnership, worn thin in another."""

from typing import Any

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from accord.core.access import partnership_access
from accord.core.models import Partnership
from accord.demo import build_demo
from accord.trust import selectors


class DemoTests(TestCase):
    partnerships: dict[str, Partnership]
    people: dict[str, Any]

    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()
        cls.partnerships = {p.name: p for p in Partnership.objects.all()}
        cls.people = {u.email.split("@")[0]: u for u in get_user_model().objects.all()}

    def trust(self, name: str, person: str) -> selectors.Trust:
        viewpoint = partnership_access(self.people[person], self.partnerships[name].pk).viewpoint
        return selectors.trust_of(viewpoint, timezone.localdate(), 7)

    def by_org(self, figures: list, slug: str) -> Any:
        return next(f for f in figures if f.party.organization.slug == slug)

    def test_community_solar_keeps_its_promises_and_shares_both_ways(self):
        trust = self.trust("Community solar rollout", "maya")
        for slug in ("northwind", "helios"):
            party = self.by_org(trust.parties, slug)
            self.assertGreaterEqual(party.all_time.rate or 0, 0.6, slug)
            self.assertEqual(party.all_time.broken, [])
        self.assertFalse(trust.sharing.one_sided)
        renegotiated = [c for c in trust.commitments if c.original_due_date]
        self.assertEqual(len(renegotiated), 1)
        answered = self.by_org(trust.concern_parties, "northwind")
        self.assertEqual(answered.median_hours, 3.0)

    def test_panel_logistics_cobalt_keeps_breaking_promises(self):
        trust = self.trust("Panel logistics Europe", "mateo")
        cobalt = self.by_org(trust.parties, "cobalt")
        helios = self.by_org(trust.parties, "helios")
        self.assertLess(cobalt.all_time.rate or 0, 0.3)
        self.assertEqual(helios.all_time.rate, 1.0)
        self.assertEqual(len(cobalt.all_time.broken), 3)
        self.assertTrue(any(c.broken_automatically for c in cobalt.all_time.broken))
        self.assertEqual(len(cobalt.all_time.disputed), 1)
        self.assertEqual(len(cobalt.all_time.late), 1)
        self.assertEqual(len(cobalt.all_time.overdue), 1)
        self.assertTrue(trust.sharing.one_sided)
        late = self.by_org(trust.concern_parties, "cobalt")
        self.assertEqual(late.median_hours, 9 * 24.0)
        self.assertEqual(len(self.by_org(trust.concern_parties, "helios").unanswered), 1)

    def test_the_pages_show_the_story(self):
        self.client.force_login(self.people["mateo"])
        pk = self.partnerships["Panel logistics Europe"].pk
        response = self.client.get(f"/partnerships/{pk}/trust/")
        self.assertContains(response, "Sharing is one-sided")
        self.assertContains(response, "Missed pickups at the port")
