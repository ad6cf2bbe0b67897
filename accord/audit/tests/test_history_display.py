from django.test import SimpleTestCase, override_settings

from accord.audit.templatetags.audit import field_label, recorded


@override_settings(TIME_ZONE="UTC")
class HistoryDisplayTests(SimpleTestCase):
    def test_field_names_read_as_words(self):
        self.assertEqual(field_label("review_cadence"), "Review cadence")

    def test_recorded_values_read_as_a_person_would(self):
        cases = [
            (None, "—"),
            ("", "—"),
            ([], "—"),
            (True, "yes"),
            ("2026-03-01", "1 Mar 2026"),
            ("2026-12-12T00:24:05.793940+00:00", "12 Dec 2026, 00:24"),
            (["Northwind Energy", "Helios Solar"], "Northwind Energy, Helios Solar"),
            ("2026-99-99 is not a date", "2026-99-99 is not a date"),
            (42, "42"),
            ("active", "active"),
        ]
        for value, shown in cases:
            with self.subTest(value=value):
                self.assertEqual(recorded(value), shown)
