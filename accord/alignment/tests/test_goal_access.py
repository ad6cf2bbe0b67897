"""Goals are read through core.access like every record, and deleting one changes no other
party's record behind its back."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accord.alignment.models import SharedGoal
from accord.alignment.tests.helpers import goal, objective
from accord.audit.models import AuditEvent
from accord.core.access import partnership_access
from accord.core.models import Visibility
from accord.longterm import services as longterm
from accord.longterm.models import Kpi, Milestone
from tests.base import AccordTestCase, stored_as_is


class PrivateGoalTests(AccordTestCase):
    """Goal services never make a private goal; should one exist (imported data, a later
    feature), it stays Alpha's like any private record."""

    hidden: SharedGoal

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.hidden = stored_as_is(
            SharedGoal(
                partnership=cls.partnership,
                owner_party=cls.party_a,
                title="Alpha's secret goal",
                visibility=Visibility.PRIVATE,
            ),
            actor=cls.alice,
        )

    def test_it_is_not_in_the_other_partys_alignment_view(self):
        body = self.api("get", f"/partnerships/{self.partnership.pk}/alignment", self.bob).json()
        self.assertNotIn(self.hidden.pk, [g["id"] for g in body["matrix"]["goals"]])
        self.assertNotIn(self.hidden.pk, body["goals_not_agreed"]["ids"])
        page = self.page_as(self.bob, "accord-goals")
        self.assertNotContains(page, "secret goal")

    def test_the_other_party_cannot_link_to_it(self):
        aim = objective(self, self.bob, "Beta aim")
        response = self.api(
            "post",
            f"/partnerships/{self.partnership.pk}/links",
            self.bob,
            {"objective": aim.pk, "goal": self.hidden.pk},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "goal")
        page = self.page_as(self.bob, "accord-link-new")
        self.assertNotContains(page, "secret goal")

    def test_the_other_partys_kpi_cannot_measure_it(self):
        today = timezone.localdate()
        response = self.api(
            "post",
            f"/partnerships/{self.partnership.pk}/kpis",
            self.bob,
            {
                "name": "K",
                "baseline": "0",
                "baseline_date": str(today - timedelta(days=5)),
                "target": "10",
                "target_date": str(today + timedelta(days=5)),
                "goal_id": self.hidden.pk,
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "goal_id")


class GoalDeleteTests(AccordTestCase):
    def measure(self, user, goal_, visibility=Visibility.SHARED) -> tuple[Kpi, Milestone]:
        grant = partnership_access(user, self.partnership.pk, "edit")
        today = timezone.localdate()
        kpi = longterm.kpi_create(
            party=grant.acting_party(),
            actor=user,
            name=f"{user.email}'s KPI",
            baseline=Decimal(0),
            baseline_date=today - timedelta(days=5),
            target=Decimal(10),
            target_date=today + timedelta(days=5),
            goal_id=goal_.pk,
            visibility=visibility,
        )
        step = longterm.milestone_create(
            party=grant.acting_party(), actor=user, title="Step", due_date=today, goal_id=goal_.pk
        )
        return kpi, step

    def test_deleting_a_goal_detaches_the_callers_own_kpis_and_milestones_with_an_audit(self):
        reach = goal(self, self.alice, "Reach")
        kpi, step = self.measure(self.alice, reach, Visibility.PRIVATE)
        response = self.api(
            "delete", f"/partnerships/{self.partnership.pk}/goals/{reach.pk}", self.alice
        )
        self.assertEqual(response.status_code, 204)
        self.assertFalse(SharedGoal.objects.filter(pk=reach.pk).exists())
        kpi_now, step_now = Kpi.objects.get(pk=kpi.pk), Milestone.objects.get(pk=step.pk)
        self.assertEqual((kpi_now.goal, kpi_now.version), (None, 2))
        self.assertEqual((step_now.goal, step_now.version), (None, 2))
        detached = AuditEvent.objects.filter(action="update", record_id__in=[kpi.pk, step.pk])
        self.assertEqual(
            sorted((e.record_type, e.private_to_id) for e in detached),
            sorted([("longterm.Kpi", self.alpha.pk), ("longterm.Milestone", None)]),
        )

    def test_a_goal_another_party_measures_is_dropped_and_its_records_untouched(self):
        reach = goal(self, self.alice, "Reach")
        kpi, step = self.measure(self.bob, reach, Visibility.PRIVATE)
        response = self.api(
            "delete", f"/partnerships/{self.partnership.pk}/goals/{reach.pk}", self.alice
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["current"]["status"], "dropped")
        kpi_now, step_now = Kpi.objects.get(pk=kpi.pk), Milestone.objects.get(pk=step.pk)
        self.assertEqual((kpi_now.goal_id, kpi_now.version), (reach.pk, 1))
        self.assertEqual((step_now.goal_id, step_now.version), (reach.pk, 1))
