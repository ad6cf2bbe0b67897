"""Operators see the feeds in the admin and may turn one off; they never make or change one."""

from accord.accounts.models import User
from accord.calendar_feed.models import CalendarFeed
from accord.calendar_feed.tests.base import FeedTestCase


class FeedAdminTests(FeedTestCase):
    def setUp(self) -> None:
        self.client.force_login(User.objects.create_superuser(email="root@ops.test", password="x"))
        self.token = self.feed_token(self.alice)
        self.feed = CalendarFeed.objects.get(user=self.alice)

    def test_the_list_shows_who_has_a_feed_never_its_hash(self):
        page = self.client.get("/admin/calendar_feed/calendarfeed/")
        self.assertContains(page, self.feed.prefix)
        self.assertNotContains(page, self.feed.token_hash)
        detail = self.client.get(f"/admin/calendar_feed/calendarfeed/{self.feed.pk}/change/")
        self.assertEqual(detail.status_code, 200)
        self.assertNotContains(detail, self.feed.token_hash)

    def test_an_operator_turns_a_feed_off_but_makes_none(self):
        self.assertEqual(self.client.get("/admin/calendar_feed/calendarfeed/add/").status_code, 403)
        url = f"/admin/calendar_feed/calendarfeed/{self.feed.pk}/delete/"
        self.client.post(url, {"post": "yes"})
        self.assertEqual(self.fetch(self.token).status_code, 404)
