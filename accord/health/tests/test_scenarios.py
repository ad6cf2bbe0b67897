"""The health check tells a healthy partnership from a sick one and points at the right
practice: a partnership healthy everywhere, then the same with one failure planted in one
practice. The planted practice must come out clearly weakest, and the first recommendation be
about it and name the records behind the failure."""

from accord.core.evidence import RecordRef
from accord.core.viewpoint import Viewpoint
from accord.health.checkup import Health, health_of
from accord.health.models import Band
from accord.health.tests.builders import TODAY, Builder
from tests.base import AccordTestCase

# How far below every other practice the planted one must score, at the least.
CLEARLY = 15


class ScenarioTestCase(AccordTestCase):
    """The healthy partnership, then `plant(builder)`; `planted` says which practice."""

    planted = 0
    records: list

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        builder = Builder(cls)
        builder.healthy()
        cls.records = cls.plant(builder)

    @classmethod
    def plant(cls, builder: Builder) -> list:
        return []

    def health(self, party=None) -> Health:
        return health_of(Viewpoint.of_party(party or self.party_a), TODAY)


class HealthyEverywhereTests(ScenarioTestCase):
    def test_every_practice_scores_high_with_some_confidence(self):
        health = self.health()
        for row in health.practices:
            with self.subTest(row.practice.tab_label):
                self.assertGreaterEqual(row.evidence.score or 0, 90, row.evidence.reasons)
                self.assertGreater(row.evidence.confidence, 0.25)
        self.assertEqual(health.band, Band.GOOD)

    def test_nothing_is_flagged_and_nothing_needs_mending(self):
        for party in (self.party_a, self.party_b):
            health = self.health(party)
            self.assertEqual(health.flags, ())
            self.assertEqual(health.recommendations, ())


class PlantedFailureTests(ScenarioTestCase):
    """Run only through its subclasses (one per practice)."""

    __test__ = False

    def test_the_planted_practice_comes_out_clearly_weakest(self):
        for party in (self.party_a, self.party_b):
            health = self.health(party)
            weakest, runner_up = health.weakest_first[:2]
            self.assertEqual(weakest.practice.number, self.planted, weakest.evidence.reasons)
            gap = (runner_up.evidence.score or 0) - (weakest.evidence.score or 0)
            self.assertGreaterEqual(gap, CLEARLY, weakest.evidence.reasons)

    def test_the_first_recommendation_is_about_it_and_names_its_records(self):
        for party in (self.party_a, self.party_b):
            first = self.health(party).recommendations[0]
            self.assertEqual(first.practice, self.planted, first.text)
            planted = {RecordRef.of(record) for record in self.records}
            self.assertTrue(planted & set(first.records), first)
            named = next(ref.label for ref in first.records if ref in planted)
            self.assertIn(named, first.text)


class TrustScenarioTests(PlantedFailureTests):
    """Beta breaks its promises, Alpha keeps its own."""

    __test__ = True
    planted = 2

    @classmethod
    def plant(cls, builder: Builder) -> list:
        return [builder.broken(cls.party_b, f"Beta delivery {i}", -3 - 7 * i) for i in range(4)]


class AlignmentScenarioTests(PlantedFailureTests):
    """New objectives support no shared goal, a new goal only one side endorses, and an
    objective in open conflict with an agreed goal."""

    __test__ = True
    planted = 1

    @classmethod
    def plant(cls, builder: Builder) -> list:
        builder.goal("Expand abroad", cls.party_b)
        loose = [builder.objective(cls.party_b, f"Beta's own aim {i}") for i in range(4)]
        builder.objective(cls.party_b, "Cut installer margins", conflicts=builder.goals[0])
        return loose


class RolesScenarioTests(PlantedFailureTests):
    """Activities with no one Accountable, and decisions stuck past their deadline."""

    __test__ = True
    planted = 3

    @classmethod
    def plant(cls, builder: Builder) -> list:
        from accord.roles import services as roles

        workstream = roles.workstream_create(**builder.by(cls.party_b), title="Service")
        unowned = [builder.activity(workstream, f"Repairs {i}", "R") for i in range(3)]
        stuck = [builder.decision(builder.rules[0], f"Tariff {i}", -20 - i) for i in range(2)]
        return unowned + stuck


class CommunicationScenarioTests(PlantedFailureTests):
    """Alpha's updates never acknowledged, and Beta's weekly cadence missed for weeks."""

    __test__ = True
    planted = 4

    @classmethod
    def plant(cls, builder: Builder) -> list:
        unheard = [
            builder.update(cls.party_a, f"Unheard {i}", acknowledged=False) for i in range(5)
        ]
        cadence, _ = builder.cadence(cls.party_b, "Site check", 8, held=False)
        return [*unheard, cadence]


class ContingencyScenarioTests(PlantedFailureTests):
    """High risks with no plan, and a plan whose trigger fired and nobody answered."""

    __test__ = True
    planted = 5

    @classmethod
    def plant(cls, builder: Builder) -> list:
        bare = [
            builder.risk(cls.party_b, "Grid delay", (5, 4)),
            builder.risk(cls.party_a, "Panel shortage", (4, 5)),
        ]
        watched = builder.risk(cls.party_b, "Hail", (3, 5))
        ignored = builder.plan(watched, "Spare panels", fired=15, answered=False)
        return [*bare, ignored]


class LongtermScenarioTests(PlantedFailureTests):
    """KPIs far behind their plan, and value flowing one way: Beta puts in, Alpha takes out."""

    __test__ = True
    planted = 6

    @classmethod
    def plant(cls, builder: Builder) -> list:
        behind = [
            builder.kpi(cls.party_b, f"Installs {i}", 40, horizon="medium_term") for i in range(4)
        ]
        one_way = [
            builder.value(cls.party_b, "contribution", 500_000),
            builder.value(cls.party_a, "benefit", 900_000, category="revenue"),
        ]
        return behind + one_way
