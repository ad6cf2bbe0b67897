"""“Verify the history”: the same verification as `accord audit verify`, on the chains the
member sees, its result kept and shown on the page."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.audit.services import private_chain, shared_chain
from accord.audit.tests.tampering import rewrite_event
from accord.trust.models import HistoryCheck
from accord.trust.tests.base import TrustTestCase


class VerifyHistoryTests(TrustTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.commit("Shared promise", 3)
        cls.commit("Beta's own", 3, visibility="private")

    def verify(self, user):
        self.client.force_login(user)
        return self.client.post(
            reverse("accord-trust-verify", args=[self.partnership.pk]), follow=True
        )

    def test_an_intact_history_shows_its_events(self):
        shared = AuditEvent.objects.filter(chain=shared_chain(self.partnership.pk)).count()
        alphas = AuditEvent.objects.filter(
            chain=private_chain(self.partnership.pk, self.alpha.pk)
        ).count()
        response = self.verify(self.vic)  # a viewer may verify: it changes nothing
        self.assertContainsAll(
            response,
            f"The history is intact: {shared + alphas} events verified.",
            f"<strong>intact</strong>, {shared} events",
        )
        check = HistoryCheck.objects.get(organization=None)
        self.assertEqual(
            (check.chain, check.intact, check.events),
            (shared_chain(self.partnership.pk), True, shared),
        )
        out = StringIO()
        call_command("audit", "verify", "--partnership", str(self.partnership.pk), stdout=out)
        self.assertIn(f"ok      {check.chain}: {shared} events", out.getvalue())

    def test_each_party_checks_its_own_private_chain_only(self):
        self.verify(self.bob)
        chains = set(HistoryCheck.objects.values_list("chain", flat=True))
        self.assertEqual(
            chains,
            {shared_chain(self.partnership.pk), private_chain(self.partnership.pk, self.beta.pk)},
        )
        page = self.page_as(self.alice, "accord-trust")
        self.assertNotContains(page, "private history")  # Beta's check is not Alpha's to see
        self.assertContains(page, "Shared history")
        self.assertContains(self.page_as(self.bob, "accord-trust"), "private history")

    def test_a_rewritten_event_shows_the_first_broken_link(self):
        event = AuditEvent.objects.filter(chain=shared_chain(self.partnership.pk)).order_by("seq")[
            2
        ]
        rewrite_event(event, record_label="Forged")
        response = self.verify(self.alice)
        self.assertContainsAll(
            response,
            "The history does not hold",
            f"broken</strong> at event #{event.seq}",
            "does not match its keyed hash",
        )

    def test_through_the_api(self):
        path = f"/partnerships/{self.partnership.pk}/trust/verification"
        body = self.api("post", path, self.alice).json()
        self.assertEqual(
            [(c["chain"], c["intact"]) for c in body],
            [
                (shared_chain(self.partnership.pk), True),
                (private_chain(self.partnership.pk, self.alpha.pk), True),
            ],
        )
        summary = self.api("get", f"/partnerships/{self.partnership.pk}/trust", self.alice).json()
        self.assertEqual(summary["history"][0]["events"], body[0]["events"])


class KeptChecksTests(TrustTestCase):
    def test_only_the_last_checks_of_a_chain_are_kept(self):
        path = f"/partnerships/{self.partnership.pk}/trust/verification"
        for _ in range(12):
            self.api("post", path, self.bob)
        chain = shared_chain(self.partnership.pk)
        self.assertEqual(HistoryCheck.objects.filter(chain=chain).count(), 10)
