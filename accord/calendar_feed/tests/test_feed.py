"""The feed, read back with `icalendar` as a calendar client reads it: one event per entry,
with stable UIDs, all-day dates, links and times of change; the window; conditional GET."""

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.test import override_settings
from icalendar import Calendar

from accord.calendar_feed.selectors import DAYS_AHEAD, DAYS_BACK
from accord.calendar_feed.tests.base import FeedTestCase, days
from accord.core.calendar import CalendarEntry
from accord.core.practices import practices
from accord.core.proposals import proposal_approve, proposal_create
from accord.trust import services as trust


def stray_entries(viewpoints, start, end) -> list[CalendarEntry]:
    """A provider that returns more than it was asked for, and a meeting at a time."""
    mine = viewpoints[0].partnership.pk
    berlin = ZoneInfo("Europe/Berlin")
    return [
        CalendarEntry(uid="stray-other", partnership_id=mine + 1000, title="Other", start=start),
        CalendarEntry(uid="stray-early", partnership_id=mine, title="Early", start=start - DAY),
        CalendarEntry(
            uid="stray-meeting",
            partnership_id=mine,
            title="Steering meeting",
            start=datetime.combine(start + DAY, time(9, 30), berlin),
            end=datetime.combine(start + DAY, time(11), berlin),
        ),
    ]


DAY = timedelta(days=1)


