"""Types that say what the server does (issue 8): one named enum per vocabulary, patch schemas
that say what may be null or left out, decimals as exact strings, the audit event's fields
typed, optional bodies that may be left out, and the CSV forms documented."""

import json
from typing import Any

from django.test import TestCase
from jsonschema import Draft202012Validator

from accord.alignment.models import SharedGoal
from accord.alignment.tests.helpers import goal
from accord.audit.models import AuditEvent
from accord.core.invitations import partnership_invitation_create
from accord.core.models import Party
from accord.core.services import organization_create, partnership_create
from accord.longterm.tests.base import LongtermTestCase
from tests.base import AccordTestCase, make_user

JSON = "application/json"


def walk(node: Any, where: str = ""):
    """Every (where, schema object) of a part of the document."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for at, value in enumerate(node):
            yield from walk(value, f"{where}/{at}")


def without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of a value that may be null, less the null."""
    choices = [s for s in schema.get("anyOf", []) if s != {"type": "null"}]
    return choices[0] if len(choices) == 1 else schema


def value_type(schema: dict[str, Any]) -> Any:
    """What a generated client makes of a property: its type, or the schema it refers to;
    never its title, description, default or bounds."""
    schema = without_null(schema)
    if "allOf" in schema and len(schema["allOf"]) == 1:
        schema = schema["allOf"][0]
    if "$ref" in schema:
        return schema["$ref"]
    if "anyOf" in schema:
        return sorted(json.dumps(value_type(s)) for s in schema["anyOf"])
    return (schema.get("type"), schema.get("format"))


