"""Practice 1's evidence provider on a small scenario, seen from each party's viewpoint."""

from datetime import date
from decimal import Decimal

from accord.alignment.evidence import evidence
from accord.alignment.models import LinkKind, Objective, ObjectiveLink, SharedGoal
from accord.alignment.tests.helpers import endorse, goal, grant_of, link, objective
from accord.core.evidence import RecordRef
from accord.core.viewpoint import Viewpoint
from accord.longterm import services as longterm
from tests.base import AccordTestCase

TODAY = date(2026, 1, 15)


class AlignmentEvidenceTests(AccordTestCase):
    """Alpha: a1 (shared) and a2 (private) support the agreed goal g1. Beta: b1 supports g2,
    which only Alpha endorses; b2 conflicts with g1 (open). Beta's private KPI measures g2."""

    a1: Objective
    a2: Objective
    b1: Objective
    b2: Objective
    g1: SharedGoal
    g2: SharedGoal
    conflict: ObjectiveLink

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.a1 = objective(cls, cls.alice, "Alpha shared aim")
        cls.a2 = objective(cls, cls.alice, "Alpha secret aim", visibility="private")
        cls.b1 = objective(cls, cls.bob, "Beta aim")
        cls.b2 = objective(cls, cls.bob, "Beta doubt")
        cls.g1 = goal(cls, cls.alice, "Reach")
        cls.g2 = goal(cls, cls.bob, "Speed")
        endorse(cls, cls.g1, cls.party_a, cls.party_b)
        endorse(cls, cls.g2, cls.party_a)
        link(cls.a1, cls.g1, cls.alice)
        link(cls.a2, cls.g1, cls.alice)
        link(cls.b1, cls.g2, cls.bob)
        cls.conflict = link(cls.b2, cls.g1, cls.bob, kind=LinkKind.CONFLICTS)
        longterm.kpi_create(
            **cls.acting_as(cls.bob),
            name="Beta's speed",
            baseline=Decimal(10),
            baseline_date=date(2025, 1, 1),
            target=Decimal(5),
            target_date=date(2027, 1, 1),
            direction="down",
            goal_id=cls.g2.pk,
            visibility="private",
        )

    def seen_by(self, user):
        return evidence(grant_of(self, user).viewpoint, TODAY)

    def test_objectives_covered_by_an_agreed_goal_per_party(self):
        figure = self.seen_by(self.alice).figure("objectives_covered")
        self.assertEqual((figure.value, figure.denominator), (2, 4))
        alpha, beta = figure.of_party(self.party_a.pk), figure.of_party(self.party_b.pk)
        assert alpha is not None and beta is not None
        self.assertEqual((alpha.value, alpha.denominator, alpha.ratio), (2, 2, 1.0))
        self.assertEqual((beta.value, beta.denominator, beta.ratio), (0, 2, 0.0))
        self.assertEqual(
            {r.id for r in alpha.records}, {self.a1.pk, self.a2.pk}, "the records behind"
        )
        self.assertIn(RecordRef.of(self.a1), alpha.records)
        self.assertEqual(RecordRef.of(self.a1).label, str(self.a1))

    def test_another_organizations_private_records_count_nowhere(self):
        figure = self.seen_by(self.bob).figure("objectives_covered")
        self.assertEqual((figure.value, figure.denominator), (1, 3))
        self.assertNotIn(self.a2.pk, {r.id for r in figure.records})
        alpha = figure.of_party(self.party_a.pk)
        assert alpha is not None
        self.assertEqual((alpha.value, alpha.denominator), (1, 1))

    def test_goals_agreed_by_all_and_endorsed_per_party(self):
        figure = self.seen_by(self.alice).figure("goals_agreed")
        self.assertEqual((figure.value, figure.denominator), (1, 2))
        self.assertEqual([r.id for r in figure.records], [self.g1.pk])
        alpha, beta = figure.of_party(self.party_a.pk), figure.of_party(self.party_b.pk)
        assert alpha is not None and beta is not None
        self.assertEqual((alpha.value, beta.value), (2, 1))

    def test_open_conflicts_belong_to_the_party_owning_the_objective(self):
        figure = self.seen_by(self.alice).figure("open_conflicts")
        self.assertEqual((figure.value, figure.denominator), (1, None))
        self.assertEqual([r.id for r in figure.records], [self.conflict.pk])
        beta = figure.of_party(self.party_b.pk)
        assert beta is not None
        self.assertEqual(beta.value, 1)

    def test_goals_without_a_kpi_count_only_the_kpis_seen(self):
        """Beta's private KPI measures g2 for Beta only; alignment finds KPIs without importing
        the long-term practice (through the goals' reverse relations)."""
        alpha = self.seen_by(self.alice).figure("goals_without_kpi")
        self.assertEqual({r.id for r in alpha.records}, {self.g1.pk, self.g2.pk})
        self.assertEqual(alpha.denominator, 2)
        beta = self.seen_by(self.bob).figure("goals_without_kpi")
        self.assertEqual([r.id for r in beta.records], [self.g1.pk])

    def test_a_party_viewpoint_for_jobs_sees_what_its_members_see(self):
        for party, user in ((self.party_a, self.alice), (self.party_b, self.bob)):
            with self.subTest(party=party.organization.name):
                self.assertEqual(evidence(Viewpoint.of_party(party), TODAY), self.seen_by(user))

    def test_the_shared_viewpoint_counts_no_private_record(self):
        shared = evidence(Viewpoint.shared(self.partnership), TODAY)
        self.assertEqual(shared.figure("objectives_covered").value, 1)
        self.assertEqual(shared.figure("goals_without_kpi").value, 2)
