"""The evidence figures on a small example, checked by hand, through each party's viewpoint
(Beta's private risk counts only in Beta's)."""

from datetime import UTC, date, datetime

from accord.contingency import services
from accord.contingency.evidence import evidence
from accord.contingency.tests.helpers import plan, risk
from accord.core.viewpoint import Viewpoint
from tests.base import AccordTestCase

TODAY = date(2026, 6, 20)


def at(day: int) -> datetime:
    return datetime(2026, 6, day, 9, tzinfo=UTC)


class EvidenceTests(AccordTestCase):
    """Alpha: R1 4x4=16 (high) mitigated, review tomorrow, with a plan; R2 5x3=15 (high), no
    mitigation, review yesterday; R3 closed. Beta: R4 1x2=2 mitigated, no review date; R5
    (private) 5x5=25 mitigated, review in July, no plan. Plans: P1 activated 1 Jun, a step
    ticked 3 Jun (in time); P2 activated 1 Jun, unanswered after 7 days (late); P3 activated
    18 Jun (its time to answer still runs: not counted)."""

    def setUp(self) -> None:
        r1 = risk(
            self,
            "R1",
            likelihood=4,
            impact=4,
            mitigation="Two suppliers",
            next_review=date(2026, 6, 21),
        )
        risk(self, "R2", likelihood=5, impact=3, next_review=date(2026, 6, 19))
        risk(self, "R3", likelihood=5, impact=5, status="closed")
        risk(self, "R4", party=self.party_b, likelihood=1, impact=2, mitigation="Watch")
        risk(
            self,
            "R5",
            party=self.party_b,
            likelihood=5,
            impact=5,
            mitigation="Cash buffer",
            next_review=date(2026, 7, 1),
            visibility="private",
        )
        p1, p2, p3 = (plan(self, r1, f"P{i}") for i in (1, 2, 3))
        step = services.plan_action_add(plan=p1, actor=self.alice, text="Call", party=self.party_a)
        services.plan_activate(plan=p1, actor=self.alice, reason="Now.", now=at(1))
        services.plan_action_done(
            action=step, party=self.party_a, actor=self.alice, done=True, now=at(3)
        )
        services.plan_activate(plan=p2, actor=self.alice, reason="Now.", now=at(1))
        services.plan_activate(plan=p3, actor=self.alice, reason="Now.", now=at(18))

    def figures(self, party) -> dict:
        found = evidence(Viewpoint.of_party(party), TODAY)
        return {f.key: f for f in found.figures}

    def test_figures_from_alpha(self):
        f = self.figures(self.party_a)
        self.assertEqual((f["risks_mitigated"].value, f["risks_mitigated"].denominator), (2, 3))
        self.assertEqual([r.label for r in f["risks_mitigated"].records], ["R1", "R4"])
        alpha, beta = f["risks_mitigated"].parties
        self.assertEqual(
            (alpha.value, alpha.denominator, beta.value, beta.denominator), (1, 2, 1, 1)
        )
        self.assertEqual(
            (f["high_risks_planned"].value, f["high_risks_planned"].denominator), (1, 2)
        )
        self.assertEqual((f["reviews_current"].value, f["reviews_current"].denominator), (1, 3))
        answered = f["triggers_answered"]
        self.assertEqual((answered.value, answered.denominator), (1, 2))
        self.assertEqual([r.label for r in answered.records], ["P1"])
        self.assertEqual((f["exit_plan_agreed"].value, f["exit_plan_agreed"].denominator), (0, 1))

    def test_beta_counts_its_private_risk(self):
        f = self.figures(self.party_b)
        self.assertEqual((f["risks_mitigated"].value, f["risks_mitigated"].denominator), (3, 4))
        self.assertEqual(
            (f["high_risks_planned"].value, f["high_risks_planned"].denominator), (1, 3)
        )
        self.assertEqual((f["reviews_current"].value, f["reviews_current"].denominator), (2, 4))

    def test_the_exit_plan_counts_once_every_party_endorses_it(self):
        exit_plan = services.exit_plan_create(party=self.party_a, actor=self.alice, notice_days=30)
        services.exit_plan_endorse(exit_plan=exit_plan, party=self.party_a, actor=self.alice)
        self.assertEqual(self.figures(self.party_a)["exit_plan_agreed"].value, 0)
        services.exit_plan_endorse(exit_plan=exit_plan, party=self.party_b, actor=self.bea)
        self.assertEqual(self.figures(self.party_b)["exit_plan_agreed"].value, 1)