class DocumentTypeTests(TestCase):
    document: dict[str, Any]
    schemas: dict[str, Any]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.document = cls.client_class().get("/api/v1/openapi.json").json()
        cls.schemas = cls.document["components"]["schemas"]

    def test_no_two_schemas_share_a_name(self):
        """The document keeps one component per name: a second schema class of the same name
        would silently describe the other's operations (a generated client then fails)."""
        from ninja import Schema

        import accord.api.routers  # noqa: F401  (every router, so every schema class, loaded)

        def subclasses(cls: type) -> list[type]:
            found: list[type] = []
            subs: list[type] = cls.__subclasses__()
            for sub in subs:
                found += [sub, *subclasses(sub)]
            return found

        ours = [c for c in subclasses(Schema) if c.__module__.startswith("accord.")]
        named: dict[str, set[str]] = {}
        for schema in ours:
            named.setdefault(schema.__name__, set()).add(schema.__module__)
        clashes = {name: modules for name, modules in named.items() if len(modules) > 1}
        self.assertEqual(clashes, {})

    def operations(self):
        for path, item in self.document["paths"].items():
            for method, operation in item.items():
                yield f"{method} {path}", operation

    # --- Vocabularies -----------------------------------------------------------------------

    def test_every_enum_is_a_named_schema_referred_to(self) -> None:
        """A generated client makes one class of each named enum; an enum written out in a
        property would be one more class, and a value read from it another type."""
        named = [name for name, schema in self.schemas.items() if "enum" in schema]
        self.assertEqual(len(named), 50, sorted(named))
        for name, schema in self.schemas.items():
            for where, node in walk(schema.get("properties", {}), name):
                self.assertNotIn("enum", node, where)
                self.assertNotIn("const", node, where)
        for path, item in self.document["paths"].items():
            for method, operation in item.items():
                parameters = operation.get("parameters", [])
                rest = {k: v for k, v in operation.items() if k != "parameters"}
                # An `ordering` is a list's own set of sort keys, not a vocabulary that a value
                # read is sent back in: it may stay written out.
                kept = [p for p in parameters if p["name"] != "ordering"]
                for where, node in walk([rest, kept], f"{method} {path}"):
                    self.assertNotIn("enum", node, where)

    def test_a_value_read_can_be_sent_back_as_it_is(self) -> None:
        """Each field a record's answer and its create and change bodies have in common has
        one type in all three: an enum the same schema, a decimal the same string."""
        compared = 0
        for name in self.schemas:
            if not name.endswith("Out"):
                continue
            out = self.schemas[name]["properties"]
            for body_name in (name.removesuffix("Out") + "In", name.removesuffix("Out") + "Patch"):
                body = self.schemas.get(body_name, {}).get("properties", {})
                for field in set(out) & set(body):
                    if self.is_object(out[field]):
                        continue  # a record named by its id in a body, shown in an answer
                    where = f"{name}.{field} / {body_name}.{field}"
                    self.assertEqual(value_type(out[field]), value_type(body[field]), where)
                    compared += 1
        self.assertGreater(compared, 40)

    def is_object(self, schema: dict[str, Any]) -> bool:
        reference = value_type(schema)
        return isinstance(reference, str) and "enum" not in self.schemas[reference.split("/")[-1]]

    # --- Patch schemas ----------------------------------------------------------------------

    def test_a_field_with_a_default_is_not_required_in_a_request(self) -> None:
        for where, operation in self.operations():
            content = operation.get("requestBody", {}).get("content", {})
            if JSON not in content:
                continue
            schema = self.schemas[content[JSON]["schema"]["$ref"].rsplit("/", 1)[-1]]
            for field, property_ in schema["properties"].items():
                if "default" in property_:
                    self.assertNotIn(field, schema.get("required", []), f"{where}: {field}")

    def test_a_minimal_objective_is_valid_by_the_document(self) -> None:
        schema = {
            "$ref": "#/components/schemas/ObjectiveIn",
            "components": {"schemas": self.schemas},
        }
        self.assertEqual(list(Draft202012Validator(schema).iter_errors({"title": "Grow"})), [])

    def test_a_patch_requires_no_field_and_allows_null_where_its_create_does(self) -> None:
        """`version` may come as `If-Match` instead (decision 0011): no field is required."""
        patches = [
            name for name in self.schemas if name.endswith("Patch") and name != "MemberPatch"
        ]
        self.assertGreater(len(patches), 5)
        for name in patches:
            patch = self.schemas[name]
            create = self.schemas[name.removesuffix("Patch") + "In"]["properties"]
            self.assertNotIn("required", patch, name)
            self.assertIn("version", patch["properties"], name)
            for field, property_ in patch["properties"].items():
                if field == "version":
                    continue
                nullable = {"type": "null"} in property_.get("anyOf", [])
                self.assertEqual(
                    nullable, {"type": "null"} in create[field].get("anyOf", []), f"{name}.{field}"
                )
                self.assertNotIn("default", property_, f"{name}.{field}")

    def test_a_goal_body_offers_no_visibility(self) -> None:
        """The server refuses a private goal: the document does not offer one."""
        for name in ("GoalIn", "GoalPatch"):
            self.assertNotIn("visibility", self.schemas[name]["properties"], name)

    # --- Decimals ---------------------------------------------------------------------------

    def test_no_number_but_integers(self) -> None:
        """Decimals are exact strings, in and out; a JSON number in the document is a whole
        number."""
        for where, node in walk(self.document):
            if node.get("type") == "number":
                self.fail(f"{where} is a number")

    def test_every_decimal_is_a_string_of_format_decimal_with_an_example(self) -> None:
        decimals = {
            "KpiIn": ["baseline", "target", "range_low", "range_high"],
            "KpiPatch": ["baseline", "target", "range_low", "range_high"],
            "KpiOut": ["baseline", "target", "range_low", "range_high"],
            "MeasurementIn": ["value"],
            "MeasurementOut": ["value"],
            "PointOut": ["value"],
            "KpiStatusOut": ["expected", "shortfall"],
            "TrendOut": ["slope_per_day"],
            "ValueEntryIn": ["amount"],
            "ValueEntryPatch": ["amount"],
            "ValueEntryOut": ["amount"],
            "MoneyOut": ["amount"],
            "RatioOut": ["ratio"],
            "PartyFiguresOut": ["share"],
            "EvidenceOut": ["confidence"],
            "ScoreOut": ["confidence"],
            "PerceptionOut": ["average"],
        }
        for name, fields in decimals.items():
            for field in fields:
                schema = without_null(self.schemas[name]["properties"][field])
                where = f"{name}.{field}"
                self.assertEqual((schema.get("type"), schema.get("format")), ("string", "decimal"))
                self.assertTrue(schema.get("examples"), where)

    # --- The audit trail --------------------------------------------------------------------

    def test_an_audit_event_has_an_integer_record_id_and_typed_changes(self) -> None:
        event = self.schemas["AuditEventOut"]["properties"]
        self.assertEqual(event["record_id"]["type"], "integer")
        change = event["changes"]["additionalProperties"]
        self.assertEqual((change["type"], change["minItems"], change["maxItems"]), ("array", 2, 2))
        self.assertIn("anyOf", change["items"])

    # --- Bodies -----------------------------------------------------------------------------

    def test_an_optional_body_is_its_schema_and_not_required(self) -> None:
        optional = []
        for where, operation in self.operations():
            body = operation.get("requestBody")
            if body and not body.get("required"):
                schema = body["content"][JSON]["schema"]
                self.assertIn("$ref", schema, where)
                optional.append(where.split("/")[-1])
        self.assertEqual(
            sorted(optional),
            [
                "accept",
                "acknowledgement",
                "acknowledgement",
                "approval",
                "approval",
                "endorsement",
                "endorsement",
                "endorsement",
                "invitations",
                "rearm",
            ],
        )

    def test_the_csv_import_documents_both_forms_and_the_export_is_csv(self) -> None:
        kpi = "/api/v1/partnerships/{partnership_id}/kpis/{kpi_id}"
        body = self.document["paths"][f"{kpi}/measurements/import"]["post"]["requestBody"]
        self.assertTrue(body["required"])
        self.assertEqual(sorted(body["content"]), ["multipart/form-data", "text/csv"])
        self.assertEqual(body["content"]["text/csv"]["schema"]["type"], "string")
        upload = body["content"]["multipart/form-data"]["schema"]
        self.assertEqual(upload["properties"]["file"], {"type": "string", "format": "binary"})
        self.assertEqual(upload["required"], ["file"])
        answer = self.document["paths"][f"{kpi}/measurements.csv"]["get"]["responses"]["200"]
        self.assertEqual(answer["content"], {"text/csv": {"schema": {"type": "string"}}})


