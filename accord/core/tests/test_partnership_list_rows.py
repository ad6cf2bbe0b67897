"""Each row of the partnership list is kept rendered under its own content: a change of what a
row shows renders it anew at once."""

from django.core.cache import caches
from django.urls import reverse

from accord.core.models import TeamRole
from accord.core.records import record_update
from accord.core.services import team_member_set
from tests.base import AccordTestCase, make_user


class PartnershipListRowTests(AccordTestCase):
    def setUp(self) -> None:
        caches["fragments"].clear()

    def row(self, user) -> str:
        self.client.force_login(user)
        content = self.client.get(reverse("accord-partnerships")).content.decode()
        return content.split('<li class="plist-item">')[1].split("</li>")[0]

    def test_a_renamed_partnership_shows_its_new_name_at_once(self):
        self.assertIn("Solar rollout", self.row(self.alice))
        self.partnership.refresh_from_db()
        record_update(
            record=self.partnership,
            actor=self.alice,
            expected_version=self.partnership.version,
            changes={"name": "Solar everywhere"},
        )
        row = self.row(self.alice)
        self.assertIn("Solar everywhere", row)
        self.assertNotIn("Solar rollout", row)

    def test_a_team_grown_shows_its_new_size_at_once(self):
        self.assertIn('Beta Solar<span class="muted"> (2 on the team)', self.row(self.bob))
        cy = make_user("cy@beta.test", self.beta, "member")
        team_member_set(party=self.party_b, user=cy, role=TeamRole.CONTRIBUTOR, actor=self.bea)
        self.assertIn('Beta Solar<span class="muted"> (3 on the team)', self.row(self.bob))
