from datetime import date

from accord.health.models import Band, Snapshot
from accord.health.snapshots import snapshot_take
from tests.base import AccordTestCase


class SnapshotTakeTests(AccordTestCase):
    def test_it_keeps_one_snapshot_a_day_and_one_latest_per_party(self):
        first = snapshot_take(party=self.party_a, today=date(2026, 11, 1))
        snapshot_take(party=self.party_a, today=date(2026, 11, 2))
        again = snapshot_take(party=self.party_a, today=date(2026, 11, 2))
        snapshot_take(party=self.party_b, today=date(2026, 11, 2))

        mine = Snapshot.objects.filter(party=self.party_a)
        self.assertEqual(mine.count(), 2)
        self.assertEqual(list(mine.filter(latest=True)), [again])
        first.refresh_from_db()
        self.assertFalse(first.latest)
        self.assertEqual(Snapshot.objects.filter(latest=True).count(), 2)

    def test_it_keeps_the_change_since_four_weeks_before(self):
        from accord.health.snapshots import change_since

        self.assertIsNone(snapshot_take(party=self.party_a, today=date(2026, 10, 1)).change)
        Snapshot.objects.filter(party=self.party_a).update(overall=80)
        later = snapshot_take(party=self.party_a, today=date(2026, 10, 29))
        self.assertIsNone(later.change)  # unknown now: no change to tell
        self.assertEqual(change_since(self.party_a, date(2026, 10, 29), 65), -15)
        self.assertIsNone(change_since(self.party_a, date(2026, 10, 28), 65))  # 27 days only

    def test_an_older_day_taken_late_does_not_become_latest(self):
        newest = snapshot_take(party=self.party_a, today=date(2026, 11, 2))
        older = snapshot_take(party=self.party_a, today=date(2026, 11, 1))
        self.assertFalse(older.latest)
        newest.refresh_from_db()
        self.assertTrue(newest.latest)


class RadarTests(AccordTestCase):
    def test_the_radar_has_an_axis_per_practice_and_the_evidence_series(self):
        from accord.core.viewpoint import Viewpoint
        from accord.health.checkup import health_of
        from accord.health.presentation import health_radar

        svg = health_radar(health_of(Viewpoint.of_party(self.party_a), date(2026, 11, 2)))
        for label in ("Alignment", "Trust", "Roles", "Long-term", "Evidence", "Solar rollout"):
            self.assertIn(label, svg)


class EmptySnapshotTests(AccordTestCase):
    def test_an_empty_partnerships_snapshot_is_unknown(self):
        snapshot = snapshot_take(party=self.party_a, today=date(2026, 11, 2))
        self.assertEqual(
            (snapshot.overall, snapshot.band, snapshot.weakest), (None, Band.UNKNOWN, None)
        )
        self.assertEqual(
            {number: score["score"] for number, score in snapshot.scores.items()},
            {str(n): None for n in range(1, 7)},
        )