class DecimalApiTests(LongtermTestCase):
    def test_a_decimal_sent_as_a_string_or_a_number_reads_back_as_the_exact_string(self) -> None:
        for sent in ("12.25", 12.25):
            with self.subTest(sent=sent):
                fields = {
                    "name": "Yield",
                    "baseline": sent,
                    "baseline_date": "2025-01-01",
                    "target": "100",
                    "target_date": "2030-01-01",
                }
                created = self.api("post", self.kpis_url(), self.bob, fields)
                self.assertEqual(created.status_code, 201, created.content)
                self.assertEqual(created.json()["baseline"], "12.2500")

    def test_the_kpi_status_figures_are_decimal_strings(self) -> None:
        kpi = self.make_kpi()
        for ago, value in ((30, 100), (20, 200), (10, 300), (0, 400)):
            self.measure(kpi, ago, value)
        body = self.api("get", f"{self.kpis_url(kpi)}/status", self.bob).json()
        figures = (body["expected"], body["shortfall"], body["trend"]["slope_per_day"])
        self.assertEqual(figures, ("500.0000", "0.1000", "10.00000000"))


class AuditTypeTests(AccordTestCase):
    def test_an_audit_event_answers_its_record_id_as_an_integer(self) -> None:
        made = goal(self, self.alice, "Reach")
        events = self.api("get", f"/partnerships/{self.partnership.pk}/audit", self.alice).json()
        latest = events["items"][0]
        self.assertEqual(
            (latest["record_type"], latest["record_id"]), ("alignment.SharedGoal", made.pk)
        )
        self.assertEqual(latest["changes"]["title"], [None, "Reach"])
        for event in events["items"]:
            self.assertIsInstance(event["record_id"], int)
            for change in event["changes"].values():
                self.assertEqual(len(change), 2, event)


class OptionalBodyTests(AccordTestCase):
    """An operation whose body is optional takes no body at all (no Content-Type either, as
    a client sends nothing), an empty JSON body, and `{}`."""

    BODIES = {
        "no body": {},
        "an empty JSON body": {"content_type": JSON},
        "{}": {"data": "{}", "content_type": JSON},
    }

    def post(self, path: str, user, **body: Any):
        headers = {"Authorization": f"Bearer {self.token_for(user)}"}
        return self.client.generic("POST", f"/api/v1{path}", headers=headers, **body)

    def test_an_invitation_needs_no_body(self) -> None:
        solo = partnership_create(organization=self.alpha, actor=self.alice, name="Solo")
        for label, body in self.BODIES.items():
            with self.subTest(body=label):
                path = f"/partnerships/{solo.pk}/invitations"
                response = self.post(path, self.alice, **body)
                self.assertEqual(response.status_code, 201, response.content)

    def test_accepting_an_invitation_needs_no_body(self) -> None:
        for label, body in self.BODIES.items():
            with self.subTest(body=label):
                slug = f"joining-{len(label)}"
                joining = organization_create(name=f"Joining {label}", slug=slug)
                admin = make_user(f"admin@{slug}.test", joining, "owner")
                _, token = partnership_invitation_create(
                    partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
                )
                response = self.post(f"/invitations/{token}/accept", admin, **body)
                self.assertEqual(response.status_code, 201, response.content)
                self.assertTrue(Party.objects.filter(organization=joining).exists())

    def test_an_endorsement_needs_no_body(self) -> None:
        for label, body in self.BODIES.items():
            with self.subTest(body=label):
                reach = goal(self, self.alice, f"Reach {label}")
                path = f"/partnerships/{self.partnership.pk}/goals/{reach.pk}/endorsement"
                response = self.post(path, self.alice, **body)
                self.assertEqual(response.status_code, 201, response.content)
                self.assertTrue(SharedGoal.objects.get(pk=reach.pk).endorsements.exists())


class GoalVisibilityTests(AccordTestCase):
    def test_a_goal_sent_as_shared_is_still_read(self) -> None:
        """What was accepted before the document stopped offering the field still is."""
        fields = {"title": "Reach", "visibility": "shared"}
        response = self.api(
            "post", f"/partnerships/{self.partnership.pk}/goals", self.alice, fields
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["visibility"], "shared")
        self.assertEqual(AuditEvent.objects.filter(record_type="alignment.SharedGoal").count(), 1)
