from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.core.invitations import partnership_invitation_accept, partnership_invitation_create
from accord.core.models import Partnership
from accord.core.services import partnership_create
from accord.health.models import Snapshot
from accord.health.snapshots import snapshot_take, snapshots_take_daily
from accord.health.tests.helpers import end_partnership, private_alpha_risk, shared_beta_risk
from accord.ops.schedule import scheduled_job_paths
from tests.base import AccordTestCase

TODAY = date(2026, 11, 2)


class DailySnapshotsTests(AccordTestCase):
    trio: Partnership

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.trio = partnership_create(
            organization=cls.alpha, actor=cls.alice, name="Three ways", purpose="More."
        )
        inviting = cls.trio.parties.get()
        for organization, admin in ((cls.beta, cls.bea), (cls.gamma, cls.olga)):
            _, token = partnership_invitation_create(
                partnership=cls.trio, inviting_party=inviting, actor=cls.alice
            )
            partnership_invitation_accept(token=token, organization=organization, actor=admin)

    def test_it_is_a_daily_job_of_the_worker(self):
        self.assertIn("accord.health.tasks.snapshots_take", scheduled_job_paths("daily"))

    def test_it_takes_one_per_party_of_each_live_partnership_once_a_day(self):
        self.assertEqual(snapshots_take_daily(TODAY), 5)
        taken = Snapshot.objects.filter(taken_on=TODAY)
        self.assertEqual(taken.filter(partnership=self.trio).count(), 3)
        self.assertEqual(taken.filter(partnership=self.partnership).count(), 2)
        self.assertEqual(taken.filter(latest=True).count(), 5)
        self.assertEqual(snapshots_take_daily(TODAY), 0)
        self.assertEqual(Snapshot.objects.count(), 5)

    def test_a_snapshot_taken_on_demand_today_is_kept(self):
        mine = snapshot_take(party=self.party_a, today=TODAY)
        self.assertEqual(snapshots_take_daily(TODAY), 4)
        self.assertEqual(Snapshot.objects.get(party=self.party_a).taken_at, mine.taken_at)

    def test_it_skips_ended_partnerships(self):
        end_partnership(self)
        self.assertEqual(snapshots_take_daily(TODAY), 3)
        self.assertFalse(Snapshot.objects.filter(partnership=self.partnership).exists())


class DailySnapshotsQueryTests(AccordTestCase):
    def test_its_queries_do_not_grow_with_the_records(self):
        def queries(day: date) -> int:
            with CaptureQueriesContext(connection) as captured:
                snapshots_take_daily(day)
            return len(captured)

        shared_beta_risk(self, title="First")
        before = queries(date(2026, 11, 1))
        for i in range(6):
            shared_beta_risk(self, title=f"More {i}")
            private_alpha_risk(self, title=f"Secret {i}")
        self.assertEqual(queries(date(2026, 11, 2)), before)
