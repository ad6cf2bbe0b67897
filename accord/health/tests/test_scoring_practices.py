"""Each practice's formula through its real provider, at the edges: no data (unknown, never 0
nor 100), one record, all bad; and through each party's viewpoint."""

from accord.contingency import services as contingency
from accord.core.viewpoint import Viewpoint
from accord.health.checkup import health_of
from accord.health.models import Band
from accord.health.tests.builders import TODAY, Builder
from accord.roles import services as roles
from tests.base import AccordTestCase


class PracticeFormulaTests(AccordTestCase):
    def setUp(self) -> None:
        self.build = Builder(self)

    def scores(self, party=None) -> dict[int, int | None]:
        health = health_of(Viewpoint.of_party(party or self.party_a), TODAY)
        return {row.practice.number: row.evidence.score for row in health.practices}

    def test_an_empty_partnership_is_unknown_everywhere(self):
        health = health_of(Viewpoint.of_party(self.party_a), TODAY)
        for row in health.practices:
            with self.subTest(row.practice.tab_label):
                self.assertIsNone(row.evidence.score)
                self.assertEqual(row.evidence.confidence, 0.0)
        self.assertEqual((health.overall, health.band), (None, Band.UNKNOWN))
        self.assertEqual((health.flags, health.recommendations), ((), ()))

    def test_an_exit_plan_alone_says_nothing_and_its_absence_counts_beside_risks(self):
        exit_plan = contingency.exit_plan_create(**self.build.by(self.party_a), notice_days=30)
        self.assertIsNone(self.scores()[5])
        contingency.exit_plan_delete(record=exit_plan, actor=self.alice)
        self.build.risk(self.party_a, "Low one", (1, 1))
        # mitigated 100 x 1, reviewed 100 x 1, no exit plan 0 x 1
        self.assertEqual(self.scores()[5], 67)

    def test_one_kept_promise_scores_100_and_broken_ones_pull_it_down(self):
        self.build.kept(self.party_a, "Kept", -3)
        self.assertEqual(self.scores()[2], 100)
        self.build.broken(self.party_b, "Broken", -4)
        self.build.broken(self.party_b, "Broken too", -5)
        # on time 33 x 1, recent 33 x 2, not broken 33 x 1, the delivery undisputed 100 x 0.5
        self.assertEqual(self.scores()[2], 40)

    def test_every_promise_broken_or_overdue_scores_0(self):
        self.build.broken(self.party_a, "Broken", -4)
        self.build.commitment(self.party_b, "Overdue", -40)
        self.assertEqual(self.scores()[2], 0)

    def test_alignment_all_bad(self):
        goal = self.build.goal("Only Alpha's", self.party_a)
        self.build.objective(self.party_b, "Against", conflicts=goal)
        self.assertEqual(self.scores()[1], 0)

    def test_roles_one_activity_without_an_accountable_and_a_stuck_decision(self):
        workstream = roles.workstream_create(**self.build.by(self.party_a), title="Work")
        self.build.activity(workstream, "Orphan", "R")
        self.assertEqual(self.scores()[3], 0)
        rule = roles.rule_create(**self.build.by(self.party_a), title="Rule")
        self.build.decision(rule, "Stuck", -3)
        self.assertEqual(self.scores()[3], 0)

    def test_a_decision_past_its_deadline_lowers_roles_it_does_not_raise_it(self):
        rule = self.build.rule("Budget")
        self.build.decision(rule, "In time", 10)
        before = self.scores()[3] or 0
        self.build.decision(rule, "Stuck", -10)
        self.assertLess(self.scores()[3] or 0, before)

    def test_communication_one_update_never_acknowledged(self):
        self.build.update(self.party_a, "Unheard", acknowledged=False)
        self.assertEqual(self.scores()[4], 0)
        self.build.update(self.party_b, "Heard", acknowledged=True)
        self.assertEqual(self.scores()[4], 50)

    def test_longterm_one_kpi_behind(self):
        self.build.kpi(self.party_b, "Behind", 10, horizon="medium_term")
        self.assertEqual(self.scores()[6], 0)

    def test_private_records_count_only_in_their_partys_view(self):
        self.build.kept(self.party_a, "Shared", -3)
        broken = self.build.commitment(self.party_b, "Secret", -30)
        from accord.trust.models import Commitment

        Commitment.objects.filter(pk=broken.pk).update(visibility="private")
        self.assertEqual(self.scores(self.party_a)[2], 100)
        self.assertLess(self.scores(self.party_b)[2] or 0, 100)
