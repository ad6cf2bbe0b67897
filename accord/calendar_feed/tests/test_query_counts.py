"""The feed runs a fixed number of queries however many partnerships the user sees and however
many dated records they hold: each practice's provider is called once with every viewpoint."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.calendar_feed.tests.base import PRIVATE, FeedTestCase, days
from accord.core.invitations import partnership_invitation_accept, partnership_invitation_create
from accord.core.models import Party
from accord.core.services import partnership_create
from accord.longterm import services as longterm
from accord.roles import services as roles
from accord.roles.models import RuleKind
from accord.trust import services as trust


class FeedQueryCountTests(FeedTestCase):
    GROW = (1, 6)

    def grow(self, n: int) -> None:
        """n more partnerships of Alpha (alice leads) and Beta, each with shared and private
        commitments of both sides, a waiting decision, milestones and reviews; and more of the
        same in the cast's partnership."""
        for i in range(n):
            partnership = partnership_create(
                organization=self.alpha, actor=self.alice, name=f"P{i}"
            )
            alpha = Party.objects.get(partnership=partnership)
            _, token = partnership_invitation_create(
                partnership=partnership, inviting_party=alpha, actor=self.alice
            )
            beta = partnership_invitation_accept(
                token=token, organization=self.beta, actor=self.bea, team=[self.bob]
            )
            for party, user in ((alpha, self.alice), (beta, self.bob)):
                for visibility in ("shared", PRIVATE):
                    trust.commitment_create(
                        party=party,
                        actor=user,
                        title=f"C{i}",
                        due_date=days(i + 1),
                        visibility=visibility,
                    )
                    longterm.milestone_create(
                        party=party,
                        actor=user,
                        title=f"M{i}",
                        due_date=days(i + 2),
                        visibility=visibility,
                    )
                rule = roles.rule_create(
                    party=party, actor=user, title="R", kind=RuleKind.LEAD_PARTY, lead_party=party
                )
                roles.decision_create(
                    party=party,
                    actor=user,
                    rule=rule,
                    title=f"D{i}",
                    deadline=days(i + 3),
                    visibility=PRIVATE,
                )
            longterm.review_create(
                party=alpha,
                actor=self.alice,
                held_on=days(-i - 1),
                decision="continue",
                next_review_on=days(30 + i),
            )
            self.commitment(f"Cast {i}", i + 4)

    def count(self, user) -> tuple[int, int]:
        """(queries, events) of one read of the user's feed, by a new address (so that its
        first use is noted, as it is at every count)."""
        token = self.feed_token(user)
        with CaptureQueriesContext(connection) as queries:
            response = self.fetch(token)
        self.assertEqual(response.status_code, 200)
        return len(queries), response.content.count(b"BEGIN:VEVENT")

    def assertConstant(self, user, expected: int) -> None:
        small, large = self.GROW
        self.grow(small)
        first, few = self.count(user)
        self.grow(large)
        second, many = self.count(user)
        self.assertGreater(many, few)
        self.assertEqual((first, second), (expected, expected))

    def test_a_team_member_s_feed(self):
        # the feed and its user; its use noted; the user's roles; the viewpoints (parties of
        # the partnerships seen); commitments; decisions; meetings and cadences; risks' reviews
        # and plans' date triggers; milestones; reviews
        self.assertConstant(self.alice, 12)

    def test_an_organization_admin_s_feed(self):
        self.assertConstant(self.amy, 12)

    def test_the_other_party_s_member_s_feed(self):
        self.assertConstant(self.bob, 12)
