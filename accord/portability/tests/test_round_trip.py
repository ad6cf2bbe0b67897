import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import jsonschema
from django.core.management import CommandError, call_command

from accord.audit.models import AuditEvent
from accord.core.models import Partnership
from accord.portability.document import partnership_document
from accord.portability.importer import DocumentError, partnership_import
from accord.portability.schema import json_schema, json_schema_text
from accord.portability.tests.scenario import LONG, build
from accord.trust.services import item_create
from accord.trust.tests.access_cases import pdf
from tests.base import AccordTestCase

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
SCHEMA_FILE = Path(__file__).resolve().parents[3] / "docs/schema/partnership.schema.json"


def comparable(document: dict) -> dict:
    """The document without what an import renews: when and by whom it was exported, who
    created each record (the importer), the organizations' slugs and people's emails."""
    out = json.loads(json.dumps(document))
    for key in ("exported_at", "exported_by"):
        out.pop(key)
    for party in out["parties"]:
        party.pop("organization")  # the importer takes the exporter's place
    for person in out["people"]:
        person.pop("email")
        person.pop("party")  # placeholder people belong to no organization
        person.pop("name") if person["name"].startswith("Team member") else None
    for records in out["records"].values():
        for record in records:
            record.pop("created_by")
    return out


class PortabilityTests(AccordTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build(cls)

    def export(self, party: Any) -> dict:
        return partnership_document(party, exported_by=self.alice, now=NOW)

    def validate(self, document: dict) -> None:
        jsonschema.Draft202012Validator(json_schema()).validate(document)

    def test_the_published_schema_is_current(self):
        message = "stale: run `.venv/bin/python -m accord portability_schema`"
        self.assertEqual(SCHEMA_FILE.read_text(), json_schema_text(), message)

    def test_an_export_holds_own_private_records_and_not_the_partners(self):
        for party, mine, theirs in (
            (self.party_a, "ALPHA-SECRET", "BETA-SECRET"),
            (self.party_b, "BETA-SECRET", "ALPHA-SECRET"),
        ):
            document = self.export(party)
            self.validate(document)
            text = json.dumps(document, ensure_ascii=False)
            self.assertIn(mine, text)
            self.assertNotIn(theirs, text)

    def test_only_own_people_carry_an_email(self):
        text = json.dumps(self.export(self.party_a))
        self.assertIn("alice@alpha.test", text)
        self.assertNotIn("beta.test", text)

    def test_the_round_trip_keeps_everything(self):
        first = self.export(self.party_a)
        report = partnership_import(text=json.dumps(first), organization=self.gamma, actor=None)
        self.assertEqual(report.created["alignment.objective"], 2)
        party = report.partnership.parties.get(organization=self.gamma)
        second = self.export(party)
        self.validate(second)
        self.assertEqual(comparable(second), comparable(first))
        self.assertIn(LONG, json.dumps(second, ensure_ascii=False))
        self.assertIn("99999999999.9999", json.dumps(second))

    def test_only_the_exporting_partys_people_are_matched_to_the_importers_members(self):
        document = self.export(self.party_a)
        honest = partnership_import(text=json.dumps(document), organization=self.alpha, actor=None)
        alice = next(p for p in document["people"] if p["email"] == "alice@alpha.test")
        beta = next(p["id"] for p in document["parties"] if p["id"] != document["viewpoint"])
        alice["party"] = beta  # a crafted file: alice as one of the partner's people
        crafted = partnership_import(text=json.dumps(document), organization=self.alpha, actor=None)
        # Alice is herself in the honest import, a stranger standing in for her in the crafted.
        placeholders = "placeholder people"
        self.assertEqual(crafted.created[placeholders], honest.created[placeholders] + 1)

    def test_imported_private_records_stay_private_to_the_importer(self):
        document = self.export(self.party_a)
        report = partnership_import(text=json.dumps(document), organization=self.gamma, actor=None)
        stand_in = report.partnership.parties.exclude(organization=self.gamma).get()
        text = json.dumps(partnership_document(stand_in, exported_by=None, now=NOW))
        self.assertNotIn("ALPHA-SECRET", text)

    def test_an_import_is_audited_and_private_records_go_to_the_importers_private_chain(self):
        document = self.export(self.party_a)
        report = partnership_import(text=json.dumps(document), organization=self.gamma, actor=None)
        events = AuditEvent.objects.filter(partnership=report.partnership)
        secret = events.get(action="create", record_label="ALPHA-SECRET-AIM")
        self.assertEqual(secret.private_to_id, self.gamma.pk)
        self.assertEqual(
            events.filter(action="create", record_type="alignment.SharedGoal").count(), 1
        )

    def test_a_shared_document_travels_as_metadata_and_is_reported_not_imported(self):
        item_create(party=self.party_a, actor=self.alice, title="Site plan", upload=pdf())
        document = self.export(self.party_a)
        (item,) = document["records"]["trust.shareditem"]
        self.assertEqual(item["fields"]["filename"], "plan.pdf")
        self.assertNotIn("file", item["fields"])
        printed = StringIO()
        out = self.tmp_path("with-document.json")
        Path(out).write_text(json.dumps(document))
        call_command("import", out, "--org", "gamma", stdout=printed)
        self.assertIn("not imported, trust.shareditem: 1", printed.getvalue())

    def test_an_ended_partnership_is_imported_whole_then_ended(self):
        document = self.export(self.party_a)
        document["partnership"].update(stage="ended", ended_on="2026-05-31")
        report = partnership_import(text=json.dumps(document), organization=self.gamma, actor=None)
        report.partnership.refresh_from_db()
        self.assertTrue(report.partnership.is_ended)
        self.assertEqual(str(report.partnership.ended_on), "2026-05-31")
        self.assertEqual(report.created["roles.assignment"], 2)

    def test_the_import_command_names_what_is_wrong(self):
        # A CommandError is the command line's exit code 1 (`run_from_argv`, not called here:
        # it closes the database connections the test case holds).
        out = self.tmp_path("bad.json")
        Path(out).write_text('{"format": "accord-partnership", "version": 7}')
        message = "/version: Version 7 is not one this Accord reads"
        with self.assertRaisesMessage(CommandError, message):
            call_command("import", out, "--org", "gamma", stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "No organization “nobody”"):
            call_command("import", out, "--org", "nobody", stdout=StringIO())

    def test_a_bad_document_is_refused_with_its_place_and_nothing_is_created(self):
        good = self.export(self.party_a)

        def spoiled(change) -> str:
            document = json.loads(json.dumps(good))
            change(document)
            return json.dumps(document)

        cases = {
            "{not json": "",
            spoiled(lambda d: d.update(version=2)): "/version",
            spoiled(lambda d: d.update(format="other")): "/format",
            spoiled(lambda d: d["partnership"].update(stage="dreaming")): "/partnership/stage",
            spoiled(
                lambda d: d["records"]["roles.activity"][0]["fields"].update(workstream="nope")
            ): "/records/roles.activity/0/fields/workstream",
            spoiled(
                lambda d: d["records"]["longterm.kpi"][0]["fields"].update(
                    target="999999999999.9999"
                )
            ): "/records/longterm.kpi/0/fields/target",
            spoiled(
                lambda d: d["records"]["longterm.kpi"][0]["fields"].update(
                    baseline_date="2026-02-30"
                )
            ): "/records/longterm.kpi/0/fields/baseline_date",
            spoiled(
                lambda d: d["records"]["longterm.kpi"][0]["fields"].update(
                    baseline_date="1899-12-31"
                )
            ): "/records/longterm.kpi/0/fields/baseline_date",
            spoiled(
                lambda d: d["records"]["alignment.objective"][0].update(owner_party="party/9")
            ): "/records/alignment.objective/0/owner_party",
            spoiled(lambda d: d.update(viewpoint="party/9")): "/viewpoint",
            spoiled(lambda d: d["people"].append(dict(d["people"][0]))): "/people/"
            + str(len(good["people"]))
            + "/id",
            spoiled(
                lambda d: d["records"]["roles.assignment"][0]["fields"].update(person="person/99")
            ): "/records/roles.assignment/0/fields/person",
            spoiled(
                lambda d: d["records"]["alignment.objective"].append(
                    dict(d["records"]["alignment.objective"][0])
                )
            ): "/records/alignment.objective/2/id",
            spoiled(
                lambda d: d["records"]["alignment.sharedgoal"][0]["parts"]["endorsements"].append(
                    d["records"]["alignment.sharedgoal"][0]["parts"]["endorsements"][0]
                )
            ): "/records/alignment.sharedgoal/0/parts/endorsements/2",
            spoiled(
                lambda d: d["records"]["roles.workstream"][0]["fields"].update(title="x" * 201)
            ): "/records/roles.workstream/0/fields/title",
            spoiled(
                lambda d: d["records"]["contingency.risk"][0]["fields"].update(likelihood=99)
            ): "/records/contingency.risk/0/fields/likelihood",
            spoiled(
                lambda d: d["records"]["roles.workstream"][0]["fields"].update(title="a\x00b")
            ): "/records/roles.workstream/0/fields/title",
        }
        partnerships, events = Partnership.objects.count(), AuditEvent.objects.count()
        for text, pointer in cases.items():
            with self.subTest(pointer=pointer):
                with self.assertRaises(DocumentError) as caught:
                    partnership_import(text=text, organization=self.gamma, actor=None)
                self.assertEqual(caught.exception.errors[0][0], pointer, caught.exception)
                self.assertEqual(Partnership.objects.count(), partnerships)
                self.assertEqual(AuditEvent.objects.count(), events)

    def test_the_commands_export_and_import(self):
        out = self.tmp_path("export.json")
        call_command(
            "export", self.partnership.pk, "--org", "beta", "--out", out, stdout=StringIO()
        )
        self.assertNotIn("ALPHA-SECRET", Path(out).read_text())
        printed = StringIO()
        call_command("import", out, "--org", "gamma", stdout=printed)
        self.assertIn("alignment.objective: 2", printed.getvalue())
        for arguments, message in (
            ((999999,), "No partnership"),
            ((self.partnership.pk,), "--org"),
            ((self.partnership.pk, "--org", "gamma"), "not a party"),
        ):
            with self.subTest(arguments=arguments), self.assertRaisesMessage(CommandError, message):
                call_command("export", *arguments, stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "Nothing imported"):
            Path(out).write_text("[]")
            call_command("import", out, "--org", "gamma", stdout=StringIO())

    def tmp_path(self, name: str) -> str:
        import tempfile

        folder = tempfile.mkdtemp()
        return str(Path(folder) / name)
