"""The Trust page and the API lists of practice 2 run a fixed number of queries however many
commitments, items (with reads) and concerns (with replies) there are."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.trust import services
from accord.trust.tests.base import TrustTestCase
from tests.base import QueryCountTestCase

PDF = b"%PDF-1.4\n%%EOF\n"


class TrustQueryCountTests(QueryCountTestCase, TrustTestCase):
    GROW = (1, 8)

    def grow(self, n: int) -> None:
        """n more of everything on each side: an open, a delivered-and-confirmed and a broken
        commitment, a private one, a link read by the other side, a document, a concern
        answered by the other side; and history checks."""
        for user, other, other_user in (
            (self.bob, self.party_a, self.alice),
            (self.alice, self.party_b, self.bob),
        ):
            by = self.acting_as(user)
            for i in range(n):
                self.commit(f"Open {i}", 5, user=user, promiser_person_id=user.pk)
                kept = self.deliver(self.commit(f"Kept {i}", -5, user=user), -6)
                services.commitment_confirm(
                    commitment=kept, party=other, actor=other_user, expected_version=None
                )
                broken = self.commit(f"Broken {i}", -20, user=user)
                services.commitment_break(
                    commitment=broken,
                    party=other,
                    actor=other_user,
                    expected_version=None,
                    reason="Never.",
                )
                self.commit(f"Private {i}", -1, user=user, visibility="private")
                link = services.item_create(**by, title=f"L{i}", url="https://example.com")
                services.item_mark_read(item=link, party=other, actor=other_user)
                services.item_create(
                    **by,
                    title=f"D{i}",
                    upload=SimpleUploadedFile(f"d{i}.pdf", PDF, content_type="application/pdf"),
                )
                concern = services.concern_create(**by, topic=f"C{i}", text="Why?")
                services.concern_answer(
                    concern=concern, party=other, actor=other_user, expected_version=None, text="Ok"
                )
        self.api("post", f"/partnerships/{self.partnership.pk}/trust/verification", self.bob)

    def test_trust_page(self):
        # session, user, roles, parties and teams; the heads of the chains seen (the fragment's
        # key); the last history checks; commitments; items and their reads; concerns and
        # their replies
        self.assertConstant(reverse("accord-trust", args=[self.partnership.pk]), self.alice, 13)

    def test_trust_page_from_the_fragment_cache(self):
        # unchanged since the last request: session, user, roles, parties, teams, heads, checks
        url = reverse("accord-trust", args=[self.partnership.pk])
        self.grow(3)
        self.count(url, self.alice)
        self.assertEqual(self.count(url, self.alice), 8)

    def test_trust_summary(self):
        self.assertApiConstant("trust", self.alice, 13)

    def test_commitment_list(self):
        self.assertApiConstant("commitments?limit=100", self.alice, 8)

    def test_item_list(self):
        self.assertApiConstant("items?limit=100", self.alice, 9)

    def test_concern_list(self):
        self.assertApiConstant("concerns?limit=100", self.alice, 9)
