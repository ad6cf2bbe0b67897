"""The RACI matrix: columns, cells, problems (shown, not refused), setting a cell by page and
API with stale versions, the CSV export, and people named without their email."""

import csv
import io

from django.urls import reverse

from accord.core.viewpoint import Viewpoint
from accord.roles import services
from accord.roles.models import Assignment
from accord.roles.selectors import matrix_of
from accord.roles.tests.helpers import activity, assign, workstream
from tests.base import AccordTestCase


class MatrixTests(AccordTestCase):
    def setUp(self) -> None:
        self.ws = workstream(self, "Launch")
        self.pricing = activity(self, self.ws, "Pricing")
        self.press = activity(self, self.ws, "Press")
        assign(self, self.pricing, self.party_a, "A")
        assign(self, self.pricing, self.party_b, "R", person=self.bob)
        assign(self, self.press, self.party_b, "R")  # no Accountable

    def test_columns_are_each_party_then_its_people(self):
        columns, _ = matrix_of(Viewpoint.shared(self.partnership))
        labels = [(c.organization, c.label) for c in columns]
        self.assertEqual(
            labels,
            [
                ("Alpha Energy", "Alpha Energy"),
                ("Alpha Energy", "Alice"),
                ("Alpha Energy", "Vic"),
                ("Beta Solar", "Beta Solar"),
                ("Beta Solar", "Bea"),
                ("Beta Solar", "Bob"),
            ],
        )

    def test_rows_and_problems_by_hand(self):
        # Pricing: A (Alpha), R (Bob) -> complete. Press: R (Beta) only -> no Accountable.
        _, groups = matrix_of(Viewpoint.shared(self.partnership))
        rows = {row.activity.title: row for row in groups[0].rows}
        self.assertEqual([c.letter for c in rows["Pricing"].cells], ["A", "", "", "", "", "R"])
        self.assertEqual(rows["Pricing"].problems, ())
        self.assertEqual(rows["Press"].problems, ("No one is Accountable.",))

    def test_a_second_accountable_is_kept_and_shown(self):
        assign(self, self.pricing, self.party_b, "A")
        _, groups = matrix_of(Viewpoint.shared(self.partnership))
        row = next(r for r in groups[0].rows if r.activity == self.pricing)
        self.assertEqual(row.problems, ("2 are Accountable: exactly one should be.",))

    def test_one_letter_per_cell(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            assign(self, self.pricing, self.party_a, "R")

    def test_a_person_must_be_on_the_partys_team(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError) as caught:
            assign(self, self.press, self.party_a, "A", person=self.bob)
        self.assertIn("person", caught.exception.message_dict)

    def test_page_shows_matrix_and_problems_never_emails(self):
        response = self.page_as(self.bea, "accord-roles")
        self.assertContainsAll(
            response, "Pricing", "Press", "No one is Accountable.", "Bob", "Alice", "raci-problem"
        )
        self.assertNotContains(response, "@alpha.test")
        self.assertNotContains(response, "@beta.test")

    def test_cell_by_htmx_answers_the_row_with_its_problems(self):
        self.client.force_login(self.alice)
        url = reverse("accord-raci-cell", args=[self.partnership.pk, self.press.pk])
        response = self.client.post(
            url, {"party": self.party_a.pk, "letter": "A"}, headers={"HX-Request": "true"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'id="activity-{self.press.pk}"')
        self.assertNotContains(response, "No one is Accountable.")
        cell = Assignment.objects.get(activity=self.press, party=self.party_a, person=None)
        self.assertEqual(cell.letter, "A")
        # cycled on: A -> C, with the version seen; then emptied
        self.client.post(url, {"party": self.party_a.pk, "letter": "C", "version": 1})
        cell.refresh_from_db()
        self.assertEqual((cell.letter, cell.version), ("C", 2))
        self.client.post(url, {"party": self.party_a.pk, "letter": "", "version": 2})
        self.assertFalse(Assignment.objects.filter(pk=cell.pk).exists())

    def test_stale_cell_on_the_page_changes_nothing(self):
        self.client.force_login(self.alice)
        url = reverse("accord-raci-cell", args=[self.partnership.pk, self.pricing.pk])
        response = self.client.post(
            url,
            {"party": self.party_a.pk, "letter": "C", "version": 7},
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, "changed this cell meanwhile")
        self.assertEqual(
            Assignment.objects.get(activity=self.pricing, party=self.party_a).letter, "A"
        )

    def test_api_cell_set_and_409(self):
        path = f"/partnerships/{self.partnership.pk}/activities/{self.press.pk}/raci"
        response = self.api("put", path, self.bob, {"party": self.party_a.pk, "letter": "A"})
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["assignment"]["letter"], "A")
        self.assertEqual(body["problems"], [])
        stale = self.api(
            "put", path, self.bob, {"party": self.party_a.pk, "letter": "I", "version": 5}
        )
        self.assertEqual(stale.status_code, 409)
        self.assertEqual(stale.json()["current"]["letter"], "A")
        filled = self.api("put", path, self.bob, {"party": self.party_a.pk, "letter": "I"})
        self.assertEqual(filled.status_code, 400)

    def test_api_refuses_a_bad_letter_and_foreign_column(self):
        path = f"/partnerships/{self.partnership.pk}/activities/{self.press.pk}/raci"
        bad = self.api("put", path, self.bob, {"party": self.party_a.pk, "letter": "X"})
        self.assertIn(bad.status_code, (400, 422))
        other = self.api("put", path, self.bob, {"party": 999999, "letter": "R"})
        self.assertEqual(other.status_code, 400)
        self.assertIn("party", other.content.decode())

    def test_assignment_api_names_people_without_email(self):
        items = self.api_list(f"/partnerships/{self.partnership.pk}/assignments", self.alice)
        person = next(i["person"] for i in items if i["person"])
        self.assertEqual(person, {"id": self.bob.pk, "name": "Bob"})
        self.assertNotIn("@", str(items))

    def test_csv_export(self):
        response = self.page_as(self.vic, "accord-raci-csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(
            rows[0],
            [
                "Workstream",
                "Activity",
                "Alpha Energy",
                "Alice (Alpha Energy)",
                "Vic (Alpha Energy)",
                "Beta Solar",
                "Bea (Beta Solar)",
                "Bob (Beta Solar)",
                "Problems",
            ],
        )
        self.assertEqual(
            rows[1], ["Launch", "Press", "", "", "", "R", "", "", "No one is Accountable."]
        )
        self.assertEqual(rows[2], ["Launch", "Pricing", "A", "", "", "", "", "R", ""])

    def test_csv_never_carries_a_formula(self):
        activity(self, self.ws, '=HYPERLINK("http://evil")')
        response = self.page_as(self.alice, "accord-raci-csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(rows[1][1], '\'=HYPERLINK("http://evil")')

    def test_workstream_with_activities_is_not_deleted(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            services.workstream_delete(record=self.ws, actor=self.alice)
        services.activity_delete(record=self.press, actor=self.alice)
        self.assertFalse(Assignment.objects.filter(activity_id=self.press.pk).exists())

    def test_viewer_cannot_set_a_cell(self):
        path = f"/partnerships/{self.partnership.pk}/activities/{self.press.pk}/raci"
        response = self.api("put", path, self.vic, {"party": self.party_a.pk, "letter": "A"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Assignment.objects.filter(activity=self.press).count(), 1)
