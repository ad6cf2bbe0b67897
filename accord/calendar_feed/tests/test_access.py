"""Who reads what through a feed: the token is the only credential, and a feed shows exactly
what its owner sees now: never another organization's private records, nothing of a
partnership they do not see."""

from django.urls import reverse

from accord.accounts.services import user_deactivate
from accord.calendar_feed.services import (
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_rotate,
)
from accord.calendar_feed.tests.base import PRIVATE, FeedTestCase
from accord.core.models import TeamMember
from accord.core.services import team_member_remove


class FeedTokenTests(FeedTestCase):
    def test_an_unknown_token_answers_404(self):
        self.assertEqual(self.fetch("cal_" + "x" * 43).status_code, 404)

    def test_a_revoked_token_answers_404(self):
        token = self.feed_token(self.alice)
        calendar_feed_revoke(user=self.alice)
        self.assertEqual(self.fetch(token).status_code, 404)

    def test_a_rotated_away_token_answers_404_and_the_new_one_works(self):
        old = self.feed_token(self.alice)
        _, new = calendar_feed_rotate(user=self.alice)
        self.assertEqual(self.fetch(old).status_code, 404)
        self.assertEqual(self.fetch(new).status_code, 200)

    def test_a_deactivated_user_s_token_answers_404(self):
        token = self.feed_token(self.alice)
        user_deactivate(user=self.alice)
        self.assertEqual(self.fetch(token).status_code, 404)

    def test_only_the_hash_of_the_token_is_kept(self):
        feed, token = calendar_feed_create(user=self.bob)
        self.assertNotIn(token, str(feed.__dict__))
        self.assertEqual(feed.prefix, token[:8])
        self.assertTrue(token.startswith("cal_"))
        self.assertGreaterEqual(len(token), 40)

    def test_a_feed_shows_its_owner_s_dates_whoever_asks_with_a_session(self):
        self.commitment("Bob's promise", 5)
        token = self.feed_token(self.olga)
        self.client.force_login(self.alice)  # a session changes nothing: the token decides
        body = self.client.get(reverse("accord-calendar-feed-ics", args=[token])).content
        self.assertNotIn(b"Bob's promise", body)


class FeedLeakTests(FeedTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.commitment("Shared promise", 5)
        cls.commitment("Beta secret promise", 6, visibility=PRIVATE)
        cls.commitment("Alpha secret promise", 7, party=cls.party_a, visibility=PRIVATE)
        cls.decision("Beta secret decision", 8, visibility=PRIVATE)
        cls.milestone("Beta secret milestone", 9, visibility=PRIVATE)
        cls.milestone("Alpha milestone", 10, party=cls.party_a)

    def test_the_partner_s_private_records_never_reach_my_feed(self):
        for user in (self.alice, self.amy, self.vic):
            with self.subTest(user=user.email):
                summaries = "\n".join(self.summaries(user))
                self.assertIn("Shared promise", summaries)
                self.assertIn("Alpha secret promise", summaries)
                self.assertIn("Alpha milestone", summaries)
                self.assertNotIn("Beta secret", summaries)

    def test_my_own_private_records_are_in_my_feed(self):
        for user in (self.bob, self.bea):
            with self.subTest(user=user.email):
                summaries = "\n".join(self.summaries(user))
                for title in (
                    "Beta secret promise",
                    "Beta secret decision",
                    "Beta secret milestone",
                ):
                    self.assertIn(title, summaries)
                self.assertNotIn("Alpha secret promise", summaries)

    def test_a_private_record_says_so_in_its_owner_s_feed(self):
        event = next(
            e
            for e in self.calendar_of(self.bob).walk("VEVENT")
            if "Beta secret promise" in e["SUMMARY"]
        )
        self.assertIn("Private to Beta Solar.", str(event["DESCRIPTION"]))

    def test_a_member_off_the_team_and_an_outsider_see_nothing_of_the_partnership(self):
        for user in (self.ann, self.olga):
            with self.subTest(user=user.email):
                self.assertEqual(self.summaries(user), [])

    def test_a_viewer_sees_what_they_can_read(self):
        summaries = self.summaries(self.vic)
        self.assertEqual(
            len(summaries), 3
        )  # shared promise, Alpha's private one, Alpha's milestone

    def test_leaving_the_team_takes_the_partnership_out_of_the_feed(self):
        token = self.feed_token(self.vic)
        self.assertIn(b"Shared promise", self.fetch(token).content)
        seat = TeamMember.objects.get(user=self.vic, party=self.party_a)
        team_member_remove(seat=seat, actor=self.alice)
        self.assertNotIn(b"Solar rollout", self.fetch(token).content)
