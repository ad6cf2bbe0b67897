"""The history selector reads through a Viewpoint, so jobs and reports reuse it."""

from accord.audit.selectors import partnership_history
from accord.core.access import partnership_access
from accord.core.models import Visibility
from accord.core.records import record_create
from accord.core.viewpoint import Viewpoint
from tests.base import AccordTestCase
from tests.memos.models import Memo


class HistoryThroughAViewpointTests(AccordTestCase):
    secret: Memo

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.secret = record_create(
            record=Memo(
                partnership=cls.partnership,
                owner_party=cls.party_b,
                visibility=Visibility.PRIVATE,
                text="Beta's floor price",
            ),
            actor=cls.bob,
        )

    def record_ids(self, viewpoint: Viewpoint) -> set[str]:
        return {event.record_id for event in partnership_history(viewpoint)}

    def test_a_party_sees_its_own_private_events(self):
        self.assertIn(str(self.secret.pk), self.record_ids(Viewpoint.of_party(self.party_b)))

    def test_the_other_party_and_the_shared_view_do_not(self):
        for viewpoint in (Viewpoint.of_party(self.party_a), Viewpoint.shared(self.partnership)):
            with self.subTest(parties=viewpoint.party_ids):
                events = partnership_history(viewpoint)
                self.assertTrue(events.exists())  # the shared chain is there
                self.assertFalse(events.filter(private_to=self.beta).exists())

    def test_a_user_s_grant_gives_the_same_events_as_their_party_s_viewpoint(self):
        grant = partnership_access(self.bob, self.partnership.pk)
        self.assertEqual(
            list(partnership_history(grant.viewpoint)),
            list(partnership_history(Viewpoint.of_party(self.party_b))),
        )
