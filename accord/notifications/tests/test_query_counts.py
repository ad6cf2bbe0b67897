"""The notification list (page and API) and the unread count run a fixed number of queries
however many notifications there are; the header's count costs no query at all."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.notifications.tests.base import NotificationTestCase, notify
from tests.base import QueryCountTestCase


class NotificationQueryCountTests(QueryCountTestCase, NotificationTestCase):
    GROW = (1, 30)

    def grow(self, n: int) -> None:
        for i in range(n):
            notify(self.alice, f"News {i}", self.partnership, read=i % 3 == 0)
            notify(self.bob, f"Bob's {i}", self.partnership)

    def test_list_page(self):
        # session, user; the count of the paginator; the page's rows with their partnership
        self.assertConstant(reverse("accord-notifications"), self.alice, 4)

    def test_api_list(self):
        # the token with its user, its last use (savepoint, update, release); the page's rows
        self.assertConstant("/api/v1/notifications?limit=100", self.alice, 5, api=True)

    def test_unread_count(self):
        # the token with its user, its last use: the count is a column of the user's row
        self.assertConstant("/api/v1/notifications/unread-count", self.alice, 4, api=True)

    def test_the_header_reads_no_notification(self):
        self.grow(5)
        self.client.force_login(self.alice)
        with CaptureQueriesContext(connection) as queries:
            page = self.client.get(reverse("accord-account"))
        self.assertContains(page, 'aria-label="3 unread"')  # 5 made, the 1st and 4th read
        self.assertFalse([q for q in queries if "notifications_" in q["sql"]])
