"""The demo's people find notifications waiting for them: what the story asks of them, and
nothing of another organization's private records."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from accord.demo import build_demo
from accord.notifications.models import Notification


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()

    def test_the_demo_people_have_notifications_to_act_on(self):
        kinds = set(Notification.objects.values_list("kind", flat=True))
        for kind in (
            "trust.commitment_delivered",
            "roles.decision_proposed",
            "alignment.goal_to_endorse",
        ):
            with self.subTest(kind=kind):
                self.assertIn(kind, kinds)
        owner = get_user_model().objects.get(email="maya@northwind.example")
        self.assertGreater(owner.unread_notifications, 0)
        self.client.force_login(owner)
        page = self.client.get(reverse("accord-notifications"))
        self.assertContains(page, "notification-unread")

    def test_no_one_hears_of_another_organizations_private_record(self):
        for row in Notification.objects.exclude(private_to=None).select_related("user"):
            with self.subTest(notification=row.title):
                self.assertTrue(row.user.memberships.filter(organization=row.private_to).exists())

    def test_loading_it_again_notifies_no_one_twice(self):
        before = Notification.objects.count()
        build_demo()
        self.assertEqual(Notification.objects.count(), before)
