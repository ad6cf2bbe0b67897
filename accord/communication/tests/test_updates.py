"""Updates: structured, always shared, acknowledged once by each other party (optionally with
a reply); acknowledged updates no longer change."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.communication import services
from accord.communication.models import Update
from accord.communication.selectors import listening_of, update_records
from accord.communication.tests.helpers import at
from accord.core.models import Party
from tests.base import AccordTestCase


def post(t, **fields) -> Update:
    return services.update_create(
        party=fields.pop("party", t.party_a),
        actor=fields.pop("actor", t.alice),
        title=fields.pop("title", "January update"),
        progress=fields.pop("progress", "Ten sites surveyed."),
        **fields,
    )


class UpdateTests(AccordTestCase):
    def test_acknowledged_by_the_other_party_with_a_reply(self):
        update = post(self, asks="Site access in Leeds.", now=at(2026, 1, 5, 9))
        services.update_acknowledge(
            update=update,
            party=self.party_b,
            actor=self.bob,
            reply="On it.",
            now=at(2026, 1, 6, 15),
        )
        ack = update.acknowledgements.get()
        self.assertEqual((ack.reply, ack.hours), ("On it.", 30.0))
        event = AuditEvent.objects.filter(action="acknowledge").get()
        self.assertEqual(event.changes["reply"], [None, "On it."])

    def test_not_by_its_author_and_once(self):
        update = post(self)
        with self.assertRaises(ValidationError):
            services.update_acknowledge(update=update, party=self.party_a, actor=self.alice)
        services.update_acknowledge(update=update, party=self.party_b, actor=self.bob)
        with self.assertRaises(ValidationError):
            services.update_acknowledge(update=update, party=self.party_b, actor=self.bea)

    def test_acknowledged_update_no_longer_changes(self):
        update = post(self)
        services.update_update(
            record=update, actor=self.alice, expected_version=1, changes={"title": "Jan"}
        )
        services.update_acknowledge(update=update, party=self.party_b, actor=self.bob)
        with self.assertRaises(ValidationError):
            services.update_update(
                record=update, actor=self.alice, expected_version=2, changes={"title": "X"}
            )
        with self.assertRaises(ValidationError):
            services.update_delete(record=update, actor=self.alice)

    def test_says_something_and_is_shared(self):
        with self.assertRaises(ValidationError) as refused:
            post(self, progress="  ")
        self.assertIn("progress", refused.exception.message_dict)
        with self.assertRaises(ValidationError) as refused:
            post(self, visibility="private")
        self.assertIn("visibility", refused.exception.message_dict)

    def test_time_to_acknowledge_per_party(self):
        # Alpha posts three; Beta acknowledges after 2 h and 10 h, the third waits: median 6 h.
        # Beta posts one; Alpha acknowledges after 1 day: 24 h.
        start = at(2026, 1, 5, 9)
        a1, a2, _a3 = (post(self, title=f"A{i}", now=start + timedelta(days=i)) for i in range(3))
        b1 = post(self, party=self.party_b, actor=self.bob, title="B1", now=start)
        for update, hours in ((a1, 2), (a2, 10)):
            services.update_acknowledge(
                update=update,
                party=self.party_b,
                actor=self.bob,
                now=update.posted_at + timedelta(hours=hours),
            )
        services.update_acknowledge(
            update=b1, party=self.party_a, actor=self.alice, now=start + timedelta(hours=24)
        )
        updates = list(update_records().all())
        alpha, beta = listening_of((self.party_a, self.party_b), updates)
        self.assertEqual((len(beta.addressed), len(beta.acknowledged)), (3, 2))
        self.assertEqual([u.title for u in beta.waiting], ["A2"])
        self.assertEqual(beta.median_hours, 6.0)
        self.assertEqual((len(alpha.addressed), alpha.median_hours), (1, 24.0))

    def test_not_addressed_to_a_party_that_joined_later(self):
        post(self)
        joined_later = Party(pk=999, partnership=self.partnership, joined_at=timezone.now())
        (later,) = listening_of((joined_later,), list(update_records().all()))
        self.assertEqual(later.addressed, [])
