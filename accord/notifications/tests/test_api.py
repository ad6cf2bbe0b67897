"""The notifications API: one's own list in cursor pages, marking read, the unread count and
the email preference; another's notification is a 404."""

from accord.accounts.services import api_token_create
from accord.notifications.models import EmailPreference, Notification
from accord.notifications.tests.base import NotificationTestCase, notify


class NotificationApiTests(NotificationTestCase):
    def test_the_list_is_newest_first_in_cursor_pages(self):
        for i in range(5):
            notify(self.alice, f"News {i}", self.partnership, minutes_ago=10 - i)
        notify(self.bob, "Bob's", self.partnership)
        first = self.api("get", "/notifications?limit=2", self.alice).json()
        self.assertEqual([n["title"] for n in first["items"]], ["News 4", "News 3"])
        self.assertTrue(first["has_more"])
        self.assertEqual(
            set(first["items"][0]),
            {"id", "kind", "partnership_id", "title", "url", "created_at", "read_at"},
        )
        every = self.api_list("/notifications", self.alice, limit=2)
        self.assertEqual([n["title"] for n in every], [f"News {i}" for i in range(4, -1, -1)])

    def test_unread_filter_and_bad_parameters(self):
        read = notify(self.alice, "Read", self.partnership, read=True)
        notify(self.alice, "Unread", self.partnership)
        unread = self.api("get", "/notifications?unread=true", self.alice).json()["items"]
        self.assertEqual([n["title"] for n in unread], ["Unread"])
        done = self.api("get", "/notifications?unread=false", self.alice).json()["items"]
        self.assertEqual([n["id"] for n in done], [read.pk])
        for query in ("unread=maybe", "limit=0", "cursor=nope", "colour=red"):
            with self.subTest(query=query):
                response = self.api("get", f"/notifications?{query}", self.alice)
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn("errors", response.json())

    def test_mark_read_one_and_all(self):
        one = notify(self.alice, "One", self.partnership)
        notify(self.alice, "Two", self.partnership)
        self.assertEqual(
            self.api("get", "/notifications/unread-count", self.alice).json(), {"unread": 2}
        )
        answer = self.api("post", f"/notifications/{one.pk}/read", self.alice)
        self.assertEqual(answer.status_code, 200)
        self.assertIsNotNone(answer.json()["read_at"])
        self.assertEqual(
            self.api("get", "/notifications/unread-count", self.alice).json(), {"unread": 1}
        )
        self.assertEqual(
            self.api("post", "/notifications/read", self.alice).json(), {"marked": 1, "unread": 0}
        )
        self.assertEqual(
            self.api("post", "/notifications/read", self.alice).json(), {"marked": 0, "unread": 0}
        )

    def test_another_persons_notification_is_not_found(self):
        bobs = notify(self.bob, "Bob's", self.partnership)
        for path in (f"/notifications/{bobs.pk}/read", "/notifications/999999/read"):
            with self.subTest(path=path):
                response = self.api("post", path, self.alice)
                self.assertEqual(response.status_code, 404)
        bobs.refresh_from_db()
        self.assertIsNone(bobs.read_at)
        self.api("post", "/notifications/read", self.alice)
        bobs.refresh_from_db()
        self.assertIsNone(bobs.read_at)

    def test_a_read_only_token_reads_but_does_not_mark(self):
        row = notify(self.alice, "One", self.partnership)
        _, token = api_token_create(user=self.alice, name="ro", scope="read")
        headers = {"Authorization": f"Bearer {token}"}
        self.assertEqual(self.client.get("/api/v1/notifications", headers=headers).status_code, 200)
        response = self.client.post(f"/api/v1/notifications/{row.pk}/read", headers=headers)
        self.assertEqual(response.status_code, 403)
        self.assertIsNone(Notification.objects.get(pk=row.pk).read_at)

    def test_email_preference(self):
        self.assertEqual(
            self.api("get", "/notifications/preferences", self.alice).json(), {"email": "daily"}
        )
        answer = self.api("patch", "/notifications/preferences", self.alice, {"email": "off"})
        self.assertEqual(answer.json(), {"email": "off"})
        self.assertEqual(EmailPreference.objects.get(user=self.alice).email, "off")
        for body in ({"email": "hourly"}, {}, {"email": None}):
            with self.subTest(body=body):
                refused = self.api("patch", "/notifications/preferences", self.alice, body)
                self.assertEqual(refused.status_code, 422)
                self.assertEqual(refused.json()["errors"][0]["field"], "email")
        self.assertEqual(EmailPreference.objects.get(user=self.alice).email, "off")
        self.assertEqual(self.api("get", "/notifications/preferences").status_code, 401)
