"""Item 10(d): each party's external anchor, a signed receipt of the chain heads it sees."""

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.urls import reverse

from accord.audit.models import AuditEvent, ChainHead
from accord.audit.services import private_chain, shared_chain, verify_chain
from accord.audit.tests.tampering import delete_events, rewrite_event, set_head
from tests.base import AccordTestCase
from tests.memos.models import Memo


class ReceiptTests(AccordTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.record(Memo, party=cls.party_a, private=True, text="Alpha secret")
        cls.record(Memo, private=True, text="Beta secret")

    def download(self, user) -> dict:
        self.client.force_login(user)
        response = self.client.get(
            reverse("accord-partnership-history-receipt", args=[self.partnership.pk])
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        return json.loads(response.content)

    def verify(self, receipt: dict) -> str:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "receipt.json"
            path.write_text(json.dumps(receipt))
            out = StringIO()
            try:
                call_command("audit", "verify", "--receipt", str(path), stdout=out)
            except CommandError as error:
                raise AssertionError(out.getvalue() + str(error)) from error
            return out.getvalue()

    def assertVerifyFails(self, receipt: dict, message: str) -> None:
        with self.assertRaises(AssertionError) as failure:
            self.verify(receipt)
        self.assertIn(message, str(failure.exception))

    def test_each_party_receives_only_the_heads_of_the_chains_it_sees(self):
        shared = shared_chain(self.partnership.pk)
        for user, org in ((self.alice, self.alpha), (self.bob, self.beta)):
            receipt = self.download(user)
            chains = [head["chain"] for head in receipt["heads"]]
            self.assertEqual(chains, sorted([shared, private_chain(self.partnership.pk, org.pk)]))
            head = ChainHead.objects.get(chain=shared)
            self.assertIn(
                {
                    "chain": shared,
                    "seq": head.seq,
                    "digest": head.digest,
                    "at": head.updated.isoformat(),
                },
                receipt["heads"],
            )
        self.client.force_login(self.olga)
        outsider = reverse("accord-partnership-history-receipt", args=[self.partnership.pk])
        self.assertEqual(self.client.get(outsider).status_code, 404)

    def test_the_api_gives_the_same_receipt(self):
        url = f"/partnerships/{self.partnership.pk}/audit/receipt"
        receipt = self.api("get", url, self.bob).json()
        self.assertNotIn(private_chain(self.partnership.pk, self.alpha.pk), str(receipt))
        self.assertIn("receipt", self.verify(receipt))
        self.assertEqual(self.api("get", url, self.olga).status_code, 404)

    def test_verify_passes_while_the_trail_extends_the_receipt(self):
        receipt = self.download(self.bob)
        self.record(Memo, text="Later")
        out = self.verify(receipt)
        self.assertIn("the chain still extends it", out)
        self.assertIn("chains intact", out)

    def test_verify_fails_after_a_rewrite_before_the_receipt(self):
        receipt = self.download(self.alice)
        event = AuditEvent.objects.get(chain=shared_chain(self.partnership.pk), seq=2)
        rewrite_event(event, record_label="forged")
        self.assertVerifyFails(receipt, "REWRITTEN")

    def test_verify_fails_after_a_truncation_before_the_receipt_even_with_the_head_moved(self):
        receipt = self.download(self.alice)
        chain = shared_chain(self.partnership.pk)
        kept = AuditEvent.objects.get(chain=chain, seq=3)
        delete_events(chain, from_seq=4)
        set_head(chain, 3, kept.digest)  # the attacker covers the cut: the trail alone holds
        self.assertTrue(verify_chain(chain).intact)
        self.assertVerifyFails(receipt, "TRUNCATED: the chain ends at #3")

    def test_a_forged_receipt_is_refused(self):
        receipt = self.download(self.alice)
        receipt["heads"][0]["seq"] += 1
        self.assertVerifyFails(receipt, "signature does not hold")

    def test_a_file_that_is_no_receipt_is_refused_clearly(self):
        self.assertVerifyFails({"heads": []}, "not an Accord audit receipt")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "receipt.json"
            path.write_text("{not json")
            with self.assertRaisesMessage(CommandError, "Cannot read the receipt"):
                call_command("audit", "verify", "--receipt", str(path), stdout=StringIO())
