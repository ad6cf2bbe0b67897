"""Many measurements in one call (bulk JSON, CSV with a layout), replacing, dry runs, and
one measurement changed in place: through the API and the KPI page."""

from decimal import Decimal

from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.longterm.batch import MAX_ROWS
from accord.longterm.models import Measurement
from accord.longterm.tests.base import KpiPageTestCase, LongtermTestCase, days_ago


class BulkApiTests(LongtermTestCase):
    def setUp(self) -> None:
        self.kpi = self.make_kpi()  # baseline 50 days ago
        self.url = f"{self.kpis_url(self.kpi)}/measurements/bulk"

    def bulk(self, items, user=None, query: str = ""):
        return self.api("post", f"{self.url}{query}", user or self.bob, {"measurements": items})

    def values(self) -> list[tuple[str, Decimal, str]]:
        rows = self.kpi.measurements.order_by("measured_on")
        return [(str(d), v, n) for d, v, n in rows.values_list("measured_on", "value", "note")]

    def test_many_values_are_recorded_in_one_call_with_one_audit_event(self):
        items = [
            {"measured_on": str(days_ago(10)), "value": "12.5", "note": "first"},
            {"measured_on": str(days_ago(20)), "value": 7},
        ]
        response = self.bulk(items)
        self.assertEqual(response.status_code, 201, response.content)
        answer = response.json()
        self.assertEqual(
            {k: answer[k] for k in ("dry_run", "imported", "added", "replaced", "unchanged")},
            {"dry_run": False, "imported": 2, "added": 2, "replaced": 0, "unchanged": 0},
        )
        self.assertEqual(
            [c["measured_on"] for c in answer["changes"]], [str(days_ago(20)), str(days_ago(10))]
        )
        self.assertEqual(answer["changes"][1]["value"], "12.5")
        self.assertEqual(
            self.values(),
            [(str(days_ago(20)), 7, ""), (str(days_ago(10)), Decimal("12.5"), "first")],
        )
        event = AuditEvent.objects.get(action="measurement_import")
        self.assertEqual(event.changes["source"], [None, "bulk"])
        self.assertEqual(event.changes["added"], [None, 2])

    def test_any_bad_item_records_nothing_and_each_problem_names_its_item(self):
        self.measure(self.kpi, 5, 1)
        items = [
            {"measured_on": str(days_ago(10)), "value": "1"},
            {"measured_on": str(days_ago(60)), "value": "1"},  # before the baseline
            {"measured_on": str(days_ago(5)), "value": "2"},  # already has a value
            {"measured_on": str(days_ago(10)), "value": "3"},  # twice
            {"measured_on": str(days_ago(-3)), "value": "3"},  # future
        ]
        response = self.bulk(items)
        self.assertEqual(response.status_code, 400, response.content)
        body = response.json()
        self.assertEqual(body["code"], "batch_rejected")
        problems = {e["field"]: e["message"] for e in body["errors"]}
        self.assertEqual(list(problems), [f"measurements[{n}]" for n in (1, 2, 3, 4)], problems)
        self.assertIn("before the baseline date", problems["measurements[1]"])
        self.assertIn("already has a value (1)", problems["measurements[2]"])
        self.assertIn("first on measurements[0]", problems["measurements[3]"])
        self.assertIn("in the future", problems["measurements[4]"])
        self.assertEqual(len(self.values()), 1)
        self.assertFalse(AuditEvent.objects.filter(action="measurement_import").exists())

    def test_replace_changes_the_values_of_the_same_days_and_says_what_they_were(self):
        self.measure(self.kpi, 10, 1, note="old")
        self.measure(self.kpi, 9, 2)
        items = [
            {"measured_on": str(days_ago(10)), "value": "5", "note": "new"},
            {"measured_on": str(days_ago(9)), "value": "2"},  # as it is
            {"measured_on": str(days_ago(8)), "value": "3"},
        ]
        answer = self.bulk(items, query="?replace=true").json()
        self.assertEqual(
            (answer["added"], answer["replaced"], answer["unchanged"], answer["imported"]),
            (1, 1, 1, 2),
        )
        replaced = answer["changes"][0]
        self.assertEqual(
            (replaced["outcome"], Decimal(replaced["previous_value"]), replaced["previous_note"]),
            ("replaced", 1, "old"),
        )
        self.assertEqual(
            self.values(),
            [(str(days_ago(10)), 5, "new"), (str(days_ago(9)), 2, ""), (str(days_ago(8)), 3, "")],
        )
        self.assertEqual(Measurement.objects.get(measured_on=days_ago(10)).version, 2)

    def test_a_dry_run_answers_what_would_change_and_records_nothing(self):
        self.measure(self.kpi, 10, 1)
        items = [{"measured_on": str(days_ago(10)), "value": "5"}]
        response = self.bulk(items, query="?replace=true&dry_run=true")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["dry_run"], response.json()["replaced"]), (True, 1))
        self.assertEqual(self.values(), [(str(days_ago(10)), 1, "")])
        refused = self.bulk([{"measured_on": str(days_ago(10)), "value": "5"}], query="?dry_run=1")
        self.assertEqual(refused.status_code, 400)
        self.assertFalse(AuditEvent.objects.filter(action="measurement_import").exists())

    def test_bad_bodies_are_refused_clearly(self):
        cases = {
            "empty list": {"measurements": []},
            "no list": {},
            "not a date": {"measurements": [{"measured_on": "31/12/2025", "value": "1"}]},
            "not a number": {"measurements": [{"measured_on": str(days_ago(1)), "value": "x"}]},
            "huge": {"measurements": [{"measured_on": str(days_ago(1)), "value": "1e20"}]},
            "long note": {
                "measurements": [{"measured_on": str(days_ago(1)), "value": 1, "note": "n" * 501}]
            },
        }
        for name, body in cases.items():
            with self.subTest(name):
                response = self.api("post", self.url, self.bob, body)
                self.assertIn(response.status_code, (400, 422), response.content)
                self.assertTrue(response.json()["errors"], response.content)
        too_many = [{"measured_on": str(days_ago(1)), "value": 1}] * (MAX_ROWS + 1)
        self.assertEqual(self.bulk(too_many).status_code, 422)
        self.assertFalse(Measurement.objects.exists())

    def test_only_the_owning_party_records_and_an_outsider_learns_nothing(self):
        items = [{"measured_on": str(days_ago(1)), "value": 1}]
        self.assertEqual(self.bulk(items, self.alice).status_code, 403)
        self.assertEqual(self.bulk(items, self.olga).status_code, 404)
        private = self.make_kpi(name="Margin", visibility="private")
        url = f"{self.kpis_url(private)}/measurements/bulk"
        answer = self.api("post", url, self.alice, {"measurements": items})
        self.assertEqual(answer.status_code, 404)
        self.assertNotIn("Margin", answer.content.decode())
        self.assertFalse(Measurement.objects.exists())

    def test_a_retry_with_the_same_idempotency_key_records_once(self):
        items = [{"measured_on": str(days_ago(3)), "value": 1}]
        headers = {"Idempotency-Key": "bulk-1"}
        first = self.api("post", self.url, self.bob, {"measurements": items}, headers=headers)
        again = self.api("post", self.url, self.bob, {"measurements": items}, headers=headers)
        self.assertEqual((first.status_code, again.status_code), (201, 201))
        self.assertEqual(again["Idempotent-Replayed"], "true")
        self.assertEqual(Measurement.objects.count(), 1)


