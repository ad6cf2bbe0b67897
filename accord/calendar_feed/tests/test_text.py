"""Odd text survives the feed: what a calendar reads back is what was written, whatever it
holds (iCalendar escapes commas, semicolons, backslashes and newlines, and folds long lines
on character boundaries); control characters, which iCalendar text may not hold, are dropped."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase, override_settings
from icalendar import Calendar

from accord.calendar_feed.ical import calendar_bytes
from accord.calendar_feed.selectors import FeedEntry
from accord.calendar_feed.tests.base import FeedTestCase
from accord.core.calendar import CalendarEntry

ODD = 'Line one\nline two, with commas; semicolons: \\backslash\\ "quotes" <b>tags</b>'
NON_ASCII = "Ünïcödé ✓ 日本語 👩‍👩‍👧 \u202eRTL\u200b ﷽"
LONG = "Ab, c; d\\ é 😀\n" * 770  # 10,010 characters of everything that is escaped


def parsed(*entries: CalendarEntry, name: str = "Solar, rollout; 2026") -> list:
    feed = [FeedEntry(name, e) for e in entries]
    body = calendar_bytes(feed, name="Accord", today=date(2026, 6, 1))
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, line
    return Calendar.from_ical(body).walk("VEVENT")


def entry(**fields) -> CalendarEntry:
    return CalendarEntry(
        **{"uid": "x-1", "partnership_id": 1, "title": "T", "start": date(2026, 6, 3), **fields}
    )


class TextTests(SimpleTestCase):
    def test_newlines_commas_semicolons_and_backslashes_read_back_as_written(self):
        (event,) = parsed(entry(title=ODD, description=ODD))
        self.assertEqual(str(event["SUMMARY"]), f"Solar, rollout; 2026: {ODD}")
        self.assertEqual(str(event["DESCRIPTION"]), ODD)

    def test_non_ascii_reads_back_as_written(self):
        (event,) = parsed(entry(title=NON_ASCII, description=NON_ASCII), name=NON_ASCII)
        self.assertEqual(str(event["SUMMARY"]), f"{NON_ASCII}: {NON_ASCII}")
        self.assertEqual(str(event["DESCRIPTION"]), NON_ASCII)

    def test_ten_thousand_characters_fold_and_read_back_whole(self):
        (event,) = parsed(entry(title=LONG, description=LONG))
        self.assertEqual(str(event["SUMMARY"]), f"Solar, rollout; 2026: {LONG}")
        self.assertEqual(str(event["DESCRIPTION"]), LONG)

    def test_control_characters_are_dropped_and_carriage_returns_become_newlines(self):
        (event,) = parsed(entry(title="a\x00b\x07c\x1bd\r\ne\rf\tg"))
        self.assertEqual(str(event["SUMMARY"]), "Solar, rollout; 2026: abcd\ne\nf\tg")


@override_settings(TIME_ZONE="Europe/Paris")
class TimeTests(SimpleTestCase):
    def test_a_time_in_a_named_zone_keeps_it_with_its_vtimezone(self):
        berlin = ZoneInfo("Europe/Berlin")
        start = datetime(2026, 7, 1, 9, 30, tzinfo=berlin)
        (event,) = parsed(entry(start=start, end=datetime(2026, 7, 1, 11, tzinfo=berlin)))
        self.assertEqual(event["DTSTART"].params["TZID"], "Europe/Berlin")
        self.assertEqual(event.decoded("DTSTART"), start)
        self.assertEqual(event.decoded("DTEND") - event.decoded("DTSTART"), timedelta(minutes=90))
        self.assertNotIn("TRANSP", event)
        body = calendar_bytes(
            [FeedEntry("P", entry(start=start))], name="Accord", today=date(2026, 6, 1)
        )
        zones = Calendar.from_ical(body).walk("VTIMEZONE")
        self.assertEqual([str(z["TZID"]) for z in zones], ["Europe/Berlin"])

    def test_a_time_at_a_fixed_offset_is_written_in_utc_and_lasts_an_hour_by_default(self):
        start = datetime(2026, 7, 1, 11, 30, tzinfo=timezone(timedelta(hours=2)))
        (event,) = parsed(entry(start=start))
        self.assertEqual(event.decoded("DTSTART"), datetime(2026, 7, 1, 9, 30, tzinfo=UTC))
        self.assertIn("DTSTART:20260701T093000Z", event.to_ical().decode())
        self.assertEqual(event.decoded("DTEND"), datetime(2026, 7, 1, 10, 30, tzinfo=UTC))

    def test_a_time_without_a_zone_is_read_in_accord_s_time_zone(self):
        (event,) = parsed(entry(start=datetime(2026, 7, 1, 9, 30)))
        self.assertEqual(event["DTSTART"].params["TZID"], "Europe/Paris")
        self.assertEqual(event.decoded("DTSTART").utcoffset().total_seconds(), 7200)

    def test_an_all_day_entry_over_several_days_ends_the_day_after_its_last(self):
        (event,) = parsed(entry(start=date(2026, 6, 3), end=date(2026, 6, 5)))
        self.assertEqual(event.decoded("DTSTART"), date(2026, 6, 3))
        self.assertEqual(event.decoded("DTEND"), date(2026, 6, 6))

    def test_an_entry_without_a_change_is_stamped_at_midnight_utc_of_today(self):
        (event,) = parsed(entry())
        self.assertEqual(event.decoded("DTSTAMP"), datetime(2026, 6, 1, tzinfo=UTC))
        self.assertNotIn("LAST-MODIFIED", event)


class RecordTextTests(FeedTestCase):
    def test_odd_titles_and_long_descriptions_of_real_records_read_back(self):
        title = "Deliver, test; and\nsign — ü 😀"
        self.commitment(title, 5, description=LONG[:10000])
        (event,) = self.calendar_of(self.alice).walk("VEVENT")
        self.assertEqual(
            str(event["SUMMARY"]), f"Solar rollout: Commitment due (Beta Solar): {title}"
        )
        self.assertIn(LONG[:10000], str(event["DESCRIPTION"]))
