"""`access.viewpoints_of(user)`: the viewpoint of every partnership the user sees, the same as
`partnership_access` gives one by one; and `viewpoint.records_seen_from`, its one filter."""

from accord.core.access import partnership_access, partnerships_visible_to, viewpoints_of
from accord.core.models import Partnership
from accord.core.services import partnership_create
from accord.core.viewpoint import records_seen_from
from tests.base import AccordTestCase
from tests.memos.models import Memo


class ViewpointsOfTests(AccordTestCase):
    solo: Partnership
    gammas: Partnership

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.solo = partnership_create(organization=cls.alpha, actor=cls.alice, name="Solo")
        cls.gammas = partnership_create(organization=cls.gamma, actor=cls.olga, name="Gamma's")

    def test_each_persona_gets_the_viewpoint_partnership_access_gives(self):
        for name in ("amy", "alice", "vic", "ann", "bea", "bob", "olga"):
            user = getattr(self, name)
            with self.subTest(user=name):
                found = {v.partnership.pk: v for v in viewpoints_of(user)}
                visible = set(partnerships_visible_to(user).values_list("pk", flat=True))
                self.assertEqual(set(found), visible)
                for pk, viewpoint in found.items():
                    expected = partnership_access(user, pk).viewpoint
                    self.assertEqual(viewpoint.party_ids, expected.party_ids)
                    self.assertEqual(
                        [p.pk for p in viewpoint.parties], [p.pk for p in expected.parties]
                    )
                    self.assertEqual(viewpoint.partnership.name, expected.partnership.name)

    def test_it_runs_two_queries_whatever_the_number_of_partnerships(self):
        for i in range(5):
            partnership_create(organization=self.alpha, actor=self.alice, name=f"More {i}")
        user = type(self.alice).objects.get(pk=self.alice.pk)
        with self.assertNumQueries(2):  # the roles, the parties with the partnerships
            viewpoints = viewpoints_of(user)
        self.assertEqual(len(viewpoints), 7)

    def test_records_seen_from_several_viewpoints(self):
        shared = self.record(Memo, text="shared")
        beta_private = self.record(Memo, text="beta private", private=True)
        alpha_private = self.record(Memo, party=self.party_a, text="alpha private", private=True)
        alice = viewpoints_of(self.alice)
        bob = viewpoints_of(self.bob)
        self.assertEqual(set(records_seen_from(alice, Memo.objects.all())), {shared, alpha_private})
        self.assertEqual(set(records_seen_from(bob, Memo.objects.all())), {shared, beta_private})
        self.assertEqual(list(records_seen_from([], Memo.objects.all())), [])
        for viewpoint in alice:
            for memo in (shared, alpha_private, beta_private):
                self.assertEqual(
                    viewpoint.sees(memo), memo in viewpoint.records(Memo.objects.all())
                )