class CsvLayoutApiTests(LongtermTestCase):
    def setUp(self) -> None:
        self.kpi = self.make_kpi()
        self.url = f"/api/v1{self.kpis_url(self.kpi)}/measurements/import"

    def send(self, text: str, query: str = ""):
        token = self.token_for(self.bob)
        return self.client.post(
            self.url + query,
            text.encode(),
            content_type="text/csv",
            headers={"Authorization": f"Bearer {token}"},
        )

    def test_a_spreadsheet_export_with_its_own_headers_is_read_and_the_layout_answered(self):
        day = days_ago(3)
        text = f"Datum;Umsatz;Kommentar\n{day:%d.%m.%Y};1.234,5;gut\n"
        response = self.send(text)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            response.json()["layout"],
            {
                "delimiter": "semicolon",
                "columns": ["Datum", "Umsatz", "Kommentar"],
                "has_header": True,
                "date_column": "Datum",
                "value_column": "Umsatz",
                "note_column": "Kommentar",
                "date_order": "day_first",
                "decimal_mark": "comma",
                "guesses": [],
            },
        )
        self.assertEqual(
            list(Measurement.objects.values_list("measured_on", "value", "note")),
            [(day, Decimal("1234.5"), "gut")],
        )

    def test_what_detection_should_not_decide_is_named_in_the_query(self):
        text = f"a,b,c\n{days_ago(3)},5,7\n"
        response = self.send(text, "?value_column=c&note_column=&dry_run=true")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["changes"][0]["value"], "7")
        self.assertEqual(response.json()["layout"]["note_column"], None)
        refused = self.send(text, "?value_column=zz")
        self.assertEqual(refused.status_code, 400)
        self.assertIn("There is no column “zz”", refused.json()["errors"][0]["message"])
        bad = self.send(text, "?date_order=sideways")
        self.assertEqual(bad.status_code, 400, bad.content)
        self.assertEqual(bad.json()["errors"][0]["field"], "date_order")
        self.assertFalse(Measurement.objects.exists())

    def test_a_file_without_a_header_is_read_by_what_its_cells_hold(self):
        response = self.send(f"{days_ago(4)}\t3,5\n{days_ago(3)}\t4,25\n")
        self.assertEqual(response.status_code, 201, response.content)
        layout = response.json()["layout"]
        self.assertEqual(
            (layout["has_header"], layout["delimiter"], layout["decimal_mark"]),
            (False, "tab", "comma"),
        )
        self.assertEqual(
            sorted(Measurement.objects.values_list("value", flat=True)),
            [Decimal("3.5"), Decimal("4.25")],
        )


