"""The overview's invitations table and the API's invitation list run a fixed number of queries
however many invitations there are, in whatever state."""

from typing import Any

from django.urls import reverse

from accord.core.invitations import (
    partnership_invitation_create,
    partnership_invitation_link,
    partnership_invitation_revoke,
    partnership_invite,
)
from accord.core.models import PartnershipInvitation
from tests.base import QueryCountTestCase, run_queued_jobs


class InvitationQueryCountTests(QueryCountTestCase):
    def setUp(self) -> None:
        self._grown = 0

    def grow(self, n: int) -> None:
        """n invitations of Alpha in each state: queued, sent, copied, opened, revoked, by hand."""
        for i in range(self._grown, self._grown + n):
            invite: dict[str, Any] = {
                "partnership": self.partnership,
                "inviting_party": self.party_a,
                "actor": self.alice,
            }
            for state in ("queued", "sent", "copied", "opened", "revoked"):
                invitation = partnership_invite(
                    **invite, name=f"P{i} {state}", email=f"p{i}.{state}@delta.test"
                )
                if state == "copied":
                    partnership_invitation_link(invitation=invitation, actor=self.alice)
                if state == "opened":
                    PartnershipInvitation.objects.filter(pk=invitation.pk).update(
                        opened_at=invitation.created_at
                    )
                if state == "revoked":
                    partnership_invitation_revoke(invitation=invitation, actor=self.alice)
            partnership_invitation_create(**invite, note=f"by hand {i}")
            if i % 2:
                run_queued_jobs()
        self._grown += n

    def test_the_overview_with_its_invitations(self):
        # Besides the invitations: the proposals (pending and the last decided) read in one go.
        url = reverse("accord-partnership", args=[self.partnership.pk])
        self.assertConstant(url, self.alice, 8)

    def test_the_overview_of_a_party_that_joined_by_invitation(self):
        # Beta joined by invitation: one more query asks whether to welcome bea.
        url = reverse("accord-partnership", args=[self.partnership.pk])
        self.assertConstant(url, self.bea, 9)

    def test_the_invitation_list_api(self):
        self.assertApiConstant("invitations", self.alice, 8)
