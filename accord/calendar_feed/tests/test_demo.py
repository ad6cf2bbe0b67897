"""Every demo user can make a feed and read it back; those on a partnership's team see its
dates, and no one sees another organization's private ones."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from icalendar import Calendar

from accord.calendar_feed.tests.base import FeedTestCase, days
from accord.core.models import Partnership, Party, TeamMember, TeamRole
from accord.demo import build_demo
from accord.trust.models import Commitment
from accord.trust.services import commitment_create


class DemoFeedTests(TestCase):
    owner: Party
    secret: Commitment

    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()
        # A private promise of one party of a demo partnership, to follow through every feed.
        lead = TeamMember.objects.filter(
            party__partnership=Partnership.objects.get(name="Community solar rollout"),
            role=TeamRole.LEAD,
        ).first()
        assert lead is not None
        cls.owner = lead.party
        cls.secret = commitment_create(
            party=lead.party,
            actor=lead.user,
            title="Our own deadline",
            due_date=days(9),
            visibility="private",
        )

    def test_each_demo_user_can_make_a_feed_and_read_it(self):
        events = {}
        for user in get_user_model().objects.filter(is_active=True):
            with self.subTest(user=user.email):
                response = FeedTestCase.fetch(FeedTestCase.feed_token(user))
                self.assertEqual(response.status_code, 200)
                calendar = Calendar.from_ical(response.content)
                events[user] = {str(e["UID"]).split("@")[0] for e in calendar.walk("VEVENT")}
        self.assertGreater(max(len(found) for found in events.values()), 5)
        uid = f"trust-commitment-{self.secret.pk}"
        readers = {user for user, found in events.items() if uid in found}
        self.assertTrue(readers)
        owners = {
            user
            for user in events
            if user.memberships.filter(organization=self.owner.organization_id).exists()
        }
        self.assertLessEqual(readers, owners)
        self.assertLess(len(readers), len(events))