class MeasurementUpdateApiTests(LongtermTestCase):
    def setUp(self) -> None:
        self.kpi = self.make_kpi()
        self.measurement = self.measure(self.kpi, 5, 10, note="first")
        self.url = f"{self.kpis_url(self.kpi)}/measurements/{self.measurement.pk}"

    def test_a_value_is_changed_in_place_from_its_version(self):
        response = self.api("patch", self.url, self.bob, {"value": "11.5", "version": 1})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(
            (response.json()["value"], response.json()["version"], response.json()["note"]),
            ("11.5", 2, "first"),
        )
        event = AuditEvent.objects.get(action="measurement_change")
        self.assertEqual([Decimal(v) for v in event.changes["value"]], [10, Decimal("11.5")])
        self.assertEqual(list(event.changes), ["value"])

    def test_a_stale_change_is_refused_with_the_measurement_as_it_is(self):
        self.api("patch", self.url, self.bob, {"note": "second", "version": 1})
        response = self.api("patch", self.url, self.bob, {"value": "1", "version": 1})
        self.assertEqual(response.status_code, 409, response.content)
        self.assertEqual(response.json()["current"]["note"], "second")
        self.assertEqual(response.json()["current_version"], 2)
        etag = self.api("get", f"{self.kpis_url(self.kpi)}/measurements", self.bob)
        self.assertEqual(etag.status_code, 200)
        wrong = self.api("patch", self.url, self.bob, {"value": "1"}, headers={"If-Match": '"1-x"'})
        self.assertEqual(wrong.status_code, 412)
        self.assertEqual(Measurement.objects.get().value, 10)

    def test_a_change_keeps_the_rules_of_a_new_value(self):
        self.measure(self.kpi, 4, 20)
        cases = {
            "measured_on": [str(days_ago(4)), str(days_ago(60)), str(days_ago(-2))],
            "value": ["1e20", "1.23456"],
        }
        for field, values in cases.items():
            for value in values:
                with self.subTest(field=field, value=value):
                    response = self.api("patch", self.url, self.bob, {field: value, "version": 1})
                    self.assertIn(response.status_code, (400, 422), response.content)
        self.assertEqual(Measurement.objects.get(pk=self.measurement.pk).version, 1)

    def test_only_the_owning_party_changes_a_value(self):
        response = self.api("patch", self.url, self.alice, {"value": "1", "version": 1})
        self.assertEqual(response.status_code, 403)
        response = self.api("patch", self.url, self.olga, {"value": "1", "version": 1})
        self.assertEqual(response.status_code, 404)
        other = self.make_kpi(name="Other")
        wrong_kpi = f"{self.kpis_url(other)}/measurements/{self.measurement.pk}"
        self.assertEqual(
            self.api("patch", wrong_kpi, self.bob, {"value": "1", "version": 1}).status_code, 404
        )


