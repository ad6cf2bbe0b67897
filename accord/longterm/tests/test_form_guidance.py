"""The KPI form guides: the goal chosen by the link that led to it, the aim's fields by
direction (shown by app.js, marked required), and deletes that ask first, with what goes."""

import html

from django.urls import reverse

from accord.alignment.tests.helpers import goal
from accord.longterm.forms import KpiForm
from accord.longterm.tests.base import LongtermTestCase


def confirms(response) -> list[str]:
    text = response.content.decode()
    return [html.unescape(part.split('"', 1)[0]) for part in text.split('data-confirm="')[1:]]


class KpiFormGuidanceTests(LongtermTestCase):
    def test_the_goal_of_the_link_is_chosen(self):
        shared = goal(self, self.bob, "Certify installers")
        self.client.force_login(self.bob)
        url = reverse("accord-kpi-new", args=[self.partnership.pk])
        page = self.client.get(url, {"goal": shared.pk})
        self.assertContains(
            page, f'<option value="{shared.pk}" selected>Certify installers</option>', html=True
        )

    def test_a_goal_that_is_not_offered_or_not_an_id_is_ignored(self):
        goal(self, self.bob, "Certify installers")
        self.client.force_login(self.bob)
        url = reverse("accord-kpi-new", args=[self.partnership.pk])
        for value in ("999999", "abc", "1" * 40, ""):
            with self.subTest(goal=value):
                page = self.client.get(url, {"goal": value})
                self.assertEqual(page.status_code, 200)
                self.assertNotContains(page, "selected>Certify")

    def test_the_aim_s_fields_say_for_which_direction_they_are(self):
        form = KpiForm(grant=self.grant(self.bob))
        attrs = {name: form.fields[name].widget.attrs for name in KpiForm.BY_DIRECTION}
        self.assertEqual(attrs["range_low"]["data-shown-when"], "direction:range")
        self.assertEqual(attrs["target"]["data-shown-when"], "direction:up,down")
        self.client.force_login(self.bob)
        page = self.client.get(reverse("accord-kpi-new", args=[self.partnership.pk]))
        # Marked required (whenever shown), and the form says what the mark means.
        self.assertContains(
            page, 'Range: lowest acceptable <span class="required" aria-hidden="true">*</span>'
        )
        self.assertContains(page, "are required.")
        self.assertContains(page, 'data-shown-when="direction:range" data-required-when-shown')

    def test_deleting_a_kpi_says_how_many_measurements_go_with_it(self):
        kpi = self.make_kpi()
        self.measure(kpi, 10, 100)
        self.measure(kpi, 5, 200)
        self.client.force_login(self.bob)
        page = self.client.get(reverse("accord-kpi-edit", args=[self.partnership.pk, kpi.pk]))
        self.assertIn(
            "Deleting the KPI “Homes with solar” also removes its 2 measurements. "
            "This cannot be undone.",
            confirms(page),
        )

    def test_deleting_a_measurement_asks_first(self):
        kpi = self.make_kpi()
        self.measure(kpi, 10, 100)
        self.client.force_login(self.bob)
        page = self.client.get(reverse("accord-kpi", args=[self.partnership.pk, kpi.pk]))
        self.assertEqual(
            len([q for q in confirms(page) if q.startswith("Delete the value 100")]), 1
        )

    def test_a_kpi_page_shows_where_it_is(self):
        kpi = self.make_kpi()
        self.client.force_login(self.bob)
        page = self.client.get(reverse("accord-kpi", args=[self.partnership.pk, kpi.pk]))
        self.assertContains(page, '<nav class="breadcrumb" aria-label="Breadcrumb">')
        self.assertContains(page, ">Long-term</a>")
        self.assertContains(page, 'aria-current="page">Homes with solar</a>')
