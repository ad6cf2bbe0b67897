"""Decision rules endorsed like shared goals, decisions decided under them by the parties'
word, superseding, deadlines, expectations acknowledged: by service and API, with the
illegal transitions answered 400/403/404 and nothing applied."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.roles import services
from accord.roles.models import Decision, DecisionRule, Outcome, RuleKind, Verdict
from tests.base import AccordTestCase


class RuleTests(AccordTestCase):
    def setUp(self) -> None:
        self.rule = services.rule_create(
            party=self.party_a, actor=self.alice, title="Scope change", days_to_decide=10
        )
        self.path = f"/partnerships/{self.partnership.pk}/rules/{self.rule.pk}"

    def test_endorsed_by_every_party_then_an_edit_clears_it(self):
        self.assertEqual(
            self.api("post", f"{self.path}/endorsement", self.alice, {}).status_code, 201
        )
        body = self.api("post", f"{self.path}/endorsement", self.bea, {}).json()
        self.assertTrue(body["agreed"])
        self.assertEqual([e["endorsed_by"]["name"] for e in body["endorsed_by"]], ["Alice", "Bea"])
        changed = self.api("patch", self.path, self.bob, {"version": 1, "kind": "majority"})
        self.assertEqual(changed.status_code, 200, changed.content)
        self.assertEqual(changed.json()["endorsed_by"], [])
        self.assertTrue(changed.json()["endorsements_cleared"])
        self.assertFalse(changed.json()["agreed"])

    def test_stale_edit_is_409(self):
        self.api("patch", self.path, self.bob, {"version": 1, "title": "Scope"})
        stale = self.api("patch", self.path, self.alice, {"version": 1, "title": "Other"})
        self.assertEqual(stale.status_code, 409)
        self.rule.refresh_from_db()
        self.assertEqual(self.rule.title, "Scope")

    def test_lead_party_rules_name_a_lead(self):
        refused = self.api(
            "post",
            f"/partnerships/{self.partnership.pk}/rules",
            self.alice,
            {"title": "Pricing", "kind": "lead_party"},
        )
        self.assertEqual(refused.status_code, 400)
        self.assertIn("lead_party", refused.content.decode())
        made = self.api(
            "post",
            f"/partnerships/{self.partnership.pk}/rules",
            self.alice,
            {"title": "Pricing", "kind": "lead_party", "lead_party": self.party_b.pk},
        )
        self.assertEqual(made.status_code, 201)
        self.assertEqual(made.json()["lead_party"]["id"], self.party_b.pk)

    def test_endorsing_twice_is_400(self):
        self.api("post", f"{self.path}/endorsement", self.alice, {})
        again = self.api("post", f"{self.path}/endorsement", self.alice, {})
        self.assertEqual(again.status_code, 400)

    def test_a_rule_with_decisions_is_retired_not_deleted(self):
        services.decision_create(party=self.party_a, actor=self.alice, rule=self.rule, title="X")
        response = self.api("delete", self.path, self.alice)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["current"]["status"], "retired")
        with self.assertRaises(ValidationError):
            services.decision_create(
                party=self.party_a, actor=self.alice, rule=self.rule, title="Y"
            )


class DecisionTests(AccordTestCase):
    def setUp(self) -> None:
        self.every = services.rule_create(party=self.party_a, actor=self.alice, title="Scope")
        self.decision = services.decision_create(
            party=self.party_a, actor=self.alice, rule=self.every, title="Enter Norway"
        )
        self.path = f"/partnerships/{self.partnership.pk}/decisions/{self.decision.pk}"

    def test_deadline_defaults_to_the_rules_time(self):
        self.assertEqual(self.decision.deadline, timezone.localdate() + timedelta(days=14))

    def test_approved_by_both_parties_with_rationale(self):
        first = self.api("post", f"{self.path}/approval", self.alice, {"comment": "Yes."})
        self.assertEqual(first.json()["outcome"], "waiting")
        second = self.api("post", f"{self.path}/approval", self.bea, {})
        body = second.json()
        self.assertEqual(body["outcome"], "approved")
        self.assertEqual(body["rationale"], "Every party approved: Alpha Energy, Beta Solar.")
        self.assertEqual([v["given_by"]["name"] for v in body["votes"]], ["Alice", "Bea"])

    def test_an_objection_needs_a_comment_and_rejects(self):
        bare = self.api("post", f"{self.path}/objection", self.bea, {})
        self.assertEqual(bare.status_code, 400)
        self.assertIn("comment", bare.content.decode())
        body = self.api("post", f"{self.path}/objection", self.bea, {"comment": "Too soon."}).json()
        self.assertEqual(body["outcome"], "rejected")
        self.assertEqual(body["rationale"], "Every party must approve; objected: Beta Solar.")

    def test_a_decided_decision_is_never_edited_only_superseded(self):
        for user in (self.alice, self.bea):
            self.api("post", f"{self.path}/approval", user, {})
        edit = self.api("patch", self.path, self.alice, {"version": 2, "title": "Changed"})
        self.assertEqual(edit.status_code, 400)
        self.assertIn("only superseded", edit.content.decode())
        vote = self.api("post", f"{self.path}/objection", self.bea, {"comment": "Late."})
        self.assertEqual(vote.status_code, 400)
        delete = self.api("delete", self.path, self.alice)
        self.assertEqual(delete.status_code, 400)
        new = self.api("post", f"{self.path}/supersession", self.bob, {"title": "Enter Sweden"})
        self.assertEqual(new.status_code, 201)
        self.assertEqual(new.json()["supersedes"], self.decision.pk)
        self.assertEqual(new.json()["outcome"], "waiting")
        twice = self.api("post", f"{self.path}/supersession", self.bob, {"title": "Again"})
        self.assertEqual(twice.status_code, 400)

    def test_a_waiting_decision_cannot_be_superseded(self):
        response = self.api("post", f"{self.path}/supersession", self.bob, {"title": "New"})
        self.assertEqual(response.status_code, 400)

    def test_a_viewer_and_outsiders_give_no_word(self):
        self.assertEqual(self.api("post", f"{self.path}/approval", self.vic, {}).status_code, 403)
        self.assertEqual(self.api("post", f"{self.path}/approval", self.ann, {}).status_code, 404)
        self.assertEqual(self.api("post", f"{self.path}/approval", self.olga, {}).status_code, 404)
        self.decision.refresh_from_db()
        self.assertEqual(self.decision.votes.count(), 0)

    def test_approving_for_a_party_one_is_not_in_is_refused(self):
        response = self.api("post", f"{self.path}/approval", self.bea, {"organization": "alpha"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("organization", response.content.decode())

    def test_a_party_may_change_its_word_while_waiting(self):
        majority = services.rule_create(
            party=self.party_a, actor=self.alice, title="Budget", kind=RuleKind.MAJORITY
        )
        d = services.decision_create(party=self.party_a, actor=self.alice, rule=majority, title="B")
        services.decision_vote(decision=d, party=self.party_a, actor=self.alice, verdict="approve")
        d.refresh_from_db()
        self.assertEqual(d.outcome, Outcome.WAITING)  # 1 of 2 is no majority
        services.decision_vote(
            decision=d, party=self.party_a, actor=self.alice, verdict="object", comment="No."
        )
        d.refresh_from_db()
        self.assertEqual(d.outcome, Outcome.REJECTED)  # of 2, one objection rejects
        self.assertEqual(d.votes.count(), 1)

    def test_lead_party_decides_alone(self):
        lead = services.rule_create(
            party=self.party_a,
            actor=self.alice,
            title="Pricing",
            kind=RuleKind.LEAD_PARTY,
            lead_party=self.party_b,
        )
        d = services.decision_create(party=self.party_a, actor=self.alice, rule=lead, title="P")
        services.decision_vote(
            decision=d, party=self.party_a, actor=self.alice, verdict=Verdict.OBJECT, comment="No"
        )
        d.refresh_from_db()
        self.assertEqual(d.outcome, Outcome.WAITING)
        services.decision_vote(decision=d, party=self.party_b, actor=self.bea, verdict="approve")
        d.refresh_from_db()
        self.assertEqual(
            (d.outcome, d.rationale), ("approved", "The lead party, Beta Solar, approved.")
        )

    def test_waiting_past_deadline_is_flagged(self):
        late = services.decision_create(
            party=self.party_b,
            actor=self.bob,
            rule=self.every,
            title="Late one",
            deadline=timezone.localdate() - timedelta(days=1),
        )
        summary = self.api("get", f"/partnerships/{self.partnership.pk}/roles", self.vic).json()
        self.assertEqual(summary["overdue_decisions"], [late.pk])
        response = self.page_as(self.vic, "accord-decisions")
        self.assertContainsAll(
            response,
            "Late one",
            "Waiting past its deadline",
            "Its rule is not yet endorsed by every party",
        )

    def test_private_decisions_only_under_the_owners_lead_rule(self):
        with self.assertRaises(ValidationError):
            services.decision_create(
                party=self.party_b, actor=self.bob, rule=self.every, title="S", visibility="private"
            )
        own = services.rule_create(
            party=self.party_b,
            actor=self.bob,
            title="Ours",
            kind=RuleKind.LEAD_PARTY,
            lead_party=self.party_b,
        )
        secret = services.decision_create(
            party=self.party_b, actor=self.bob, rule=own, title="Secret floor", visibility="private"
        )
        path = f"/partnerships/{self.partnership.pk}/decisions/{secret.pk}"
        self.assertEqual(self.api("get", path, self.alice).status_code, 404)
        self.assertEqual(self.api("post", f"{path}/approval", self.alice, {}).status_code, 404)
        self.assertNotContains(self.page_as(self.amy, "accord-decisions"), "Secret floor")
        self.assertContains(self.page_as(self.bob, "accord-decisions"), "Secret floor")
        summary = self.api("get", f"/partnerships/{self.partnership.pk}/roles", self.alice)
        self.assertNotIn(str(secret.pk), str(summary.json()["overdue_decisions"]))

    def test_pages_approve_and_object(self):
        self.client.force_login(self.bea)
        from django.urls import reverse

        url = reverse("accord-decision-object", args=[self.partnership.pk, self.decision.pk])
        response = self.client.post(url, {"comment": ""}, follow=True)
        self.assertContains(response, "Say why you object.")
        self.assertEqual(self.decision.votes.count(), 0)
        url = reverse("accord-decision-approve", args=[self.partnership.pk, self.decision.pk])
        self.client.post(url, {"comment": "Fine."})
        self.client.force_login(self.alice)
        response = self.client.post(url, {}, follow=True)
        self.assertContains(response, "Every party approved")
        self.assertEqual(Decision.objects.get(pk=self.decision.pk).outcome, "approved")


class ExpectationTests(AccordTestCase):
    def setUp(self) -> None:
        self.need = services.expectation_create(
            party=self.party_a, actor=self.alice, toward=self.party_b, kind="need", text="Figures."
        )
        self.path = f"/partnerships/{self.partnership.pk}/expectations/{self.need.pk}"

    def test_the_other_party_acknowledges_and_a_rewording_asks_again(self):
        own = self.api("post", f"{self.path}/acknowledgement", self.alice, {})
        self.assertEqual(own.status_code, 400)
        done = self.api("post", f"{self.path}/acknowledgement", self.bea, {})
        self.assertEqual(done.status_code, 200)
        self.assertEqual(done.json()["acknowledged_by"]["name"], "Bea")
        twice = self.api("post", f"{self.path}/acknowledgement", self.bea, {})
        self.assertEqual(twice.status_code, 400)
        changed = self.api("patch", self.path, self.alice, {"version": 2, "text": "More figures."})
        self.assertEqual(changed.status_code, 200, changed.content)
        self.assertIsNone(changed.json()["acknowledged_at"])

    def test_an_expectation_is_of_another_party(self):
        response = self.api(
            "post",
            f"/partnerships/{self.partnership.pk}/expectations",
            self.alice,
            {"toward": self.party_a.pk, "kind": "own", "text": "Ourselves."},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("toward", response.content.decode())

    def test_page_acknowledges(self):
        from django.urls import reverse

        self.client.force_login(self.bea)
        url = reverse("accord-expectation-acknowledge", args=[self.partnership.pk, self.need.pk])
        response = self.client.post(url, {}, follow=True)
        self.assertContains(response, "acknowledged it")
        self.need.refresh_from_db()
        self.assertTrue(self.need.is_acknowledged)


class RuleFormTests(AccordTestCase):
    def test_new_rule_page_shows_rule_errors_by_field(self):
        from django.urls import reverse

        self.client.force_login(self.alice)
        url = reverse("accord-rule-new", args=[self.partnership.pk])
        response = self.client.post(
            url, {"title": "Pricing", "kind": "lead_party", "days_to_decide": 5}
        )
        self.assertContains(response, "Name the lead party that decides.", status_code=400)
        self.assertFalse(DecisionRule.objects.exists())
        response = self.client.post(
            url,
            {
                "title": "Pricing",
                "kind": "lead_party",
                "days_to_decide": 5,
                "lead_party": self.party_b.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(DecisionRule.objects.get().lead_party, self.party_b)
