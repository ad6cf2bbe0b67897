"""Concerns: raised to the other party, answered by it, closed or reopened by the raiser."""

from datetime import UTC, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError

from accord.audit.models import AuditEvent
from accord.trust import services
from accord.trust.models import Concern, ConcernStatus
from accord.trust.tests.base import TrustTestCase


class ConcernTests(TrustTestCase):
    def raise_(self) -> Concern:
        return services.concern_create(
            **self.acting_as(self.bob), topic="Slow approvals", text="Three weeks.", severity="high"
        )

    def test_raised_to_the_only_other_party_and_always_shared(self):
        concern = self.raise_()
        self.assertEqual(concern.addressed_to, self.party_a)
        with self.assertRaises(ValidationError):
            services.concern_update(
                record=concern,
                actor=self.bob,
                expected_version=concern.version,
                changes={"visibility": "private"},
            )

    def test_answer_close_reopen(self):
        concern = self.raise_()
        with self.assertRaises(PermissionDenied):
            services.concern_answer(
                concern=concern,
                party=self.party_b,
                actor=self.bob,
                expected_version=None,
                text="Me",
            )
        with self.assertRaises(PermissionDenied):
            services.concern_close(
                concern=concern, party=self.party_a, actor=self.alice, expected_version=None
            )
        answered = services.concern_answer(
            concern=concern,
            party=self.party_a,
            actor=self.alice,
            expected_version=concern.version,
            text="We add a second approver.",
        )
        self.assertEqual(answered.status, ConcernStatus.ANSWERED)
        first = answered.first_answered_at
        closed = services.concern_close(
            concern=answered, party=self.party_b, actor=self.bob, expected_version=answered.version
        )
        self.assertEqual(closed.status, ConcernStatus.RESOLVED)
        with self.assertRaisesMessage(ValidationError, "reopens it first"):
            services.concern_answer(
                concern=closed,
                party=self.party_a,
                actor=self.alice,
                expected_version=None,
                text="More",
            )
        reopened = services.concern_reopen(
            concern=closed,
            party=self.party_b,
            actor=self.bob,
            expected_version=closed.version,
            reason="Still three weeks.",
        )
        self.assertEqual(
            (reopened.status, reopened.reopened, reopened.resolved_at),
            (ConcernStatus.OPEN, 1, None),
        )
        again = services.concern_answer(
            concern=reopened,
            party=self.party_a,
            actor=self.alice,
            expected_version=None,
            text="Now two.",
        )
        self.assertEqual(again.first_answered_at, first)  # the first answer's time is kept
        self.assertEqual(
            [r.text for r in again.replies.order_by("written_at", "id")],
            ["We add a second approver.", "Still three weeks.", "Now two."],
        )

    def test_an_answered_concern_is_closed_not_deleted(self):
        concern = self.raise_()
        services.concern_answer(
            concern=concern, party=self.party_a, actor=self.alice, expected_version=None, text="Ok"
        )
        with self.assertRaises(ValidationError):
            services.concern_delete(record=concern, actor=self.bob)

    def test_api_answer_and_stale_close(self):
        concern = self.raise_()
        base = f"/partnerships/{self.partnership.pk}/concerns/{concern.pk}"
        own = self.api(
            "post", f"{base}/answers", self.bob, {"version": concern.version, "text": "Me"}
        )
        self.assertEqual(own.status_code, 403)
        viewer = self.api(
            "post", f"{base}/answers", self.vic, {"version": concern.version, "text": "Hi"}
        )
        self.assertEqual(viewer.status_code, 403)
        answered = self.api(
            "post", f"{base}/answers", self.alice, {"version": concern.version, "text": "Ok"}
        )
        self.assertEqual(answered.status_code, 200, answered.content)
        body = answered.json()
        self.assertEqual((body["status"], len(body["replies"])), ("answered", 1))
        self.assertIsNotNone(body["hours_to_first_answer"])
        stale = self.api("post", f"{base}/close", self.bob, {"version": concern.version})
        self.assertEqual(stale.status_code, 409)
        closed = self.api("post", f"{base}/close", self.bob, {"version": body["version"]})
        self.assertEqual(closed.json()["status"], "resolved")
        twice = self.api("post", f"{base}/close", self.bob, {"version": closed.json()["version"]})
        self.assertEqual(twice.status_code, 400)

    def test_the_page_lists_the_concern_with_its_actions(self):
        concern = self.raise_()
        response = self.page_as(self.alice, "accord-trust")
        self.assertContainsAll(
            response, "Slow approvals", "High", f"/concerns/{concern.pk}/answer/"
        )
        self.assertNotContains(response, f"/concerns/{concern.pk}/close/")

    def test_the_moments_are_taken_when_given(self):
        """A concern raised, answered and closed at given moments (an import, the demo): the
        concern tells those moments; its audit trail keeps when it was written."""
        raised = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        concern = services.concern_create(
            **self.acting_as(self.bob), topic="Late", text="Why?", now=raised
        )
        concern = services.concern_answer(
            concern=concern,
            party=self.party_a,
            actor=self.alice,
            expected_version=None,
            text="Holidays.",
            now=raised + timedelta(hours=3),
        )
        concern = services.concern_close(
            concern=concern,
            party=self.party_b,
            actor=self.bob,
            expected_version=None,
            now=raised + timedelta(days=1),
        )
        self.assertEqual(concern.created_at, raised)
        self.assertEqual(concern.hours_to_first_answer, 3.0)
        self.assertEqual(concern.resolved_at, raised + timedelta(days=1))
        self.assertEqual(concern.replies.get().written_at, raised + timedelta(hours=3))
        written = AuditEvent.objects.filter(record_type="trust.Concern", action="create").get()
        self.assertGreater(written.at, raised + timedelta(days=1))
