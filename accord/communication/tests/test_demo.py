"""The demo tells practice 4's story: a cadence kept but for one missed meeting, a meeting
with approved minutes and action items, an update acknowledged late, one still waiting."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from accord.communication.selectors import communication_of
from accord.core import access
from accord.core.models import Partnership
from accord.demo import build_demo


class DemoTests(TestCase):
    people: dict
    solar: Partnership

    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()
        cls.people = {u.full_name.lower(): u for u in get_user_model().objects.all()}
        cls.solar = Partnership.objects.get(name="Community solar rollout")

    def test_community_solar_tells_the_story(self):
        grant = access.partnership_access(self.people["mateo"], self.solar.pk)
        found = communication_of(grant.viewpoint, timezone.now())
        steering = next(r for r in found.cadences if r.cadence.title == "Fortnightly steering")
        self.assertEqual(len(steering.missed), 1)
        self.assertGreaterEqual(len(steering.kept), 4)
        self.assertEqual(len(found.upcoming), 1)
        approved = found.minutes_approved()
        self.assertEqual(len(approved), 1)
        self.assertEqual(len(found.action_items), 2)
        northwind = next(
            h for h in found.listening if h.party.organization.name == "Northwind Energy"
        )
        self.assertEqual(max(a.hours for a in northwind.acknowledged), 96)
        helios = next(h for h in found.listening if h.party.organization.name == "Helios Solar")
        self.assertEqual([u.title for u in helios.waiting], ["Grid connection news"])
        response = self.client
        response.force_login(self.people["mateo"])
        page = response.get(f"/partnerships/{self.solar.pk}/communication/")
        self.assertContains(page, "Fortnightly steering")
