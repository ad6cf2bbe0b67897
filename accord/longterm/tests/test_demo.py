"""The demo tells its story: one partnership on track and balanced, one falling behind."""

from typing import Any

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accord.core.access import partnership_access
from accord.core.models import Partnership
from accord.demo import PARTNERSHIPS, _partnership, _people, build_demo
from accord.lib.kpi import Status
from accord.longterm.demo import load_demo
from accord.longterm.models import Kpi
from accord.longterm.selectors import kpi_list, reviews, roadmap, value_balance


class DemoTests(TestCase):
    partnerships: dict[str, Partnership]
    people: dict[str, Any]

    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()  # the alignment demo's goals first, then this practice's story
        cls.partnerships = {p.name: p for p in Partnership.objects.all()}
        cls.people = {u.email.split("@")[0]: u for u in get_user_model().objects.all()}

    def grant(self, name: str, person: str):
        return partnership_access(self.people[person], self.partnerships[name].pk).viewpoint

    def test_community_solar_is_on_track_and_balanced(self):
        grant = self.grant("Community solar rollout", "maya")
        figures = {f.kpi.name: f for f in kpi_list(grant)}
        following = {"Homes with rooftop solar", "Installation lead time"}
        stalled, stale = "Installs passing first inspection", "Peak-load savings"
        self.assertEqual(set(figures), {*following, stalled, stale})
        for name in following:
            self.assertEqual(figures[name].story.status, Status.ON_TRACK, name)
        for f in figures.values():
            self.assertIsNotNone(f.kpi.goal)
        # On the path today, but flat: the story believes the forecast.
        self.assertEqual(figures[stalled].status.status, Status.ON_TRACK)
        self.assertEqual(figures[stalled].story.status, Status.AT_RISK)
        self.assertEqual(figures[stale].story.status, Status.STALE)
        balance = value_balance(grant)
        self.assertEqual(balance.currencies, ["EUR", "USD"])
        self.assertGreater(len(figures["Homes with rooftop solar"].measurements), 12)
        plan = roadmap(grant, timezone.localdate())
        self.assertTrue(plan.now and plan.next and plan.later)
        self.assertFalse(plan.late)
        self.assertFalse(value_balance(grant).one_sided)
        self.assertEqual(reviews(grant, timezone.localdate()).reviews[0].decision, "expand")

    def test_the_pages_render_the_story(self):
        p = self.partnerships["Panel logistics Europe"]
        self.client.force_login(self.people["viktor"])
        page = self.client.get(reverse("accord-longterm", args=[p.pk]))
        self.assertContains(page, "Off track")
        self.assertContains(page, "This partnership pays off for one side")
        self.assertContains(page, "Bonded warehouse in Rotterdam open")
        kpi = Kpi.objects.get(partnership=p)
        self.assertContains(
            self.client.get(reverse("accord-kpi", args=[p.pk, kpi.pk])), "Customs backlog"
        )

    def test_the_api_document_lists_every_operation(self):
        document = self.client.get("/api/v1/openapi.json").json()
        operations = {
            op["operationId"] for path in document["paths"].values() for op in path.values()
        }
        for name in ("kpi", "milestone", "value_entry", "review"):
            self.assertLessEqual(
                {f"{name}_{verb}" for verb in ("list", "create", "get", "update", "delete")},
                operations,
            )
        expected = {
            "measurement_list",
            "measurement_create",
            "measurement_delete",
            "measurement_import",
        }
        self.assertLessEqual(
            expected | {"measurement_export", "kpi_status_get", "roadmap_get", "value_balance_get"},
            operations,
        )

    def test_panel_logistics_falls_behind_and_is_lopsided(self):
        grant = self.grant("Panel logistics Europe", "viktor")
        (figures,) = kpi_list(grant)
        self.assertEqual(figures.kpi.name, "Average port-to-installer days")
        self.assertEqual(figures.status.status, Status.OFF_TRACK)
        self.assertEqual(len(roadmap(grant, timezone.localdate()).late), 1)
        balance = value_balance(grant)
        self.assertTrue(balance.one_sided)
        self.assertIn("Cobalt Logistics gets back 0.12\N{MULTIPLICATION SIGN}", balance.verdict)
        self.assertTrue(reviews(grant, timezone.localdate()).overdue)


class DemoWithoutGoalsTests(TestCase):
    def test_without_the_alignment_goals_nothing_is_linked(self):
        people = _people()
        partnerships = {spec[0]: _partnership(people, *spec) for spec in PARTNERSHIPS}
        load_demo(partnerships, people)
        self.assertEqual(Kpi.objects.count(), 5)
        self.assertFalse(Kpi.objects.filter(goal__isnull=False).exists())
