"""A shared meeting or update never follows a private cadence: the partner would read the
cadence's title on the update and the meeting (and its id through the API)."""

from django.core.exceptions import ValidationError

from accord.communication import services
from accord.communication.models import CadenceKind
from accord.communication.tests.helpers import at, cadence, meeting
from tests.base import AccordTestCase


class PrivateCadenceTests(AccordTestCase):
    def test_a_shared_update_cannot_follow_a_private_cadence(self):
        secret = cadence(
            self, "FREQ=MONTHLY", kind=CadenceKind.UPDATE, title="Board prep", visibility="private"
        )
        with self.assertRaises(ValidationError):
            services.update_create(
                party=self.party_a, actor=self.alice, title="March", progress="Ok", cadence=secret
            )

    def test_a_shared_meeting_cannot_follow_a_private_cadence(self):
        secret = cadence(self, title="Board prep", visibility="private")
        with self.assertRaises(ValidationError):
            meeting(self, starts_at=at(2026, 1, 6), cadence=secret)
        private = meeting(self, starts_at=at(2026, 1, 6), cadence=secret, visibility="private")
        self.assertEqual(private.cadence_id, secret.pk)

    def test_a_cadence_shared_records_follow_stays_shared(self):
        weekly = cadence(self, title="Board prep")
        meeting(self, starts_at=at(2026, 1, 6), cadence=weekly)
        with self.assertRaises(ValidationError):
            services.cadence_update(
                record=weekly,
                actor=self.alice,
                expected_version=weekly.version,
                changes={"visibility": "private"},
            )
        weekly.refresh_from_db()
        self.assertFalse(weekly.is_private)

    def test_a_cadence_the_partner_s_private_meetings_follow_stays_shared(self):
        weekly = cadence(self, title="Board prep")
        meeting(
            self,
            party=self.party_b,
            actor=self.bob,
            starts_at=at(2026, 1, 6),
            cadence=weekly,
            visibility="private",
        )
        with self.assertRaises(ValidationError):
            services.cadence_update(
                record=weekly,
                actor=self.alice,
                expected_version=weekly.version,
                changes={"visibility": "private"},
            )

    def test_a_cadence_only_its_own_private_meetings_follow_may_become_private(self):
        weekly = cadence(self, title="Board prep")
        meeting(self, starts_at=at(2026, 1, 6), cadence=weekly, visibility="private")
        changed = services.cadence_update(
            record=weekly,
            actor=self.alice,
            expected_version=weekly.version,
            changes={"visibility": "private"},
        )
        self.assertTrue(changed.is_private)
