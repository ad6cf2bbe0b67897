"""The demo tells practice 5's story: a register with one high risk lacking a plan and one past
its review, a plan fired by a KPI through the trigger job, an exit plan waiting for Helios."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.contingency.models import PlanStatus
from accord.contingency.selectors import contingency_of
from accord.core import access
from accord.core.models import Partnership
from accord.core.practices import in_build_order, practices
from accord.demo import build_demo


class DemoTests(TestCase):
    people: dict

    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()
        cls.people = {u.full_name.lower(): u for u in get_user_model().objects.all()}

    def state(self, name: str, user: str):
        partnership = Partnership.objects.get(name=name)
        grant = access.partnership_access(self.people[user], partnership.pk)
        return contingency_of(grant.viewpoint, timezone.localdate())

    def test_community_solar_has_a_high_risk_without_a_plan(self):
        state = self.state("Community solar rollout", "maya")
        self.assertEqual(
            [row.risk.title for row in state.high_without_plan], ["Grid connection queue"]
        )
        self.assertEqual(
            [row.risk.title for row in state.late_reviews], ["Installer shortage in summer"]
        )
        self.assertNotIn("Our panel margin under pressure", [r.risk.title for r in state.risks])
        self.assertEqual([p.organization.slug for p in state.exit_plan_missing], ["helios"])

    def test_panel_logistics_has_a_plan_fired_by_its_kpi(self):
        state = self.state("Panel logistics Europe", "mila")
        [fired] = state.active_plans
        self.assertEqual(fired.plan.title, "Open a joint customs desk")
        self.assertEqual(fired.plan.status, PlanStatus.ACTIVE)
        [activation] = fired.activations
        self.assertIsNone(activation.activated_by)
        self.assertIn("Average port-to-installer days was behind its path", activation.reason)
        self.assertIsNotNone(activation.answered_at)
        event = AuditEvent.objects.get(action="activate", record_id=str(fired.plan.pk))
        self.assertIsNone(event.actor_id)


class BuildOrderTests(TestCase):
    def test_contingency_loads_after_the_practices_it_builds_on(self):
        slugs = [practice.slug for practice in in_build_order(practices())]
        self.assertLess(slugs.index("longterm"), slugs.index("contingency"))
        self.assertLess(slugs.index("alignment"), slugs.index("roles"))
        self.assertEqual(sorted(slugs), sorted(p.slug for p in practices()))
