"""Deleting an objective, a link or a goal asks first, saying what goes with it; a goal
without a KPI offers to add one, with the goal chosen."""

import html

from accord.alignment.models import Objective, SharedGoal
from accord.alignment.selectors import goal_delete_note, objective_delete_notes
from accord.alignment.tests.helpers import goal, link, objective
from accord.core.access import forget_roles, partnership_access
from accord.core.models import Membership, Role
from tests.base import AccordTestCase


def confirms(response) -> list[str]:
    text = response.content.decode()
    return [html.unescape(part.split('"', 1)[0]) for part in text.split('data-confirm="')[1:]]


class DeleteConfirmationTests(AccordTestCase):
    linked: Objective
    alone: Objective
    goal: SharedGoal
    other_goal: SharedGoal

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.linked = objective(cls, cls.bob, "Train installers")
        cls.alone = objective(cls, cls.bob, "Open a depot")
        cls.goal = goal(cls, cls.bob, "Certify installers")
        cls.other_goal = goal(cls, cls.bob, "Grow the market")
        link(cls.linked, cls.goal, cls.bob)
        link(cls.linked, cls.other_goal, cls.bob)

    def test_deleting_an_objective_says_how_many_links_go_with_it(self):
        notes = objective_delete_notes([self.linked, self.alone])
        self.assertEqual(
            notes[self.linked.pk],
            "Deleting the objective “Train installers” also removes its 2 links. "
            "This cannot be undone.",
        )
        self.assertEqual(
            notes[self.alone.pk], "Delete the objective “Open a depot”? This cannot be undone."
        )
        page = self.page_as(self.bob, "accord-objectives")
        self.assertIn(notes[self.linked.pk], confirms(page))
        self.assertIn(notes[self.alone.pk], confirms(page))

    def test_the_objectives_page_reads_the_counts_in_one_query(self):
        self.page_as(self.bob, "accord-objectives")
        with self.assertNumQueries(1):
            objective_delete_notes([self.linked, self.alone])

    def test_another_party_is_asked_nothing_about_objectives_it_cannot_delete(self):
        page = self.page_as(self.alice, "accord-objectives")
        self.assertContains(page, "Train installers")
        self.assertEqual(confirms(page), [])

    def test_deleting_a_link_asks_first(self):
        page = self.page_as(self.bob, "accord-links")
        questions = confirms(page)
        self.assertEqual(len(questions), 2)
        self.assertTrue(all(q.startswith("Delete the link") for q in questions), questions)

    def test_deleting_a_goal_counts_the_deleting_party_s_links_and_warns_of_dropping(self):
        grant = partnership_access(self.bob, self.partnership.pk, "edit")
        note = goal_delete_note(self.goal, grant.editing_parties)
        self.assertIn("also removes its 1 link", note)
        self.assertIn("dropped instead", note)
        alice_grant = partnership_access(self.alice, self.partnership.pk, "edit")
        self.assertNotIn("link", goal_delete_note(self.goal, alice_grant.editing_parties))
        page = self.page_as(self.bob, "accord-goal-edit", self.goal.pk)
        self.assertIn(note, confirms(page))


class AddKpiFromGoalTests(AccordTestCase):
    goal: SharedGoal

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.goal = goal(cls, cls.bob, "Certify installers")

    def test_goals_without_a_kpi_offer_to_add_one_for_that_goal(self):
        link = f"/partnerships/{self.partnership.pk}/long-term/kpis/new/?goal={self.goal.pk}"
        for name in ("accord-alignment", "accord-goals"):
            with self.subTest(page=name):
                self.assertContains(self.page_as(self.bob, name), link)

    def test_a_viewer_who_cannot_edit_is_not_offered_it(self):
        Membership.objects.filter(user=self.bob).update(role=Role.VIEWER)
        forget_roles(self.bob)
        page = self.page_as(self.bob, "accord-goals")
        self.assertContains(page, "Certify installers")
        self.assertNotContains(page, "kpis/new/?goal=")
