"""Cadences: RFC 5545 rules through dateutil, their occurrences, and how meetings and updates
are matched to them (checked by hand on a calendar)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from accord.communication import services
from accord.communication.models import Cadence, CadenceKind
from accord.communication.selectors import cadence_record, cadences_of
from accord.communication.tests.helpers import BERLIN, at, cadence, meeting
from tests.base import AccordTestCase


def unsaved(rule: str, starts_at=None, time_zone: str = "UTC") -> Cadence:
    return Cadence(
        title="Sync", rule=rule, starts_at=starts_at or at(2026, 1, 6), time_zone=time_zone
    )


class OccurrenceTests(SimpleTestCase):
    def test_weekly(self):
        # Tuesday 6 January 2026, 10:00 Berlin: every Tuesday at 10:00 Berlin (09:00 UTC)
        weekly = unsaved("FREQ=WEEKLY", at(2026, 1, 6, zone=BERLIN), "Europe/Berlin")
        found = weekly.occurrences_between(at(2026, 1, 1), at(2026, 2, 1))
        self.assertEqual(found, [at(2026, 1, d, zone=BERLIN) for d in (6, 13, 20, 27)])
        self.assertEqual(found[0], at(2026, 1, 6, 9))

    def test_every_second_tuesday(self):
        rule = unsaved("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")
        found = rule.occurrences_between(at(2026, 1, 1), at(2026, 3, 1))
        self.assertEqual(found, [at(2026, 1, 6), at(2026, 1, 20), at(2026, 2, 3), at(2026, 2, 17)])

    def test_monthly_and_quarterly(self):
        monthly = unsaved("FREQ=MONTHLY", at(2026, 1, 15))
        self.assertEqual(
            monthly.occurrences_between(at(2026, 1, 1), at(2026, 4, 30)),
            [at(2026, m, 15) for m in (1, 2, 3, 4)],
        )
        quarterly = unsaved("FREQ=MONTHLY;INTERVAL=3", at(2026, 1, 15))
        self.assertEqual(
            quarterly.occurrences_between(at(2026, 1, 1), at(2026, 12, 31)),
            [at(2026, m, 15) for m in (1, 4, 7, 10)],
        )
        first_monday = unsaved("FREQ=MONTHLY;BYDAY=1MO", at(2026, 1, 5))
        self.assertEqual(
            first_monday.occurrences_between(at(2026, 1, 1), at(2026, 3, 31)),
            [at(2026, 1, 5), at(2026, 2, 2), at(2026, 3, 2)],
        )

    def test_wall_clock_time_kept_across_daylight_saving(self):
        # Berlin moves to summer time on 29 March 2026: 10:00 is 09:00 UTC, then 08:00 UTC
        weekly = unsaved("FREQ=WEEKLY", at(2026, 3, 24, zone=BERLIN), "Europe/Berlin")
        before, after = weekly.occurrences_between(at(2026, 3, 20), at(2026, 4, 1))
        self.assertEqual((before, after), (at(2026, 3, 24, 9), at(2026, 3, 31, 8)))

    def test_next_occurrences_and_the_end_of_a_rule(self):
        counted = unsaved("FREQ=WEEKLY;COUNT=3")
        self.assertEqual(
            counted.occurrences_after(at(2026, 1, 1), 5),
            [at(2026, 1, 6), at(2026, 1, 13), at(2026, 1, 20)],
        )
        self.assertEqual(counted.occurrences_after(at(2026, 1, 6), 1), [at(2026, 1, 13)])
        self.assertEqual(counted.occurrence_before(at(2026, 1, 13)), at(2026, 1, 6))
        self.assertIsNone(counted.occurrence_before(at(2026, 1, 6)))

    def test_rules_refused_with_a_clear_error(self):
        for rule in (
            "",
            "EVERY TUESDAY",
            "FREQ=FORTNIGHTLY",
            "FREQ=HOURLY",
            "FREQ=MINUTELY;INTERVAL=5",
            "FREQ=WEEKLY;BYDAY=XX",
            "DTSTART:20260101T000000\nRRULE:FREQ=WEEKLY",
            "FREQ=WEEKLY;INTERVAL=0",
            "FREQ=WEEKLY;UNTIL=20250101T000000",
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",  # never: dateutil would search for seconds
            "FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=31",
            "FREQ=DAILY;BYHOUR=9",
            "FREQ=YEARLY;BYWEEKNO=60",
        ):
            with self.subTest(rule=rule):
                errors = unsaved(rule).rule_errors()
                self.assertIn("rule", errors)
                self.assertTrue(errors["rule"].endswith(".") and len(errors["rule"]) > 20)
        for rule in (
            "FREQ=WEEKLY;UNTIL=20270101T000000",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",  # leap years only
            "FREQ=MONTHLY;BYMONTHDAY=-1",  # the last day of each month
            "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1",  # the last Tuesday
        ):
            with self.subTest(rule=rule):
                self.assertEqual(unsaved(rule).rule_errors(), {})

    def test_time_zone_checked(self):
        self.assertIn("time_zone", unsaved("FREQ=WEEKLY", time_zone="Mars/Olympus").rule_errors())
        self.assertEqual(unsaved("FREQ=WEEKLY", time_zone="America/New_York").rule_errors(), {})


class MatchingTests(SimpleTestCase):
    """Weekly on Tuesdays at 10:00 UTC from 6 January 2026, read on Thursday 29 January."""

    def setUp(self):
        self.weekly = unsaved("FREQ=WEEKLY")
        self.now = at(2026, 1, 29, 12)

    def test_nearest_occurrence_kept_missed_or_pending(self):
        moments = [
            (at(2026, 1, 7, 10), 1),  # a day late: still 6 January's
            (at(2026, 1, 12, 15), 2),  # the Monday before: 13 January's
            (at(2026, 1, 13, 10), 3),  # 13 January's too: counts once
        ]
        record = cadence_record(self.weekly, moments, self.now)
        states = [(o.at.day, o.state, o.matched) for o in record.occurrences]
        # 20 January: nothing, window closed on 23 January 22:00 -> missed;
        # 27 January: nothing yet, window open until 30 January 22:00 -> pending
        self.assertEqual(
            states,
            [(6, "kept", (1,)), (13, "kept", (2, 3)), (20, "missed", ()), (27, "pending", ())],
        )
        self.assertEqual((len(record.kept), len(record.missed), record.counted), (2, 1, 3))
        self.assertEqual(record.percent, 67)
        self.assertEqual(record.upcoming, [at(2026, 2, 3), at(2026, 2, 10), at(2026, 2, 17)])

    def test_halfway_is_the_earlier_occurrence(self):
        # Friday 9 January 22:00 is exactly halfway between 6 and 13 January
        record = cadence_record(self.weekly, [(at(2026, 1, 9, 22), 1)], self.now)
        self.assertEqual(record.occurrences[0].matched, (1,))
        self.assertEqual(record.occurrences[1].state, "missed")

    def test_a_record_near_an_occurrence_before_the_window_does_not_count(self):
        start = at(2024, 1, 2)  # weekly since 2024: the window is the last 365 days
        weekly = unsaved("FREQ=WEEKLY", start)
        first_in_window = weekly.occurrences_between(self.now - timedelta(days=365), self.now)[0]
        older = first_in_window - timedelta(days=7)
        record = cadence_record(weekly, [(older + timedelta(hours=1), 1)], self.now)
        self.assertEqual(record.occurrences[0].at, first_in_window)
        self.assertEqual(record.kept, [])
        self.assertEqual(len(record.occurrences), 52)

    def test_nothing_before_the_start(self):
        record = cadence_record(unsaved("FREQ=WEEKLY", at(2026, 2, 3)), [], self.now)
        self.assertEqual((record.occurrences, record.percent), ([], None))


class CadenceServiceTests(AccordTestCase):
    def test_rule_stored_normalized(self):
        made = cadence(self, rule="rrule:freq=weekly; interval=2; byday=tu")
        self.assertEqual(made.rule, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")
        self.assertEqual(made.owner_party, self.party_a)

    def test_bad_rule_refused_nothing_saved(self):
        with self.assertRaises(ValidationError) as refused:
            cadence(self, rule="every second tuesday")
        self.assertIn("rule", refused.exception.message_dict)
        self.assertFalse(Cadence.objects.exists())

    def test_kind_fixed_once_followed(self):
        weekly = cadence(self)
        meeting(self, cadence=weekly)
        with self.assertRaises(ValidationError):
            services.cadence_update(
                record=weekly, actor=self.alice, expected_version=1, changes={"kind": "update"}
            )
        with self.assertRaises(ValidationError):
            services.cadence_delete(record=weekly, actor=self.alice)

    def test_meeting_follows_only_a_meeting_cadence(self):
        updates = cadence(self, kind=CadenceKind.UPDATE)
        with self.assertRaises(ValidationError) as refused:
            meeting(self, cadence=updates)
        self.assertIn("cadence", refused.exception.message_dict)

    def test_private_meetings_count_only_for_their_party(self):
        weekly = cadence(self)
        meeting(self, starts_at=at(2026, 1, 6), cadence=weekly, visibility="private")
        now = at(2026, 1, 12)
        alpha, beta = self.viewpoint(self.party_a), self.viewpoint(self.party_b)
        self.assertEqual(len(cadences_of(alpha, now)[0].kept), 1)
        self.assertEqual(len(cadences_of(beta, now)[0].kept), 0)
        self.assertEqual(len(cadences_of(beta, now)[0].missed), 1)

    def viewpoint(self, party):
        from accord.core.viewpoint import Viewpoint

        return Viewpoint.of_party(party)
