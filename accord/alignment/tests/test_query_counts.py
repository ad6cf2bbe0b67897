"""The alignment view (page and API) runs a fixed number of queries however much data there is."""

from django.urls import reverse

from accord.alignment.models import LinkKind
from accord.alignment.tests.helpers import endorse, goal, link, objective
from accord.alignment.tests.test_alignment_view import kpi
from tests.base import QueryCountTestCase


class AlignmentQueryCountTests(QueryCountTestCase):
    GROW = (2, 15)

    def setUp(self) -> None:
        self.grown = 0

    def grow(self, n: int) -> None:
        """n more goals (endorsed, with KPIs) and, per party, n objectives (a private one among
        them) linked to them, with conflicts."""
        for i in range(self.grown, self.grown + n):
            target = goal(self, self.alice, f"Goal {i}")
            endorse(self, target, self.party_a, *([self.party_b] if i % 2 else []))
            kpi(self, self.party_b, target, private=bool(i % 3))
            for party_user in (self.alice, self.bob):
                aim = objective(
                    self, party_user, f"Aim {i}", visibility="private" if i % 4 == 0 else "shared"
                )
                link(aim, target, party_user, LinkKind.CONFLICTS if i % 5 == 0 else "supports")
        self.grown += n

    def test_alignment_page(self):
        # session, user, roles, parties, teams; the heads of the chains seen (the fragment's
        # key); objectives, goals, endorsements, links, KPIs
        url = reverse("accord-alignment", args=[self.partnership.pk])
        self.assertConstant(url, self.alice, 11)

    def test_alignment_page_from_the_fragment_cache(self):
        # unchanged since the last request: session, user, roles, parties, teams, heads
        url = reverse("accord-alignment", args=[self.partnership.pk])
        self.grow(3)
        self.count(url, self.alice)
        self.assertEqual(self.count(url, self.alice), 6)

    def test_alignment_api(self):
        # token, its last-use stamp (3 with the savepoint), roles, parties, teams; the five reads
        self.assertApiConstant("alignment", self.bob, 12)

    def test_goal_list_api(self):
        # token (4), roles, parties, teams; page, the partnership's parties, endorsements
        self.assertApiConstant("goals", self.bob, 10)
