from django.test import SimpleTestCase

from accord.lib.confirm import counted, deletion_note


class DeletionNoteTests(SimpleTestCase):
    def test_it_names_what_goes_with_the_record(self):
        note = deletion_note("this objective", [(2, "link", "links")])
        self.assertEqual(
            note, "Deleting this objective also removes its 2 links. This cannot be undone."
        )

    def test_it_counts_in_the_singular(self):
        self.assertEqual(counted(1, "link", "links"), "1 link")
        self.assertIn(
            "its 1 measurement.", deletion_note("this KPI", [(1, "measurement", "measurements")])
        )

    def test_it_lists_several_kinds_and_leaves_out_none(self):
        note = deletion_note("it", [(3, "link", "links"), (0, "KPI", "KPIs"), (1, "note", "notes")])
        self.assertIn("its 3 links and 1 note.", note)
        self.assertNotIn("KPI", note)

    def test_with_nothing_else_it_asks_plainly(self):
        self.assertEqual(deletion_note("this link"), "Delete this link? This cannot be undone.")
        self.assertEqual(
            deletion_note("this link", [(0, "x", "xs")]), "Delete this link? This cannot be undone."
        )
