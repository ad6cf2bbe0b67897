"""Endorsing, linking and resolving racing the deletion of the same goal or link, on PostgreSQL:
no deadlock, no endorsed or linked goal deleted, every loser answers "not found" (items 9, 11)."""

from django.core.exceptions import ValidationError
from django.http import Http404

from accord.alignment import services
from accord.alignment.models import Endorsement, LinkKind, ObjectiveLink, SharedGoal
from accord.alignment.tests.helpers import goal, objective
from accord.audit.services import verify_chain
from accord.core.tests.races import RaceTestCase, race

ROUNDS = 6


class GoalRaceTests(RaceTestCase):
    def assert_only_lost(self, outcomes, *allowed: type[BaseException]) -> None:
        unexpected = [o for o in outcomes if o is not None and not isinstance(o, allowed)]
        self.assertEqual(unexpected, [])

    def test_an_endorsed_goal_is_never_deleted(self):
        for round_ in range(ROUNDS):
            reach = goal(self, self.alice, f"Reach {round_}")
            endorsed, deleted = race(
                lambda g=reach: services.goal_endorse(goal=g, party=self.party_b, actor=self.bea),
                lambda g=reach: services.goal_delete(record=g, actor=self.alice),
            )
            self.assert_only_lost([endorsed, deleted], Http404)
            self.assertIsNone(deleted)
            current = SharedGoal.objects.filter(pk=reach.pk).first()
            if endorsed is None:  # the endorsement went first: the goal is kept, dropped
                self.assertIsNotNone(current, f"round {round_}: an endorsed goal was deleted")
                assert current is not None
                self.assertEqual(current.status, "dropped")
                self.assertTrue(Endorsement.objects.filter(goal=reach).exists())
            else:  # the deletion went first: the endorsement found no goal
                self.assertIsNone(current)
        self.assertTrue(verify_chain(f"partnership:{self.partnership.pk}").intact)

    def test_a_link_made_while_the_goal_is_deleted_is_never_lost(self):
        for round_ in range(ROUNDS):
            reach = goal(self, self.alice, f"Reach {round_}")
            aim = objective(self, self.bob, f"Beta's aim {round_}", visibility="private")
            linked, deleted = race(
                lambda g=reach, o=aim: services.link_create(objective=o, goal=g, actor=self.bob),
                lambda g=reach: services.goal_delete(record=g, actor=self.alice),
            )
            self.assert_only_lost([linked, deleted], ValidationError)
            link_kept = ObjectiveLink.objects.filter(objective=aim).exists()
            self.assertEqual(link_kept, linked is None, f"round {round_}")
            if link_kept:
                self.assertEqual(SharedGoal.objects.get(pk=reach.pk).status, "dropped")

    def test_resolving_a_conflict_while_it_is_deleted_answers_not_found(self):
        reach = goal(self, self.alice, "Reach")
        for round_ in range(ROUNDS):
            aim = objective(self, self.bob, f"Beta's aim {round_}")
            conflict = services.link_create(
                objective=aim, goal=reach, actor=self.bob, kind=LinkKind.CONFLICTS
            )
            outcomes = race(
                lambda c=conflict: services.link_resolve(link=c, actor=self.bob, resolution="Ok"),
                lambda c=conflict: services.link_delete(record=c, actor=self.bea),
                lambda o=aim: services.objective_delete(record=o, actor=self.bob),
            )
            self.assert_only_lost(outcomes, Http404)
            self.assertFalse(ObjectiveLink.objects.filter(pk=conflict.pk).exists())
