"""Notifications by email, sent by the jobs: at once for those who chose it, in one digest a
day for the others (the default), never for those who turned it off; each notification once;
never what the person may no longer see."""

from datetime import timedelta

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from accord.core.models import TeamMember
from accord.core.services import team_member_remove
from accord.notifications.emails import digests_email, notifications_email
from accord.notifications.models import EmailPreference, Notification
from accord.notifications.services import email_preference_set, notices_dispatch
from accord.notifications.tests.base import NotificationTestCase, notify


@override_settings(BASE_URL="https://accord.example")
class ImmediateEmailTests(NotificationTestCase):
    def test_sent_by_the_job_once_to_those_who_want_it_now(self):
        email_preference_set(user=self.alice, email="immediate")
        self.deliver(self.commit("Pilot plan", 5), 0)
        notices_dispatch()
        self.assertEqual(mail.outbox, [])  # never in the request, nor by the dispatch
        self.assertEqual(notifications_email(), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["alice@alpha.test"])
        self.assertEqual(message.subject, "Accord: 2 new notifications")
        self.assertIn("Beta Solar delivered “Pilot plan”: confirm or dispute it", message.body)
        self.assertIn(
            f"https://accord.example/partnerships/{self.partnership.pk}/trust/#commitment-",
            message.body,
        )
        html, kind = message.alternatives[0]
        self.assertEqual(kind, "text/html")
        self.assertIn('<a href="https://accord.example/partnerships/', html)
        self.assertEqual(notifications_email(), 0)
        self.assertEqual(len(mail.outbox), 1)

    def test_read_or_old_notifications_are_not_emailed_at_once(self):
        email_preference_set(user=self.alice, email="immediate")
        notify(self.alice, "Read already", self.partnership, read=True)
        notify(self.alice, "Two days old", self.partnership, minutes_ago=48 * 60)
        self.assertEqual(notifications_email(), 0)


@override_settings(BASE_URL="https://accord.example")
class DigestTests(NotificationTestCase):
    def test_one_digest_a_day_grouping_the_unread_since_the_last(self):
        notify(self.alice, "Endorse “Grow”", self.partnership, minutes_ago=30)
        notify(self.alice, "Confirm “Pilot plan”", self.partnership, minutes_ago=20)
        notify(self.alice, "Read already", self.partnership, minutes_ago=10, read=True)
        today = timezone.localdate()
        self.assertEqual(digests_email(today=today), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["alice@alpha.test"])
        self.assertEqual(message.subject, "Your Accord digest: 2 new notifications")
        body = message.body
        self.assertIn("Solar rollout\n- Endorse “Grow”", body)
        self.assertLess(body.index("Endorse “Grow”"), body.index("Confirm “Pilot plan”"))
        self.assertNotIn("Read already", body)
        self.assertIn("https://accord.example/notifications/settings/", body)
        self.assertIn("Endorse “Grow”", message.alternatives[0][0])
        # Again today: nothing, even with something new; tomorrow, only what is new.
        notify(self.alice, "Decide “Add Gamma”", self.partnership)
        self.assertEqual(digests_email(today=today), 0)
        self.assertEqual(digests_email(today=today + timedelta(days=1)), 1)
        self.assertIn("Decide “Add Gamma”", mail.outbox[1].body)
        self.assertNotIn("Endorse", mail.outbox[1].body)
        self.assertEqual(
            EmailPreference.objects.get(user=self.alice).last_digest_on, today + timedelta(days=1)
        )

    def test_off_and_immediate_get_no_digest(self):
        email_preference_set(user=self.alice, email="off")
        email_preference_set(user=self.bob, email="immediate")
        notify(self.alice, "For alice", self.partnership)
        notify(self.bob, "For bob", self.partnership)
        self.assertEqual(digests_email(), 0)
        self.assertEqual(notifications_email(), 1)  # bob, at once
        self.assertEqual([m.to for m in mail.outbox], [["bob@beta.test"]])

    def test_nothing_unread_sends_nothing(self):
        notify(self.alice, "Read", self.partnership, read=True)
        self.assertEqual(digests_email(), 0)
        self.assertEqual(mail.outbox, [])

    def test_what_the_person_may_no_longer_see_is_not_emailed(self):
        notify(self.vic, "Before vic left the team", self.partnership)
        team_member_remove(seat=TeamMember.objects.get(user=self.vic), actor=self.alice)
        self.assertEqual(digests_email(), 0)
        # A notification about a record private to Beta is never emailed to Alpha's people,
        # even if one was (wrongly) made.
        row = notify(self.alice, "Beta's private plan", self.partnership)
        Notification.objects.filter(pk=row.pk).update(private_to=self.beta)
        self.assertEqual(digests_email(), 0)
        self.assertEqual(mail.outbox, [])
