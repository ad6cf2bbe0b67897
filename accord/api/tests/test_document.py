"""The served OpenAPI document is one every tool reads, and follows one set of conventions for
every operation, including those a new record kind adds (issue 8)."""

import json
import re
from collections import defaultdict
from typing import Any

from django.test import TestCase
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

JSON = "application/json"
OPERATION_ID = re.compile(r"^[a-z]+(_[a-z]+)*$")
METHODS = {"get", "post", "put", "patch", "delete"}


class DuplicateKey(ValueError):
    pass


def refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """What Redocly, Spectral and openapi-typescript do: a key twice in one object is an error
    (Python's own reader would silently keep the last)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(key)
        result[key] = value
    return result


class DocumentTests(TestCase):
    raw: bytes
    document: dict[str, Any]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.raw = cls.client_class().get("/api/v1/openapi.json").content
        cls.document = json.loads(cls.raw)

    def operations(self) -> list[tuple[str, str, dict[str, Any]]]:
        return [
            (method, path, operation)
            for path, item in self.document["paths"].items()
            for method, operation in item.items()
            if method in METHODS
        ]

    def test_it_has_no_key_twice_in_one_object(self) -> None:
        json.loads(self.raw, object_pairs_hook=refuse_duplicates)

    def test_it_is_a_valid_openapi_document(self) -> None:
        validate(json.loads(self.raw, object_pairs_hook=refuse_duplicates))

    def test_info_and_servers_are_filled_in(self) -> None:
        info = self.document["info"]
        for key in ("title", "version", "description"):
            self.assertTrue(info.get(key), key)
        self.assertTrue(self.document["servers"])
        for server in self.document["servers"]:
            self.assertTrue(server.get("url"))
            self.assertTrue(server.get("description"))

    def test_every_operation_id_is_resource_then_verb_and_unique(self) -> None:
        ids = [operation["operationId"] for _, _, operation in self.operations()]
        for operation_id in ids:
            self.assertRegex(operation_id, OPERATION_ID)
            self.assertFalse(operation_id.startswith("accord_"), operation_id)
        self.assertEqual(len(ids), len(set(ids)))

    def test_every_operation_has_a_summary_a_description_and_tags(self) -> None:
        for method, path, operation in self.operations():
            where = f"{method} {path}"
            self.assertTrue(operation.get("summary"), where)
            self.assertTrue(operation.get("description"), where)
            self.assertTrue(operation.get("tags"), where)

    def test_summaries_are_sentences_that_name_no_identifier(self) -> None:
        for method, path, operation in self.operations():
            summary = operation["summary"]
            where = f"{method} {path}: {summary}"
            self.assertNotIn("_", summary, where)
            self.assertTrue(summary[0].isupper(), where)
            self.assertIsNone(re.search(r"\ba [aeiou]", summary), where)

    def test_every_tag_used_is_defined_with_a_description(self) -> None:
        defined = {tag["name"]: tag.get("description") for tag in self.document.get("tags", [])}
        for method, path, operation in self.operations():
            for tag in operation["tags"]:
                self.assertTrue(defined.get(tag), f"{method} {path}: tag {tag}")

    def test_every_path_parameter_has_a_description(self) -> None:
        for method, path, operation in self.operations():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    self.assertTrue(parameter.get("description"), f"{method} {path}")

    def test_a_resource_has_one_parameter_name_in_every_path(self) -> None:
        """`…/goals/{goal_id}` everywhere, never `{record_id}` in one path and `{goal_id}` in
        another; and no name stands for two resources (a resource is its collection's path,
        `partnerships/goals`)."""
        names: dict[str, set[str]] = defaultdict(set)
        resources: dict[str, set[str]] = defaultdict(set)
        for path in self.document["paths"]:
            segments = path.removeprefix("/api/v1/").split("/")
            for at, segment in enumerate(segments[1:], start=1):
                if segment.startswith("{"):
                    resource = "/".join(s for s in segments[:at] if not s.startswith("{"))
                    names[resource].add(segment)
                    resources[segment].add(resource)
        for resource, found in names.items():
            self.assertEqual(len(found), 1, f"{resource} is followed by {sorted(found)}")
        for name, found in resources.items():
            self.assertEqual(len(found), 1, f"{name} follows {sorted(found)}")

    def test_main_operations_show_request_and_response_examples(self) -> None:
        paths = self.document["paths"]
        partnerships = "/api/v1/partnerships"
        for path, method, success in [
            (partnerships, "post", "201"),
            (f"{partnerships}/{{partnership_id}}/objectives", "post", "201"),
            (f"{partnerships}/{{partnership_id}}/objectives/{{objective_id}}", "patch", "200"),
            (f"{partnerships}/{{partnership_id}}/goals", "post", "201"),
            (f"{partnerships}/{{partnership_id}}/kpis", "post", "201"),
            (f"{partnerships}/{{partnership_id}}/kpis/{{kpi_id}}/measurements", "post", "201"),
        ]:
            operation = paths[path][method]
            body = operation["requestBody"]["content"]["application/json"]
            answer = operation["responses"][success]["content"]["application/json"]
            self.assertIn("example", body, f"{method} {path}")
            self.assertIn("example", answer, f"{method} {path}")

    def test_a_file_download_declares_its_media_type_once(self) -> None:
        path = "/api/v1/partnerships/{partnership_id}/kpis/{kpi_id}/measurements.csv"
        document = json.loads(self.raw, object_pairs_hook=refuse_duplicates)
        answer = document["paths"][path]["get"]["responses"]["200"]
        self.assertEqual(list(answer["content"]), ["text/csv"])

    def test_examples_match_their_schemas(self) -> None:
        checked = 0
        for method, path, operation in self.operations():
            contents = [operation.get("requestBody", {}).get("content", {})]
            contents += [answer.get("content", {}) for answer in operation["responses"].values()]
            for content in contents:
                media = content.get("application/json", {})
                if "example" in media:
                    schema = {**media["schema"], "components": self.document["components"]}
                    errors = list(Draft202012Validator(schema).iter_errors(media["example"]))
                    self.assertEqual(errors, [], f"{method} {path}")
                    checked += 1
        self.assertGreater(checked, 0)

    def schema(self, media: dict[str, Any]) -> dict[str, Any]:
        reference = media["schema"]["$ref"].rsplit("/", 1)[-1]
        return self.document["components"]["schemas"][reference]

    def test_every_error_answer_has_a_code_a_detail_and_the_request_id(self) -> None:
        for method, path, operation in self.operations():
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    schema = self.schema(answer["content"]["application/json"])
                    for field in ("code", "detail", "request_id"):
                        self.assertIn(field, schema["required"], f"{method} {path} {status}")

    def test_every_change_documents_its_409_with_the_current_record(self) -> None:
        """Every change of a versioned record, whose body names the `version` it is based on."""
        changes = [
            (path, operation)
            for method, path, operation in self.operations()
            if method == "patch"
            and "version" in self.schema(operation["requestBody"]["content"][JSON])["properties"]
        ]
        self.assertGreater(len(changes), 5)
        for path, operation in changes:
            conflict = self.schema(operation["responses"]["409"]["content"]["application/json"])
            answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
            self.assertEqual(conflict["properties"]["current"]["$ref"], answer["$ref"], path)
            self.assertIn("current_version", conflict["required"], path)

    def test_every_query_parameter_has_a_description(self) -> None:
        for method, path, operation in self.operations():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    where = f"{method} {path} {parameter['name']}"
                    self.assertTrue(parameter.get("description"), where)

    def list_operations(self) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
        found = []
        for method, path, operation in self.operations():
            answer = operation["responses"].get("200", {}).get("content", {}).get(JSON)
            if method == "get" and answer and "$ref" in answer["schema"]:
                schema = self.schema(answer)
                if schema.get("properties", {}).get("items", {}).get("type") == "array":
                    found.append((path, operation, schema))
        return found

    def test_every_list_pages_with_a_cursor_in_a_documented_order(self) -> None:
        lists = self.list_operations()
        self.assertGreater(len(lists), 10)
        for path, operation, schema in lists:
            query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            self.assertLessEqual({"cursor", "limit"}, query, path)
            self.assertLessEqual({"items", "has_more", "next"}, set(schema["required"]), path)
            self.assertNotIn("count", schema["properties"], path)
            self.assertNotIn("offset", query, path)
            if not path.endswith("/changes"):
                self.assertIn("ordering", query, path)

    def test_every_list_of_records_filters_by_update_time_owner_and_visibility(self) -> None:
        records = [
            (path, operation)
            for path, operation, schema in self.list_operations()
            if "visibility"
            in json.dumps(
                self.document["components"]["schemas"][
                    schema["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[-1]
                ]
            )
        ]
        self.assertGreaterEqual(len(records), 7)
        for path, operation in records:
            query = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
            expected = {"updated_since", "updated_before", "owner", "visibility", "ordering"}
            self.assertLessEqual(expected, query, path)

    def test_only_the_bearer_token_is_advertised(self) -> None:
        """The session cookie of the app's pages does not authenticate on the API."""
        schemes = self.document["components"]["securitySchemes"]
        self.assertEqual(
            [(s["type"], s.get("scheme")) for s in schemes.values()], [("http", "bearer")]
        )
        self.assertIn("insufficient_scope", next(iter(schemes.values()))["description"])
        for _, path, operation in self.operations():
            self.assertEqual(operation.get("security"), [{name: []} for name in schemes], path)

    def test_every_answer_documents_the_rate_limit(self) -> None:
        headers = self.document["components"]["headers"]
        for method, path, operation in self.operations():
            responses = operation["responses"]
            self.assertIn("429", responses, f"{method} {path}")
            for status, answer in responses.items():
                names = set(answer.get("headers", {}))
                expected = {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"}
                if status == "429":
                    expected.add("Retry-After")
                else:
                    self.assertNotIn("Retry-After", names, f"{method} {path} {status}")
                # Other conventions add their own (`ETag`, `Idempotent-Replayed`).
                self.assertLessEqual(expected, names, f"{method} {path} {status}")
                for name in expected:
                    reference = answer["headers"][name]["$ref"]
                    self.assertIn(reference.rsplit("/", 1)[-1], headers)

    def test_every_change_says_a_read_only_token_is_refused(self) -> None:
        for method, path, operation in self.operations():
            refused = "insufficient_scope" in operation["description"]
            self.assertEqual(refused, method != "get", f"{method} {path}")

    def test_every_post_takes_an_idempotency_key(self):
        posts = [(path, op) for method, path, op in self.operations() if method == "post"]
        self.assertGreater(len(posts), 10)
        for path, operation in posts:
            names = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}
            self.assertIn("Idempotency-Key", names, path)
            self.assertFalse(names["Idempotency-Key"]["required"], path)
            self.assertEqual(names["Idempotency-Key"]["schema"]["maxLength"], 255, path)
            self.assertIn("409", operation["responses"], path)
            for status, answer in operation["responses"].items():
                if 200 <= int(status) < 300 and "content" in answer:
                    self.assertIn("Idempotent-Replayed", answer.get("headers", {}), path)

    def test_every_versioned_record_is_read_and_changed_conditionally(self):
        """The paths whose PATCH takes a `version`: their GET documents `If-None-Match`, its
        304 and the `ETag`; their PATCH and DELETE document `If-Match` and a 412 with the
        current record."""
        paths = self.document["paths"]
        records = [
            path
            for method, path, operation in self.operations()
            if method == "patch"
            and "version" in self.schema(operation["requestBody"]["content"][JSON])["properties"]
        ]
        self.assertGreater(len(records), 5)

        def headers(operation: dict[str, Any]) -> set[str]:
            return {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}

        for path in records:
            read = paths[path]["get"]
            self.assertIn("If-None-Match", headers(read), path)
            self.assertIn("304", read["responses"], path)
            self.assertNotIn("content", read["responses"]["304"], path)
            self.assertIn("ETag", read["responses"]["200"]["headers"], path)
            for method in ("patch", "delete"):
                if method not in paths[path]:
                    continue
                operation = paths[path][method]
                self.assertIn("If-Match", headers(operation), f"{method} {path}")
                refused = self.schema(operation["responses"]["412"]["content"][JSON])
                self.assertIn("current", refused["properties"], f"{method} {path}")
            self.assertIn("ETag", paths[path]["patch"]["responses"]["200"]["headers"], path)
            self.assertNotIn(
                "version",
                self.schema(paths[path]["patch"]["requestBody"]["content"][JSON]).get(
                    "required", []
                ),
                path,
            )

    def test_only_the_operations_that_honour_if_match_document_it(self):
        for method, path, operation in self.operations():
            names = {p["name"] for p in operation.get("parameters", [])}
            if "If-Match" in names:
                self.assertIn(method, {"patch", "delete"}, path)
                self.assertIn("412", operation["responses"], f"{method} {path}")
