"""The demo tells its story: one partnership well aligned, one troubled."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from accord.alignment.demo import FIVE_DAYS, LEAD_TIME, SOLAR_HOMES, WAREHOUSE
from accord.alignment.selectors import alignment_of
from accord.core import access
from accord.core.models import Partnership
from accord.demo import build_demo


class DemoTests(TestCase):
    people: dict
    solar: Partnership
    logistics: Partnership

    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()
        partnerships = {p.name: p for p in Partnership.objects.all()}
        people = {u.full_name.lower(): u for u in get_user_model().objects.all()}
        cls.people = people
        cls.solar = partnerships["Community solar rollout"]
        cls.logistics = partnerships["Panel logistics Europe"]

    def view(self, user, partnership):
        return alignment_of(access.partnership_access(user, partnership.pk).viewpoint)

    def test_community_solar_is_well_aligned(self):
        view = self.view(self.people["adam"], self.solar)
        self.assertEqual([s.goal.title for s in view.goals], [LEAD_TIME, SOLAR_HOMES])
        self.assertTrue(all(s.agreed for s in view.goals))
        self.assertEqual([f.percent for f in view.parties], [100, 100])
        self.assertEqual([len(f.objectives) for f in view.parties], [3, 2])  # Helios: 1 private
        self.assertEqual(len(self.view(self.people["arjun"], self.solar).parties[1].objectives), 3)
        self.assertEqual(view.open_conflicts, [])

    def test_panel_logistics_is_troubled(self):
        view = self.view(self.people["arjun"], self.logistics)
        self.assertEqual([len(f.orphans) for f in view.parties], [1, 2])
        self.assertEqual(len(view.open_conflicts), 1)
        (pending,) = view.goals_not_agreed
        self.assertEqual(pending.goal.title, FIVE_DAYS)
        self.assertEqual([p.organization.slug for p in pending.missing], ["cobalt"])
        self.assertIn(WAREHOUSE, [s.goal.title for s in view.goals_without_kpi])

    def test_the_pages_render_the_demo(self):
        self.client.force_login(self.people["mila"])
        for name in ("accord-alignment", "accord-goals", "accord-links", "accord-suggestions"):
            with self.subTest(page=name):
                response = self.client.get(reverse(name, args=[self.logistics.pk]))
                self.assertContains(response, "Panel logistics Europe")
