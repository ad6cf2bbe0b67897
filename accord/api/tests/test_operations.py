"""The conventions of the document are built into the declaration of an operation: a new
record kind gets them without writing them, and an operation that misses one is refused when
it is declared."""

from typing import Any

from django.test import SimpleTestCase
from ninja.errors import ConfigError

from accord.alignment.models import Objective
from accord.alignment.schemas import ObjectiveIn, ObjectiveOut, ObjectivePatch
from accord.alignment.services import objective_create
from accord.api.api import AccordApi
from accord.api.operations import ApiRouter
from accord.core.record_api import RecordKind, register_record_api


def memo_document() -> dict[str, Any]:
    """The document of an API with one new kind, "memo", declared as a practice would."""
    router = ApiRouter("memos", "Memos, a kind of record no practice has yet.")
    register_record_api(
        router,
        RecordKind("memo", Objective, ObjectiveOut, ObjectiveIn, ObjectivePatch, objective_create),
    )
    api = AccordApi(urls_namespace="memo-probe")
    api.add_router("", router)
    return api.get_openapi_schema(path_prefix="/api/v1/")


class NewRecordKindTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.document = memo_document()

    document: dict[str, Any]

    def test_its_operations_are_named_kind_then_verb(self) -> None:
        ids = {
            op["operationId"] for item in self.document["paths"].values() for op in item.values()
        }
        self.assertEqual(
            ids, {f"memo_{verb}" for verb in ("list", "create", "get", "update", "delete")}
        )

    def test_its_record_is_named_after_the_kind_in_every_path(self) -> None:
        one = self.document["paths"]["/api/v1/partnerships/{partnership_id}/memos/{memo_id}"]
        for operation in one.values():
            parameters = {p["name"]: p for p in operation["parameters"] if p["in"] == "path"}
            self.assertEqual(set(parameters), {"partnership_id", "memo_id"})
            self.assertTrue(all(p.get("description") for p in parameters.values()))

    def test_it_takes_idempotency_keys_and_conditional_headers(self) -> None:
        many = self.document["paths"]["/api/v1/partnerships/{partnership_id}/memos"]
        one = self.document["paths"]["/api/v1/partnerships/{partnership_id}/memos/{memo_id}"]
        for operation, header, answer in [
            (many["post"], "Idempotency-Key", 409),
            (one["get"], "If-None-Match", 304),
            (one["patch"], "If-Match", 412),
            (one["delete"], "If-Match", 412),
        ]:
            headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
            self.assertEqual(headers, {header}, operation["operationId"])
            self.assertIn(answer, operation["responses"], operation["operationId"])

    def test_it_is_documented_under_its_defined_tag(self) -> None:
        self.assertEqual(
            self.document["tags"],
            [{"name": "memos", "description": "Memos, a kind of record no practice has yet."}],
        )
        for item in self.document["paths"].values():
            for operation in item.values():
                self.assertEqual(operation["tags"], ["memos"])
                self.assertTrue(operation["summary"] and operation["description"])
                self.assertIn(404, operation["responses"])  # an int until written as JSON

    def test_its_create_and_update_show_examples(self) -> None:
        many = self.document["paths"]["/api/v1/partnerships/{partnership_id}/memos"]
        body = many["post"]["requestBody"]["content"]["application/json"]
        self.assertEqual(body["example"], ObjectiveIn.EXAMPLE)
        one = self.document["paths"]["/api/v1/partnerships/{partnership_id}/memos/{memo_id}"]
        patch = one["patch"]["requestBody"]["content"]["application/json"]["example"]
        self.assertIn("version", patch)


def documented(name: str) -> Any:
    def handler(request: Any) -> None:
        """Do a thing.

        At length.
        """

    handler.__name__ = name
    return handler


class RefusedDeclarationTests(SimpleTestCase):
    def setUp(self) -> None:
        self.router = ApiRouter("probe", "Declarations under test.")

    def test_an_operation_id_must_be_resource_then_verb(self) -> None:
        for name in ("listThings", "accord_core_api_list_things_", "thing-list"):
            with self.subTest(name), self.assertRaises(ConfigError):
                self.router.get("/things")(documented(name))
        self.router.get("/things")(documented("thing_list"))

    def test_an_operation_needs_a_summary_and_a_description(self) -> None:
        def thing_list(request: Any) -> None:
            """Only a summary."""

        with self.assertRaises(ConfigError):
            self.router.get("/things")(thing_list)

    def test_a_status_documented_by_hand_uses_the_key_ninja_writes(self) -> None:
        twice = {"responses": {"200": {"description": "CSV"}}}
        with self.assertRaises(ConfigError):
            self.router.get("/things.csv", openapi_extra=twice)(documented("thing_export"))
