"""Item 8: one chain per partnership for what every party sees, one per (partnership,
organization) for that organization's private events; no number tells of the others' events."""

from django.db import transaction

from accord.audit.models import AuditEvent
from accord.audit.services import audit_record, private_chain, shared_chain, verify_trail
from accord.core.models import PartnershipInvitation
from tests.base import AccordTestCase
from tests.memos.models import Memo


class ChainsPerPartyTests(AccordTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for n in range(3):
            cls.record(Memo, private=True, text=f"Beta secret {n}")
        cls.record(Memo, text="Kick-off")

    def api_items(self, user) -> list[dict]:
        body = self.api("get", f"/partnerships/{self.partnership.pk}/audit?limit=200", user).json()
        return body["items"]

    def test_private_events_have_their_own_chain(self):
        beta_chain = private_chain(self.partnership.pk, self.beta.pk)
        seqs = list(AuditEvent.objects.filter(chain=beta_chain).values_list("seq", flat=True))
        self.assertEqual(seqs, [1, 2, 3])
        shared = AuditEvent.objects.filter(chain=shared_chain(self.partnership.pk))
        self.assertFalse(shared.filter(private_to__isnull=False).exists())
        self.assertTrue(all(report.intact for report in verify_trail()))

    def test_the_partner_sees_no_gap_and_no_trace_of_private_events(self):
        # Alpha's own private chain (its invitation of Beta) is Alpha's to see; Beta's is not.
        alphas = private_chain(self.partnership.pk, self.alpha.pk)
        items = self.api_items(self.alice)
        self.assertEqual(
            {item["chain"] for item in items}, {shared_chain(self.partnership.pk), alphas}
        )
        shared = [item for item in items if item["chain"] != alphas]
        self.assertEqual(sorted(item["seq"] for item in shared), list(range(1, len(shared) + 1)))
        self.assertFalse(any(item["private"] for item in shared))
        self.assertNotIn("Beta secret", str(items))
        page = self.page_as(self.alice, "accord-partnership-history")
        self.assertNotContains(page, "private #2")
        self.assertContains(page, f"#{len(shared)}<")
        self.assertNotContains(page, f"#{len(shared) + 1}<")

    def test_the_owner_sees_both_chains_merged_by_time_each_numbered_on_its_own(self):
        items = self.api_items(self.bob)
        private = [item for item in items if item["private"]]
        self.assertEqual([item["seq"] for item in private], [3, 2, 1])
        self.assertEqual(
            {item["chain"] for item in private}, {private_chain(self.partnership.pk, self.beta.pk)}
        )
        times = [item["at"] for item in items]
        self.assertEqual(times, sorted(times, reverse=True))
        self.assertEqual(items[0]["record_label"], "Kick-off")
        page = self.page_as(self.bob, "accord-partnership-history")
        self.assertContains(page, "private #3")

    def test_an_event_private_to_the_inviting_party_stays_with_it(self):
        invitation = PartnershipInvitation.objects.get()
        with transaction.atomic():
            audit_record(
                actor=self.alice,
                action="invite_revoke",
                record=invitation,
                changes={"note": ["Beta is our second choice", None]},
                partnership=self.partnership,
                private_to_id=self.alpha.pk,
            )
        self.assertNotIn("second choice", str(self.api_items(self.bob)))
        self.assertNotIn("second choice", str(self.api_items(self.bea)))
        self.assertIn("second choice", str(self.api_items(self.alice)))
        # After the invitation itself, which is Alpha's first private event.
        event = AuditEvent.objects.get(action="invite_revoke")
        self.assertEqual(
            (event.chain, event.seq), (private_chain(self.partnership.pk, self.alpha.pk), 2)
        )
