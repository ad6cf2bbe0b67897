from io import StringIO
from itertools import pairwise

from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from accord.audit.models import AuditEvent
from accord.audit.services import chain_name, verify_chain
from accord.audit.tests.tampering import rewrite_event
from accord.core.records import record_update
from tests.base import AccordTestCase
from tests.memos.models import Memo


class AuditTrailTests(AccordTestCase):
    def chain(self):
        return chain_name(partnership=self.partnership)

    def test_every_change_is_recorded_with_actor_and_before_after(self):
        record_update(
            record=self.partnership,
            actor=self.alice,
            expected_version=1,
            changes={"name": "Solar rollout 2", "stage": "active"},
        )
        event = AuditEvent.objects.filter(partnership=self.partnership).latest("seq")
        self.assertEqual(event.actor, self.alice)
        self.assertEqual(event.action, "update")
        self.assertEqual(
            event.changes,
            {"name": ["Solar rollout", "Solar rollout 2"], "stage": ["exploring", "active"]},
        )

    def test_events_are_chained_by_hash(self):
        events = list(AuditEvent.objects.filter(chain=self.chain()).order_by("seq"))
        self.assertEqual([e.seq for e in events], list(range(1, len(events) + 1)))
        for before, after in pairwise(events):
            self.assertEqual(after.previous_digest, before.digest)
        self.assertTrue(verify_chain(self.chain()).intact)

    def test_database_refuses_updates_of_audit_events(self):
        event = AuditEvent.objects.filter(chain=self.chain()).first()
        with self.assertRaises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(actor_label="mallory")
        event.refresh_from_db()
        self.assertNotEqual(event.actor_label, "mallory")

    def test_database_refuses_deletes_of_audit_events(self):
        with self.assertRaises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(chain=self.chain()).delete()
        self.assertTrue(AuditEvent.objects.filter(chain=self.chain()).exists())

    def test_verify_finds_the_first_rewritten_event(self):
        events = list(AuditEvent.objects.filter(chain=self.chain()).order_by("seq"))
        rewrite_event(events[2], record_label="forged")
        report = verify_chain(self.chain())
        self.assertFalse(report.intact)
        self.assertEqual(report.broken.seq, 3)
        self.assertEqual(report.checked, 2)

    def test_verify_command_reports_intact_chains(self):
        out = StringIO()
        call_command("audit", "verify", "--partnership", str(self.partnership.pk), stdout=out)
        self.assertIn("All 2 chains intact", out.getvalue())

    def test_verify_command_fails_on_a_tampered_chain(self):
        event = AuditEvent.objects.filter(chain=self.chain()).order_by("seq")[1]
        rewrite_event(event, changes='{"role": ["x", "y"]}')
        out = StringIO()
        with self.assertRaisesMessage(CommandError, "1 of"):
            call_command("audit", "verify", stdout=out)
        self.assertIn(f"BROKEN  {self.chain()}: first bad event is #2", out.getvalue())

    def test_verify_command_rejects_an_unknown_partnership(self):
        with self.assertRaisesMessage(CommandError, "No partnership with id 999999"):
            call_command("audit", "verify", "--partnership", "999999")

    def test_private_record_events_are_marked_private_to_their_organization(self):
        memo = self.record(Memo, private=True, text="Our walk-away")
        event = AuditEvent.objects.get(record_type="memos.Memo", record_id=str(memo.pk))
        self.assertEqual(event.private_to, self.beta)


class WholesaleRemovalTests(AccordTestCase):
    def test_database_refuses_to_empty_the_audit_table(self):
        statement = {"postgresql": "TRUNCATE audit_auditevent CASCADE"}.get(
            connection.vendor, "DELETE FROM audit_auditevent"
        )
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute(statement)
        self.assertTrue(AuditEvent.objects.exists())
