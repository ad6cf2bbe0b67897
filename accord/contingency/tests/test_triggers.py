"""Triggers fire a plan once, through the trigger job, until it is resolved and re-armed: by a
KPI's latest value crossing a threshold, by a KPI behind its path for N measurements in a row
(figures checked by hand), and by a date. Each firing is logged and audited."""

from datetime import UTC, date, datetime

from accord.audit.models import AuditEvent
from accord.contingency import services
from accord.contingency.models import PlanActivation, PlanStatus
from accord.contingency.tests.helpers import kpi, measure, plan, risk
from tests.base import AccordTestCase

NOON = datetime(2026, 7, 2, 12, tzinfo=UTC)


class ThresholdTests(AccordTestCase):
    def setUp(self) -> None:
        self.churn = kpi(self)
        self.plan = plan(
            self,
            risk(self),
            trigger_kind="kpi_above",
            trigger_kpi=self.churn,
            trigger_value="60",
        )

    def evaluate(self, day: date = date(2026, 7, 2)) -> list:
        return services.triggers_fire(today=day, now=NOON)

    def activations(self) -> list[PlanActivation]:
        return list(PlanActivation.objects.filter(plan=self.plan))

    def test_it_does_not_fire_at_or_below_the_threshold(self):
        measure(self, self.churn, date(2026, 6, 1), "60")
        self.assertEqual(self.evaluate(), [])
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, PlanStatus.ARMED)

    def test_it_fires_once_while_the_value_stays_above(self):
        measure(self, self.churn, date(2026, 6, 1), "55")
        measure(self, self.churn, date(2026, 7, 1), "61.5")
        self.assertEqual([p.pk for p in self.evaluate()], [self.plan.pk])
        self.assertEqual(self.evaluate(), [])
        self.assertEqual(self.evaluate(date(2026, 7, 9)), [])
        [activation] = self.activations()
        self.assertIsNone(activation.activated_by)
        self.assertEqual(activation.trigger_kind, "kpi_above")
        self.assertEqual(activation.reason, "Churn was 61.50% on 1 Jul 2026, above 60.00%.")
        self.plan.refresh_from_db()
        self.assertEqual((self.plan.status, self.plan.activated_at), (PlanStatus.ACTIVE, NOON))
        [event] = AuditEvent.objects.filter(action="activate", record_id=str(self.plan.pk))
        self.assertIsNone(event.actor_id)
        self.assertEqual(event.changes["status"], ["armed", "active"])
        self.assertEqual(event.changes["activation_reason"][1], activation.reason)

    def test_a_resolved_plan_stays_silent_until_re_armed(self):
        measure(self, self.churn, date(2026, 7, 1), "70")
        self.evaluate()
        services.plan_resolve(plan=self.plan, actor=self.alice, resolution="Price cut.")
        self.assertEqual(self.evaluate(), [])
        services.plan_rearm(plan=self.plan, actor=self.alice)
        self.assertEqual(len(self.evaluate()), 1)  # still above: fires again, once
        self.assertEqual(self.evaluate(), [])
        first, second = sorted(self.activations(), key=lambda a: a.pk)
        self.assertEqual(first.resolution, "Price cut.")
        self.assertIsNotNone(first.answered_at)
        self.assertIsNone(second.resolved_at)

    def test_below_fires_under_the_value(self):
        self.plan = services.plan_update(
            record=self.plan,
            actor=self.alice,
            expected_version=1,
            changes={"trigger_kind": "kpi_below", "trigger_value": "10"},
        )
        measure(self, self.churn, date(2026, 7, 1), "9.99")
        self.assertEqual(len(self.evaluate()), 1)
        self.assertIn("below 10.00%", self.activations()[0].reason)


