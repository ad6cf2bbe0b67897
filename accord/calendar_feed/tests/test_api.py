"""The calendar feed's API: state, create (the address once), rotate, revoke."""

from django.test import override_settings

from accord.accounts.services import api_token_create
from accord.calendar_feed.models import CalendarFeed
from accord.calendar_feed.tests.base import FeedTestCase

FEED = "/me/calendar-feed"


@override_settings(BASE_URL="https://accord.example.com")
class FeedApiTests(FeedTestCase):
    def test_without_a_feed_the_state_says_so(self):
        answer = self.api("get", FEED, self.alice)
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(
            answer.json(),
            {"active": False, "prefix": None, "created_at": None, "last_used_at": None},
        )

    def test_create_answers_the_address_once_and_the_state_never(self):
        made = self.api("post", FEED, self.alice)
        self.assertEqual(made.status_code, 201)
        url = made.json()["url"]
        self.assertTrue(url.startswith("https://accord.example.com/calendar/cal_"))
        self.assertTrue(url.endswith(".ics"))
        self.assertEqual(made.json()["webcal_url"], url.replace("https://", "webcal://"))
        token = url.removeprefix("https://accord.example.com/calendar/").removesuffix(".ics")
        self.assertEqual(self.fetch(token).status_code, 200)
        state = self.api("get", FEED, self.alice)
        self.assertEqual(state.json()["active"], True)
        self.assertEqual(state.json()["prefix"], token[:8])
        self.assertNotIn(token, state.content.decode())
        self.assertNotIn("url", state.json())

    def test_a_second_create_is_refused_and_changes_nothing(self):
        first = self.api("post", FEED, self.alice).json()["url"]
        again = self.api("post", FEED, self.alice)
        self.assertEqual(again.status_code, 400)
        self.assertEqual(again.json()["errors"][0]["field"], "feed")
        token = first.rsplit("/", 1)[1].removesuffix(".ics")
        self.assertEqual(self.fetch(token).status_code, 200)

    def test_rotate_gives_a_new_address_and_the_old_one_dies(self):
        old = self.api("post", FEED, self.alice).json()["url"].rsplit("/", 1)[1][:-4]
        rotated = self.api("post", f"{FEED}/rotation", self.alice)
        self.assertEqual(rotated.status_code, 201)
        new = rotated.json()["url"].rsplit("/", 1)[1][:-4]
        self.assertNotEqual(new, old)
        self.assertEqual(self.fetch(old).status_code, 404)
        self.assertEqual(self.fetch(new).status_code, 200)

    def test_revoke_turns_the_feed_off(self):
        token = self.api("post", FEED, self.alice).json()["url"].rsplit("/", 1)[1][:-4]
        self.assertEqual(self.api("delete", FEED, self.alice).status_code, 204)
        self.assertEqual(self.fetch(token).status_code, 404)
        self.assertFalse(CalendarFeed.objects.filter(user=self.alice).exists())

    def test_rotate_or_revoke_without_a_feed_is_404(self):
        for method, path in (("post", f"{FEED}/rotation"), ("delete", FEED)):
            with self.subTest(method=method):
                answer = self.api(method, path, self.alice)
                self.assertEqual(answer.status_code, 404)
                self.assertEqual(answer.json()["code"], "not_found")

    def test_each_user_acts_on_their_own_feed_only(self):
        self.api("post", FEED, self.alice)
        self.assertEqual(self.api("get", FEED, self.bob).json()["active"], False)
        self.assertEqual(self.api("delete", FEED, self.bob).status_code, 404)
        self.assertTrue(CalendarFeed.objects.filter(user=self.alice).exists())

    def test_a_read_only_token_reads_the_state_but_makes_no_address(self):
        _, token = api_token_create(user=self.alice, name="ro", scope="read")
        headers = {"Authorization": f"Bearer {token}"}
        self.assertEqual(self.api("get", FEED, headers=headers).status_code, 200)
        refused = self.api("post", FEED, headers=headers)
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(refused.json()["code"], "insufficient_scope")
        self.assertFalse(CalendarFeed.objects.exists())

    def test_without_a_token_401(self):
        self.assertEqual(self.api("get", FEED).status_code, 401)
        self.assertEqual(self.api("post", FEED).status_code, 401)
