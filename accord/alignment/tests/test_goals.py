"""Shared goals: always shared, editable by every party, agreed only with every endorsement."""

from django.urls import reverse

from accord.alignment.models import Endorsement, SharedGoal
from accord.alignment.tests.helpers import endorse, goal
from accord.audit.models import AuditEvent
from accord.core.invitations import partnership_invitation_accept, partnership_invitation_create
from tests.base import AccordTestCase


class GoalApiTests(AccordTestCase):
    def path(self, goal_=None) -> str:
        base = f"/partnerships/{self.partnership.pk}/goals"
        return f"{base}/{goal_.pk}" if goal_ else base

    def test_it_refuses_a_private_goal(self):
        response = self.api(
            "post", self.path(), self.alice, {"title": "X", "visibility": "private"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "visibility")
        self.assertFalse(SharedGoal.objects.exists())

    def test_it_refuses_making_a_goal_private(self):
        reach = goal(self, self.alice, "Reach")
        response = self.api(
            "patch", self.path(reach), self.bob, {"version": 1, "visibility": "private"}
        )
        self.assertEqual(response.status_code, 400)

    def test_any_partys_contributor_may_edit_a_goal(self):
        reach = goal(self, self.alice, "Reach")
        response = self.api(
            "patch", self.path(reach), self.bob, {"version": 1, "status": "achieved"}
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "achieved")

    def test_a_new_goal_is_not_agreed_and_names_the_missing_parties(self):
        response = self.api("post", self.path(), self.alice, {"title": "Reach"})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertFalse(body["agreed"])
        self.assertEqual(body["endorsed_by"], [])
        self.assertEqual([p["organization"]["slug"] for p in body["missing"]], ["alpha", "beta"])

    def test_a_goal_every_party_endorses_is_agreed(self):
        reach = goal(self, self.alice, "Reach")
        endorse(self, reach, self.party_a, self.party_b)
        body = self.api("get", self.path(reach), self.vic).json()
        self.assertTrue(body["agreed"])
        self.assertEqual(body["missing"], [])
        self.assertEqual(
            [(e["party"]["organization"]["slug"], e["endorsed_by"]) for e in body["endorsed_by"]],
            [("alpha", "alice@alpha.test"), ("beta", "bea@beta.test")],
        )

    def test_rewording_clears_every_endorsement_and_says_so(self):
        reach = goal(self, self.alice, "Reach")
        endorse(self, reach, self.party_a, self.party_b)
        response = self.api(
            "patch", self.path(reach), self.bob, {"version": 1, "description": "By 2027."}
        )
        body = response.json()
        self.assertEqual(response.status_code, 200, body)
        self.assertTrue(body["endorsements_cleared"])
        self.assertFalse(body["agreed"])
        self.assertEqual(body["endorsed_by"], [])
        self.assertFalse(Endorsement.objects.exists())
        event = AuditEvent.objects.filter(action="endorsements_cleared").get()
        self.assertEqual(event.changes, {"endorsed_by": [["Alpha Energy", "Beta Solar"], []]})

    def test_a_status_change_keeps_the_endorsements(self):
        reach = goal(self, self.alice, "Reach")
        endorse(self, reach, self.party_a, self.party_b)
        body = self.api(
            "patch", self.path(reach), self.bob, {"version": 1, "status": "achieved"}
        ).json()
        self.assertFalse(body["endorsements_cleared"])
        self.assertTrue(body["agreed"])

    def test_the_same_wording_sent_again_clears_nothing(self):
        reach = goal(self, self.alice, "Reach")
        endorse(self, reach, self.party_a)
        body = self.api(
            "patch", self.path(reach), self.bob, {"version": 1, "title": "Reach"}
        ).json()
        self.assertFalse(body["endorsements_cleared"])
        self.assertEqual(len(body["endorsed_by"]), 1)

    def test_a_party_that_joins_later_makes_the_goal_not_agreed(self):
        reach = goal(self, self.alice, "Reach")
        endorse(self, reach, self.party_a, self.party_b)
        _, token = partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
        )
        partnership_invitation_accept(token=token, organization=self.gamma, actor=self.olga)
        body = self.api("get", self.path(reach), self.alice).json()
        self.assertFalse(body["agreed"])
        self.assertEqual([p["organization"]["slug"] for p in body["missing"]], ["gamma"])

    def test_an_endorsed_goal_is_dropped_rather_than_deleted(self):
        reach = goal(self, self.alice, "Reach")
        endorse(self, reach, self.party_b)
        response = self.api("delete", self.path(reach), self.alice)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["current"]["status"], "dropped")
        self.assertEqual(SharedGoal.objects.get(pk=reach.pk).status, "dropped")

    def test_the_list_reads_every_goal_in_a_fixed_number_of_queries(self):
        for i in range(3):
            endorse(self, goal(self, self.alice, f"Goal {i}"), self.party_a)
        response = self.api("get", self.path(), self.alice)
        self.assertEqual(len(response.json()["items"]), 3)
        self.assertTrue(all(not g["agreed"] for g in response.json()["items"]))


class GoalPageTests(AccordTestCase):
    def test_rewording_on_the_page_shows_that_endorsements_were_cleared(self):
        reach = goal(self, self.alice, "Reach")
        endorse(self, reach, self.party_a, self.party_b)
        self.client.force_login(self.bob)
        url = reverse("accord-goal-edit", args=[self.partnership.pk, reach.pk])
        self.assertContains(self.client.get(url), "clears every endorsement")
        response = self.client.post(
            url,
            {"title": "Reach further", "description": "", "status": "open", "version": 1},
            follow=True,
        )
        self.assertContains(response, "every endorsement was cleared")
        self.assertFalse(Endorsement.objects.exists())

    def test_a_stale_goal_edit_shows_the_current_values(self):
        reach = goal(self, self.alice, "Reach")
        self.client.force_login(self.bob)
        url = reverse("accord-goal-edit", args=[self.partnership.pk, reach.pk])
        form = {"title": "Bob's", "description": "", "status": "open", "version": 1}
        self.client.post(url, {**form, "title": "First"})
        response = self.client.post(url, form)
        self.assertContains(response, "Someone else saved first", status_code=409)
        self.assertContains(response, "First", status_code=409)

    def test_the_goals_page_filters_goals_behind_a_figure(self):
        agreed = goal(self, self.alice, "Agreed goal")
        endorse(self, agreed, self.party_a, self.party_b)
        goal(self, self.alice, "Pending goal")
        self.client.force_login(self.alice)
        url = reverse("accord-goals", args=[self.partnership.pk])
        response = self.client.get(url, {"show": "not-agreed"})
        self.assertContains(response, "Pending goal")
        self.assertNotContains(response, "Agreed goal")
