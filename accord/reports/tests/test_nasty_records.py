"""Nasty text in the records a report shows (10,000 characters, odd unicode, markup) prints as
text in the HTML and the PDF, and breaks neither."""

from datetime import UTC, date, datetime
from typing import Any

from django.utils.html import escape

from accord.communication.services import update_create
from accord.contingency.services import risk_create
from accord.reports.services import qbr_render
from accord.reports.tests.base import NOW, Q3
from accord.reports.tests.test_editions import pdf_text
from accord.trust.services import commitment_create
from tests.base import AccordTestCase

SCRIPT = "<script>alert('qbr')</script>"
ODD = "Zoë \u202eevil\u202c \U0001d518\U0001d52b\U0001d526 \u200b 中文 🤝"
LONG = ("Ünïcödé progress with words that wrap. " * 300)[:9_900] + "THE-END"


class NastyRecordTests(AccordTestCase):
    def test_nasty_text_prints_as_text_in_html_and_pdf(self):
        beta: dict[str, Any] = {"party": self.party_b, "actor": self.bob}
        update_create(
            **beta,
            title=f"{SCRIPT} {ODD}",
            progress=LONG,
            opportunities=SCRIPT,
            now=datetime(2026, 8, 1, tzinfo=UTC),
        )
        commitment_create(**beta, title=f"{SCRIPT}{'W' * 150}", due_date=date(2026, 9, 1))
        risk_create(**beta, title=ODD, likelihood=5, impact=5)
        rendered = qbr_render(
            party=self.party_a, quarter=Q3, edition="shared", generated_by=SCRIPT, now=NOW
        )
        self.assertNotIn(SCRIPT, rendered.html)
        self.assertIn(escape(SCRIPT), rendered.html)
        self.assertIn("THE-END", rendered.html)
        self.assertIn(ODD, rendered.html)
        text = pdf_text(rendered.pdf)
        # (Glyphs without a system font, such as CJK on a bare machine, print as boxes.)
        for expected in ("alert('qbr')", "Zoë", "THE-END"):
            self.assertTrue(expected in text, expected)  # not the whole text on failure
