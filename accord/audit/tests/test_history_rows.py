"""The history page's rows are built once in Python; the template only prints them."""

from datetime import date
from pathlib import Path
from unittest import mock

from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from accord.audit import display
from accord.audit.models import AuditEvent
from accord.audit.selectors import partnership_history
from accord.core.access import partnership_access
from accord.core.records import record_update
from tests.base import AccordTestCase
from tests.memos.models import Memo

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "audit" / "history.html"


@override_settings(TIME_ZONE="UTC")
class HistoryRowTests(AccordTestCase):
    def setUp(self) -> None:
        caches["fragments"].clear()

    def url(self) -> str:
        return reverse("accord-partnership-history", args=[self.partnership.pk])

    def test_rows_carry_each_change_rendered_by_its_field_s_type(self):
        partnership = self.partnership
        record_update(
            record=partnership,
            changes={"start_date": date(2026, 3, 1), "stage": "active"},
            actor=self.alice,
            expected_version=partnership.version,
        )
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.url()), "1 Mar 2026")
        newest = display.history_rows(
            partnership_history(partnership_access(self.alice, partnership.pk).viewpoint)
        )[0]
        changes = {change.label: (change.before, change.after) for change in newest.changes}
        self.assertEqual(changes["Start date"][1], "1 Mar 2026")
        self.assertEqual(changes["Stage"][1], "Active")
        self.assertEqual(newest.kind, "partnership")
        self.assertTrue(newest.number.startswith("#"))

    def test_each_row_s_record_kind_is_computed_once(self):
        self.client.force_login(self.alice)
        shown = AuditEvent.objects.filter(partnership=self.partnership).count()
        with mock.patch.object(
            AuditEvent, "record_kind", new_callable=mock.PropertyMock, return_value="widget"
        ) as kind:
            response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(kind.call_count, min(shown, 50))
        self.assertContains(response, '<span class="muted">widget</span>')

    def test_values_are_rendered_once_each_not_per_template_lookup(self):
        self.client.force_login(self.alice)
        with mock.patch.object(display, "recorded", wraps=display.recorded) as recorded:
            response = self.client.get(self.url())
        events = list(AuditEvent.objects.filter(partnership=self.partnership))
        values = sum(2 * len(event.changes) for event in events)
        self.assertEqual(recorded.call_count, values)
        self.assertEqual(response.status_code, 200)

    def test_a_second_look_renders_no_row_again(self):
        self.client.force_login(self.alice)
        first = self.client.get(self.url())
        with mock.patch.object(
            display, "render_to_string", wraps=display.render_to_string
        ) as rendered:
            second = self.client.get(self.url())
        self.assertEqual(rendered.call_count, 0)

        def body(response) -> str:
            return (
                response.content.decode()
                .split('<ol class="history-list"')[1]
                .split(">", 1)[1]
                .split("</ol>")[0]
            )

        self.assertEqual(body(first), body(second))
        self.assertIn('<li class="history-entry', body(second))

    def test_a_cached_private_row_reaches_no_other_organization(self):
        self.record(Memo, private=True, text="Beta walk-away price")
        self.client.force_login(self.bea)
        self.assertContains(self.client.get(self.url()), "Beta walk-away price")
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get(self.url()), "walk-away")

    def test_the_template_only_prints(self):
        text = TEMPLATE.read_text()
        row = (TEMPLATE.parent / "_history_row.html").read_text()
        for lookup in ("pair.0", "pair.1", "{% recorded", "record_kind", "{% url"):
            self.assertNotIn(lookup, text + row)
