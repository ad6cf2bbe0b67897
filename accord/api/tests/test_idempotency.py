"""Idempotency keys: a POST retried with its `Idempotency-Key` takes effect once (decision 0011)."""

import json
from datetime import datetime, timedelta
from typing import Any

from django.test import RequestFactory
from django.utils import timezone

from accord.alignment.models import Endorsement, Objective
from accord.api.idempotency import LOCK_TIMEOUT, TTL, body_fingerprint
from accord.api.models import IdempotencyKey
from accord.audit.models import AuditEvent
from accord.core.models import PartnershipInvitation
from accord.core.services import partnership_create
from accord.ops.jobs import ops_prune
from tests.base import AccordTestCase


class IdempotencyTests(AccordTestCase):
    def post(
        self, path: str, user: Any, data: Any = None, key: str | None = "key-1", **headers: str
    ) -> Any:
        headers["Authorization"] = f"Bearer {self.token_for(user)}"
        if key is not None:
            headers["Idempotency-Key"] = key
        body = "" if data is None else json.dumps(data)
        return self.client.post(
            f"/api/v1{path}", body, content_type="application/json", headers=headers
        )

    @property
    def objectives(self) -> str:
        return f"/partnerships/{self.partnership.pk}/objectives"

    def goal(self) -> int:
        response = self.post(
            f"/partnerships/{self.partnership.pk}/goals", self.alice, {"title": "G"}
        )
        self.assertEqual(response.status_code, 201, response.content)
        return response.json()["id"]

    def test_without_a_key_the_same_post_twice_creates_two_objectives(self):
        for _ in range(2):
            self.post(self.objectives, self.alice, {"title": "Twice"}, key=None)
        self.assertEqual(Objective.objects.filter(title="Twice").count(), 2)

    def test_a_retry_with_the_key_answers_the_first_answer_and_creates_nothing(self):
        first = self.post(self.objectives, self.alice, {"title": "Once"})
        events = AuditEvent.objects.count()
        retry = self.post(self.objectives, self.alice, {"title": "Once"})
        self.assertEqual(first.status_code, 201, first.content)
        self.assertEqual(retry.status_code, 201)
        self.assertEqual(retry.json(), first.json())
        self.assertEqual(retry["ETag"], first["ETag"])
        self.assertEqual(retry["Idempotent-Replayed"], "true")
        self.assertNotIn("Idempotent-Replayed", first)
        self.assertEqual(Objective.objects.filter(title="Once").count(), 1)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_the_same_body_written_otherwise_is_the_same_request(self):
        self.post(self.objectives, self.alice, {"title": "Once", "priority": "high"})
        retry = self.client.post(
            f"/api/v1{self.objectives}",
            '{ "priority" : "high",\n "title": "Once" }',
            content_type="application/json",
            headers={
                "Authorization": f"Bearer {self.token_for(self.alice)}",
                "Idempotency-Key": "key-1",
            },
        )
        self.assertEqual(retry.status_code, 201)
        self.assertEqual(retry["Idempotent-Replayed"], "true")
        self.assertEqual(Objective.objects.filter(title="Once").count(), 1)

    def test_a_retried_endorsement_answers_201_again(self):
        goal = self.goal()
        path = f"/partnerships/{self.partnership.pk}/goals/{goal}/endorsement"
        self.assertEqual(self.post(path, self.alice, key=None).status_code, 201)
        self.assertEqual(self.post(path, self.alice, key=None).status_code, 400)  # without a key
        first = self.post(path, self.bea, key="endorse-1")
        retry = self.post(path, self.bea, key="endorse-1")
        self.assertEqual((first.status_code, retry.status_code), (201, 201), retry.content)
        self.assertEqual(retry.json(), first.json())
        self.assertEqual(Endorsement.objects.filter(goal_id=goal).count(), 2)

    def test_a_retried_invitation_makes_no_second_live_invitation(self):
        solo = partnership_create(organization=self.alpha, actor=self.alice, name="Solo")
        path = f"/partnerships/{solo.pk}/invitations"
        before = PartnershipInvitation.objects.count()
        first = self.post(path, self.alice, {"note": "For Gamma"})
        retry = self.post(path, self.alice, {"note": "For Gamma"})
        self.assertEqual(first.status_code, 201, first.content)
        self.assertEqual(retry.json(), first.json())
        self.assertEqual(PartnershipInvitation.objects.count(), before + 1)

    def test_the_same_key_with_another_body_is_refused(self):
        self.post(self.objectives, self.alice, {"title": "First"})
        response = self.post(self.objectives, self.alice, {"title": "Second"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "idempotency_conflict")
        self.assertFalse(Objective.objects.filter(title="Second").exists())

    def test_the_same_key_on_another_operation_is_refused(self):
        self.post(self.objectives, self.alice, {"title": "First"})
        response = self.post(
            f"/partnerships/{self.partnership.pk}/goals", self.alice, {"title": "First"}
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "idempotency_conflict")

    def test_another_user_with_the_same_key_gets_an_answer_of_their_own(self):
        first = self.post(self.objectives, self.alice, {"title": "Alice's"})
        other = self.post(self.objectives, self.bob, {"title": "Alice's"})
        self.assertEqual(other.status_code, 201)
        self.assertNotIn("Idempotent-Replayed", other)
        self.assertNotEqual(other.json()["id"], first.json()["id"])
        self.assertEqual(other.json()["owner_organization"]["slug"], "beta")

    def claimed(self, title: str, at: datetime) -> None:
        """The claim of a request with the body `{"title": title}` that has not finished."""
        path = f"/api/v1{self.objectives}"
        sent = RequestFactory().post(path, {"title": title}, content_type="application/json")
        IdempotencyKey.objects.create(
            user=self.alice,
            key="key-1",
            method="POST",
            path=path,
            fingerprint=body_fingerprint(sent),
            created_at=at,
            locked_at=at,
        )

    def test_a_request_still_in_progress_answers_409(self):
        self.claimed("Busy", timezone.now())
        response = self.post(self.objectives, self.alice, {"title": "Busy"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "idempotency_in_progress")
        self.assertFalse(Objective.objects.filter(title="Busy").exists())

    def test_the_claim_of_a_request_that_died_is_taken_over(self):
        self.claimed("Died", timezone.now() - LOCK_TIMEOUT - timedelta(seconds=1))
        response = self.post(self.objectives, self.alice, {"title": "Died"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(IdempotencyKey.objects.get(key="key-1").status, 201)
        self.assertEqual(Objective.objects.filter(title="Died").count(), 1)

    def test_a_failed_request_is_not_kept_and_may_be_retried(self):
        response = self.post(self.objectives, self.vic, {"title": "Viewer's"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(IdempotencyKey.objects.exists())
        bad = self.post(self.objectives, self.alice, {"title": ""}, key="fix-me")
        self.assertEqual(bad.status_code, 422)
        fixed = self.post(self.objectives, self.alice, {"title": ""}, key="fix-me")
        self.assertEqual(fixed.status_code, 422)
        self.assertNotIn("Idempotent-Replayed", fixed)

    def test_a_refused_answer_keeps_nothing_the_operation_wrote(self):
        goal = self.goal()
        path = f"/partnerships/{self.partnership.pk}/goals/{goal}/endorsement"
        self.post(path, self.alice, key=None)
        events = AuditEvent.objects.count()
        response = self.post(path, self.alice, key="again")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(AuditEvent.objects.count(), events)
        self.assertFalse(IdempotencyKey.objects.filter(key="again").exists())

    def test_keys_expire_after_a_day(self):
        self.post(self.objectives, self.alice, {"title": "Yesterday"})
        IdempotencyKey.objects.update(created_at=timezone.now() - TTL - timedelta(seconds=1))
        retry = self.post(self.objectives, self.alice, {"title": "Yesterday"})
        self.assertEqual(retry.status_code, 201)
        self.assertNotIn("Idempotent-Replayed", retry)
        self.assertEqual(Objective.objects.filter(title="Yesterday").count(), 2)

    def test_the_worker_prunes_expired_keys(self):
        self.post(self.objectives, self.alice, {"title": "Old"}, key="old")
        self.post(self.objectives, self.alice, {"title": "New"}, key="new")
        IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - TTL * 2)
        ops_prune()
        self.assertEqual(list(IdempotencyKey.objects.values_list("key", flat=True)), ["new"])

    def test_bad_keys_are_refused(self):
        for key in ("x" * 256, "clé", "tab\there"):
            with self.subTest(key=key):
                response = self.post(self.objectives, self.alice, {"title": "Bad key"}, key=key)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["code"], "validation_error")
                self.assertEqual(response.json()["errors"][0]["field"], "Idempotency-Key")
        self.assertEqual(
            self.post(
                self.objectives, self.alice, {"title": "Long key"}, key="x" * 255
            ).status_code,
            201,
        )
        self.assertFalse(Objective.objects.filter(title="Bad key").exists())

    def test_a_key_needs_authentication_first(self):
        response = self.client.post(
            f"/api/v1{self.objectives}",
            json.dumps({"title": "Anonymous"}),
            content_type="application/json",
            headers={"Idempotency-Key": "key-1"},
        )
        self.assertEqual(response.status_code, 401)
        self.assertFalse(IdempotencyKey.objects.exists())
