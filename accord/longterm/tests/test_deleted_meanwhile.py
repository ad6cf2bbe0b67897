"""Pages and API of practice 6 when the KPI (or the measurement, or the goal) is deleted
between the access check and the write: 404, or a field error for a goal named in the body;
never a 500 or a foreign-key failure; nothing changed or audited (issue 6, item 12)."""

from unittest.mock import patch

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from accord.alignment import services as alignment
from accord.alignment.models import SharedGoal
from accord.alignment.tests.helpers import goal
from accord.audit.models import AuditEvent
from accord.core.tests.races import deleted_after_the_access_check
from accord.longterm import services
from accord.longterm.models import Kpi, Measurement
from accord.longterm.tests.base import LongtermTestCase, days_ago, kpi_form


class DeletedMeanwhileTests(LongtermTestCase):
    def setUp(self) -> None:
        self.kpi = self.make_kpi()
        self.base = f"/partnerships/{self.partnership.pk}/kpis/{self.kpi.pk}"

    def delete(self, kpi: Kpi) -> None:
        services.kpi_delete(record=kpi, actor=self.bea)

    def assert_nothing_after_the_delete(self, last: int) -> None:
        after = AuditEvent.objects.filter(id__gt=last).values_list("action", flat=True)
        self.assertEqual(list(after), ["delete"])
        self.assertFalse(Measurement.objects.exists())

    def last_event(self) -> int:
        return AuditEvent.objects.order_by("-id").values_list("id", flat=True)[0]

    def test_the_api_answers_404_for_a_kpi_deleted_meanwhile(self):
        calls = [
            ("post", "/measurements", {"measured_on": str(days_ago(1)), "value": "5"}),
            ("patch", "", {"version": 1, "name": "Renamed"}),
            ("delete", "", None),
        ]
        for method, tail, data in calls:
            with self.subTest(call=f"{method} {tail}"):
                self.setUp()
                last = self.last_event()
                with deleted_after_the_access_check(self.delete):
                    response = self.api(method, f"{self.base}{tail}", self.bob, data)
                self.assertEqual(response.status_code, 404, response.content)
                self.assert_nothing_after_the_delete(last)

    def test_a_csv_import_into_a_kpi_deleted_meanwhile_is_not_found(self):
        last = self.last_event()
        with deleted_after_the_access_check(self.delete):
            response = self.client.post(
                f"/api/v1{self.base}/measurements/import",
                f"date,value\n{days_ago(2)},3\n",
                content_type="text/csv",
                headers={"Authorization": f"Bearer {self.token_for(self.bob)}"},
            )
        self.assertEqual(response.status_code, 404, response.content)
        self.assert_nothing_after_the_delete(last)

    def test_the_pages_answer_404_for_a_kpi_deleted_meanwhile(self):
        self.client.force_login(self.bob)
        edit = kpi_form(name="Renamed", version=1)
        csv = {
            "text": f"date,value\n{days_ago(2)},3\n",
            **{"date_column": "date", "value_column": "value", "note_column": ""},
            **{"date_order": "year_first", "decimal_mark": "point", "delimiter": "comma"},
            "step": "import",
        }
        cases = [
            ("accord-measurement-add", lambda: {"measured_on": str(days_ago(1)), "value": "5"}),
            ("accord-measurements-import", lambda: csv),
            ("accord-kpi-edit", lambda: edit),
            ("accord-kpi-delete", lambda: {}),
        ]
        for name, data in cases:
            with self.subTest(page=name):
                self.setUp()
                last = self.last_event()
                url = reverse(name, args=[self.partnership.pk, self.kpi.pk])
                with deleted_after_the_access_check(self.delete):
                    response = self.client.post(url, data())
                self.assertEqual(response.status_code, 404)
                self.assert_nothing_after_the_delete(last)

    def test_deleting_a_measurement_deleted_meanwhile_is_not_found(self):
        value = self.measure(self.kpi, 3, 7)
        stale = Measurement.objects.get(pk=value.pk)
        services.measurement_delete(measurement=value, actor=self.bob)
        with self.assertRaises(Http404):
            services.measurement_delete(measurement=stale, actor=self.bea)
        deleted = AuditEvent.objects.filter(action="measurement_delete")
        self.assertEqual(deleted.count(), 1)

    def test_a_kpi_for_a_goal_deleted_meanwhile_is_a_field_error(self):
        reach = goal(self, self.bob, "Reach")
        real = services._goal

        def deleted_meanwhile(partnership, goal_id):
            found = real(partnership, goal_id)
            theirs = SharedGoal.objects.get(pk=found.pk)
            alignment.goal_delete(record=theirs, actor=self.bea)
            return found

        with (
            patch.object(services, "_goal", deleted_meanwhile),
            self.assertRaises(ValidationError) as raised,
        ):
            self.make_kpi(name="For a goal", goal_id=reach.pk)
        self.assertIn("goal", raised.exception.message_dict)
        self.assertFalse(Kpi.objects.filter(name="For a goal").exists())
