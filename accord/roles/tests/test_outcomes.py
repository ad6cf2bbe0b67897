"""Each rule kind's outcome, worked out by hand on small written-out examples, and the RACI
rules on a few activities."""

from dataclasses import dataclass
from types import SimpleNamespace

from django.test import SimpleTestCase

from accord.roles.models import Outcome, RuleKind, raci_problems
from accord.roles.outcomes import outcome_of


@dataclass
class FakeVote:
    verdict: str
    party: object


def parties(*names: str) -> list:
    return [
        SimpleNamespace(pk=i, organization=SimpleNamespace(name=name))
        for i, name in enumerate(names, start=1)
    ]


def votes(ps: list, *verdicts: str | None) -> dict:
    """`verdicts` in the parties' order: "approve", "object" or None (no word yet)."""
    return {p.pk: FakeVote(v, p) for p, v in zip(ps, verdicts, strict=True) if v}


def rule(kind: str, lead: int | None = None) -> SimpleNamespace:
    return SimpleNamespace(kind=kind, lead_party_id=lead)


class EveryPartyTests(SimpleTestCase):
    """Alpha, Beta, Gamma: approved only when all three approve; one objection rejects."""

    def test_waits_until_every_party_approves(self):
        ps = parties("Alpha", "Beta", "Gamma")
        result = outcome_of(rule(RuleKind.EVERY_PARTY), ps, votes(ps, "approve", "approve", None))
        self.assertEqual(result.outcome, Outcome.WAITING)
        self.assertEqual(result.rationale, "2 of 3 parties approved so far.")

    def test_all_approve(self):
        ps = parties("Alpha", "Beta", "Gamma")
        result = outcome_of(rule(RuleKind.EVERY_PARTY), ps, votes(ps, *["approve"] * 3))
        self.assertEqual(result.outcome, Outcome.APPROVED)
        self.assertEqual(result.rationale, "Every party approved: Alpha, Beta, Gamma.")

    def test_one_objection_rejects_at_once(self):
        ps = parties("Alpha", "Beta", "Gamma")
        result = outcome_of(rule(RuleKind.EVERY_PARTY), ps, votes(ps, "approve", "object", None))
        self.assertEqual(result.outcome, Outcome.REJECTED)
        self.assertEqual(result.rationale, "Every party must approve; objected: Beta.")


class LeadPartyTests(SimpleTestCase):
    """Beta (id 2) leads: its word alone decides; Alpha's is heard, not counted."""

    def test_others_do_not_decide(self):
        ps = parties("Alpha", "Beta")
        result = outcome_of(rule(RuleKind.LEAD_PARTY, lead=2), ps, votes(ps, "object", None))
        self.assertEqual(result.outcome, Outcome.WAITING)

    def test_the_lead_approves_over_an_objection(self):
        ps = parties("Alpha", "Beta")
        result = outcome_of(rule(RuleKind.LEAD_PARTY, lead=2), ps, votes(ps, "object", "approve"))
        self.assertEqual(result.outcome, Outcome.APPROVED)
        self.assertEqual(result.rationale, "The lead party, Beta, approved.")

    def test_the_lead_rejects(self):
        ps = parties("Alpha", "Beta")
        result = outcome_of(rule(RuleKind.LEAD_PARTY, lead=2), ps, votes(ps, "approve", "object"))
        self.assertEqual(result.outcome, Outcome.REJECTED)


class MajorityTests(SimpleTestCase):
    """More than half approve: of 3 parties 2; of 2 parties both. Rejected once more than half
    can no longer approve: of 3, two objections; of 2, one."""

    def test_two_of_three_approve(self):
        ps = parties("Alpha", "Beta", "Gamma")
        result = outcome_of(rule(RuleKind.MAJORITY), ps, votes(ps, "approve", None, "approve"))
        self.assertEqual(result.outcome, Outcome.APPROVED)
        self.assertEqual(result.rationale, "A majority approved (2 of 3): Alpha, Gamma.")

    def test_one_objection_of_three_still_waits(self):
        ps = parties("Alpha", "Beta", "Gamma")
        result = outcome_of(rule(RuleKind.MAJORITY), ps, votes(ps, "approve", "object", None))
        self.assertEqual(result.outcome, Outcome.WAITING)

    def test_two_objections_of_three_reject(self):
        ps = parties("Alpha", "Beta", "Gamma")
        result = outcome_of(rule(RuleKind.MAJORITY), ps, votes(ps, "object", "object", None))
        self.assertEqual(result.outcome, Outcome.REJECTED)

    def test_of_two_one_approval_is_no_majority_and_one_objection_rejects(self):
        ps = parties("Alpha", "Beta")
        waiting = outcome_of(rule(RuleKind.MAJORITY), ps, votes(ps, "approve", None))
        self.assertEqual(waiting.outcome, Outcome.WAITING)
        rejected = outcome_of(rule(RuleKind.MAJORITY), ps, votes(ps, "approve", "object"))
        self.assertEqual(rejected.outcome, Outcome.REJECTED)


class RaciProblemTests(SimpleTestCase):
    def test_the_rules_by_hand(self):
        self.assertEqual(raci_problems(["R", "A", "C"]), [])
        self.assertEqual(raci_problems(["R", "R", "A", "I"]), [])
        self.assertEqual(raci_problems(["R", "C"]), ["No one is Accountable."])
        self.assertEqual(
            raci_problems(["A", "A"]),
            ["2 are Accountable: exactly one should be.", "No one is Responsible."],
        )
        self.assertEqual(raci_problems([]), ["No one is Accountable.", "No one is Responsible."])
