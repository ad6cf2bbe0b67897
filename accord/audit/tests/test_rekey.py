"""Migration audit.0005 re-keys a trail written before chains were keyed and split by party."""

from importlib import import_module

from django.apps import apps
from django.db import connection

from accord.audit.models import AuditEvent, ChainHead, event_content
from accord.audit.services import private_chain, shared_chain, verify_trail
from accord.audit.tests.tampering import triggers_off, triggers_on
from accord.lib.hashchain import GENESIS, legacy_digest
from tests.base import AccordTestCase
from tests.memos.models import Memo

rekey_migration = import_module("accord.audit.migrations.0005_rekey_events")


def legacy_trail() -> list[AuditEvent]:
    """The trail as the previous release wrote it: one unkeyed chain per partnership."""
    events = list(AuditEvent.objects.order_by("id"))
    heads: dict[str, tuple[int, str]] = {}
    for event in events:
        if event.partnership_id is not None:
            event.chain = f"partnership:{event.partnership_id}"
        seq, previous = heads.get(event.chain, (0, GENESIS))
        event.seq, event.previous_digest = seq + 1, previous
        event.digest = legacy_digest(previous, event_content(event))
        heads[event.chain] = (event.seq, event.digest)
    return events


class RekeyTests(AccordTestCase):
    def replace_trail(self, events: list[AuditEvent]) -> None:
        with connection.cursor() as cursor:
            triggers_off(cursor)
            AuditEvent.objects.all().delete()
            ChainHead.objects.all().delete()
            AuditEvent.objects.bulk_create(events)
            rekey_migration.rekey(apps, None)
            triggers_on(cursor)

    def test_a_legacy_trail_is_split_by_party_and_keyed(self):
        self.record(Memo, private=True, text="Beta secret")
        before = {e.pk: (e.chain, e.seq) for e in AuditEvent.objects.all()}
        legacy = legacy_trail()
        self.assertEqual(len({e.chain for e in legacy if e.partnership_id}), 1)
        self.replace_trail(legacy)
        self.assertEqual({e.pk: (e.chain, e.seq) for e in AuditEvent.objects.all()}, before)
        secret = AuditEvent.objects.get(record_type="memos.Memo")
        self.assertEqual(
            (secret.chain, secret.seq), (private_chain(self.partnership.pk, self.beta.pk), 1)
        )
        self.assertTrue(all(report.intact for report in verify_trail()))
        self.assertTrue(ChainHead.objects.filter(chain=shared_chain(self.partnership.pk)).exists())

    def test_a_broken_legacy_trail_is_not_re_keyed(self):
        legacy = legacy_trail()
        legacy[3].record_label = "forged"
        with self.assertRaisesMessage(RuntimeError, "refusing to re-key"):
            self.replace_trail(legacy)
