"""The alignment view, checked against a hand-worked example as seen by each party.

The partnership (Alpha + Beta):

    Alpha objectives  A1 shared, A2 shared, A3 private, A4 dropped, A5 shared
    Beta objectives   B1 shared, B2 private, B3 shared
    Goals             G1 endorsed by both (agreed), G2 by Alpha only, G3 endorsed by both but
                      dropped, G4 by nobody
    Links             A1→G1 supports, A2→G2 supports, A3→G1 supports, A4→G1 supports,
                      B1→G1 supports, B1→G2 conflicts (open), B2→G1 supports,
                      B2→G4 conflicts (open, private to Beta), B3→G3 supports,
                      B3→G1 conflicts (resolved)
    KPIs              G1: one shared (Alpha's); G2: one private to Beta

Alpha sees (Beta's private B2 and its links do not exist for Alpha):
    Alpha  objectives A1 A2 A3 A5 = 4; supported (by agreed G1) A1 A3 = 2; 2/4 = 50 %;
           orphans: A5 (A2 supports G2, which is current though not agreed) = 1
    Beta   objectives B1 B3 = 2; supported B1 = 1; 1/2 = 50 %; orphans B3 (G3 dropped) = 1
    open conflicts B1→G2 = 1; resolved B3→G1 = 1
    goals not agreed G2 (missing Beta), G4 (missing Alpha, Beta) = 2
    goals without a KPI Alpha can see: G2 (Beta's KPI is private), G4 = 2
Beta sees (Alpha's private A3 does not exist for Beta):
    Alpha  A1 A2 A5 = 3; supported A1 = 1; 1/3 = 33 %; orphans A5 = 1
    Beta   B1 B2 B3 = 3; supported B1 B2 = 2; 2/3 = 67 %; orphans B3 = 1
    open conflicts B1→G2, B2→G4 = 2; goals not agreed = 2; goals without a KPI: G4 = 1
"""

from datetime import date

from django.urls import reverse

from accord.alignment.models import LinkKind
from accord.alignment.selectors import alignment_of, percent, share
from accord.alignment.services import goal_update, link_resolve
from accord.alignment.tests.helpers import endorse, goal, grant_of, link, objective
from accord.core.invitations import partnership_invitation_accept, partnership_invitation_create
from accord.longterm.models import Kpi
from tests.base import AccordTestCase

C = LinkKind.CONFLICTS


def build_example(t) -> None:
    t.a1 = objective(t, t.alice, "A1")
    t.a2 = objective(t, t.alice, "A2")
    t.a3 = objective(t, t.alice, "A3", visibility="private")
    t.a4 = objective(t, t.alice, "A4", status="dropped")
    t.a5 = objective(t, t.alice, "A5")
    t.b1 = objective(t, t.bob, "B1")
    t.b2 = objective(t, t.bob, "B2", visibility="private")
    t.b3 = objective(t, t.bob, "B3")
    t.g1, t.g2, t.g3, t.g4 = (goal(t, t.alice, f"G{i}") for i in range(1, 5))
    endorse(t, t.g1, t.party_a, t.party_b)
    endorse(t, t.g2, t.party_a)
    endorse(t, t.g3, t.party_a, t.party_b)
    goal_update(record=t.g3, actor=t.alice, expected_version=1, changes={"status": "dropped"})
    for o, g in ((t.a1, t.g1), (t.a2, t.g2), (t.a3, t.g1), (t.a4, t.g1)):
        link(o, g, t.alice)
    t.open_conflict = link(t.b1, t.g2, t.bob, C)
    t.private_conflict = link(t.b2, t.g4, t.bob, C)
    for o, g in ((t.b1, t.g1), (t.b2, t.g1), (t.b3, t.g3)):
        link(o, g, t.bob)
    t.resolved = link(t.b3, t.g1, t.bob, C)
    link_resolve(link=t.resolved, actor=t.bob, resolution="Scoped out.")
    kpi(t, t.party_a, t.g1)
    kpi(t, t.party_b, t.g2, private=True)


