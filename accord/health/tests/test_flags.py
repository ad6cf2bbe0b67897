"""Flags from perception values made by hand: gaps between parties, and perception against the
evidence; a party below the survey's threshold is never flagged nor named."""

from django.test import SimpleTestCase

from accord.core.evidence import Figure, Reading
from accord.health.flags import (
    PERCEPTION_GAP,
    PERCEPTION_VS_EVIDENCE,
    perception_gaps,
    perception_vs_evidence,
)
from accord.health.scoring import EvidenceScore, score_of
from accord.surveys.perception import PartyPerception, Perception

NAMES = {2: "trust", 3: "roles"}


def party(pk: int, average: float | None) -> PartyPerception:
    name = {1: "Alpha Energy", 2: "Beta Solar", 3: "Gamma Bank"}[pk]
    return PartyPerception(pk, name, average, None if average is None else 4)


def perceived(**practices: tuple[PartyPerception, ...]) -> Perception:
    numbers = {"trust": 2, "roles": 3}
    return Perception(1, "Q3", None, 3, {numbers[k]: v for k, v in practices.items()})


def evidence(kept: int, whole: int) -> dict[int, EvidenceScore]:
    reading = Reading.against(whole - kept, whole, 1, "commitments broken")
    trust = score_of([Figure("commitments_broken", "Broken", 0, None, (), reading=reading)])
    return {2: trust, 3: score_of([])}


class PerceptionGapTests(SimpleTestCase):
    def test_a_gap_of_a_full_point_is_flagged_with_both_averages(self):
        flags = perception_gaps(perceived(trust=(party(1, 4.2), party(2, 3.2))), NAMES)
        self.assertEqual(len(flags), 1)
        self.assertEqual((flags[0].kind, flags[0].practice), (PERCEPTION_GAP, 2))
        self.assertEqual(
            flags[0].text,
            "The parties see trust differently: Alpha Energy 4.2/5, Beta Solar 3.2/5, "
            "a gap of 1.0 points.",
        )

    def test_a_smaller_gap_is_not(self):
        self.assertEqual(
            perception_gaps(perceived(trust=(party(1, 4.2), party(2, 3.3))), NAMES), ()
        )

    def test_a_party_below_the_threshold_is_never_flagged(self):
        flags = perception_gaps(perceived(trust=(party(1, 4.8), party(2, None))), NAMES)
        self.assertEqual(flags, ())

    def test_with_three_parties_the_extremes_count(self):
        three = perceived(roles=(party(1, 3.0), party(2, None), party(3, 4.5)))
        (flag,) = perception_gaps(three, NAMES)
        self.assertEqual(flag.practice, 3)
        self.assertNotIn("Beta Solar", flag.text)

    def test_no_round_no_flag(self):
        self.assertEqual(perception_gaps(Perception(), NAMES), ())


class PerceptionVsEvidenceTests(SimpleTestCase):
    def test_both_sides_rating_high_while_promises_break(self):
        both = perceived(trust=(party(1, 4.5), party(2, 4.5)))
        (flag,) = perception_vs_evidence(both, evidence(4, 10), NAMES)
        self.assertEqual(flag.kind, PERCEPTION_VS_EVIDENCE)
        self.assertEqual(
            flag.text,
            "Alpha Energy and Beta Solar rate trust 4.5/5 and 4.5/5 while the evidence scores "
            "40/100: 6 of 10 commitments broken.",
        )

    def test_one_side_rating_low_while_the_evidence_is_good(self):
        (flag,) = perception_vs_evidence(
            perceived(trust=(party(1, 4.5), party(2, 2.0))), evidence(9, 10), NAMES
        )
        self.assertTrue(flag.text.startswith("Beta Solar rates trust 2.0/5"), flag.text)
        self.assertIn("evidence scores 90/100: 1 of 10 commitments broken", flag.text)

    def test_at_25_points_it_is_flagged_below_it_is_not(self):
        at_25 = perceived(trust=(party(1, 4.0),))  # 75 against 50
        self.assertEqual(len(perception_vs_evidence(at_25, evidence(5, 10), NAMES)), 1)
        at_24 = perceived(trust=(party(1, 3.0),))  # 50 against 74
        self.assertEqual(perception_vs_evidence(at_24, evidence(26, 35), NAMES), ())

    def test_unknown_evidence_or_a_party_below_the_threshold_is_never_flagged(self):
        unknown = perceived(roles=(party(1, 5.0), party(2, 1.0)))
        self.assertEqual(perception_vs_evidence(unknown, evidence(0, 10), NAMES), ())
        hidden = perceived(trust=(party(1, None), party(2, None)))
        self.assertEqual(perception_vs_evidence(hidden, evidence(0, 10), NAMES), ())
