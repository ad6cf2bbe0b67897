"""Key pages and API calls run a fixed number of queries however much data there is."""

from django.urls import reverse

from accord.core.invitations import partnership_invitation_accept, partnership_invitation_create
from accord.core.models import Party, TeamRole
from accord.core.services import partnership_create, team_member_set
from tests.base import QueryCountTestCase, make_user


class QueryCountTests(QueryCountTestCase):
    def grow(self, n: int) -> None:
        """n more partnerships of Alpha, Beta and Gamma, each with a team on every side."""
        for i in range(n):
            p = partnership_create(organization=self.alpha, actor=self.alice, name=f"Grown {i}")
            party = Party.objects.get(partnership=p, organization=self.alpha)
            team_member_set(party=party, user=self.vic, role=TeamRole.CONTRIBUTOR, actor=self.alice)
            for org, admin in ((self.beta, self.bea), (self.gamma, self.olga)):
                _, token = partnership_invitation_create(
                    partnership=p, inviting_party=party, actor=self.alice
                )
                partnership_invitation_accept(token=token, organization=org, actor=admin)
        # More people on the main partnership too.
        for i in range(n):
            user = make_user(f"extra{self._grown + i}@beta.test", self.beta, "member")
            team_member_set(party=self.party_b, user=user, role="contributor", actor=self.bea)
        self._grown += n

    def setUp(self) -> None:
        self._grown = 0

    def test_partnership_list_page(self):
        self.assertConstant(reverse("accord-partnerships"), self.alice, 6)

    def test_partnership_page(self):
        self.assertConstant(
            # …and the pending and the last decided proposals (test_proposal_pages pins them).
            reverse("accord-partnership", args=[self.partnership.pk]),
            self.alice,
            8,
        )

    def test_history_page(self):
        url = reverse("accord-partnership-history", args=[self.partnership.pk])
        # + the filters' people and kinds (2), the people recorded by address in team changes
        self.assertConstant(url, self.bea, 10)

    def test_partnership_list_api(self):
        # token, its last-use stamp (3 with the savepoint), roles, page, parties (no count)
        self.assertConstant("/api/v1/partnerships", self.alice, 7, api=True)

    def test_parties_api(self):
        self.assertApiConstant("parties", self.bea, 7)
