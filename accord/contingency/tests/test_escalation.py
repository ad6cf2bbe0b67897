"""The escalation path: an issue a party leaves unanswered moves up its path when each level's
days have passed — once per level, however often the job runs — and stops once answered; a
private plan's escalation stays with its party; each escalation is audited and heard by the
level's person."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.contingency import services
from accord.contingency.escalation import escalations_run, unanswered_issues
from accord.contingency.notices import notices
from accord.contingency.selectors import escalations_seen
from accord.contingency.tests.helpers import plan, risk
from accord.core.viewpoint import Viewpoint
from accord.roles import services as roles
from accord.roles.models import RuleKind
from accord.trust import services as trust
from tests.base import AccordTestCase


class EscalationTests(AccordTestCase):
    def setUp(self) -> None:
        alpha: dict[str, Any] = {"party": self.party_a, "actor": self.alice}
        self.first = services.escalation_level_create(
            **alpha, level=1, person=self.alice, after_days=2
        )
        self.second = services.escalation_level_create(
            **alpha, level=2, person=self.vic, after_days=5
        )
        services.escalation_level_create(
            party=self.party_b, actor=self.bob, level=1, person=self.bob, after_days=3
        )
        self.t0 = timezone.now()

    def at(self, days: float):
        return self.t0 + timedelta(days=days)

    def levels(self, subject) -> list[int]:
        label = f"{subject._meta.label}:{subject.pk}"
        seen = escalations_seen(Viewpoint.of_party(self.party_a)).filter(subject=label)
        return sorted(e.level.level for e in seen)

    def test_a_concern_moves_up_once_per_level_and_stops_when_answered(self):
        concern = trust.concern_create(
            party=self.party_b, actor=self.bob, topic="Late data", text="Figures late again."
        )
        self.t0 = concern.created_at
        self.assertEqual(escalations_run(now=self.at(1.9)), [])
        [first] = escalations_run(now=self.at(2))
        self.assertEqual((first.level, first.label), (self.first, "Concern “Late data”"))
        self.assertEqual(escalations_run(now=self.at(3)), [])  # the same level: once
        [second] = escalations_run(now=self.at(5))
        self.assertEqual(second.level, self.second)
        self.assertEqual(self.levels(concern), [1, 2])
        services.escalation_level_create(
            party=self.party_a, actor=self.alice, level=3, person=self.alice, after_days=8
        )
        trust.concern_answer(
            concern=concern,
            party=self.party_a,
            actor=self.alice,
            expected_version=None,
            text="Sending them today.",
        )
        self.assertEqual(escalations_run(now=self.at(9)), [])

    def test_a_job_that_missed_days_records_every_level_due(self):
        trust.concern_create(party=self.party_b, actor=self.bob, topic="T", text="X")
        self.assertEqual(len(escalations_run(now=self.at(6))), 2)

    def test_an_active_plan_without_progress_escalates_within_its_party(self):
        secret = risk(self, "Cash", party=self.party_b, visibility="private")
        made = plan(self, secret, "Credit line", party=self.party_b, visibility="private")
        services.plan_activate(plan=made, actor=self.bob, reason="Cash low.", now=self.t0)
        [escalation] = escalations_run(now=self.at(3))
        self.assertEqual(escalation.private_party, self.party_b)
        self.assertEqual(list(escalations_seen(Viewpoint.of_party(self.party_a))), [])
        self.assertEqual(list(escalations_seen(Viewpoint.of_party(self.party_b))), [escalation])
        event = AuditEvent.objects.get(action="escalate")
        self.assertEqual(event.private_to_id, self.beta.pk)
        [notice] = notices(event)
        self.assertEqual((notice.kind, notice.user_ids), ("contingency.escalated", (self.bob.pk,)))
        self.assertIn("Activated plan “Credit line” without progress", notice.title)

    def test_a_plan_answered_by_a_step_is_no_issue(self):
        made = plan(self, risk(self))
        step = services.plan_action_add(plan=made, actor=self.alice, text="Go", party=self.party_a)
        services.plan_activate(plan=made, actor=self.alice, reason="Now.")
        self.assertEqual(len(unanswered_issues()), 1)
        services.plan_action_done(action=step, party=self.party_a, actor=self.alice, done=True)
        self.assertEqual(unanswered_issues(), [])

    def test_an_objection_the_proposer_leaves_unanswered_escalates(self):
        rule = roles.rule_create(
            party=self.party_b,
            actor=self.bob,
            title="Pricing",
            kind=RuleKind.LEAD_PARTY,
            lead_party=self.party_b,
        )
        decision = roles.decision_create(
            party=self.party_b, actor=self.bob, rule=rule, title="Raise prices"
        )
        roles.decision_vote(
            decision=decision,
            party=self.party_a,
            actor=self.alice,
            verdict="object",
            comment="Too soon.",
        )
        decision.refresh_from_db()
        self.assertEqual(decision.outcome, "waiting")  # the lead party's word alone decides
        [issue] = unanswered_issues()
        self.assertEqual(issue.owed_by, self.party_b.pk)
        [escalation] = escalations_run(now=timezone.now() + timedelta(days=3))
        self.assertEqual(escalation.level.owner_party, self.party_b)

    def test_a_level_is_of_a_person_of_the_party_s_team_and_taken_once(self):
        path = f"/partnerships/{self.partnership.pk}/escalation_levels"
        taken = self.api("post", path, self.alice, {"level": 1, "person": self.alice.pk})
        self.assertEqual(taken.json()["errors"][0]["field"], "level")
        stranger = self.api("post", path, self.alice, {"level": 3, "person": self.bob.pk})
        self.assertEqual(stranger.json()["errors"][0]["field"], "person")
        made = self.api(
            "post", path, self.alice, {"level": 3, "person": self.alice.pk, "after_days": 9}
        )
        self.assertEqual(made.status_code, 201, made.content)
        self.assertNotIn("@", str(made.json()["person"]))