@override_settings(BASE_URL="https://accord.example.com")
class FeedOutputTests(FeedTestCase):
    def setUp(self) -> None:
        self.promise = self.commitment("Ship the inverters", 10, description="Forty units.")
        self.choice = self.decision("Pick the site", 20)
        self.step = self.milestone("First panels live", 30)
        self.next_review = self.review(-5, 60)

    def events(self, user=None) -> dict:
        calendar = self.calendar_of(user or self.alice)
        return {str(event["UID"]): event for event in calendar.walk("VEVENT")}

    def test_it_is_an_rfc_5545_calendar_sent_as_text_calendar(self):
        response = self.fetch(self.feed_token(self.alice))
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        calendar = Calendar.from_ical(response.content)
        self.assertEqual(calendar.name, "VCALENDAR")
        self.assertEqual(str(calendar["VERSION"]), "2.0")
        self.assertEqual(str(calendar["PRODID"]), "-//Accord//Partnership calendar feed//EN")
        self.assertEqual(str(calendar["X-WR-CALNAME"]), "Accord")
        self.assertTrue(response.content.startswith(b"BEGIN:VCALENDAR\r\n"))
        self.assertTrue(all(len(line) <= 75 for line in response.content.split(b"\r\n")))

    def test_one_event_per_entry_with_a_stable_uid_at_the_base_url_s_host(self):
        events = self.events()
        self.assertEqual(
            set(events),
            {
                f"trust-commitment-{self.promise.pk}@accord.example.com",
                f"roles-decision-{self.choice.pk}@accord.example.com",
                f"longterm-milestone-{self.step.pk}@accord.example.com",
                f"longterm-review-{self.next_review.pk}-next@accord.example.com",
            },
        )
        self.assertEqual(set(self.events()), set(events))  # the same UIDs when read again

    def test_a_dated_entry_is_an_all_day_event_that_leaves_you_free(self):
        event = self.events()[f"trust-commitment-{self.promise.pk}@accord.example.com"]
        self.assertEqual(event.decoded("DTSTART"), days(10))
        self.assertEqual(event["DTSTART"].params["VALUE"], "DATE")
        self.assertEqual(event.decoded("DTEND"), days(11))
        self.assertEqual(str(event["TRANSP"]), "TRANSPARENT")

    def test_the_summary_names_the_partnership_and_the_event_links_to_its_page(self):
        event = self.events()[f"trust-commitment-{self.promise.pk}@accord.example.com"]
        self.assertEqual(
            str(event["SUMMARY"]), "Solar rollout: Commitment due (Beta Solar): Ship the inverters"
        )
        link = (
            f"https://accord.example.com/partnerships/{self.partnership.pk}/trust/"
            f"#commitment-{self.promise.pk}"
        )
        self.assertEqual(str(event["URL"]), link)
        description = str(event["DESCRIPTION"])
        self.assertIn("Beta Solar promised it to Alpha Energy.", description)
        self.assertIn("Forty units.", description)
        self.assertTrue(description.endswith(link))

    def test_dtstamp_and_last_modified_are_the_record_s_last_change_in_utc(self):
        event = self.events()[f"roles-decision-{self.choice.pk}@accord.example.com"]
        self.choice.refresh_from_db()
        changed = self.choice.updated_at.astimezone(UTC).replace(microsecond=0)
        self.assertEqual(event.decoded("LAST-MODIFIED"), changed)
        self.assertEqual(event.decoded("DTSTAMP"), changed)
        self.assertTrue(event.to_ical().decode().count("Z\r\n") >= 2)

    def test_a_renegotiated_commitment_is_on_its_new_date(self):
        trust.commitment_renegotiate(
            commitment=self.promise,
            party=self.party_b,
            actor=self.bob,
            expected_version=None,
            due_date=days(15),
            reason="Late parts.",
        )
        event = self.events()[f"trust-commitment-{self.promise.pk}@accord.example.com"]
        self.assertEqual(event.decoded("DTSTART"), days(15))
        self.assertIn("moved: Late parts.", str(event["DESCRIPTION"]))

    def test_the_window_runs_from_90_days_back_to_400_ahead(self):
        inside = [self.commitment(f"In {n}", n) for n in (-DAYS_BACK, DAYS_AHEAD)]
        outside = [self.commitment(f"Out {n}", n) for n in (-DAYS_BACK - 1, DAYS_AHEAD + 1)]
        uids = set(self.events())
        for commitment in inside:
            self.assertIn(f"trust-commitment-{commitment.pk}@accord.example.com", uids)
        for commitment in outside:
            self.assertNotIn(f"trust-commitment-{commitment.pk}@accord.example.com", uids)

    def test_an_ended_partnership_leaves_the_feed(self):
        ending = proposal_create(party=self.party_a, actor=self.alice, kind="end").proposal
        proposal_approve(proposal=ending, party=self.party_b, actor=self.bea)
        self.assertEqual(self.events(), {})

    def test_an_unchanged_feed_answers_304_to_its_etag_and_a_change_gives_a_new_one(self):
        token = self.feed_token(self.alice)
        first = self.fetch(token)
        self.assertEqual(first["Cache-Control"], "private, no-cache")
        again = self.fetch(token, if_none_match=first["ETag"])
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")
        self.commitment("Another", 3)
        changed = self.fetch(token, if_none_match=first["ETag"])
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], first["ETag"])

    def test_a_user_who_sees_nothing_gets_an_empty_calendar(self):
        calendar = self.calendar_of(self.olga)
        self.assertEqual(calendar.walk("VEVENT"), [])
        self.assertEqual(str(calendar["VERSION"]), "2.0")

    @override_settings(API_RATE="2/min")
    def test_it_is_rate_limited_like_the_api(self):
        cache.clear()
        token = self.feed_token(self.alice)
        self.assertEqual(self.fetch(token).status_code, 200)
        self.assertEqual(self.fetch(token)["RateLimit-Remaining"], "0")
        refused = self.fetch(token)
        self.assertEqual(refused.status_code, 429)
        self.assertIn("Retry-After", refused)

    def test_reading_notes_when_the_feed_was_last_used(self):
        token = self.feed_token(self.alice)
        before = datetime.now(UTC)
        self.fetch(token)
        used = self.alice.calendar_feed.__class__.objects.get(user=self.alice).last_used_at
        self.assertGreaterEqual(used, before - timedelta(seconds=1))

    @override_settings(API_RATE="1/min")
    def test_no_log_ever_holds_the_secret(self):
        cache.clear()
        token = self.feed_token(self.alice)
        with self.assertLogs(level="INFO") as logged:
            self.fetch(token)
            self.fetch(token)  # over the limit: 429
            gone = self.feed_token(self.alice)
            self.fetch(token)  # rotated away: 404
        lines = "\n".join(logged.output)
        self.assertNotIn(token, lines)
        self.assertNotIn(gone, lines)
        for status in (200, 429, 404):
            self.assertIn(f"GET /calendar/{token[:8]}….ics {status}", lines)

    def test_only_what_the_viewpoints_asked_for_in_the_window_and_times_keep_their_zone(self):
        stray = replace(practices()[0], calendar=f"{__name__}.stray_entries")
        with mock.patch("accord.calendar_feed.selectors.practices", return_value=(stray,)):
            events = self.events()
        self.assertEqual(set(events), {"stray-meeting@accord.example.com"})
        meeting = events["stray-meeting@accord.example.com"]
        self.assertEqual(meeting["DTSTART"].params["TZID"], "Europe/Berlin")
        self.assertEqual(meeting.decoded("DTSTART").hour, 9)
        self.assertEqual(meeting.decoded("DTEND") - meeting.decoded("DTSTART"), 90 * DAY / 1440)
