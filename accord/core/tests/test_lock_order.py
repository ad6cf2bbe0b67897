"""Writes racing deletes of the same records on PostgreSQL: one lock order (the partnership row
first, then the records), so no deadlock, and every loser answers "not found" or "stale"."""

from django.http import Http404

from accord.audit.models import AuditEvent
from accord.audit.services import verify_chain
from accord.core.errors import StaleEdit
from accord.core.records import record_create, record_delete, record_update
from accord.core.tests.races import RaceTestCase, race
from tests.memos.models import Memo

ROUNDS = 8
LOSING = (Http404, StaleEdit)  # what a writer that lost the race may raise; nothing else


class RecordRaceTests(RaceTestCase):
    def memo(self, text: str) -> Memo:
        memo = Memo(partnership=self.partnership, owner_party=self.party_a, text=text)
        return record_create(record=memo, actor=self.alice)

    def test_updates_racing_deletes_neither_deadlock_nor_fail(self):
        for round_ in range(ROUNDS):
            memos = [self.memo(f"Memo {round_}.{i}") for i in range(2)]
            outcomes = race(
                *(
                    call
                    for memo in memos
                    for call in (
                        lambda m=memo: record_update(
                            record=m, actor=self.alice, expected_version=1, changes={"text": "A"}
                        ),
                        lambda m=memo: record_delete(record=m, actor=self.amy),
                        lambda m=memo: record_update(
                            record=m, actor=self.amy, expected_version=1, changes={"text": "B"}
                        ),
                    )
                )
            )
            unexpected = [o for o in outcomes if o is not None and not isinstance(o, LOSING)]
            self.assertEqual(unexpected, [], f"round {round_}")
            for memo in memos:
                self.assert_consistent(memo)
        chain = f"partnership:{self.partnership.pk}"
        self.assertTrue(verify_chain(chain).intact)

    def assert_consistent(self, memo: Memo) -> None:
        """Deleted once and changed no more after, or still there with one change at most."""
        events = list(
            AuditEvent.objects.filter(record_type="memos.Memo", record_id=str(memo.pk))
            .order_by("seq")
            .values_list("action", flat=True)
        )
        current = Memo.objects.filter(pk=memo.pk).first()
        if current is None:
            self.assertEqual(events[-1], "delete", events)
            self.assertEqual(events.count("delete"), 1, events)
        else:
            self.assertNotIn("delete", events)
            self.assertEqual(current.version, events.count("update") + 1, events)
            self.assertLessEqual(current.version, 2)
