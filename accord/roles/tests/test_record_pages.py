"""The edit and delete pages of workstreams, activities, decision rules, decisions still
waiting and expectations: each changes its record through the one write path (audited), answers
a stale version with 409 and the record as saved now, says what a service refuses, and never
edits a decided decision (superseded instead)."""

from typing import Any

from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.roles import services
from accord.roles.models import (
    Activity,
    Decision,
    DecisionRule,
    Expectation,
    ExpectationKind,
    Verdict,
    Workstream,
)
from accord.roles.tests.helpers import activity, assign, workstream
from tests.base import AccordTestCase


class RecordPagesTests(AccordTestCase):
    def url(self, name: str, *args: Any) -> str:
        return reverse(name, args=[self.partnership.pk, *args])

    def post(self, user, name: str, record, data: dict | None = None, **extra: Any):
        self.client.force_login(user)
        return self.client.post(self.url(name, record.pk), data or {}, **extra)

    def events(self, record, action: str) -> int:
        return AuditEvent.objects.filter(
            record_type=record._meta.label, record_id=str(record.pk), action=action
        ).count()

    def test_a_workstream_is_renamed_by_either_party_and_audited(self):
        stream = workstream(self, "Launch")  # Alpha's
        page = self.page_as(self.bob, "accord-workstream-edit", stream.pk)
        self.assertContainsAll(page, "Edit the workstream", 'value="Launch"', "Delete this")
        response = self.post(
            self.bob, "accord-workstream-edit", stream, {"title": "Relaunch", "version": 1}
        )
        self.assertRedirects(response, self.url("accord-roles") + "#matrix")
        stream.refresh_from_db()
        self.assertEqual((stream.title, stream.version), ("Relaunch", 2))
        self.assertEqual(self.events(stream, "update"), 1)

    def test_a_stale_edit_answers_409_with_the_record_as_saved_now(self):
        task = activity(self, workstream(self), "Pricing")
        self.post(self.alice, "accord-activity-edit", task, {"title": "Prices", "version": 1})
        response = self.post(
            self.bob, "accord-activity-edit", task, {"title": "Price list", "version": 1}
        )
        self.assertContainsAll(
            response, "Someone else saved first", "Prices", "Price list", status_code=409
        )
        task.refresh_from_db()
        self.assertEqual((task.title, task.version), ("Prices", 2))

    def test_an_activity_keeps_its_workstream_and_goes_with_its_assignments(self):
        task = activity(self, workstream(self), "Pricing")
        assign(self, task, self.party_a, "A")
        page = self.page_as(self.alice, "accord-activity-edit", task.pk)
        self.assertNotContains(page, 'name="workstream"')
        self.assertContains(page, "1 assignment")  # the delete's confirmation says so
        response = self.post(self.bea, "accord-activity-delete", task)
        self.assertRedirects(response, self.url("accord-roles") + "#matrix")
        self.assertFalse(Activity.objects.exists())
        self.assertEqual(self.events(task, "delete"), 1)

    def test_a_workstream_with_activities_is_not_deleted(self):
        stream = workstream(self)
        activity(self, stream, "Pricing")
        response = self.post(self.alice, "accord-workstream-delete", stream, follow=True)
        self.assertContains(response, "Delete this workstream&#x27;s activities first.")
        self.assertTrue(Workstream.objects.exists())

    def test_a_viewer_edits_nothing(self):
        stream = workstream(self, "Launch")
        self.assertEqual(
            self.page_as(self.vic, "accord-workstream-edit", stream.pk).status_code, 403
        )
        response = self.post(self.vic, "accord-workstream-delete", stream)
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Workstream.objects.exists())

    def test_a_rule_with_decisions_is_retired_not_deleted(self):
        unused = services.rule_create(party=self.party_a, actor=self.alice, title="Unused")
        used = services.rule_create(party=self.party_a, actor=self.alice, title="Budget")
        services.decision_create(party=self.party_b, actor=self.bob, rule=used, title="Go")
        self.assertContains(self.page_as(self.bob, "accord-rule-edit", used.pk), "Delete this rule")
        response = self.post(self.bob, "accord-rule-delete", used, follow=True)
        self.assertContains(response, services.RULE_KEPT)
        self.assertEqual(DecisionRule.objects.get(pk=used.pk).status, "retired")
        response = self.post(self.bob, "accord-rule-delete", unused, follow=True)
        self.assertContains(response, "Deleted the decision rule “Unused”.")
        self.assertFalse(DecisionRule.objects.filter(pk=unused.pk).exists())

    def test_a_waiting_decision_is_edited_by_its_party_only(self):
        rule = services.rule_create(party=self.party_a, actor=self.alice, title="Scope")
        decision = services.decision_create(
            party=self.party_b, actor=self.bob, rule=rule, title="Go"
        )
        page = self.page_as(self.bob, "accord-decisions")
        self.assertContains(page, self.url("accord-decision-edit", decision.pk))
        page = self.page_as(self.alice, "accord-decisions")
        self.assertNotContains(page, self.url("accord-decision-edit", decision.pk))
        self.assertEqual(
            self.page_as(self.alice, "accord-decision-edit", decision.pk).status_code, 403
        )
        form = {"title": "Go north", "proposal": "", "deadline": "2030-01-31", "version": 1}
        response = self.post(self.bob, "accord-decision-edit", decision, form)
        self.assertRedirects(response, self.url("accord-decisions") + "#decisions")
        decision.refresh_from_db()
        self.assertEqual((decision.title, str(decision.deadline)), ("Go north", "2030-01-31"))
        self.assertEqual(self.events(decision, "update"), 1)
        response = self.post(self.bob, "accord-decision-edit", decision, {**form, "deadline": ""})
        self.assertContains(response, "This field is required.", status_code=400)

    def test_a_decided_decision_is_never_edited_nor_deleted(self):
        rule = services.rule_create(party=self.party_a, actor=self.alice, title="Scope")
        decision = services.decision_create(
            party=self.party_b, actor=self.bob, rule=rule, title="Go"
        )
        for party, user in ((self.party_a, self.alice), (self.party_b, self.bea)):
            services.decision_vote(
                decision=decision, party=party, actor=user, verdict=Verdict.APPROVE
            )
        self.assertNotContains(
            self.page_as(self.bob, "accord-decisions"),
            self.url("accord-decision-edit", decision.pk),
        )
        self.assertEqual(
            self.page_as(self.bob, "accord-decision-edit", decision.pk).status_code, 404
        )
        form = {"title": "Changed", "deadline": "2030-01-31", "version": decision.version}
        self.assertEqual(
            self.post(self.bob, "accord-decision-edit", decision, form).status_code, 404
        )
        self.assertEqual(self.post(self.bob, "accord-decision-delete", decision).status_code, 404)
        decision.refresh_from_db()
        self.assertEqual((decision.title, decision.outcome), ("Go", "approved"))

    def test_a_waiting_decision_is_deleted_with_its_votes(self):
        rule = services.rule_create(party=self.party_a, actor=self.alice, title="Scope")
        decision = services.decision_create(
            party=self.party_b, actor=self.bob, rule=rule, title="Go"
        )
        services.decision_vote(
            decision=decision, party=self.party_b, actor=self.bea, verdict=Verdict.APPROVE
        )
        self.assertContains(self.page_as(self.bob, "accord-decision-edit", decision.pk), "1 vote")
        response = self.post(self.bob, "accord-decision-delete", decision)
        self.assertRedirects(response, self.url("accord-decisions") + "#decisions")
        self.assertFalse(Decision.objects.exists())

    def test_a_reworded_expectation_asks_for_a_new_acknowledgement(self):
        expectation = services.expectation_create(
            party=self.party_b, actor=self.bob, toward=self.party_a, kind="need", text="Data."
        )
        services.expectation_acknowledge(
            expectation=expectation, party=self.party_a, actor=self.alice
        )
        page = self.page_as(self.bob, "accord-expectation-edit", expectation.pk)
        self.assertNotContains(page, 'name="toward"')
        form = {
            "kind": ExpectationKind.NEED,
            "text": "Data, weekly.",
            "visibility": "shared",
            "version": 2,
        }
        response = self.post(self.bob, "accord-expectation-edit", expectation, form)
        self.assertRedirects(response, self.url("accord-expectations") + "#expectations")
        expectation.refresh_from_db()
        self.assertEqual((expectation.text, expectation.is_acknowledged), ("Data, weekly.", False))
        self.assertEqual(
            self.page_as(self.alice, "accord-expectation-edit", expectation.pk).status_code, 403
        )
        response = self.post(self.bob, "accord-expectation-delete", expectation)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Expectation.objects.exists())
        self.assertEqual(self.events(expectation, "delete"), 1)
