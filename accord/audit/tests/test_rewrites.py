"""Item 10: a trail no one can rewrite unseen, even with write access to the database."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from accord.audit.models import AuditEvent, ChainHead
from accord.audit.services import organization_chain, shared_chain, verify_chain, verify_trail
from accord.audit.tests.tampering import delete_events, delete_head, rewrite_event, set_head
from accord.core.services import partnership_create
from accord.lib.hashchain import legacy_digest
from tests.base import AccordTestCase


def insert_copy(event: AuditEvent, verb: str, *, with_id: bool, suffix: str = "", **override):
    """An INSERT statement that writes `event` again, with some values changed."""
    row: dict[str, object] = {
        str(f.column): f.get_db_prep_save(getattr(event, f.attname), connection)
        for f in AuditEvent._meta.concrete_fields
        if with_id or not f.primary_key
    }
    row.update(override)
    marks = ", ".join(["%s"] * len(row))
    table = AuditEvent._meta.db_table
    return f"{verb} {table} ({', '.join(row)}) VALUES ({marks}) {suffix}", list(row.values())


class RefusedReplacementTests(AccordTestCase):
    def chain(self) -> str:
        return shared_chain(self.partnership.pk)

    def assertReplacementRefused(
        self, with_id: bool, sqlite_verb: str, on_conflict: str
    ) -> AuditEvent:
        """The database refuses to write the chain's second event again with mallory as its
        actor: on SQLite with `sqlite_verb`, on PostgreSQL with an upsert `ON CONFLICT
        <on_conflict>`. Returns that event as it was read."""
        event = AuditEvent.objects.filter(chain=self.chain()).order_by("seq")[1]
        if connection.vendor == "sqlite":
            statement = insert_copy(event, sqlite_verb, with_id=with_id, actor_label="mallory")
        else:
            statement = insert_copy(
                event,
                "INSERT INTO",
                with_id=with_id,
                suffix=f"ON CONFLICT {on_conflict}",
                actor_label="mallory",
            )
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute(*statement)
        return event

    def test_the_database_refuses_to_replace_an_event(self):
        event = self.assertReplacementRefused(
            True, "INSERT OR REPLACE INTO", "(id) DO UPDATE SET actor_label = EXCLUDED.actor_label"
        )
        event.refresh_from_db()
        self.assertEqual(event.actor_label, "alice@alpha.test")

    def test_the_database_refuses_to_replace_an_event_by_chain_and_seq(self):
        # PostgreSQL has no REPLACE; its upsert on (chain, seq) fires the UPDATE trigger.
        event = self.assertReplacementRefused(
            False, "REPLACE INTO", "(chain, seq) DO UPDATE SET actor_label = 'mallory'"
        )
        replaced = AuditEvent.objects.get(chain=self.chain(), seq=2)
        self.assertEqual((replaced.pk, replaced.actor_label), (event.pk, "alice@alpha.test"))

    def test_a_chain_head_only_moves_forward_and_is_never_deleted(self):
        head = ChainHead.objects.get(chain=self.chain())
        with self.assertRaises(DatabaseError), transaction.atomic():
            ChainHead.objects.filter(pk=head.pk).update(seq=head.seq - 1)
        with self.assertRaises(DatabaseError), transaction.atomic():
            ChainHead.objects.filter(pk=head.pk).update(seq=head.seq + 1, digest="f" * 64)
        with self.assertRaises(DatabaseError), transaction.atomic():
            ChainHead.objects.filter(pk=head.pk).delete()
        table = ChainHead._meta.db_table
        upsert = {
            "sqlite": f"INSERT OR REPLACE INTO {table} (chain, seq, digest, updated) "
            "VALUES (%s, 1, %s, %s)",
            "postgresql": f"INSERT INTO {table} (chain, seq, digest, updated) "
            "VALUES (%s, 1, %s, %s) "
            "ON CONFLICT (chain) DO UPDATE SET seq = EXCLUDED.seq, digest = EXCLUDED.digest",
        }[connection.vendor]
        first = AuditEvent.objects.get(chain=self.chain(), seq=1)
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute(upsert, [self.chain(), first.digest, head.updated])
        self.assertEqual(ChainHead.objects.get(pk=head.pk).seq, head.seq)


class DetectedRewriteTests(AccordTestCase):
    def chain(self) -> str:
        return shared_chain(self.partnership.pk)

    def events(self) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(chain=self.chain()).order_by("seq"))

    def test_a_rewrite_that_recomputes_the_later_plain_digests_fails_verify(self):
        events = self.events()
        previous = events[0].digest
        for event in events[1:]:
            if event.seq == 2:
                event.record_label = "forged"
            digest = legacy_digest(previous, event.hashed_content())
            rewrite_event(
                event, record_label=event.record_label, previous_digest=previous, digest=digest
            )
            previous = digest
        set_head(self.chain(), events[-1].seq, previous)
        report = verify_chain(self.chain())
        self.assertFalse(report.intact)
        self.assertEqual(report.broken.seq, 2)

    def test_cutting_off_the_tail_is_detected(self):
        events = self.events()
        delete_events(self.chain(), from_seq=len(events) - 1)
        report = verify_chain(self.chain())
        self.assertFalse(report.intact)
        self.assertIn(f"#{len(events) - 1} to #{len(events)} are missing", report.problem)

    def test_deleting_a_whole_chain_with_its_head_is_detected(self):
        delete_events(self.chain())
        delete_head(self.chain())
        report = verify_chain(self.chain())
        self.assertIn("the chain is missing", report.problem)
        out = StringIO()
        with self.assertRaisesMessage(CommandError, "chains are broken"):
            call_command("audit", "verify", stdout=out)
        self.assertIn(f"BROKEN  {self.chain()}: the chain is missing", out.getvalue())

    def test_deleting_a_chain_but_not_its_head_is_detected(self):
        count = len(self.events())
        delete_events(self.chain())
        self.assertEqual(verify_chain(self.chain()).problem, f"all its {count} events are missing")

    def test_deleting_an_organizations_chain_is_detected(self):
        chain = organization_chain(self.gamma.pk)
        delete_events(chain)
        delete_head(chain)
        reports = {r.chain: r for r in verify_trail()}
        self.assertIn("missing", reports[chain].problem)

    def test_a_head_removed_from_its_chain_is_detected(self):
        delete_head(self.chain())
        self.assertIn("head is missing", verify_chain(self.chain()).problem)


class AuditKeyTests(AccordTestCase):
    def test_a_trail_checked_under_another_key_fails_with_a_hint(self):
        with (
            override_settings(AUDIT_KEY="not-the-key"),
            self.assertRaisesMessage(CommandError, "is ACCORD_AUDIT_KEY"),
        ):
            call_command("audit", "verify", stdout=StringIO())


class VerifyQueriesTests(AccordTestCase):
    def test_verify_reads_the_trail_in_a_bounded_number_of_queries(self):
        with self.assertNumQueries(4):
            reports = verify_trail()
        self.assertTrue(all(r.intact for r in reports))
        for n in range(5):
            partnership_create(organization=self.beta, actor=self.bea, name=f"Pilot {n}")
        with self.assertNumQueries(4):
            more = verify_trail()
        self.assertEqual(len(more), len(reports) + 5)
        with self.assertNumQueries(3):
            verify_trail(partnership_id=self.partnership.pk)
