"""Every error answer names what went wrong for a program (`code`), for people (`detail`), the
fields at fault and the request id; a stale change answers the record to retry from (issue 8)."""

import json
from typing import Any
from unittest import mock

from django.test import override_settings

from accord.core.models import Partnership
from tests.base import AccordTestCase


class ErrorCodeTests(AccordTestCase):
    def assertError(self, response: Any, status: int, code: str) -> dict:
        self.assertEqual(response.status_code, status, response.content[:300])
        body = json.loads(response.content)
        self.assertEqual(body["code"], code)
        self.assertIsInstance(body["detail"], str)
        self.assertIsInstance(body["errors"], list)
        self.assertEqual(body["request_id"], response["X-Request-ID"])
        return body

    def partnership_path(self) -> str:
        return f"/partnerships/{self.partnership.pk}"

    def test_each_kind_of_error_has_its_code(self) -> None:
        cases = [
            (self.api("get", "/partnerships"), 401, "unauthenticated"),
            (self.api("get", "/partnerships/999999", self.alice), 404, "not_found"),
            (
                self.api("patch", self.partnership_path(), self.vic, {"version": 1}),
                403,
                "forbidden",
            ),
            (self.api("put", "/partnerships", self.alice, {}), 405, "method_not_allowed"),
            (self.api("post", "/partnerships", self.alice, raw="{"), 400, "invalid_json"),
            (
                self.api("post", "/invitations/nope/accept", self.olga, {}),
                400,
                "invitation_invalid",
            ),
        ]
        for response, status, code in cases:
            with self.subTest(code):
                self.assertError(response, status, code)

    def test_a_body_sent_as_text_is_an_unsupported_media_type(self) -> None:
        response = self.client.post(
            "/api/v1/partnerships",
            "{}",
            content_type="text/plain",
            headers={"Authorization": f"Bearer {self.token_for(self.alice)}"},
        )
        self.assertError(response, 415, "unsupported_media_type")

    def test_invalid_fields_are_a_validation_error_listing_each(self) -> None:
        for body in ({"name": ""}, {"name": "Fine", "stage": "nowhere"}):
            with self.subTest(body):
                response = self.api("post", "/partnerships", self.alice, body)
                answer = self.assertError(response, response.status_code, "validation_error")
                self.assertIn(response.status_code, (400, 422))
                self.assertTrue(answer["errors"][0]["field"])

    def test_a_server_error_has_its_code(self) -> None:
        self.client.raise_request_exception = False
        with (
            override_settings(DEBUG=False),
            mock.patch("accord.core.selectors.partnership_list", side_effect=RuntimeError),
            self.assertLogs("django.request", "ERROR"),
        ):
            self.assertError(self.api("get", "/partnerships", self.alice), 500, "server_error")

    def test_a_stale_change_answers_the_record_to_retry_from(self) -> None:
        version = self.partnership.version
        first = {"version": version, "start_date": "2026-01-01"}
        self.api("patch", self.partnership_path(), self.alice, first)
        stale = self.api(
            "patch", self.partnership_path(), self.alice, {"version": version, "stage": "active"}
        )
        answer = self.assertError(stale, 409, "stale_version")
        self.assertEqual(answer["current_version"], version + 1)
        self.assertEqual(answer["current"]["start_date"], "2026-01-01")
        self.assertEqual(answer["current"]["version"], version + 1)

        retried = {"version": answer["current_version"], "stage": "active"}
        self.assertEqual(
            self.api("patch", self.partnership_path(), self.alice, retried).status_code, 200
        )
        self.assertEqual(Partnership.objects.get(pk=self.partnership.pk).stage, "active")
