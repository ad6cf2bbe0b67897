"""The Contingency tab and API lists run a fixed number of queries however much data there is."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from accord.contingency import services
from accord.contingency.escalation import escalations_run
from accord.contingency.tests.helpers import kpi, measure, plan, risk
from tests.base import QueryCountTestCase


class ContingencyQueryCountTests(QueryCountTestCase):
    GROW = (2, 12)

    def setUp(self) -> None:
        self.grown = 0
        self.churn = kpi(self)
        measure(self, self.churn, date(2026, 3, 1), "5")
        services.exit_plan_create(party=self.party_a, actor=self.alice, notice_days=30)
        for party, person in ((self.party_a, self.alice), (self.party_b, self.bob)):
            services.escalation_level_create(party=party, actor=person, person=person)

    def grow(self, n: int) -> None:
        """n more risks each way (some high, late, private), each of Alpha's with a plan fired
        by the KPI (two steps, one activation, escalated) and Beta's with a manual one."""
        late = timezone.localdate() - timedelta(days=3)
        for i in range(self.grown, self.grown + n):
            mine = risk(self, f"A{i}", likelihood=1 + i % 5, impact=4, next_review=late)
            theirs = risk(
                self,
                f"B{i}",
                party=self.party_b,
                impact=5,
                visibility="private" if i % 2 else "shared",
            )
            fired = plan(
                self,
                mine,
                f"PA{i}",
                trigger_kind="kpi_below",
                trigger_kpi=self.churn,
                trigger_value="50",
            )
            services.plan_action_add(plan=fired, actor=self.alice, text="Call", party=self.party_a)
            services.plan_action_add(
                plan=fired, actor=self.alice, text="Tell", party=self.party_b, person=self.bob
            )
            plan(
                self,
                theirs,
                f"PB{i}",
                party=self.party_b,
                visibility="private" if i % 2 else "shared",
            )
        services.triggers_fire()
        escalations_run(now=timezone.now() + timedelta(days=10))
        self.grown += n

    def test_the_tab(self):
        # session, user, roles, parties, teams; risks; plans, their KPIs' measurements, steps,
        # activations; the exit plan, its endorsements; escalation levels, escalations
        self.assertConstant(
            reverse("accord-contingency", args=[self.partnership.pk]), self.alice, 14
        )

    def test_the_summary_api(self):
        # token (4), roles, parties, teams; the nine reads of the tab less the session's two
        self.assertApiConstant("contingency", self.bob, 16)

    def test_risk_list_api(self):
        # token (4), roles, parties, teams; the page (owners joined)
        self.assertApiConstant("risks", self.bob, 8)

    def test_plan_list_api(self):
        # token (4), roles, parties, teams; the page, its steps, its activations
        self.assertApiConstant("plans", self.alice, 10)

    def test_exit_plan_list_api(self):
        # token (4), roles, parties, teams; the page, the partnership's parties, endorsements
        self.assertApiConstant("exit_plans", self.alice, 10)

    def test_escalation_level_list_api(self):
        # token (4), roles, parties, teams; the page (people joined)
        self.assertApiConstant("escalation_levels", self.alice, 8)

    def test_the_trigger_job_reads_in_two_queries(self):
        # the armed plans with their KPIs, the KPIs' measurements (and nothing per plan)
        def armed(n: int) -> None:
            for i in range(n):
                plan(
                    self,
                    risk(self, f"R{i}"),
                    f"P{i}",
                    trigger_kind="kpi_above",
                    trigger_kpi=kpi(self, f"K{i}"),
                    trigger_value="99",
                )

        armed(2)
        first = self.count_evaluation()
        armed(12)
        self.assertEqual((first, self.count_evaluation()), (2, 2))

    def count_evaluation(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            services.plans_to_evaluate()
        return len(queries)
