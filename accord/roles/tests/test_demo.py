"""The demo tells practice 3's story: a RACI with one activity missing its Accountable, rules
endorsed by both parties, a decision approved by both and one waiting past its deadline."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from accord.core import access
from accord.core.models import Partnership
from accord.demo import build_demo
from accord.roles.selectors import roles_of


class DemoTests(TestCase):
    people: dict
    solar: Partnership

    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()
        cls.people = {u.full_name.lower(): u for u in get_user_model().objects.all()}
        cls.solar = Partnership.objects.get(name="Community solar rollout")

    def roles(self, user):
        grant = access.partnership_access(user, self.solar.pk)
        return roles_of(grant.viewpoint, timezone.localdate())

    def test_community_solar_tells_the_story(self):
        roles = self.roles(self.people["adam"])
        self.assertEqual(
            [(r.activity.title, r.problems) for r in roles.problems],
            [("Permit applications", ("No one is Accountable.",))],
        )
        self.assertEqual(len(roles.activities), 5)
        self.assertEqual(
            sorted(r.rule.title for r in roles.rules_agreed),
            ["Budget over €50,000", "Scope change"],
        )
        approved = [d.decision for d in roles.decisions if d.decision.outcome == "approved"]
        self.assertEqual([d.title for d in approved], ["Add the harbour district"])
        self.assertEqual(len(approved[0].vote_list()), 2)
        self.assertEqual(
            [d.decision.title for d in roles.overdue], ["Buy a second scaffolding set"]
        )
        self.assertEqual((len(roles.acknowledged), len(roles.expectations)), (1, 4))

    def test_the_pages_show_it(self):
        self.client.force_login(self.people["arjun"])
        response = self.client.get(f"/partnerships/{self.solar.pk}/roles/")
        self.assertContains(response, "Permit applications")
        self.assertContains(response, "No one is Accountable.")
        self.assertNotContains(response, "@northwind.example")
        response = self.client.get(f"/partnerships/{self.solar.pk}/roles/decisions/")
        self.assertContains(response, "Waiting past its deadline")
        self.assertContains(response, "Every party approved")
        self.assertNotContains(response, "Its rule is not yet endorsed")
