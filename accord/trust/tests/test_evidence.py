"""Practice 2's evidence: each figure, its records, per party, through each party's viewpoint."""

from django.utils import timezone

from accord.core.practices import practices
from accord.core.viewpoint import Viewpoint
from accord.trust import services
from accord.trust.models import Commitment, Concern, SharedItem
from accord.trust.tests.base import TrustTestCase


class EvidenceTests(TrustTestCase):
    on_time: Commitment
    late: Commitment
    broken: Commitment
    overdue: Commitment
    secret: Commitment
    read_item: SharedItem
    concern: Concern

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.on_time = cls.deliver(cls.commit("On time", -5), -6)
        cls.late = cls.deliver(cls.commit("Late", -10), -8)
        broken = cls.commit("Broken", -20)
        cls.broken = services.commitment_break(
            commitment=broken, party=cls.party_a, actor=cls.alice, expected_version=None, reason="x"
        )
        cls.overdue = cls.commit("Overdue", -1)
        cls.secret = cls.deliver(cls.commit("Secret", -2, visibility="private"), -2)
        by_bob = cls.acting_as(cls.bob)
        cls.read_item = services.item_create(**by_bob, title="Read", url="https://example.com/r")
        services.item_create(**by_bob, title="Unread", url="https://example.com/u")
        services.item_mark_read(item=cls.read_item, party=cls.party_a, actor=cls.alice)
        cls.concern = services.concern_create(**by_bob, topic="Open one", text="?")

    def evidence(self, viewpoint: Viewpoint):
        provider = next(p for p in practices() if p.slug == "trust").evidence_provider()
        return provider(viewpoint, timezone.localdate())

    def test_figures_through_alphas_eyes(self):
        evidence = self.evidence(Viewpoint.of_party(self.party_a))
        self.assertEqual(evidence.practice, 2)
        on_time = evidence.figure("commitments_on_time")
        self.assertEqual((on_time.value, on_time.denominator), (1, 4))
        self.assertEqual([r.label for r in on_time.records], ["On time"])
        beta = on_time.of_party(self.party_b.pk)
        assert beta is not None
        self.assertEqual((beta.value, beta.denominator), (1, 4))
        self.assertEqual(evidence.figure("commitments_broken").value, 1)
        self.assertEqual(evidence.figure("commitments_overdue").records[0].id, self.overdue.pk)
        read = evidence.figure("items_read")
        self.assertEqual((read.value, read.denominator, read.note), (1, 2, "Both sides share."))
        concerns = evidence.figure("concerns_answered")
        self.assertEqual((concerns.value, concerns.denominator), (0, 1))
        alpha = evidence.figure("concerns_open").of_party(self.party_a.pk)
        assert alpha is not None
        self.assertEqual(alpha.value, 1)  # raised to Alpha

    def test_a_private_commitment_counts_only_for_its_owner(self):
        theirs = self.evidence(Viewpoint.of_party(self.party_a)).figure("commitments_on_time")
        ours = self.evidence(Viewpoint.of_party(self.party_b)).figure("commitments_on_time")
        self.assertNotIn(self.secret.pk, [r.id for r in theirs.records])
        self.assertIn(self.secret.pk, [r.id for r in ours.records])
        self.assertEqual((ours.value, ours.denominator), (2, 5))
        shared = self.evidence(Viewpoint.shared(self.partnership)).figure("commitments_on_time")
        self.assertEqual((shared.value, shared.denominator), (1, 4))
