"""The calendar feed's page: make the address (shown once), make a new one, turn it off."""

from django.test import override_settings
from django.urls import reverse

from accord.calendar_feed.models import CalendarFeed
from accord.calendar_feed.tests.base import FeedTestCase


@override_settings(BASE_URL="https://accord.example.com")
class FeedPageTests(FeedTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.bob)

    def post(self, name: str):
        return self.client.post(reverse(name), follow=True)

    def shown_token(self, response) -> str:
        html = response.content.decode()
        start = html.index("https://accord.example.com/calendar/") + len(
            "https://accord.example.com/calendar/"
        )
        return html[start : html.index(".ics", start)]

    def test_the_page_offers_a_feed_and_says_how_to_add_it(self):
        page = self.client.get(reverse("accord-calendar-feed"))
        self.assertContains(page, "You have no calendar feed.")
        self.assertContains(page, "Create my calendar feed")
        for client in ("Google Calendar", "Outlook", "Apple Calendar", "Thunderbird"):
            self.assertContains(page, client)
        self.assertIn("no-store", page["Cache-Control"])

    def test_making_the_feed_shows_its_address_once(self):
        made = self.post("accord-calendar-feed-create")
        token = self.shown_token(made)
        self.assertContains(made, f"webcal://accord.example.com/calendar/{token}.ics")
        self.assertIn("no-store", made["Cache-Control"])
        self.assertEqual(self.fetch(token).status_code, 200)
        later = self.client.get(reverse("accord-calendar-feed"))
        self.assertNotContains(later, token)
        self.assertContains(later, f"<code>{token[:8]}…</code>")

    def test_making_it_twice_keeps_the_first(self):
        token = self.shown_token(self.post("accord-calendar-feed-create"))
        again = self.post("accord-calendar-feed-create")
        self.assertContains(again, "You already have a calendar feed")
        self.assertEqual(self.fetch(token).status_code, 200)

    def test_a_new_address_replaces_the_old(self):
        old = self.shown_token(self.post("accord-calendar-feed-create"))
        new = self.shown_token(self.post("accord-calendar-feed-rotate"))
        self.assertNotEqual(old, new)
        self.assertEqual(self.fetch(old).status_code, 404)
        self.assertEqual(self.fetch(new).status_code, 200)

    def test_turning_it_off(self):
        token = self.shown_token(self.post("accord-calendar-feed-create"))
        off = self.post("accord-calendar-feed-revoke")
        self.assertContains(off, "Your calendar feed no longer works anywhere.")
        self.assertEqual(self.fetch(token).status_code, 404)
        self.assertFalse(CalendarFeed.objects.exists())

    def test_rotating_or_revoking_without_a_feed_says_so(self):
        for name in ("accord-calendar-feed-rotate", "accord-calendar-feed-revoke"):
            with self.subTest(name=name):
                self.assertContains(self.post(name), "You have no calendar feed.")

    def test_the_actions_take_only_post(self):
        for name in (
            "accord-calendar-feed-create",
            "accord-calendar-feed-rotate",
            "accord-calendar-feed-revoke",
        ):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(reverse(name)).status_code, 405)

    def test_the_account_page_leads_here(self):
        self.assertContains(
            self.client.get(reverse("accord-account")), reverse("accord-calendar-feed")
        )

    def test_signed_out_the_page_asks_to_sign_in(self):
        self.client.logout()
        self.assertEqual(self.client.get(reverse("accord-calendar-feed")).status_code, 302)
        self.assertEqual(self.client.post(reverse("accord-calendar-feed-create")).status_code, 302)
        self.assertFalse(CalendarFeed.objects.exists())
