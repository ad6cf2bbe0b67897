"""Meetings: attendees from each party, minutes approved by every party (a binding act; an
edit clears the approvals), action items that are trust commitments sourced from the meeting."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from accord.audit.models import AuditEvent
from accord.communication import services
from accord.communication.models import Minutes
from accord.communication.tests.helpers import meeting
from accord.core.errors import StaleEdit
from accord.trust import services as trust
from accord.trust.models import CommitmentStatus
from tests.base import AccordTestCase


class AttendeeTests(AccordTestCase):
    def test_attendees_from_each_party(self):
        made = meeting(self, attendees=[self.alice, self.bob])
        self.assertEqual(
            [(a.party_id, a.user_id) for a in made.attendee_list()],
            [(self.party_a.pk, self.alice.pk), (self.party_b.pk, self.bob.pk)],
        )
        event = AuditEvent.objects.filter(action="attendees").get()
        self.assertNotIn("@", str(event.changes))

    def test_only_team_members(self):
        for outsider in (self.ann, self.olga):
            with self.subTest(outsider=outsider.email), self.assertRaises(ValidationError):
                meeting(self, attendees=[self.alice, outsider])

    def test_private_meeting_only_its_party(self):
        with self.assertRaises(ValidationError):
            meeting(self, attendees=[self.bob], visibility="private")

    def test_replaced_by_an_update(self):
        made = meeting(self, attendees=[self.alice])
        services.meeting_update(
            record=made,
            actor=self.alice,
            expected_version=made.version,
            changes={"attendees": [self.vic.pk, self.bea.pk], "location": "Room 4"},
        )
        self.assertEqual({a.user_id for a in made.attendees.all()}, {self.vic.pk, self.bea.pk})

    def test_stale_update_refused(self):
        made = meeting(self)
        with self.assertRaises(StaleEdit):
            services.meeting_update(
                record=made, actor=self.alice, expected_version=7, changes={"title": "X"}
            )


class MinutesTests(AccordTestCase):
    def setUp(self):
        self.meeting = meeting(self)
        self.minutes = services.minutes_create(
            party=self.party_b, actor=self.bob, meeting=self.meeting, text="We agreed the pilot."
        )

    def test_approved_by_every_party(self):
        parties = [self.party_a, self.party_b]
        services.minutes_approve(minutes=self.minutes, party=self.party_a, actor=self.alice)
        self.assertFalse(self.minutes.is_agreed(parties))
        services.minutes_approve(minutes=self.minutes, party=self.party_b, actor=self.bea)
        self.assertTrue(Minutes.objects.get().is_agreed(parties))

    def test_approval_is_binding(self):
        for contributor, party in ((self.bob, self.party_b), (self.vic, self.party_a)):
            with self.subTest(contributor.email), self.assertRaises(PermissionDenied):
                services.minutes_approve(minutes=self.minutes, party=party, actor=contributor)

    def test_edit_clears_the_approvals(self):
        services.minutes_approve(minutes=self.minutes, party=self.party_a, actor=self.alice)
        edited = services.minutes_update(
            record=self.minutes, actor=self.bob, expected_version=1, changes={"text": "Amended."}
        )
        self.assertTrue(edited.endorsements_cleared)
        self.assertFalse(edited.endorsements.exists())
        self.assertTrue(AuditEvent.objects.filter(action="endorsements_cleared").exists())

    def test_once_per_meeting(self):
        with self.assertRaises(ValidationError):
            services.minutes_create(
                party=self.party_a, actor=self.alice, meeting=self.meeting, text="Ours."
            )

    def test_private_meeting_private_minutes(self):
        private = meeting(self, visibility="private", title="Alpha prep")
        minutes = services.minutes_create(
            party=self.party_a, actor=self.alice, meeting=private, text="Our line."
        )
        self.assertTrue(minutes.is_private)
        with self.assertRaises(ValidationError):
            services.minutes_create(party=self.party_b, actor=self.bob, meeting=private, text="?")

    def test_withdraw_and_delete(self):
        services.minutes_approve(minutes=self.minutes, party=self.party_a, actor=self.alice)
        with self.assertRaises(ValidationError):
            services.minutes_delete(record=self.minutes, actor=self.bob)
        services.minutes_withdraw(
            minutes=self.minutes, party=self.party_a, actor=self.alice, reason="Wrong date."
        )
        services.minutes_delete(record=self.minutes, actor=self.bob)
        self.assertFalse(Minutes.objects.exists())
        with self.assertRaises(ValidationError):
            services.minutes_create(
                party=self.party_b, actor=self.bob, meeting=self.meeting, text=" "
            )


class ActionItemTests(AccordTestCase):
    def test_a_commitment_sourced_from_the_meeting_tracked_by_trust(self):
        made = meeting(self, title="Steering 3")
        item = services.action_item_create(
            meeting=made,
            party=self.party_b,
            actor=self.bob,
            title="Send the site list",
            due_date=date(2026, 2, 1),
            receiver_party_id=self.party_a.pk,
        )
        self.assertEqual(
            (item.source_kind, item.source_id, item.source_label),
            ("communication.meeting", made.pk, "Steering 3"),
        )
        self.assertEqual(list(services.action_items_of(made)), [item])
        trust.commitment_deliver(
            commitment=item,
            party=self.party_b,
            actor=self.bob,
            expected_version=None,
            delivered_on=date(2026, 1, 30),
        )
        item.refresh_from_db()
        self.assertEqual(item.status, CommitmentStatus.DELIVERED)
        with self.assertRaises(ValidationError):
            services.meeting_delete(record=made, actor=self.alice)

    def test_private_meeting_makes_private_items_of_its_party_only(self):
        made = meeting(self, visibility="private")
        item = services.action_item_create(
            meeting=made,
            party=self.party_a,
            actor=self.alice,
            title="Prep",
            due_date=date(2026, 2, 1),
        )
        self.assertTrue(item.is_private)
        with self.assertRaises(PermissionDenied):
            services.action_item_create(
                meeting=made,
                party=self.party_b,
                actor=self.bob,
                title="X",
                due_date=date(2026, 2, 1),
            )

    def test_meeting_without_anything_deleted(self):
        made = meeting(self, attendees=[self.alice])
        services.meeting_delete(record=made, actor=self.alice)
        self.assertFalse(type(made).objects.exists())