def kpi(t, party, goal_, private: bool = False) -> Kpi:
    return t.record(
        Kpi,
        party=party,
        private=private,
        name=f"KPI of {goal_.title}",
        baseline=0,
        baseline_date=date(2026, 1, 1),
        target=10,
        target_date=date(2027, 1, 1),
        goal=goal_,
    )


class ExampleTestCase(AccordTestCase):
    """Tests on the hand-worked example of this module's docstring."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_example(cls)


class FigureHelperTests(AccordTestCase):
    def test_percent_rounds_halves_up(self):
        self.assertEqual(
            [percent(1, 8), percent(1, 3), percent(2, 3), percent(0, 5), percent(0, 0)],
            [13, 33, 67, 0, None],
        )

    def test_share_is_the_fraction_to_four_decimals(self):
        self.assertEqual([share(2, 3), share(1, 2), share(0, 0)], [0.6667, 0.5, None])


class AlignmentSelectorTests(ExampleTestCase):
    def figures(self, user) -> dict:
        view = alignment_of(grant_of(self, user).viewpoint)
        return {
            f.party.organization.slug: (
                sorted(o.title for o in f.objectives),
                sorted(o.title for o in f.supported),
                f.percent,
                sorted(o.title for o in f.orphans),
            )
            for f in view.parties
        }

    def test_alpha_sees_the_hand_counted_figures(self):
        self.assertEqual(
            self.figures(self.alice),
            {
                "alpha": (["A1", "A2", "A3", "A5"], ["A1", "A3"], 50, ["A5"]),
                "beta": (["B1", "B3"], ["B1"], 50, ["B3"]),
            },
        )

    def test_beta_sees_the_hand_counted_figures(self):
        self.assertEqual(
            self.figures(self.bob),
            {
                "alpha": (["A1", "A2", "A5"], ["A1"], 33, ["A5"]),
                "beta": (["B1", "B2", "B3"], ["B1", "B2"], 67, ["B3"]),
            },
        )

    def test_conflicts_goals_and_kpis_as_alpha_sees_them(self):
        view = alignment_of(grant_of(self, self.alice).viewpoint)
        self.assertEqual([link.pk for link in view.open_conflicts], [self.open_conflict.pk])
        self.assertEqual([link.pk for link in view.resolved_conflicts], [self.resolved.pk])
        self.assertEqual(
            [
                (s.goal.title, [p.organization.slug for p in s.missing])
                for s in view.goals_not_agreed
            ],
            [("G2", ["beta"]), ("G4", ["alpha", "beta"])],
        )
        self.assertEqual([s.goal.title for s in view.goals_without_kpi], ["G2", "G4"])
        self.assertEqual([s.goal.title for s in view.goals], ["G1", "G2", "G4"])

    def test_conflicts_goals_and_kpis_as_beta_sees_them(self):
        view = alignment_of(grant_of(self, self.bea).viewpoint)
        self.assertEqual(
            sorted(link.pk for link in view.open_conflicts),
            sorted([self.open_conflict.pk, self.private_conflict.pk]),
        )
        self.assertEqual(len(view.goals_not_agreed), 2)
        self.assertEqual([s.goal.title for s in view.goals_without_kpi], ["G4"])

    def test_the_matrix_holds_each_link_kind_by_party(self):
        view = alignment_of(grant_of(self, self.alice).viewpoint)
        cells = {
            row.objective.title: [link.kind if link else None for link in row.cells]
            for _, rows in view.matrix
            for row in rows
        }
        self.assertEqual(
            cells,
            {
                "A1": ["supports", None, None],
                "A2": [None, "supports", None],
                "A3": ["supports", None, None],
                "A5": [None, None, None],
                "B1": ["supports", "conflicts", None],
                "B3": ["conflicts", None, None],
            },
        )
        self.assertEqual([party.organization.slug for party, _ in view.matrix], ["alpha", "beta"])

    def test_a_party_that_joins_later_has_no_objectives_and_blocks_agreement(self):
        _, token = partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
        )
        partnership_invitation_accept(token=token, organization=self.gamma, actor=self.olga)
        view = alignment_of(grant_of(self, self.alice).viewpoint)
        gamma = view.parties[-1]
        self.assertEqual((len(gamma.objectives), gamma.share, gamma.percent), (0, None, None))
        self.assertEqual([len(f.supported) for f in view.parties], [0, 0, 0])


class AlignmentApiTests(ExampleTestCase):
    def get(self, user) -> dict:
        response = self.api("get", f"/partnerships/{self.partnership.pk}/alignment", user)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_each_number_comes_with_the_ids_behind_it(self):
        body = self.get(self.alice)
        alpha, beta = body["parties"]
        self.assertEqual(alpha["objectives"]["count"], 4)
        self.assertEqual(
            sorted(alpha["objectives"]["ids"]),
            sorted(o.pk for o in (self.a1, self.a2, self.a3, self.a5)),
        )
        self.assertEqual(alpha["supported"], {"count": 2, "ids": [self.a1.pk, self.a3.pk]})
        self.assertEqual((alpha["share"], alpha["percent"]), ("0.5000", 50))
        self.assertEqual(alpha["orphans"], {"count": 1, "ids": [self.a5.pk]})
        self.assertEqual(beta["orphans"], {"count": 1, "ids": [self.b3.pk]})
        self.assertEqual(body["open_conflicts"]["ids"], [self.open_conflict.pk])
        self.assertEqual(body["resolved_conflicts"]["ids"], [self.resolved.pk])
        self.assertEqual(body["goals_not_agreed"]["ids"], [self.g2.pk, self.g4.pk])
        self.assertEqual(body["goals_without_kpi"]["ids"], [self.g2.pk, self.g4.pk])
        self.assertEqual([g["title"] for g in body["matrix"]["goals"]], ["G1", "G2", "G4"])

    def test_betas_private_objective_changes_nothing_alpha_sees(self):
        text = str(self.get(self.alice))
        self.assertNotIn("'B2'", text)
        self.assertNotIn(self.private_conflict.pk, self.get(self.alice)["open_conflicts"]["ids"])
        beta_as_alpha = self.get(self.alice)["parties"][1]
        self.assertEqual(
            (beta_as_alpha["objectives"]["count"], beta_as_alpha["share"]), (2, "0.5000")
        )

    def test_beta_counts_its_own_private_objective(self):
        beta = self.get(self.bob)["parties"][1]
        self.assertEqual(
            (
                beta["objectives"]["count"],
                beta["supported"]["count"],
                beta["share"],
                beta["percent"],
            ),
            (3, 2, "0.6667", 67),
        )
        self.assertIn(self.b2.pk, beta["supported"]["ids"])
        self.assertEqual(self.get(self.bob)["open_conflicts"]["count"], 2)


class AlignmentPageTests(ExampleTestCase):
    def test_the_page_shows_the_figures_and_links_each_to_its_records(self):
        self.client.force_login(self.alice)
        url = reverse("accord-alignment", args=[self.partnership.pk])
        response = self.client.get(url)
        objectives = reverse("accord-objectives", args=[self.partnership.pk])
        self.assertContains(
            response,
            f'{objectives}?party={self.party_a.pk}&amp;show=supported" data-figure="supported">2<',
        )
        self.assertContains(
            response,
            f'{objectives}?party={self.party_b.pk}&amp;show=orphans" data-figure="orphans">1<',
        )
        self.assertContainsAll(
            response,
            'data-figure="open-conflicts">1<',
            'data-figure="goals-not-agreed">2<',
            'data-figure="goals-without-kpi">2<',
            "50%",
        )
        self.assertNotContains(response, ">B2<")

    def test_a_figures_link_lists_exactly_the_records_behind_it(self):
        self.client.force_login(self.bob)
        url = reverse("accord-objectives", args=[self.partnership.pk])
        response = self.client.get(url, {"party": self.party_b.pk, "show": "supported"})
        rows = [o.title for o in response.context["objectives"]]
        self.assertEqual(sorted(rows), ["B1", "B2"])
        response = self.client.get(url, {"party": self.party_a.pk, "show": "orphans"})
        self.assertEqual([o.title for o in response.context["objectives"]], ["A5"])

    def test_beta_sees_its_own_figures_on_the_page(self):
        response = self.page_as(self.bob, "accord-alignment")
        self.assertContainsAll(response, "67%", "33%", 'data-figure="goals-without-kpi">1<')
        self.assertNotContains(response, ">A3<")
