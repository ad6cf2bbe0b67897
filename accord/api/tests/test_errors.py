"""Every error under /api/ is the API's small JSON error, whatever the request was."""

import json
from unittest import mock

from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, override_settings

from accord.api.api import FIELD_LENGTH, MAX_ERRORS, MESSAGE_LENGTH
from accord.core.models import Partnership
from accord.longterm.models import Measurement
from accord.longterm.tests.base import LongtermTestCase, days_ago

URL = "/api/v1/partnerships"


class ApiErrorTests(LongtermTestCase):
    def setUp(self) -> None:
        self.bearer = {"Authorization": f"Bearer {self.token_for(self.alice)}"}

    def post(self, body: str | bytes, content_type: str = "application/json", url: str = URL):
        return self.client.post(url, body, content_type=content_type, headers=self.bearer)

    def assertJsonError(self, response, status: int) -> dict:
        self.assertEqual(response.status_code, status, response.content[:300])
        self.assertEqual(response["Content-Type"].split(";")[0], "application/json")
        body = response.json()
        self.assertIsInstance(body["detail"], str)
        self.assertIsInstance(body["errors"], list)
        return body

    def test_two_megabytes_of_unknown_keys_answer_a_small_422(self):
        keys = {f"unknown-key-{i:08d}": 1 for i in range(80_000)}
        body = json.dumps({"name": "Flood", **keys})
        self.assertGreater(len(body), 2_000_000)
        response = self.post(body)
        answer = self.assertJsonError(response, 422)
        self.assertLess(len(response.content), 50_000)
        self.assertEqual(len(answer["errors"]), MAX_ERRORS)
        self.assertEqual(answer["more_errors"], len(keys) - MAX_ERRORS)
        self.assertEqual(answer["errors"][0]["field"], "unknown-key-00000000")
        self.assertFalse(Partnership.objects.filter(name="Flood").exists())

    def test_long_field_names_and_messages_are_clipped(self):
        response = self.post(json.dumps({"name": "Long", "k" * 100_000: 1}))
        error = self.assertJsonError(response, 422)["errors"][0]
        self.assertEqual(len(error["field"]), FIELD_LENGTH)
        self.assertLessEqual(len(error["message"]), MESSAGE_LENGTH)

    def test_a_few_errors_are_all_shown_without_a_count(self):
        answer = self.assertJsonError(self.post(json.dumps({"name": "", "stage": "x"})), 422)
        self.assertEqual(len(answer["errors"]), 2)
        self.assertNotIn("more_errors", answer)

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
    def test_a_body_over_the_size_limit_answers_413(self):
        response = self.post(json.dumps({"name": "x" * 20_000}))
        answer = self.assertJsonError(response, 413)
        self.assertIn("10000 bytes", answer["detail"])
        self.assertFalse(Partnership.objects.filter(name__startswith="xxx").exists())

    def test_a_body_over_the_default_limit_answers_413(self):
        self.assertJsonError(self.post(json.dumps({"name": "x" * 3_000_000})), 413)

    def test_multipart_without_a_boundary_answers_400_where_multipart_is_read(self):
        kpi = self.make_kpi()
        url = f"/api/v1/partnerships/{self.partnership.pk}/kpis/{kpi.pk}/measurements/import"
        bearer = {"Authorization": f"Bearer {self.token_for(self.bob)}"}
        for content_type in ("multipart/form-data", "multipart/form-data; boundary="):
            with self.subTest(content_type=content_type):
                response = self.client.post(
                    url, b"--x\r\n\r\n", content_type=content_type, headers=bearer
                )
                self.assertJsonError(response, 400)
        self.assertFalse(Measurement.objects.exists())

    def test_a_signed_in_browser_s_session_does_not_authenticate_on_the_api(self):
        # Only tokens do: no page calls the API, and a forged cross-site request carries the
        # session cookie, even with a valid CSRF pair.
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        token = _get_new_csrf_string()
        client.cookies[settings.CSRF_COOKIE_NAME] = token
        csrf = {"X-CSRFToken": token}
        for response in (
            client.get(URL),
            client.post(URL, json.dumps({"name": "Forged"}), "application/json", headers=csrf),
            client.post(URL, b"--x\r\n\r\n", "multipart/form-data", headers=csrf),
        ):
            with self.subTest(method=response.request["REQUEST_METHOD"]):
                self.assertJsonError(response, 401)
        self.assertFalse(Partnership.objects.filter(name="Forged").exists())

    def test_a_form_of_too_many_fields_answers_400(self):
        kpi = self.make_kpi()
        url = f"/api/v1/partnerships/{self.partnership.pk}/kpis/{kpi.pk}/measurements/import"
        fields = {f"f{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
        bearer = {"Authorization": f"Bearer {self.token_for(self.bob)}"}
        self.assertJsonError(self.client.post(url, fields, headers=bearer), 400)

    def test_a_json_operation_refuses_other_content_types_with_415(self):
        body = json.dumps({"name": "Smuggled"})
        for content_type in (
            "text/plain",
            "text/plain; charset=utf-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "",
        ):
            with self.subTest(content_type=content_type):
                answer = self.assertJsonError(self.post(body, content_type), 415)
                self.assertIn("application/json", answer["detail"])
        self.assertFalse(Partnership.objects.filter(name="Smuggled").exists())

    def test_json_with_a_charset_or_a_json_suffix_is_accepted(self):
        for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
            with self.subTest(content_type=content_type):
                response = self.post(json.dumps({"name": content_type}), content_type)
                self.assertEqual(response.status_code, 201, response.content)

    def test_the_csv_import_still_takes_text_csv(self):
        kpi = self.make_kpi()
        url = f"/api/v1/partnerships/{self.partnership.pk}/kpis/{kpi.pk}/measurements/import"
        response = self.client.post(
            url,
            f"date,value\n{days_ago(3)},7\n",
            content_type="text/csv",
            headers={"Authorization": f"Bearer {self.token_for(self.bob)}"},
        )
        self.assertEqual(response.status_code, 201, response.content)

    def test_a_body_that_is_not_json_answers_400_saying_where(self):
        answer = self.assertJsonError(self.post('{"name": '), 400)
        self.assertEqual(answer["errors"][0]["field"], "body")
        self.assertIn("column", answer["errors"][0]["message"])

    def test_json_the_decoder_cannot_read_answers_400(self):
        for body in ("[" * 100_000, '{"name": ' + "1" * 5000 + "}", b"\xff\xfe{"):
            with self.subTest(body=body[:12]):
                answer = self.assertJsonError(self.post(body), 400)
                self.assertEqual(answer["errors"][0]["field"], "body")

    def test_a_wrong_method_answers_405_json_with_allow(self):
        response = self.client.delete(URL, headers=self.bearer)
        answer = self.assertJsonError(response, 405)
        self.assertEqual(set(response["Allow"].split(", ")), {"GET", "POST"})
        self.assertIn("GET", answer["detail"])

    def test_a_bad_host_answers_400_json(self):
        response = self.client.get(URL, headers={**self.bearer, "Host": "evil.example"})
        self.assertJsonError(response, 400)

    def test_an_unknown_path_answers_404_json(self):
        self.assertJsonError(self.client.get("/api/v1/nowhere", headers=self.bearer), 404)
        self.assertJsonError(self.client.get("/api/v2/", headers=self.bearer), 404)

    def test_a_server_error_answers_500_json(self):
        self.client.raise_request_exception = False
        for debug in (False, True):
            with (
                self.subTest(debug=debug),
                override_settings(DEBUG=debug),
                mock.patch(
                    "accord.core.selectors.partnership_list", side_effect=RuntimeError("boom")
                ),
                self.assertLogs("django.request", "ERROR"),
            ):
                answer = self.assertJsonError(self.client.get(URL, headers=self.bearer), 500)
                self.assertNotIn("boom", json.dumps(answer))
