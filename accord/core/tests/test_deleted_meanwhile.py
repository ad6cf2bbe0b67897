"""A write that loses the race against a delete answers "not found", changes nothing and writes
no audit event, on every database (issue 6, item 12). The record is read, deleted, and then
the stale copy is handed to the service, as when another writer deletes it between the access
check and the write."""

from django.http import Http404

from accord.audit.models import AuditEvent
from accord.core.records import record_create, record_delete, record_update
from tests.base import AccordTestCase
from tests.memos.models import Memo


class DeletedMeanwhileTests(AccordTestCase):
    def setUp(self) -> None:
        memo = Memo(partnership=self.partnership, owner_party=self.party_a, text="Note")
        self.memo = record_create(record=memo, actor=self.alice)
        record_delete(record=Memo.objects.get(pk=self.memo.pk), actor=self.amy)
        self.events = AuditEvent.objects.count()

    def test_an_update_of_a_deleted_record_is_not_found(self):
        with self.assertRaises(Http404):
            record_update(
                record=self.memo, actor=self.alice, expected_version=1, changes={"text": "New"}
            )
        self.assertEqual(AuditEvent.objects.count(), self.events)

    def test_a_second_delete_is_not_found_and_the_trail_says_deleted_once(self):
        with self.assertRaises(Http404):
            record_delete(record=self.memo, actor=self.alice)
        deletes = AuditEvent.objects.filter(action="delete", record_id=str(self.memo.pk))
        self.assertEqual(deletes.count(), 1)