class BehindTests(AccordTestCase):
    """The KPI's path runs from 0 on 1 Jan 2026 to 100 on 31 Dec 2026 (364 days): planned(d) =
    100 x days / 364. Behind = shortfall over 5 % of the planned change (at risk or off track)."""

    def setUp(self) -> None:
        self.churn = kpi(self)
        self.plan = plan(
            self, risk(self), trigger_kind="kpi_behind", trigger_kpi=self.churn, trigger_count=2
        )

    def test_it_fires_after_n_measurements_behind_in_a_row(self):
        today = date(2026, 7, 2)
        # 1 Apr: day 90, planned 24.73; 6 is 18.7 % short: off track (behind)
        measure(self, self.churn, date(2026, 4, 1), "6")
        # 1 May: day 120, planned 32.97; 30 is 3.0 % short: on track
        measure(self, self.churn, date(2026, 5, 1), "30")
        # 1 Jun: day 151, planned 41.48; 20 is 21.5 % short: behind (one in a row)
        measure(self, self.churn, date(2026, 6, 1), "20")
        self.assertEqual(services.triggers_fire(today=today), [])
        # 1 Jul: day 181, planned 49.73; 45 is 4.7 % short: on track, the row breaks
        measure(self, self.churn, date(2026, 7, 1), "45")
        self.assertEqual(services.triggers_fire(today=today), [])
        # 15 Jul: day 195, planned 53.57; 47 is 6.6 % short: at risk, but only one in a row
        measure(self, self.churn, date(2026, 7, 15), "47")
        self.assertEqual(services.triggers_fire(today=date(2026, 7, 16)), [])
        # 1 Aug: day 212, planned 58.24; 40 is 18.2 % short: two behind in a row
        measure(self, self.churn, date(2026, 8, 1), "40")
        [fired] = services.triggers_fire(today=date(2026, 8, 2))
        self.assertEqual(
            fired.activation_reason,
            "Churn was behind its path for 2 measurements in a row, the latest 40.00% on "
            "1 Aug 2026.",
        )
        self.assertEqual(services.triggers_fire(today=date(2026, 8, 3)), [])


class DateTests(AccordTestCase):
    def test_it_fires_on_its_date_and_not_before(self):
        made = plan(self, risk(self), trigger_kind="date", trigger_date=date(2026, 9, 1))
        self.assertEqual(services.triggers_fire(today=date(2026, 8, 31)), [])
        self.assertEqual([p.pk for p in services.triggers_fire(today=date(2026, 9, 1))], [made.pk])
        self.assertEqual(services.triggers_fire(today=date(2026, 9, 2)), [])

    def test_manual_plans_and_ended_partnerships_are_not_evaluated(self):
        plan(self, risk(self))  # manual
        self.assertEqual(services.plans_to_evaluate(), [])


class JobTests(AccordTestCase):
    def test_the_periodic_job_is_declared_and_fires_due_plans(self):
        from accord.contingency.tasks import escalations_run, triggers_evaluate
        from accord.core.practices import practices

        [practice] = [p for p in practices() if p.slug == "contingency"]
        self.assertEqual(practice.periodic_tasks(), [triggers_evaluate, escalations_run])
        made = plan(self, risk(self), trigger_kind="date", trigger_date=date(2026, 1, 1))
        triggers_evaluate.call()
        triggers_evaluate.call()  # a second tick, or a second worker: nothing more
        self.assertEqual(PlanActivation.objects.filter(plan=made).count(), 1)

    def test_a_plan_whose_kpi_was_deleted_no_longer_fires(self):
        from accord.longterm import services as longterm

        churn = kpi(self)
        measure(self, churn, date(2026, 3, 1), "90")
        made = plan(
            self, risk(self), trigger_kind="kpi_above", trigger_kpi=churn, trigger_value="50"
        )
        longterm.kpi_delete(record=churn, actor=self.alice)
        self.assertEqual(services.triggers_fire(today=date(2026, 3, 2)), [])
        made.refresh_from_db()
        self.assertEqual(made.trigger_text, "Its KPI was deleted: it can no longer fire")

    def test_an_ended_partnership_s_plans_are_not_evaluated(self):
        from accord.core.services import partnership_change

        plan(self, risk(self), trigger_kind="date", trigger_date=date(2026, 1, 1))
        partnership_change(partnership=self.partnership, actor=None, changes={"stage": "ended"})
        self.assertEqual(services.plans_to_evaluate(), [])
        self.assertEqual(services.triggers_fire(today=date(2026, 1, 2)), [])