class MeasurementEditPageTests(KpiPageTestCase):
    page = "accord-kpi"

    def setUp(self) -> None:
        super().setUp()
        self.measurement = self.measure(self.kpi, 5, 10, note="first")
        self.edit_url = reverse(
            "accord-measurement-edit", args=[self.partnership.pk, self.kpi.pk, self.measurement.pk]
        )

    def test_the_kpi_page_offers_to_edit_each_value(self):
        self.assertContains(self.client.get(self.url), self.edit_url)
        self.client.force_login(self.alice)  # the other party: reads, does not edit
        self.assertNotContains(self.client.get(self.url), self.edit_url)
        self.assertEqual(self.client.get(self.edit_url).status_code, 403)

    def test_a_value_is_edited_in_place(self):
        response = self.client.get(self.edit_url)
        self.assertContains(response, 'value="first"')
        data = {"measured_on": days_ago(5), "value": "12", "note": "fixed", "version": 1}
        response = self.client.post(self.edit_url, data, follow=True)
        self.assertContains(response, "Saved the value of")
        self.measurement.refresh_from_db()
        self.assertEqual((self.measurement.value, self.measurement.note), (12, "fixed"))

    def test_htmx_swaps_the_row_for_its_form(self):
        row = self.client.get(self.edit_url, headers={"HX-Request": "true"})
        self.assertContainsAll(row, f'<tr id="m-{self.measurement.pk}"', "<form", 'value="first"')
        self.assertNotContains(row, "<html")

    def test_a_stale_edit_is_refused_and_shows_what_was_saved(self):
        self.client.post(
            self.edit_url, {"measured_on": days_ago(5), "value": "11", "note": "", "version": 1}
        )
        response = self.client.post(
            self.edit_url, {"measured_on": days_ago(5), "value": "99", "note": "", "version": 1}
        )
        self.assertContains(
            response, "Someone else changed this measurement first", status_code=409
        )
        self.measurement.refresh_from_db()
        self.assertEqual(self.measurement.value, 11)

    def test_bad_input_is_explained_and_changes_nothing(self):
        self.measure(self.kpi, 4, 20)
        for data in (
            {"measured_on": days_ago(4), "value": "1", "version": 1},
            {"measured_on": days_ago(5), "value": "1e99", "version": 1},
            {"measured_on": "31/31/2025", "value": "1", "version": 1},
        ):
            with self.subTest(data=data):
                response = self.client.post(self.edit_url, data)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "field-error", status_code=400)
        self.measurement.refresh_from_db()
        self.assertEqual(self.measurement.version, 1)
