"""Practice 3's evidence on a small scenario written out by hand, through each viewpoint.

Activities: Pricing (A Alpha, R Bob) complete; Press (R Beta) no A; Hiring (A, A, R) two A.
  raci_complete = 1 of 3.
Rules: Scope (both endorse), Budget (Alpha only), Ours (Beta leads; nobody endorses), Old
  (retired, not counted). rules_endorsed = 1 of 3; Alpha endorses 2 of 3, Beta 1 of 3.
Decisions waiting: Beta's "Late" (deadline yesterday), Alpha's "Soon" (next week), Beta's
  private "Ours" (deadline yesterday, under Beta's own lead rule).
  decisions_overdue: Alpha's view 1 of 2 (Beta 1 of 1, Alpha 0 of 1); Beta's view 2 of 3.
Expectations: Alpha's of Beta (acknowledged), Beta's of Alpha (not), Beta's private one (not).
  expectations_acknowledged: Alpha's view 1 of 2; Beta's view 1 of 3.
"""

from datetime import date, timedelta
from typing import Any

from accord.core.viewpoint import Viewpoint
from accord.roles import services
from accord.roles.evidence import evidence
from accord.roles.models import Activity, Decision, DecisionRule, Expectation, RuleKind
from accord.roles.tests.helpers import activity, assign, workstream
from tests.base import AccordTestCase

TODAY = date(2026, 6, 1)


class EvidenceTests(AccordTestCase):
    pricing: Activity
    scope: DecisionRule
    late: Decision
    private_late: Decision
    acked: Expectation

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        t = cls
        ws = workstream(t)
        cls.pricing = activity(t, ws, "Pricing")
        assign(t, cls.pricing, t.party_a, "A")
        assign(t, cls.pricing, t.party_b, "R", person=t.bob)
        press = activity(t, ws, "Press")
        assign(t, press, t.party_b, "R")
        hiring = activity(t, ws, "Hiring")
        assign(t, hiring, t.party_a, "A")
        assign(t, hiring, t.party_b, "A")
        assign(t, hiring, t.party_a, "R", person=t.alice)
        alpha: dict[str, Any] = {"party": t.party_a, "actor": t.alice}
        beta: dict[str, Any] = {"party": t.party_b, "actor": t.bob}
        cls.scope = services.rule_create(**alpha, title="Scope")
        services.rule_endorse(rule=cls.scope, party=t.party_a, actor=t.alice)
        services.rule_endorse(rule=cls.scope, party=t.party_b, actor=t.bea)
        budget = services.rule_create(**alpha, title="Budget")
        services.rule_endorse(rule=budget, party=t.party_a, actor=t.alice)
        old = services.rule_create(**beta, title="Old", status="retired")
        del old
        own = services.rule_create(
            **beta, title="Ours", kind=RuleKind.LEAD_PARTY, lead_party=t.party_b
        )
        yesterday, next_week = TODAY - timedelta(days=1), TODAY + timedelta(days=7)
        cls.late = services.decision_create(
            **beta, rule=cls.scope, title="Late", deadline=yesterday
        )
        services.decision_create(**alpha, rule=cls.scope, title="Soon", deadline=next_week)
        cls.private_late = services.decision_create(
            **beta, rule=own, title="Ours", deadline=yesterday, visibility="private"
        )
        cls.acked = services.expectation_create(
            **alpha, toward=t.party_b, kind="need", text="Figures."
        )
        services.expectation_acknowledge(expectation=cls.acked, party=t.party_b, actor=t.bea)
        services.expectation_create(**beta, toward=t.party_a, kind="own", text="Booth.")
        services.expectation_create(
            **beta, toward=t.party_a, kind="need", text="Secret.", visibility="private"
        )

    def figures(self, viewpoint):
        found = evidence(viewpoint, TODAY)
        self.assertEqual(found.practice, 3)
        return found

    def test_raci_complete(self):
        figure = self.figures(Viewpoint.of_party(self.party_a)).figure("raci_complete")
        self.assertEqual((figure.value, figure.denominator), (1, 3))
        self.assertEqual([r.id for r in figure.records], [self.pricing.pk])

    def test_rules_endorsed_by_every_party(self):
        figure = self.figures(Viewpoint.of_party(self.party_b)).figure("rules_endorsed")
        self.assertEqual((figure.value, figure.denominator), (1, 3))
        self.assertEqual([r.id for r in figure.records], [self.scope.pk])
        alpha, beta = figure.of_party(self.party_a.pk), figure.of_party(self.party_b.pk)
        self.assertEqual((alpha.value, alpha.denominator), (2, 3))
        self.assertEqual((beta.value, beta.denominator), (1, 3))

    def test_decisions_overdue_respect_visibility(self):
        seen_by_alpha = self.figures(Viewpoint.of_party(self.party_a)).figure("decisions_overdue")
        self.assertEqual((seen_by_alpha.value, seen_by_alpha.denominator), (1, 2))
        self.assertEqual([r.id for r in seen_by_alpha.records], [self.late.pk])
        beta = seen_by_alpha.of_party(self.party_b.pk)
        self.assertEqual((beta.value, beta.denominator), (1, 1))
        seen_by_beta = self.figures(Viewpoint.of_party(self.party_b)).figure("decisions_overdue")
        self.assertEqual((seen_by_beta.value, seen_by_beta.denominator), (2, 3))
        self.assertEqual(
            sorted(r.id for r in seen_by_beta.records), sorted([self.late.pk, self.private_late.pk])
        )

    def test_expectations_acknowledged_respect_visibility(self):
        alpha = self.figures(Viewpoint.of_party(self.party_a)).figure("expectations_acknowledged")
        self.assertEqual((alpha.value, alpha.denominator), (1, 2))
        beta = self.figures(Viewpoint.of_party(self.party_b)).figure("expectations_acknowledged")
        self.assertEqual((beta.value, beta.denominator), (1, 3))
        self.assertEqual([r.id for r in beta.records], [self.acked.pk])

    def test_the_summary_api_gives_the_same_figures(self):
        body = self.api("get", f"/partnerships/{self.partnership.pk}/roles", self.alice).json()
        figures = {f["key"]: (f["value"], f["denominator"]) for f in body["evidence"]}
        self.assertEqual(figures["raci_complete"], (1, 3))
        self.assertEqual(figures["rules_endorsed"], (1, 3))
        self.assertEqual(figures["expectations_acknowledged"], (1, 2))
        records = {f["key"]: f["ids"] for f in body["evidence"]}
        self.assertEqual(records["expectations_acknowledged"], [self.acked.pk])
        self.assertEqual(
            [p["problems"] for p in body["problems"]],
            [
                ["2 are Accountable: exactly one should be."],
                ["No one is Accountable."],
            ],
        )
        self.assertNotIn("Ours", str(body))
