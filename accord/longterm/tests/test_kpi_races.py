"""Measurements and changes racing the deletion of their KPI on PostgreSQL: no deadlock, no
foreign-key failure, every loser answers "not found" or "stale" (items 11, 12)."""

from datetime import timedelta
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.audit.services import verify_chain
from accord.core.access import partnership_access
from accord.core.errors import StaleEdit
from accord.core.tests.races import RaceTestCase, race
from accord.longterm import services
from accord.longterm.batch import MeasurementRow
from accord.longterm.models import Kpi, Measurement

ROUNDS = 6


class KpiRaceTests(RaceTestCase):
    def kpi(self, name: str) -> Kpi:
        today = timezone.localdate()
        return services.kpi_create(
            party=partnership_access(self.alice, self.partnership.pk, "edit").acting_party(),
            actor=self.alice,
            name=name,
            baseline=Decimal(0),
            baseline_date=today - timedelta(days=30),
            target=Decimal(10),
            target_date=today + timedelta(days=30),
        )

    def test_measuring_and_changing_a_kpi_while_it_is_deleted(self):
        today = timezone.localdate()
        for round_ in range(ROUNDS):
            kpi = self.kpi(f"KPI {round_}")
            rows = [MeasurementRow(1, today - timedelta(days=2), Decimal(3))]
            outcomes = race(
                lambda k=kpi: services.measurement_add(
                    kpi=k, actor=self.alice, measured_on=today, value=Decimal(1)
                ),
                lambda k=kpi: services.kpi_delete(record=k, actor=self.amy),
                lambda k=kpi: services.kpi_update(
                    record=k, actor=self.alice, expected_version=1, changes={"name": "Renamed"}
                ),
                lambda k=kpi, r=rows: services.measurements_record(kpi=k, actor=self.amy, rows=r),
            )
            unexpected = [o for o in outcomes if o and not isinstance(o, Http404 | StaleEdit)]
            self.assertEqual(unexpected, [], f"round {round_}")
            events = AuditEvent.objects.filter(record_type="longterm.Kpi", record_id=str(kpi.pk))
            if Kpi.objects.filter(pk=kpi.pk).exists():
                self.assertFalse(events.filter(action="delete").exists())
            else:
                self.assertEqual(events.order_by("-seq").first().action, "delete")  # type: ignore[union-attr]
                self.assertFalse(Measurement.objects.filter(kpi_id=kpi.pk).exists())
        self.assertTrue(verify_chain(f"partnership:{self.partnership.pk}").intact)
