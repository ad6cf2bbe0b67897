"""The roles pages' forms: each creates its record for the acting party, shows what the rules
refuse by field, and writes the audit trail (votes and outcomes on the decision's chain)."""

from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.roles import services
from accord.roles.models import Activity, Decision, DecisionRule, Expectation, Workstream
from tests.base import AccordTestCase


class FormPageTests(AccordTestCase):
    def post(self, user, name: str, data: dict, *args):
        self.client.force_login(user)
        return self.client.post(reverse(name, args=[self.partnership.pk, *args]), data)

    def test_workstream_then_activity(self):
        response = self.post(self.bob, "accord-workstream-new", {"title": "Launch"})
        self.assertRedirects(
            response, reverse("accord-roles", args=[self.partnership.pk]) + "#matrix"
        )
        ws = Workstream.objects.get()
        self.assertEqual(ws.owner_party, self.party_b)
        response = self.post(
            self.alice, "accord-activity-new", {"workstream": ws.pk, "title": "Pricing"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Activity.objects.get().workstream, ws)
        page = self.page_as(self.alice, "accord-roles")
        self.assertContainsAll(page, "Launch", "Pricing", "No one is Accountable.")

    def test_an_activity_needs_a_workstream_of_this_partnership(self):
        response = self.post(self.alice, "accord-activity-new", {"workstream": 999, "title": "X"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Activity.objects.exists())

    def test_decision_and_expectation_forms(self):
        rule = services.rule_create(party=self.party_a, actor=self.alice, title="Scope")
        response = self.post(self.bob, "accord-decision-new", {"rule": rule.pk, "title": "Go"})
        self.assertEqual(response.status_code, 302)
        decision = Decision.objects.get()
        self.assertEqual((decision.owner_party, decision.outcome), (self.party_b, "waiting"))
        response = self.post(
            self.bob,
            "accord-expectation-new",
            {"toward": self.party_b.pk, "kind": "need", "text": "Me?", "visibility": "shared"},
        )
        self.assertContains(response, "An expectation is of another party.", status_code=400)
        response = self.post(
            self.bob,
            "accord-expectation-new",
            {"toward": self.party_a.pk, "kind": "need", "text": "Data.", "visibility": "shared"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Expectation.objects.get().toward, self.party_a)
        page = self.page_as(self.alice, "accord-expectations")
        self.assertContainsAll(page, "Data.", "Acknowledge for Alpha Energy")

    def test_rule_endorse_and_withdraw_pages(self):
        rule = services.rule_create(party=self.party_a, actor=self.alice, title="Scope")
        self.post(self.bea, "accord-rule-endorse", {}, rule.pk)
        self.assertEqual([e.party for e in rule.endorsements.all()], [self.party_b])
        response = self.client.post(
            reverse("accord-rule-withdraw", args=[self.partnership.pk, rule.pk]),
            {"reason": ""},
            follow=True,
        )
        self.assertContains(response, "Say why the endorsement is withdrawn.")
        self.post(self.bea, "accord-rule-withdraw", {"reason": "Too broad."}, rule.pk)
        self.assertFalse(DecisionRule.objects.get().endorsements.exists())

    def test_votes_and_the_outcome_are_audited(self):
        rule = services.rule_create(party=self.party_a, actor=self.alice, title="Scope")
        decision = services.decision_create(
            party=self.party_a, actor=self.alice, rule=rule, title="Go"
        )
        services.decision_vote(
            decision=decision, party=self.party_a, actor=self.alice, verdict="approve"
        )
        services.decision_vote(
            decision=decision, party=self.party_b, actor=self.bea, verdict="approve"
        )
        actions = list(
            AuditEvent.objects.filter(record_type="roles.Decision", record_id=str(decision.pk))
            .order_by("at", "seq")
            .values_list("action", flat=True)
        )
        self.assertEqual(actions, ["create", "approve", "approve", "decide"])


class RuleEditPageTests(AccordTestCase):
    def test_an_edit_of_the_wording_clears_the_endorsements(self):
        rule = services.rule_create(party=self.party_a, actor=self.alice, title="Scope")
        services.rule_endorse(rule=rule, party=self.party_a, actor=self.alice)
        page = self.page_as(self.bob, "accord-rule-edit", rule.pk)
        self.assertContains(page, "clears every endorsement")
        self.assertContains(page, 'value="Scope"')
        form = {"title": "Scope", "kind": "majority", "days_to_decide": 14, "version": 1}
        response = self.client.post(
            reverse("accord-rule-edit", args=[self.partnership.pk, rule.pk]), form, follow=True
        )
        self.assertContains(response, "every endorsement was cleared")
        rule.refresh_from_db()
        self.assertEqual((rule.kind, rule.endorsements.count()), ("majority", 0))

    def test_a_stale_edit_is_409_and_saves_nothing(self):
        rule = services.rule_create(party=self.party_a, actor=self.alice, title="Scope")
        self.client.force_login(self.bob)
        form = {"title": "Other", "kind": "every_party", "days_to_decide": 14, "version": 9}
        response = self.client.post(
            reverse("accord-rule-edit", args=[self.partnership.pk, rule.pk]), form
        )
        self.assertEqual(response.status_code, 409)
        rule.refresh_from_db()
        self.assertEqual(rule.title, "Scope")
