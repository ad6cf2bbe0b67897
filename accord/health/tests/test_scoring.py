"""The evidence score's formula on figures made by hand: weighted mean, words, confidence, the
overall score and its band, at the edges (no data, one record, all bad, all good, huge counts)."""

from django.test import SimpleTestCase

from accord.core.evidence import Figure, Reading
from accord.health.checkup import band_of
from accord.health.models import Band
from accord.health.scoring import EvidenceScore, overall_of, score_of


def figure(key: str, reading: Reading | None) -> Figure:
    return Figure(key, key, 0, None, (), reading=reading)


def kept(good: int, whole: int, weight: float = 1, **kw) -> Figure:
    return figure("kept", Reading.share(good, whole, weight, "promises kept", **kw))


def bad(count: int, whole: int, weight: float = 1) -> Figure:
    return figure("bad", Reading.against(count, whole, weight, "promises broken"))


class ScoreTests(SimpleTestCase):
    def test_no_figures_or_no_data_is_unknown_never_0_nor_100(self):
        for figures in ([], [kept(0, 0), bad(0, 0)], [figure("shown", None)]):
            with self.subTest(figures=figures):
                found = score_of(figures)
                self.assertIsNone(found.score)
                self.assertEqual(found.confidence, 0.0)
                self.assertEqual(found.reasons, ("No data yet: the score is unknown.",))

    def test_a_gap_only_beside_other_data_alone_leaves_the_score_unknown(self):
        alone = score_of([kept(0, 1, only_beside=True), kept(0, 0)])
        self.assertIsNone(alone.score)
        beside = score_of([kept(0, 1, only_beside=True), kept(3, 3)])
        self.assertEqual(beside.score, 50)

    def test_one_record(self):
        self.assertEqual(score_of([kept(1, 1)]).score, 100)
        self.assertEqual(score_of([kept(0, 1)]).score, 0)
        self.assertEqual(score_of([kept(1, 1)]).confidence, 0.1)

    def test_all_good_and_all_bad(self):
        self.assertEqual(score_of([kept(5, 5), bad(0, 5)]).score, 100)
        self.assertEqual(score_of([kept(0, 5), bad(5, 5)]).score, 0)

    def test_bad_things_lower_the_score(self):
        fewer, more = score_of([bad(1, 10)]), score_of([bad(4, 10)])
        self.assertEqual((fewer.score, more.score), (90, 60))

    def test_more_bad_things_than_the_whole_scores_0_not_below(self):
        found = score_of([bad(12, 10)])
        self.assertEqual(found.score, 0)
        self.assertIn("12 of 12 promises broken → 0", found.reasons)

    def test_huge_counts(self):
        found = score_of([kept(10**9 - 1, 10**9, 2), bad(10**9, 10**12)])
        self.assertEqual(found.score, 100)
        self.assertEqual(found.confidence, 1.0)

    def test_the_weighted_mean_in_words(self):
        found = score_of([kept(3, 4, 2), bad(1, 2, 1)])
        self.assertEqual(found.score, 67)  # (75 x 2 + 50 x 1) / 3
        self.assertEqual(
            found.reasons[:3],
            (
                "3 of 4 promises kept → 75",
                "1 of 2 promises broken → 50",
                "Score: the weighted mean of 75 (weight 2), 50 (weight 1) → 67.",
            ),
        )
        self.assertTrue(found.reasons[3].startswith("Confidence 0.40: 4 records"))

    def test_confidence_falls_with_few_records_and_with_figures_without_data(self):
        self.assertEqual(score_of([kept(3, 5)]).confidence, 0.5)
        self.assertEqual(score_of([kept(30, 50)]).confidence, 1.0)
        self.assertEqual(score_of([kept(30, 50, 3), kept(0, 0, 1)]).confidence, 0.75)

    def test_unscored_figures_are_kept_but_count_nowhere(self):
        shown = figure("median_hours", None)
        found = score_of([shown, kept(1, 2)])
        self.assertEqual(found.score, 50)
        self.assertIn(shown, found.figures)
        self.assertEqual(len(found.parts), 1)

    def test_each_part_says_what_fixing_it_would_gain(self):
        found = score_of([kept(0, 4, 3), kept(4, 4, 1)])
        self.assertEqual([part.gain for part in found.parts], [75.0, 0.0])


def scored(score: int | None, confidence: float) -> EvidenceScore:
    return EvidenceScore(score, confidence, (), ())


class OverallTests(SimpleTestCase):
    def test_unknown_without_a_known_practice(self):
        self.assertEqual(overall_of([scored(None, 0.0)] * 6)[0], None)
        self.assertEqual(band_of(None), Band.UNKNOWN)

    def test_the_mean_weighted_by_confidence(self):
        overall, reason = overall_of([scored(90, 1.0), scored(60, 0.2), scored(None, 0.0)])
        self.assertEqual(overall, 85)  # (90 + 12) / 1.2
        self.assertIn("2 practice scores", reason)

    def test_held_to_the_weakest_firm_practice_plus_the_margin(self):
        overall, reason = overall_of([scored(100, 1.0)] * 5 + [scored(30, 0.8)])
        self.assertEqual(overall, 55)
        self.assertIn("held to 55", reason)

    def test_a_weak_score_on_little_data_does_not_hold_it(self):
        overall, _ = overall_of([scored(100, 1.0)] * 5 + [scored(0, 0.1)])
        self.assertEqual(overall, 98)

    def test_bands(self):
        for overall, band in ((100, Band.GOOD), (75, Band.GOOD), (74, Band.FAIR), (50, Band.FAIR)):
            self.assertEqual(band_of(overall), band)
        self.assertEqual(band_of(49), Band.POOR)
        self.assertEqual(band_of(0), Band.POOR)
