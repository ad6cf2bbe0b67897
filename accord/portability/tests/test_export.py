"""The export's API and page, its audit event, and what a partner's private records keep out."""

import json
from datetime import UTC, date, datetime

import jsonschema
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.communication.models import Meeting
from accord.portability.document import partnership_document
from accord.portability.schema import json_schema
from accord.portability.tests.scenario import build, make
from accord.trust.models import Commitment
from tests.base import AccordTestCase, QueryCountTestCase

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


class ExportTests(AccordTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build(cls)

    def export_api(self, user, query: str = ""):
        url = reverse("api:partnership_export_get", args=[self.partnership.pk]) + query
        return self.client.get(url, headers={"Authorization": f"Bearer {self.token_for(user)}"})

    def test_the_api_exports_the_callers_party_view(self):
        response = self.export_api(self.bob)
        self.assertEqual(response.status_code, 200)
        document = response.json()
        jsonschema.Draft202012Validator(json_schema()).validate(document)
        self.assertEqual(document["exported_by"]["organization"], "Beta Solar")
        self.assertIn("BETA-SECRET", response.content.decode())
        self.assertNotIn("ALPHA-SECRET", response.content.decode())
        self.assertNotIn("alpha.test", response.content.decode())

    def test_a_reader_exports_too(self):
        self.assertEqual(self.export_api(self.vic).status_code, 200)

    def test_naming_an_organization_the_caller_does_not_see_through_is_a_field_error(self):
        response = self.export_api(self.bob, "?organization=alpha")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "organization")

    def test_an_export_is_in_the_exporting_organizations_private_history_only(self):
        self.export_api(self.bob)
        event = AuditEvent.objects.get(action="export")
        self.assertEqual(event.private_to_id, self.beta.pk)
        self.assertEqual(event.actor, self.bob)

    def test_the_page_downloads_the_document(self):
        self.client.force_login(self.alice)
        response = self.client.get(reverse("accord-partnership-export", args=[self.partnership.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertIn("ALPHA-SECRET", response.content.decode())
        self.assertNotIn("BETA-SECRET", response.content.decode())

    def test_the_partnership_page_offers_the_download(self):
        self.client.force_login(self.alice)
        page = self.client.get(reverse("accord-partnership", args=[self.partnership.pk]))
        self.assertContains(page, reverse("accord-partnership-export", args=[self.partnership.pk]))

    def test_the_schema_is_public(self):
        response = self.client.get("/api/v1/schemas/partnership.json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), json_schema())

    def test_a_record_pointing_at_a_partners_private_record_is_left_out(self):
        # A shared commitment of Beta's from Beta's private meeting: the services make such an
        # action item private, but the document does not rely on it.
        meeting = make(
            self,
            Meeting,
            self.party_b,
            self.bob,
            title="BETA-SECRET-MEETING",
            starts_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
            visibility="private",
        )
        make(
            self,
            Commitment,
            self.party_b,
            self.bob,
            title="ITEM-OF-SECRET-MEETING",
            due_date=date(2026, 2, 1),
            source_kind="communication.meeting",
            source_id=meeting.pk,
        )
        text = json.dumps(partnership_document(self.party_a, exported_by=None, now=NOW))
        for hidden in ("BETA-SECRET", "ITEM-OF-SECRET-MEETING"):
            self.assertNotIn(hidden, text)
        self.assertIn("Action item: book the crane", text)


class ExportQueryCountTests(QueryCountTestCase):
    GROW = (1, 6)

    def grow(self, n: int) -> None:
        for _ in range(n):
            build(self)

    def test_the_export_runs_a_fixed_number_of_queries(self):
        url = reverse("api:partnership_export_get", args=[self.partnership.pk])
        self.assertConstant(url, self.alice, 47, api=True)
