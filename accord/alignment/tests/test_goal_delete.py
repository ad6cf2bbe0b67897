"""Deleting a joint goal: deleted only if no other party uses it, else dropped (kept, marked),
without saying what the other party has (issue 6, item 9)."""

import inspect

from django.urls import reverse

from accord.alignment import services
from accord.alignment.models import Endorsement, ObjectiveLink, SharedGoal
from accord.alignment.tests.helpers import endorse, goal, link, objective
from accord.audit.models import AuditEvent
from tests.base import AccordTestCase


class GoalDeleteTests(AccordTestCase):
    def url(self, goal_: SharedGoal) -> str:
        return f"/partnerships/{self.partnership.pk}/goals/{goal_.pk}"

    def test_a_goal_only_the_callers_party_uses_is_deleted_with_its_link_and_endorsement(self):
        reach = goal(self, self.alice, "Reach")
        own = link(objective(self, self.alice, "Alpha's aim"), reach, self.alice)
        endorse(self, reach, self.party_a)
        response = self.api("delete", self.url(reach), self.alice)
        self.assertEqual(response.status_code, 204, response.content)
        self.assertFalse(SharedGoal.objects.filter(pk=reach.pk).exists())
        self.assertFalse(ObjectiveLink.objects.filter(pk=own.pk).exists())
        actions = AuditEvent.objects.filter(action__in=["delete", "endorsements_cleared"])
        self.assertEqual(
            sorted(actions.values_list("record_type", "action")),
            [
                ("alignment.ObjectiveLink", "delete"),
                ("alignment.SharedGoal", "delete"),
                ("alignment.SharedGoal", "endorsements_cleared"),
            ],
        )

    def test_another_partys_private_link_survives_and_the_goal_is_dropped(self):
        reach = goal(self, self.alice, "Reach")
        secret = objective(self, self.bob, "Beta's secret plan", visibility="private")
        private_link = link(secret, reach, self.bob)
        response = self.api("delete", self.url(reach), self.alice)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["detail"], services.GOAL_KEPT)
        self.assertEqual(body["current"]["status"], "dropped")
        self.assertTrue(ObjectiveLink.objects.filter(pk=private_link.pk).exists())
        self.assertEqual(SharedGoal.objects.get(pk=reach.pk).status, "dropped")
        # Nothing in the answer or in Alpha's history tells a private link from any other use.
        for text in ("secret", "private"):
            self.assertNotIn(text, response.content.decode().lower())
        drop = AuditEvent.objects.get(action="drop")
        self.assertIsNone(drop.private_to_id)
        self.assertNotIn("secret", str(drop.changes).lower())

    def test_the_answer_is_the_same_whatever_the_other_party_did(self):
        answers = set()
        for use in ("endorse", "shared link", "private link"):
            reach = goal(self, self.alice, f"Reach by {use}")
            if use == "endorse":
                endorse(self, reach, self.party_b)
            else:
                visibility = "private" if use == "private link" else "shared"
                link(objective(self, self.bob, use, visibility=visibility), reach, self.bob)
            body = self.api("delete", self.url(reach), self.alice).json()
            answers.add((body["detail"], body["current"]["status"]))
        self.assertEqual(answers, {(services.GOAL_KEPT, "dropped")})

    def test_an_endorsed_goal_is_dropped_on_the_page_which_says_so(self):
        reach = goal(self, self.alice, "Reach")
        endorse(self, reach, self.party_b)
        self.client.force_login(self.alice)
        url = reverse("accord-goal-delete", args=[self.partnership.pk, reach.pk])
        response = self.client.post(url, follow=True)
        self.assertContains(response, "rather than deleted")
        self.assertEqual(SharedGoal.objects.get(pk=reach.pk).status, "dropped")
        self.assertTrue(Endorsement.objects.filter(goal=reach, party=self.party_b).exists())
        drop = AuditEvent.objects.get(action="drop", record_id=str(reach.pk))
        self.assertEqual(
            drop.changes["reason"][1], "Asked to delete it; another party proposed or uses it."
        )
        self.client.force_login(self.bob)
        history = reverse("accord-partnership-history", args=[self.partnership.pk])
        self.assertContains(self.client.get(history), "dropped, rather than deleted,")

    def test_deleting_a_dropped_goal_another_party_uses_changes_nothing(self):
        reach = goal(self, self.alice, "Reach")
        endorse(self, reach, self.party_b)
        services.goal_delete(record=reach, actor=self.alice)
        events = AuditEvent.objects.count()
        kept = services.goal_delete(record=reach, actor=self.alice)
        self.assertEqual((kept.status, kept.version), ("dropped", 2))
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_a_goal_another_party_proposed_is_dropped_even_if_nobody_uses_it(self):
        reach = goal(self, self.alice, "Reach")
        kept = services.goal_delete(record=reach, actor=self.bob)
        self.assertIsNotNone(kept)
        self.assertEqual(SharedGoal.objects.get(pk=reach.pk).status, "dropped")

    def test_alignment_finds_what_points_at_a_goal_without_importing_later_practices(self):
        self.assertNotIn("accord.longterm", inspect.getsource(services))

    def test_the_api_document_shows_both_answers_of_a_goal_delete(self):
        paths = self.client.get("/api/v1/openapi.json").json()["paths"]
        delete = paths["/api/v1/partnerships/{partnership_id}/goals/{goal_id}"]["delete"]
        self.assertLessEqual({"200", "204", "404"}, set(delete["responses"]))
        self.assertIn("dropped", delete["description"])
