"""A KPI made private leaves no plan of the partner (nor a shared plan) reading it: its name and
values would reach the partner through the trigger's sentence and the activation it fires."""

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError

from accord.contingency import services
from accord.contingency.models import PlanActivation
from accord.contingency.tests.helpers import kpi, measure, plan, risk
from accord.longterm import services as longterm
from tests.base import AccordTestCase


class KpiMadePrivateTests(AccordTestCase):
    def setUp(self) -> None:
        self.revenue = kpi(self, "Beta revenue", party=self.party_b)
        self.plan = plan(
            self,
            risk(self),
            trigger_kind="kpi_above",
            trigger_kpi=self.revenue,
            trigger_value="60",
        )

    def test_a_kpi_a_shared_plan_reads_stays_shared(self):
        with self.assertRaises(ValidationError):
            longterm.kpi_update(
                record=self.revenue,
                actor=self.bob,
                expected_version=self.revenue.version,
                changes={"visibility": "private"},
            )
        self.revenue.refresh_from_db()
        self.assertFalse(self.revenue.is_private)
        # So what fires the partner's plan is what the partner may read.
        measure(self, self.revenue, date(2026, 7, 1), "61.5")
        services.triggers_fire(today=date(2026, 7, 2), now=datetime(2026, 7, 2, 12, tzinfo=UTC))
        [activation] = PlanActivation.objects.filter(plan=self.plan)
        self.assertIn("Beta revenue", activation.reason)

    def test_a_kpi_only_its_own_party_s_private_plans_read_may_become_private(self):
        own = kpi(self, "Beta margin", party=self.party_b)
        plan(
            self,
            risk(self, "Margin falls", party=self.party_b, visibility="private"),
            party=self.party_b,
            visibility="private",
            trigger_kind="kpi_above",
            trigger_kpi=own,
            trigger_value="60",
        )
        changed = longterm.kpi_update(
            record=own,
            actor=self.bob,
            expected_version=own.version,
            changes={"visibility": "private"},
        )
        self.assertTrue(changed.is_private)
