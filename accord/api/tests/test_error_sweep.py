"""Every operation of the OpenAPI document, called the wrong way, answers the JSON error."""

import re

from tests.base import AccordTestCase

METHODS = {"get", "post", "put", "patch", "delete"}


class ErrorSweepTests(AccordTestCase):
    token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.token = cls.token_for(cls.alice)

    def operations(self):
        schema = self.client.get("/api/v1/openapi.json").json()
        for template, item in schema["paths"].items():
            path = re.sub(r"\{slug\}", "alpha", template)
            path = re.sub(r"\{token\}", "no-such-token", path)
            path = re.sub(r"\{\w+\}", str(self.partnership.pk), path)
            yield path, {m: op for m, op in item.items() if m in METHODS}

    def assertJsonError(self, response, statuses: set[int]) -> None:
        self.assertIn(response.status_code, statuses, response.content[:200])
        self.assertEqual(response["Content-Type"].split(";")[0], "application/json")
        self.assertIn("detail", response.json())
        self.assertIn("no-store", response["Cache-Control"])

    def test_an_anonymous_call_answers_401_json(self):
        for path, operations in self.operations():
            for method in operations:
                with self.subTest(method=method, path=path):
                    response = getattr(self.client, method)(path)
                    self.assertJsonError(response, {401})
                    self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="accord"')

    def test_a_method_an_operation_lacks_answers_405_json(self):
        bearer = {"Authorization": f"Bearer {self.token}"}
        for path, operations in self.operations():
            for method in [*sorted(METHODS - set(operations)), "options"]:
                with self.subTest(method=method, path=path):
                    response = getattr(self.client, method)(path, headers=bearer)
                    self.assertJsonError(response, {405})
                    allowed = set(response["Allow"].lower().split(", "))
                    self.assertEqual(allowed, set(operations))

    def test_a_json_body_sent_as_text_answers_415_json(self):
        bearer = {"Authorization": f"Bearer {self.token}"}
        for path, operations in self.operations():
            for method, operation in operations.items():
                content = operation.get("requestBody", {}).get("content", {})
                if "application/json" not in content:
                    continue
                with self.subTest(method=method, path=path):
                    response = getattr(self.client, method)(
                        path, '{"name": "x"}', content_type="text/plain", headers=bearer
                    )
                    self.assertJsonError(response, {415})
