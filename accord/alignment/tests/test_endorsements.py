"""Endorsing a goal and withdrawing an endorsement: who, when, on which wording."""

from django.urls import reverse

from accord.alignment.models import Endorsement
from accord.alignment.tests.helpers import endorse, goal
from accord.audit.models import AuditEvent
from tests.base import AccordTestCase


class EndorsementApiTests(AccordTestCase):
    def setUp(self) -> None:
        self.reach = goal(self, self.alice, "Reach", description="2,000 homes.")
        self.url = f"/partnerships/{self.partnership.pk}/goals/{self.reach.pk}/endorsement"

    def test_a_lead_endorses_for_their_party_and_the_trail_keeps_the_wording(self):
        response = self.api("post", self.url, self.bea)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            [e["party"]["organization"]["slug"] for e in response.json()["endorsed_by"]], ["beta"]
        )
        event = AuditEvent.objects.get(action="endorse")
        self.assertEqual(event.actor, self.bea)
        self.assertEqual(event.changes["party"], [None, "Beta Solar"])
        self.assertEqual(event.changes["title"], ["Reach", "Reach"])
        self.assertEqual(event.changes["description"], ["2,000 homes.", "2,000 homes."])

    def test_endorsing_twice_is_refused(self):
        self.api("post", self.url, self.bea)
        response = self.api("post", self.url, self.bea)
        self.assertEqual(response.status_code, 400)
        self.assertIn("already endorses", response.json()["errors"][0]["message"])
        self.assertEqual(Endorsement.objects.count(), 1)

    def test_a_viewer_cannot_endorse(self):
        self.assertEqual(self.api("post", self.url, self.vic).status_code, 403)

    def test_a_contributor_proposes_but_does_not_commit_the_party(self):
        """bob is on Beta's team but not its lead: endorsing is for Beta's leads and admins."""
        response = self.api("post", self.url, self.bob)
        self.assertEqual(response.status_code, 403, response.content)
        self.assertEqual(response.json()["code"], "forbidden")
        self.assertIn("Only a lead of your organization's team", response.json()["detail"])
        endorse(self, self.reach, self.party_b)
        response = self.api("delete", self.url, self.bob, {"reason": "Not mine to say."})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Endorsement.objects.count(), 1)

    def test_an_organization_admin_off_the_team_commits_it(self):
        response = self.api("post", self.url, self.amy)  # Alpha's admin, not on the team
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Endorsement.objects.get().party, self.party_a)

    def test_a_lead_made_contributor_no_longer_commits_it(self):
        from accord.core.services import team_member_set

        team_member_set(party=self.party_b, user=self.bob, role="lead", actor=self.bea)
        team_member_set(party=self.party_b, user=self.bea, role="contributor", actor=self.bea)
        self.assertEqual(self.api("post", self.url, self.bob).status_code, 201)
        # bea is still Beta's admin: she commits it whatever her team role.
        self.assertEqual(self.api("post", self.url, self.bea).status_code, 400)  # done already

    def test_one_cannot_endorse_for_another_organization(self):
        response = self.api("post", self.url, self.bea, {"organization": "alpha"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "organization")

    def test_withdrawing_needs_a_reason(self):
        endorse(self, self.reach, self.party_b)
        response = self.api("delete", self.url, self.bea, {})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"][0]["field"], "reason")
        response = self.api("delete", self.url, self.bea, {"reason": "   "})
        self.assertIn(response.status_code, {400, 422})
        self.assertEqual(Endorsement.objects.count(), 1)

    def test_withdrawing_records_who_why_and_the_wording(self):
        endorse(self, self.reach, self.party_a, self.party_b)
        response = self.api("delete", self.url, self.bea, {"reason": "Budget cut."})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertFalse(response.json()["agreed"])
        event = AuditEvent.objects.get(action="withdraw")
        self.assertEqual(event.actor, self.bea)
        self.assertEqual(event.changes["reason"], [None, "Budget cut."])
        self.assertEqual(event.changes["party"], ["Beta Solar", None])
        self.assertEqual(event.changes["title"], ["Reach", "Reach"])

    def test_withdrawing_without_an_endorsement_is_refused(self):
        response = self.api("delete", self.url, self.bea, {"reason": "Never did."})
        self.assertEqual(response.status_code, 400)

    def test_a_dropped_goal_cannot_be_endorsed(self):
        self.api(
            "patch",
            f"/partnerships/{self.partnership.pk}/goals/{self.reach.pk}",
            self.bob,
            {"version": 1, "status": "dropped"},
        )
        self.assertEqual(self.api("post", self.url, self.bea).status_code, 400)


class EndorsementPageTests(AccordTestCase):
    def setUp(self) -> None:
        self.reach = goal(self, self.alice, "Reach")
        self.client.force_login(self.bea)

    def test_a_contributor_sees_the_button_disabled_with_the_reason(self):
        response = self.page_as(self.bob, "accord-goals")
        self.assertContains(response, "disabled")
        self.assertContains(response, "Only a lead of Beta Solar's team or an admin of Beta Solar")
        self.assertNotContains(response, 'value="beta"')  # no form posts for Beta
        url = reverse("accord-goal-endorse", args=[self.partnership.pk, self.reach.pk])
        self.assertEqual(self.client.post(url, {"organization": "beta"}).status_code, 403)
        self.assertFalse(Endorsement.objects.exists())

    def test_the_endorse_button_answers_htmx_with_the_goal_card(self):
        url = reverse("accord-goal-endorse", args=[self.partnership.pk, self.reach.pk])
        response = self.client.post(url, {"organization": "beta"}, headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'id="goal-{self.reach.pk}"')
        self.assertContains(response, "Beta Solar endorses")
        self.assertNotContains(response, "<html")

    def test_the_endorse_button_works_without_javascript(self):
        url = reverse("accord-goal-endorse", args=[self.partnership.pk, self.reach.pk])
        response = self.client.post(url, {"organization": "beta"})
        self.assertRedirects(response, reverse("accord-goals", args=[self.partnership.pk]))
        self.assertTrue(Endorsement.objects.filter(party=self.party_b).exists())

    def test_withdrawing_on_the_page_needs_a_reason(self):
        endorse(self, self.reach, self.party_b)
        url = reverse("accord-goal-withdraw", args=[self.partnership.pk, self.reach.pk])
        response = self.client.post(url, {"reason": ""}, headers={"HX-Request": "true"})
        self.assertContains(response, "Say why")
        self.assertTrue(Endorsement.objects.exists())
        self.client.post(url, {"reason": "Budget cut."})
        self.assertFalse(Endorsement.objects.exists())
