from types import SimpleNamespace

from django.test import SimpleTestCase, override_settings

from accord.audit.display import NOT_SHOWN
from accord.audit.templatetags.audit import field_label, recorded


def event(record_type: str, action: str = "update") -> SimpleNamespace:
    return SimpleNamespace(record_type=record_type, action=action)


@override_settings(TIME_ZONE="UTC")
class HistoryDisplayTests(SimpleTestCase):
    def test_field_names_read_as_words(self):
        self.assertEqual(field_label("review_cadence"), "Review cadence")

    def test_recorded_values_read_as_their_field_s_type(self):
        cases = [
            ("core.Partnership", "start_date", None, "—"),
            ("core.Partnership", "purpose", "", "—"),
            ("alignment.SharedGoal", "endorsed_by", [], "—"),
            ("core.Partnership", "start_date", "2026-03-01", "1 Mar 2026"),
            (
                "core.PartnershipInvitation",
                "expires_at",
                "2026-12-12T00:24:05.793940+00:00",
                "12 Dec 2026, 00:24 UTC",
            ),
            ("alignment.SharedGoal", "endorsed_by", ["Northwind", "Helios"], "Northwind, Helios"),
            ("core.Partnership", "stage", "active", "Active"),
            ("longterm.Kpi", "baseline", "1E+2", "100"),
            ("longterm.Measurement", "value", "99999999999.9999", "99,999,999,999.9999"),
            ("longterm.Measurement", "value", "-0.0000", "0"),
            ("longterm.Kpi", "goal", 42, NOT_SHOWN),
            ("core.Party", "organization", "Beta Solar", "Beta Solar"),
        ]
        for record_type, name, value, shown in cases:
            with self.subTest(field=name, value=value):
                self.assertEqual(recorded(event(record_type), name, value), shown)

    def test_a_text_that_looks_like_a_date_stays_text(self):
        for title in ("0001-01-01T00:00:00+14:00", "2026-03-01", "9999-12-31T23:59:59-14:00"):
            with self.subTest(title=title):
                self.assertEqual(recorded(event("alignment.Objective"), "title", title), title)

    def test_a_stored_date_that_no_longer_fits_is_shown_as_it_was_recorded(self):
        for name, value in (
            ("start_date", "0001-01-01T00:00:00+14:00"),
            ("start_date", "not a date"),
            ("updated_at", "0001-01-01T00:00:00+14:00"),
        ):
            with self.subTest(value=value):
                self.assertEqual(recorded(event("core.Partnership"), name, value), value)

    def test_values_of_no_known_field_are_plain_text(self):
        self.assertEqual(recorded(event("no.Such"), "title", "2026-03-01"), "2026-03-01")
        self.assertEqual(recorded(event("core.Partnership"), "nothing", True), "yes")

    def test_the_dates_an_import_recorded_read_as_dates(self):
        shown = recorded(event("longterm.Kpi", "measurement_import"), "from", "2025-01-01")
        self.assertEqual(shown, "1 Jan 2025")
