"""The QBR content: each section holds the records of the quarter it should."""

from django.utils import timezone

from accord.core.viewpoint import Viewpoint
from accord.lib.quarters import Quarter
from accord.reports.content import qbr_of
from accord.reports.services import qbr_render
from accord.reports.tests.base import NOW, Q3, ReportTestCase
from accord.roles.services import decision_create, decision_vote, rule_create, rule_endorse


def titles(records) -> set[str]:
    return {str(record) for record in records}


class QbrContentTests(ReportTestCase):
    def qbr(self, viewpoint=None, quarter=Q3):
        return qbr_of(viewpoint or Viewpoint.shared(self.partnership), quarter, NOW.date())

    def test_commitments_due_in_the_quarter_are_counted_per_party(self):
        rows = {row.party.pk: row for row in self.qbr().commitments}
        beta, alpha = rows[self.party_b.pk], rows[self.party_a.pk]
        self.assertEqual(titles(beta.kept), {"Ship 40 panels"})
        self.assertEqual(titles(beta.open), {"Site survey"})
        self.assertEqual(titles(alpha.broken), {"Train installers"})
        self.assertEqual(alpha.due, 1)

    def test_next_actions_hold_what_is_due_next_quarter(self):
        next_actions = self.qbr().next_actions
        self.assertEqual(titles(next_actions.commitments), {"Quarterly review pack"})
        self.assertEqual(titles(next_actions.milestones), {"Rollout phase 2"})

    def test_highlights_risks_value_goals_and_kpis(self):
        qbr = self.qbr()
        self.assertEqual(titles(qbr.highlights.updates), {"July progress"})
        self.assertEqual(titles(qbr.highlights.milestones_done), {"Pilot live"})
        self.assertEqual([str(line.risk) for line in qbr.risks], ["Supply delay"])
        self.assertEqual(titles(qbr.risks[0].plans), {"Second supplier"})
        beta = next(row for row in qbr.value.parties if row.party == self.party_b)
        self.assertEqual(beta.got_out.entries, 1)
        self.assertEqual([state.goal.title for state in qbr.goals], ["Cut install time in half"])
        self.assertEqual([f.kpi.name for f in qbr.kpis], ["Installed capacity"])

    def test_another_quarter_holds_none_of_these(self):
        qbr = self.qbr(quarter=Quarter(2026, 1))
        self.assertFalse(any(row.due for row in qbr.commitments))
        self.assertEqual(qbr.highlights.updates, [])
        self.assertEqual(qbr.value.entries, 0)

    def test_decisions_taken_in_the_quarter_and_waiting(self):
        rule = rule_create(party=self.party_a, actor=self.alice, title="Both decide")
        rule_endorse(rule=rule, party=self.party_a, actor=self.alice)
        rule_endorse(rule=rule, party=self.party_b, actor=self.bea)
        taken = decision_create(party=self.party_a, actor=self.alice, rule=rule, title="Go ahead")
        decision_create(party=self.party_a, actor=self.alice, rule=rule, title="Hire a trainer")
        for party, lead in ((self.party_a, self.alice), (self.party_b, self.bea)):
            decision_vote(decision=taken, party=party, actor=lead, verdict="approve")
        today = timezone.localdate()
        qbr = qbr_of(Viewpoint.shared(self.partnership), Quarter.of(today), today)
        self.assertEqual(titles(qbr.decisions_taken), {"Go ahead"})
        self.assertEqual(titles(qbr.decisions_waiting), {"Hire a trainer"})

    def test_the_html_shows_every_section(self):
        html = qbr_render(
            party=self.party_a,
            quarter=Q3,
            edition="shared",
            generated_by="alice@alpha.test",
            now=NOW,
            with_pdf=False,
        ).html
        for text in (
            "Solar rollout",
            "Alpha Energy",
            "Beta Solar",
            "Q3 2026",
            "Shared (for every party)",
            "alice@alpha.test",
            "<svg",
            "Installed capacity",
            "Cut install time in half",
            "Train installers",
            "No trainer.",
            "Supply delay",
            "Second supplier",
            "July progress",
            "Export market in Portugal.",
            "Pilot live",
            "Quarterly review pack",
            "Rollout phase 2",
        ):
            with self.subTest(text=text):
                self.assertIn(text, html)
