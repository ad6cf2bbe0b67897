"""Recommendations from scores made by hand: the records they name, their order by impact."""

from django.test import SimpleTestCase

from accord.core.evidence import Figure, Reading, RecordRef
from accord.health.flags import PERCEPTION_GAP, PERCEPTION_VS_EVIDENCE, Flag
from accord.health.recommendations import named, recommendations_of
from accord.health.scoring import EvidenceScore, score_of

RISKS = tuple(RecordRef("contingency.risk", i, f"Risk {i}") for i in range(1, 8))
NAMES = {1: "alignment", 5: "contingency"}


def figure(reading: Reading) -> Figure:
    return Figure("f", "f", 0, None, (), reading=reading)


def planned(good: int, whole: int, weight: float = 2, fix: str = "Agree a plan") -> Figure:
    missing = RISKS[: whole - good]
    return figure(Reading(good, whole, weight, f"{good} of {whole} planned", fix, missing))


class RecommendationTests(SimpleTestCase):
    def test_it_names_the_records_behind_the_action(self):
        (first,) = recommendations_of({5: score_of([planned(1, 3)])}, NAMES, ())
        self.assertEqual(first.text, "Agree a plan: Risk 1 and Risk 2.")
        self.assertEqual(first.records, RISKS[:2])
        self.assertEqual((first.practice, first.impact), (5, 67 * 67))

    def test_a_long_list_is_cut_after_five_names(self):
        self.assertEqual(named(RISKS), "Risk 1, Risk 2, Risk 3, Risk 4, Risk 5 and 2 more")
        self.assertEqual(named(RISKS[:1]), "Risk 1")

    def test_nothing_for_a_perfect_figure_an_unknown_practice_or_a_figure_without_a_fix(self):
        found = recommendations_of(
            {1: score_of([planned(3, 3)]), 5: score_of([planned(0, 2, fix="")]), 6: score_of([])},
            {**NAMES, 6: "long-term"},
            (),
        )
        self.assertEqual(found, ())

    def test_the_weakest_practice_leads(self):
        weak = score_of([planned(1, 4), planned(4, 4, 1)])  # 50
        mild = score_of([planned(3, 4, fix="Write a plan"), planned(4, 4)])  # 88
        found = recommendations_of({1: mild, 5: weak}, NAMES, ())
        self.assertEqual([r.practice for r in found], [5, 1])
        self.assertGreater(found[0].impact, found[1].impact)

    def test_within_a_practice_the_bigger_gain_leads(self):
        practice = score_of([planned(3, 4, 1, "Small"), planned(0, 4, 2, "Big")])
        found = recommendations_of({5: practice}, NAMES, ())
        self.assertEqual([r.text.split(":")[0] for r in found], ["Big", "Small"])

    def test_flags_become_conversations_starting_from_the_weakest_records(self):
        gap = Flag(PERCEPTION_GAP, 5, "The parties see contingency differently.", 40)
        found = recommendations_of({5: score_of([planned(2, 3)]), 1: score_of([])}, NAMES, [gap])
        talk = next(r for r in found if "differently" in r.text)
        self.assertIn("Talk contingency through with every party", talk.text)
        self.assertIn("Start from Risk 1.", talk.text)
        self.assertEqual(talk.records, RISKS[:1])
        self.assertEqual(talk.impact, round(40 * (100 - 67) / 4))

    def test_a_flag_on_an_unknown_practice_counts_it_as_50(self):
        flag = Flag(PERCEPTION_VS_EVIDENCE, 1, "Alpha rates alignment 1.0/5 while…", 50)
        (found,) = recommendations_of({1: EvidenceScore(None, 0.0, (), ())}, NAMES, [flag])
        self.assertEqual((found.records, found.impact), ((), 625))
