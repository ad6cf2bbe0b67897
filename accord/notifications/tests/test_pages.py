"""The notification pages: one's own list, newest first with the unread marked, marking read,
the count in the header, and the email preference."""

from django.urls import reverse

from accord.notifications.models import EmailPreference, Notification
from accord.notifications.tests.base import NotificationTestCase, notify


class ListPageTests(NotificationTestCase):
    def test_newest_first_unread_marked_with_the_link_to_act(self):
        notify(self.alice, "Older news", self.partnership, minutes_ago=10, read=True)
        notify(self.alice, "Fresh news", self.partnership)
        notify(self.bob, "Bob's news", self.partnership)
        self.client.force_login(self.alice)
        page = self.client.get(reverse("accord-notifications"))
        html = page.content.decode()
        self.assertLess(html.index("Fresh news"), html.index("Older news"))
        self.assertNotIn("Bob's news", html)
        self.assertContains(page, 'class="notification notification-unread"', count=1)
        self.assertContains(page, f'href="/partnerships/{self.partnership.pk}/trust/"')
        self.assertContains(page, "1 unread.")

    def test_the_header_counts_the_unread_on_every_page(self):
        notify(self.alice, "One", self.partnership)
        notify(self.alice, "Two", self.partnership)
        self.client.force_login(self.alice)
        page = self.client.get(reverse("accord-account"))
        self.assertContains(page, 'aria-label="2 unread">2</span>')
        self.client.force_login(self.bob)
        self.assertNotContains(self.client.get(reverse("accord-account")), "unread")

    def test_mark_one_read(self):
        row = notify(self.alice, "One", self.partnership)
        notify(self.alice, "Two", self.partnership)
        self.client.force_login(self.alice)
        response = self.client.post(reverse("accord-notification-read", args=[row.pk]))
        self.assertRedirects(response, reverse("accord-notifications"))
        row.refresh_from_db()
        self.assertIsNotNone(row.read_at)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.unread_notifications, 1)
        # Again: nothing changes.
        self.client.post(reverse("accord-notification-read", args=[row.pk]))
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.unread_notifications, 1)

    def test_another_persons_notification_is_not_found(self):
        row = notify(self.bob, "Bob's", self.partnership)
        self.client.force_login(self.alice)
        self.assertEqual(
            self.client.post(reverse("accord-notification-read", args=[row.pk])).status_code, 404
        )
        row.refresh_from_db()
        self.assertIsNone(row.read_at)
        self.assertEqual(
            self.client.get(reverse("accord-notification-read", args=[row.pk])).status_code, 405
        )

    def test_mark_all_read(self):
        notify(self.alice, "One", self.partnership)
        notify(self.alice, "Two", self.partnership)
        bobs = notify(self.bob, "Bob's", self.partnership)
        self.client.force_login(self.alice)
        response = self.client.post(reverse("accord-notifications-read-all"), follow=True)
        self.assertContains(response, "Marked 2 notifications read.")
        self.assertFalse(
            Notification.objects.filter(user=self.alice, read_at__isnull=True).exists()
        )
        bobs.refresh_from_db()
        self.assertIsNone(bobs.read_at)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.unread_notifications, 0)

    def test_signed_out_goes_to_sign_in(self):
        response = self.client.get(reverse("accord-notifications"))
        self.assertEqual(response.status_code, 302)


class SettingsPageTests(NotificationTestCase):
    def test_the_default_is_a_daily_digest_and_a_choice_is_kept(self):
        self.client.force_login(self.alice)
        page = self.client.get(reverse("accord-notification-settings"))
        self.assertRegex(page.content.decode(), r'value="daily"[^>]*checked')
        response = self.client.post(reverse("accord-notification-settings"), {"email": "immediate"})
        self.assertRedirects(response, reverse("accord-notification-settings"))
        self.assertEqual(EmailPreference.objects.get(user=self.alice).email, "immediate")

    def test_a_choice_that_does_not_exist_is_refused(self):
        self.client.force_login(self.alice)
        response = self.client.post(reverse("accord-notification-settings"), {"email": "hourly"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(EmailPreference.objects.exists())
