"""KPIs: the rules of their aim, the goal they measure, and the API's answers to bad input."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from accord.alignment.models import SharedGoal
from accord.audit.models import AuditEvent
from accord.core.records import record_create
from accord.core.services import partnership_create
from accord.longterm import services
from accord.longterm.models import Kpi
from accord.longterm.tests.base import LongtermTestCase

GOOD = {
    "name": "Homes with solar",
    "unit": "homes",
    "baseline": 0,
    "baseline_date": "2025-01-01",
    "target": "2000",
    "target_date": "2027-12-31",
}


class KpiRuleTests(LongtermTestCase):
    def assertRefused(self, field: str, **fields) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.make_kpi(**fields)
        self.assertIn(field, caught.exception.message_dict)

    def test_an_up_kpi_must_aim_above_its_baseline(self):
        self.assertRefused("target", baseline=Decimal(10), target=Decimal(10))
        self.assertRefused("target", baseline=Decimal(10), target=Decimal(5))

    def test_a_down_kpi_must_aim_below_its_baseline(self):
        self.assertRefused("target", direction="down", baseline=Decimal(10), target=Decimal(12))
        kpi = self.make_kpi(direction="down", baseline=Decimal(90), target=Decimal(30))
        self.assertEqual(kpi.direction, "down")

    def test_a_range_needs_low_below_high(self):
        self.assertRefused(
            "range_high", direction="range", range_low=Decimal(5), range_high=Decimal(5)
        )
        self.assertRefused("range_low", direction="range", range_high=Decimal(5))
        kpi = self.make_kpi(
            direction="range",
            target=None,
            target_date=None,
            range_low=Decimal(1),
            range_high=Decimal(2),
        )
        self.assertEqual((kpi.range_low, kpi.range_high), (1, 2))

    def test_the_target_date_comes_after_the_baseline_date(self):
        self.assertRefused(
            "target_date", baseline_date=date(2025, 1, 1), target_date=date(2025, 1, 1)
        )
        self.assertRefused("target_date", target_date=None)

    def test_the_goal_must_belong_to_the_same_partnership(self):
        other = partnership_create(organization=self.beta, actor=self.bea, name="Elsewhere")
        party = other.parties.get()
        foreign = record_create(
            record=SharedGoal(partnership=other, owner_party=party, title="Not yours"),
            actor=self.bea,
        )
        self.assertRefused("goal_id", goal_id=foreign.pk)
        self.assertRefused("goal_id", goal_id=999999)
        goal = record_create(
            record=SharedGoal(partnership=self.partnership, owner_party=self.party_a, title="Ours"),
            actor=self.alice,
        )
        self.assertEqual(self.make_kpi(goal_id=goal.pk).goal, goal)

    def test_the_system_may_name_a_goal_too(self):
        goal = record_create(
            record=SharedGoal(partnership=self.partnership, owner_party=self.party_a, title="Ours"),
            actor=self.alice,
        )
        kpi = services.kpi_create(
            party=self.party_a,
            actor=None,
            name="Imported",
            baseline=Decimal("1"),
            baseline_date=date(2026, 1, 1),
            target=Decimal("2"),
            target_date=date(2027, 1, 1),
            goal_id=goal.pk,
        )
        self.assertEqual(kpi.goal, goal)

    def test_creating_a_kpi_is_audited(self):
        kpi = self.make_kpi()
        event = AuditEvent.objects.get(record_type="longterm.Kpi", record_id=str(kpi.pk))
        self.assertEqual((event.action, event.actor), ("create", self.bob))


class KpiApiTests(LongtermTestCase):
    def test_a_contributor_creates_reads_and_changes_a_kpi(self):
        response = self.api("post", self.kpis_url(), self.bob, GOOD)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            (body["name"], body["target"], body["goal_id"]), ("Homes with solar", "2000.0000", None)
        )
        self.assertEqual(body["owner_organization"]["slug"], "beta")
        url = f"{self.kpis_url()}/{body['id']}"
        response = self.api("patch", url, self.bob, {"version": 1, "target": "2500"})
        self.assertEqual((response.status_code, response.json()["version"]), (200, 2))

    def test_a_patch_breaking_the_aim_is_refused_and_changes_nothing(self):
        kpi = self.make_kpi()
        response = self.api("patch", self.kpis_url(kpi), self.bob, {"version": 1, "target": "-5"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "target")
        kpi.refresh_from_db()
        self.assertEqual((kpi.target, kpi.version), (1000, 1))

    def test_a_stale_patch_answers_409_with_the_current_kpi(self):
        kpi = self.make_kpi()
        self.api("patch", self.kpis_url(kpi), self.bob, {"version": 1, "name": "First"})
        response = self.api("patch", self.kpis_url(kpi), self.bea, {"version": 1, "name": "Second"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["current"]["name"], "First")

    def test_the_other_party_cannot_change_the_kpi(self):
        kpi = self.make_kpi()
        response = self.api("patch", self.kpis_url(kpi), self.alice, {"version": 1, "name": "Mine"})
        self.assertEqual(response.status_code, 403)

    def test_a_goal_of_another_partnership_is_refused(self):
        other = partnership_create(organization=self.beta, actor=self.bea, name="Elsewhere")
        foreign = record_create(
            record=SharedGoal(partnership=other, owner_party=other.parties.get(), title="x"),
            actor=self.bea,
        )
        response = self.api("post", self.kpis_url(), self.bob, {**GOOD, "goal_id": foreign.pk})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json()["errors"],
            [{"field": "goal_id", "message": "No such shared goal in this partnership."}],
        )

    def test_bad_input_is_refused_with_the_field_and_never_fails_the_server(self):
        bodies = {
            "name": [{**GOOD, "name": "a\x00b"}, {**GOOD, "name": 5}, {**GOOD, "name": ""}],
            "baseline": [
                {**GOOD, "baseline": 1e300},
                {**GOOD, "baseline": "1" * 19},
                {**GOOD, "baseline": "NaN"},
                {**GOOD, "baseline": "Infinity"},
                {**GOOD, "baseline": "0.00001"},
                {**GOOD, "baseline": [1]},
            ],
            "target_date": [
                {**GOOD, "target_date": "next year"},
                {**GOOD, "target_date": "2025-02-30"},
            ],
            "direction": [{**GOOD, "direction": "sideways"}],
            "colour": [{**GOOD, "colour": "red"}],
            "goal_id": [{**GOOD, "goal_id": "one"}, {**GOOD, "goal_id": 10**30}],
        }
        for field, cases in bodies.items():
            for body in cases:
                with self.subTest(field=field, body=str(body)[:60]):
                    response = self.api("post", self.kpis_url(), self.bob, body)
                    self.assertEqual(response.status_code, 422, response.content)
                    self.assertIn(field, [e["field"] for e in response.json()["errors"]])
        for raw in ("{", "[]", "null", "\x00", '"x"'):
            with self.subTest(raw=raw):
                response = self.api("post", self.kpis_url(), self.bob, raw=raw)
                self.assertIn(response.status_code, {400, 422})
        self.assertEqual(Kpi.objects.count(), 0)

    def test_deleting_a_kpi_deletes_its_measurements_and_is_audited(self):
        kpi = self.make_kpi()
        self.measure(kpi, 1, 10)
        self.assertEqual(self.api("delete", self.kpis_url(kpi), self.bob).status_code, 204)
        self.assertFalse(Kpi.objects.exists())
        self.assertTrue(
            AuditEvent.objects.filter(action="delete", record_type="longterm.Kpi").exists()
        )
