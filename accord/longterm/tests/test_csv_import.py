"""CSV import and export of measurements: all or nothing, every problem with its line."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.longterm.csvio import MAX_ROWS
from accord.longterm.models import Measurement
from accord.longterm.tests.base import KpiPageTestCase, LongtermTestCase, days_ago


class CsvImportTests(LongtermTestCase):
    def setUp(self) -> None:
        self.kpi = self.make_kpi()  # baseline 50 days ago
        self.url = f"/api/v1{self.kpis_url(self.kpi)}/measurements/import"

    def send(self, text: str | bytes, user=None):
        body = text.encode() if isinstance(text, str) else text
        token = self.token_for(user or self.bob)
        return self.client.post(
            self.url, body, content_type="text/csv", headers={"Authorization": f"Bearer {token}"}
        )

    def problems(self, response) -> list[tuple[str, str]]:
        self.assertEqual(response.status_code, 400, response.content)
        return [(e["field"], e["message"]) for e in response.json()["errors"]]

    def test_a_good_file_imports_every_row_with_one_audit_event(self):
        text = f'date,value,note\n{days_ago(30)},100,first\n{days_ago(20)},"200.5","with, comma"\n'
        response = self.send(text)
        self.assertEqual((response.status_code, response.json()["imported"]), (201, 2))
        rows = list(Measurement.objects.values_list("value", "note", "entered_by"))
        self.assertEqual(rows, [(100, "first", self.bob.pk), (200.5, "with, comma", self.bob.pk)])
        event = AuditEvent.objects.get(action="measurement_import")
        self.assertEqual(event.changes["added"], [None, 2])
        self.assertEqual(event.changes["source"], [None, "csv"])

    def test_an_upload_retried_with_its_idempotency_key_imports_once(self):
        """Each send of a multipart form has a boundary of its own: the retry is the same."""
        headers = {"Authorization": f"Bearer {self.token_for(self.bob)}", "Idempotency-Key": "csv"}
        answers = []
        for boundary in ("first-boundary", "second-boundary"):
            body = (
                f"--{boundary}\r\n"
                'Content-Disposition: form-data; name="file"; filename="m.csv"\r\n'
                "Content-Type: text/csv\r\n\r\n"
                f"date,value\n{days_ago(5)},3\n\r\n"
                f"--{boundary}--\r\n"
            )
            content_type = f"multipart/form-data; boundary={boundary}"
            answers.append(self.client.post(self.url, body, content_type, headers=headers))
        self.assertEqual([a.status_code for a in answers], [201, 201], answers[0].content)
        self.assertEqual(answers[1]["Idempotent-Replayed"], "true")
        self.assertEqual(Measurement.objects.count(), 1)

    def test_broken_rows_are_each_reported_with_their_line_and_nothing_is_imported(self):
        self.measure(self.kpi, 10, 1)
        future = timezone.localdate() + timedelta(days=2)
        # Each broken row (from line 3 on) with the words its problem must contain.
        broken = [
            ("2025-13-01,10", "bad date “2025-13-01”"),
            (f"{days_ago(39)},ten", "bad number “ten”"),
            (f"{days_ago(38)},", "empty value"),
            (f"{days_ago(60)},10", "before the baseline date"),
            (f"{future},10", "in the future"),
            (f"{days_ago(40)},11", "appears twice (first on line 2)"),
            (f"{days_ago(10)},12", "already has a value (1): replace existing values"),
            (f"{days_ago(37)},1,note,extra", "more cells (4) than the header has columns (3)"),
            ("01/02/2025,1", "bad date “01/02/2025”"),
            (f"{days_ago(36)},1e5", "bad number “1e5”"),
            (f"{days_ago(35)},123456789012345", "too large"),
            (f"{days_ago(34)},1.23456", "decimal places"),
        ]
        rows = [f"{days_ago(40)},10,fine", *(row for row, _ in broken)]
        text = "\n".join(["date,value,note", *rows, ""])
        problems = self.problems(self.send(text))
        lines = [field for field, _ in problems]
        self.assertEqual(lines, [f"line {n}" for n in range(3, 15)])
        messages = dict(problems)
        for n, (_, expected) in enumerate(broken, start=3):
            with self.subTest(line=n):
                self.assertIn(expected, messages[f"line {n}"])
        self.assertEqual(Measurement.objects.count(), 1)
        self.assertFalse(AuditEvent.objects.filter(action="measurement_import").exists())

    def test_whole_file_problems_are_explained(self):
        cases = {
            b"": "No file received.",  # no body at all
            b"   \n\n": "The file is empty.",
            b"date,value\n": "The file has a header but no measurements.",
            "date,value\n2025-01-01,1\n".encode("utf-16"): "not UTF-8",
            b"\xff\xfe\x00garbage": "not UTF-8",
            b"date,value\n2025-01-01,1\x00\n": "NUL",
            b"when,who\n2025-01-01,Ada\n": "Which column holds the values?",
            b'date,value\n"2025-01-01,1\n': "not valid CSV",
            b"x" * 1_000_001: "larger than 1 MB",
        }
        for data, message in cases.items():
            with self.subTest(data=data[:20]):
                problems = self.problems(self.send(data))
                self.assertIn(message, problems[0][1])
        self.assertFalse(Measurement.objects.exists())

    def test_an_empty_uploaded_file_is_refused(self):
        token = self.token_for(self.bob)
        upload = SimpleUploadedFile("m.csv", b"", "text/csv")
        response = self.client.post(
            self.url, {"file": upload}, headers={"Authorization": f"Bearer {token}"}
        )
        self.assertIn(self.problems(response)[0][1], {"The file is empty.", "No file received."})

    def test_a_body_past_the_request_limit_gets_the_same_answer(self):
        problems = self.problems(self.send(b"x" * 3_000_000))
        self.assertIn("larger than 1 MB", problems[0][1])

    def test_too_many_rows_are_refused(self):
        rows = "".join(f"{days_ago(1)},{i}\n" for i in range(MAX_ROWS + 1))
        problems = self.problems(self.send("date,value\n" + rows))
        self.assertIn("More than 10,000 rows", problems[0][1])

    def test_a_byte_order_mark_and_windows_line_ends_are_fine(self):
        data = f"\ufeffDate,Value\r\n{days_ago(5)},3\r\n".encode()
        self.assertEqual(self.send(data).json()["imported"], 1)

    def test_a_multipart_upload_works_too(self):
        upload = SimpleUploadedFile("m.csv", f"date,value\n{days_ago(5)},3\n".encode(), "text/csv")
        token = self.token_for(self.bob)
        response = self.client.post(
            self.url, {"file": upload}, headers={"Authorization": f"Bearer {token}"}
        )
        self.assertEqual(response.status_code, 201, response.content)

    def test_only_the_owning_party_imports(self):
        self.assertEqual(self.send(f"date,value\n{days_ago(5)},3\n", self.alice).status_code, 403)

    def test_the_export_imports_cleanly_into_another_kpi(self):
        self.measure(self.kpi, 30, "100.25", note="=SUM(A1)")
        self.measure(self.kpi, 20, "-3", note='say "hi", twice')
        self.measure(self.kpi, 10, "1500")
        export = self.api("get", f"{self.kpis_url(self.kpi)}/measurements.csv", self.alice)
        self.assertEqual(export["Content-Type"], "text/csv; charset=utf-8")
        text = export.content.decode()
        self.assertEqual(
            text.splitlines(),
            [
                "date,value,note",
                f"{days_ago(30)},100.25,'=SUM(A1)",
                f'{days_ago(20)},-3,"say ""hi"", twice"',
                f"{days_ago(10)},1500,",
            ],
        )
        other = self.make_kpi(name="Copy")
        self.url = f"/api/v1{self.kpis_url(other)}/measurements/import"
        self.assertEqual(self.send(text).json()["imported"], 3)
        copied = list(other.measurements.order_by("measured_on").values_list("value", "note"))
        original = list(self.kpi.measurements.order_by("measured_on").values_list("value", "note"))
        self.assertEqual(copied, original)


class CsvImportPageTests(KpiPageTestCase):
    page = "accord-measurements-import"

    def preview(self, text: str, **choices) -> dict:
        """Step one's answer: the preview form's fields as the page filled them in."""
        response = self.client.post(self.url, {"text": text})
        form = response.context["form"]
        return {**{name: form[name].value() for name in form.fields}, **choices}

    def test_an_uploaded_file_is_previewed_then_imported(self):
        upload = SimpleUploadedFile("m.csv", f"date,value\n{days_ago(5)},3\n".encode())
        response = self.client.post(self.url, {"file": upload})
        self.assertContainsAll(response, "How the file was read", "1 new value", "Import 1 value")
        self.assertFalse(Measurement.objects.exists())
        fields = self.preview(f"date,value\n{days_ago(5)},3\n", step="import")
        response = self.client.post(self.url, fields, follow=True)
        self.assertContains(response, "Imported 1 value: 1 new.")
        self.assertEqual(Measurement.objects.get().value, 3)

    def test_a_european_spreadsheet_is_read_and_the_person_confirms_it(self):
        day = timezone.localdate() - timedelta(days=5)
        text = f"Datum;Umsatz;Bemerkung\n{day:%d.%m.%Y};1.234,5;gut\n"
        response = self.client.post(self.url, {"text": text})
        self.assertContainsAll(response, "1 new value", "1,234.5", "gut")
        fields = self.preview(text)
        self.assertEqual(
            [fields[n] for n in ("delimiter", "date_column", "value_column", "note_column")],
            ["semicolon", "Datum", "Umsatz", "Bemerkung"],
        )
        self.assertEqual((fields["date_order"], fields["decimal_mark"]), ("day_first", "comma"))
        self.client.post(self.url, {**fields, "step": "import"})
        self.assertEqual(Measurement.objects.get().value, Decimal("1234.5"))

    def test_an_ambiguous_date_is_flagged_and_the_person_can_read_it_month_first(self):
        self.kpi = self.make_kpi(name="Long", baseline_date=days_ago(800))
        self.url = reverse(self.page, args=[self.partnership.pk, self.kpi.pk])
        year = timezone.localdate().year - 1
        text = f"date,value\n04/03/{year},7\n"
        response = self.client.post(self.url, {"text": text})
        self.assertContainsAll(response, "read either day first or month first", "4 Mar")
        fields = self.preview(text, date_order="month_first", step="import")
        self.client.post(self.url, fields)
        self.assertEqual(self.kpi.measurements.get().measured_on, date(year, 4, 3))

    def test_replacing_needs_the_choice_and_shows_the_old_and_new_values(self):
        self.measure(self.kpi, 5, 3)
        text = f"date,value\n{days_ago(5)},4\n{days_ago(4)},5\n"
        response = self.client.post(self.url, {"text": text})
        self.assertContains(response, "already has a value (3)", status_code=400)
        fields = self.preview(text, replace="on", step="preview")
        response = self.client.post(self.url, fields)
        self.assertContainsAll(response, "1 new value, 1 replaced", "Import 2 values")
        response = self.client.post(self.url, {**fields, "step": "import"}, follow=True)
        self.assertContains(response, "Imported 2 values: 1 new, 1 replaced.")
        values = list(self.kpi.measurements.order_by("measured_on").values_list("value", flat=True))
        self.assertEqual(values, [4, 5])

    def test_a_column_named_after_a_change_of_delimiter_is_refused_clearly(self):
        fields = self.preview(f"date,value\n{days_ago(5)},3\n", value_column="nope")
        response = self.client.post(self.url, {**fields, "step": "import"})
        self.assertContains(response, "Select a valid choice", status_code=400)
        self.assertFalse(Measurement.objects.exists())

    def test_broken_rows_are_listed_with_their_lines(self):
        response = self.client.post(self.url, {"text": f"date,value\n{days_ago(5)},x\nbad,1"})
        self.assertContains(
            response, "Nothing was recorded: 2 rows have problems.", status_code=400
        )
        self.assertContains(response, "<strong>Line 2:</strong> bad number “x”", status_code=400)
        self.assertContains(response, "<strong>Line 3:</strong> bad date “bad”", status_code=400)
        self.assertNotContains(response, "Import 1 value", status_code=400)
        self.assertFalse(Measurement.objects.exists())

    def test_a_file_that_is_no_text_goes_back_to_step_one(self):
        upload = SimpleUploadedFile("m.csv", "date,value\n".encode("utf-16"))
        response = self.client.post(self.url, {"file": upload})
        self.assertContainsAll(response, "not UTF-8", "Preview the import", status_code=400)

    def test_the_example_in_the_help_imports_as_it_is(self):
        example = self.client.get(self.url).context["form"].fields["text"].widget.attrs
        fields = self.preview(example["placeholder"], step="import")
        response = self.client.post(self.url, fields, follow=True)
        self.assertContains(response, "Imported 2 values: 2 new.")

    def test_an_empty_form_asks_for_a_file(self):
        response = self.client.post(self.url, {})
        self.assertContains(response, "Choose a CSV file or paste its text.", status_code=400)

    def test_the_export_link_downloads_csv(self):
        self.measure(self.kpi, 5, 3)
        url = reverse("accord-measurements-export", args=[self.partnership.pk, self.kpi.pk])
        response = self.client.get(url)
        self.assertEqual(response.content.decode(), f"date,value,note\n{days_ago(5)},3,\n")
