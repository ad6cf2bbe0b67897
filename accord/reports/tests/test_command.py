"""`accord report qbr`: the same rendering as the worker's, written to a file; clear errors."""

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

from accord.reports.tests.base import ReportTestCase


class ReportCommandTests(ReportTestCase):
    def run_report(self, *args: str) -> Path:
        out = Path(tempfile.mkdtemp()) / "qbr.out"
        call_command("report", "qbr", *args, "--out", str(out), stdout=StringIO())
        return out

    def test_it_writes_the_shared_pdf(self):
        out = self.run_report(str(self.partnership.pk), "--quarter", "2026Q3")
        self.assertTrue(out.read_bytes().startswith(b"%PDF"))

    def test_it_writes_an_organizations_internal_html(self):
        out = self.run_report(
            str(self.partnership.pk),
            "--quarter",
            "2026Q3",
            "--edition",
            "internal",
            "--org",
            "beta",
            "--html",
        )
        html = out.read_text()
        self.assertIn("BETA-SECRET margin plan", html)
        self.assertNotIn("ALPHA-SECRET", html)

    def test_it_refuses_bad_input_clearly(self):
        pk = str(self.partnership.pk)
        for args, message in (
            (["999", "--quarter", "2026Q3"], "No partnership with id 999"),
            (["x" * 30, "--quarter", "2026Q3"], "No partnership"),
            ([pk, "--quarter", "2026Q5"], "such as 2026Q3"),
            ([pk, "--quarter", "abc"], "such as 2026Q3"),
            ([pk, "--quarter", "0001Q1"], "The year must be between"),
            ([pk, "--quarter", "2026Q3", "--edition", "x"], "Choose the edition"),
            ([pk, "--quarter", "2026Q3", "--edition", "internal"], "name it with --org"),
            ([pk, "--quarter", "2026Q3", "--org", "gamma"], "'gamma' is not a party"),
        ):
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, message):
                self.run_report(*args, "--html")
