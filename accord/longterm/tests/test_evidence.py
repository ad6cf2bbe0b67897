"""Practice 6's evidence provider on a small scenario, seen from each party's viewpoint."""

from datetime import timedelta

from django.utils import timezone

from accord.core.viewpoint import Viewpoint
from accord.longterm import services
from accord.longterm.evidence import evidence
from accord.longterm.models import Kpi, Milestone
from accord.longterm.tests.base import LongtermTestCase, days_ago


class LongtermEvidenceTests(LongtermTestCase):
    """Beta: KPI on track, KPI off track (a quick win), KPI never measured; milestones done on
    time, late, not yet due, due beyond a year, and dropped; it put money in. Alpha: a private
    KPI on track, a milestone done after its due date; it got money out."""

    on_track: Kpi
    off_track: Kpi
    unmeasured: Kpi
    alpha_kpi: Kpi
    kept: Milestone
    late: Milestone
    soon: Milestone
    far: Milestone
    slipped: Milestone

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.on_track = cls.make_kpi(name="On track")
        cls.measure(cls.on_track, 0, 500)
        cls.off_track = cls.make_kpi(name="Off track", horizon="quick_win")
        cls.measure(cls.off_track, 0, 0)
        cls.unmeasured = cls.make_kpi(name="Not measured")
        cls.alpha_kpi = cls.make_kpi(cls.alice, name="Alpha's own", visibility="private")
        cls.measure(cls.alpha_kpi, 0, 500, user=cls.alice)
        cls.kept = cls.milestone(cls.bob, "Kept", -10, "done", completed_on=days_ago(12))
        cls.late = cls.milestone(cls.bob, "Late", -3, "in_progress")
        cls.soon = cls.milestone(cls.bob, "Soon", 30)
        cls.far = cls.milestone(cls.bob, "Far", 500)
        cls.milestone(cls.bob, "Dropped", -5, "dropped")
        cls.slipped = cls.milestone(cls.alice, "Slipped", -20, "done", completed_on=days_ago(10))
        cls.value(cls.bob, "contribution", "money")
        cls.value(cls.alice, "benefit", "revenue")

    @classmethod
    def milestone(cls, user, title, days, status="planned", **extra):
        return services.milestone_create(
            party=cls.grant(user).acting_party(),
            actor=user,
            title=title,
            due_date=timezone.localdate() + timedelta(days=days),
            status=status,
            **extra,
        )

    @classmethod
    def value(cls, user, flow, category):
        return services.value_entry_create(
            party=cls.grant(user).acting_party(),
            actor=user,
            flow=flow,
            category=category,
            description=f"{flow} of {user.email}",
            occurred_on=days_ago(30),
        )

    def seen_by(self, user):
        return evidence(self.grant(user, "view").viewpoint, timezone.localdate())

    def per_party(self, figure):
        return {
            party.pk: (f.value, f.denominator)
            for party in (self.party_a, self.party_b)
            if (f := figure.of_party(party.pk)) is not None
        }

    def test_kpis_on_track_out_of_those_measured(self):
        figure = self.seen_by(self.alice).figure("kpis_on_track")
        self.assertEqual((figure.value, figure.denominator), (2, 3))
        self.assertEqual({r.id for r in figure.records}, {self.on_track.pk, self.alpha_kpi.pk})
        self.assertEqual(self.per_party(figure), {self.party_a.pk: (1, 1), self.party_b.pk: (1, 2)})

    def test_another_organizations_private_kpi_counts_nowhere(self):
        figure = self.seen_by(self.bob).figure("kpis_on_track")
        self.assertEqual((figure.value, figure.denominator), (1, 2))
        self.assertEqual(self.per_party(figure)[self.party_a.pk], (0, 0))

    def test_milestones_on_time_out_of_those_due_or_done(self):
        figure = self.seen_by(self.bob).figure("milestones_on_time")
        self.assertEqual((figure.value, figure.denominator), (1, 3))
        self.assertEqual([r.id for r in figure.records], [self.kept.pk])
        self.assertEqual(self.per_party(figure), {self.party_a.pk: (0, 1), self.party_b.pk: (1, 2)})

    def test_long_horizon_kpis_and_milestones_are_present(self):
        figure = self.seen_by(self.alice).figure("long_horizon")
        self.assertEqual(
            {r.id for r in figure.records if r.kind == "longterm.kpi"},
            {self.on_track.pk, self.unmeasured.pk, self.alpha_kpi.pk},
        )
        self.assertEqual(
            [r.id for r in figure.records if r.kind == "longterm.milestone"], [self.far.pk]
        )
        self.assertEqual(self.per_party(figure)[self.party_b.pk], (3, None))

    def test_value_balance_says_one_sided_with_the_entries_behind(self):
        figure = self.seen_by(self.alice).figure("value_balance")
        self.assertEqual((figure.value, figure.denominator), (0, 1))
        self.assertTrue(figure.note.startswith("One-sided"), figure.note)
        self.assertEqual(len(figure.records), 2)
        self.assertEqual(self.per_party(figure), {self.party_a.pk: (1, 1), self.party_b.pk: (0, 1)})

    def test_a_party_viewpoint_for_jobs_sees_what_its_members_see(self):
        today = timezone.localdate()
        for party, user in ((self.party_a, self.alice), (self.party_b, self.bob)):
            with self.subTest(party=party.organization.name):
                self.assertEqual(evidence(Viewpoint.of_party(party), today), self.seen_by(user))
