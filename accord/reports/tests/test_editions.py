"""Editions and privacy: the shared edition holds no private record of either party, in its
HTML and its PDF; an internal edition adds its own organization's private records and never the
partner's."""

from io import BytesIO

from pypdf import PdfReader

from accord.reports.services import qbr_render
from accord.reports.tests.base import NOW, Q3, ReportTestCase

ALPHA_PRIVATE = ("pricing floor", "exit drill")
BETA_PRIVATE = ("margin plan", "cash risk")


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pypdf reads it (it reads some fonts' two-byte codes with a NUL)."""
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return text.replace("\x00", "")


class EditionTests(ReportTestCase):
    def render(self, party, edition, with_pdf=False):
        return qbr_render(
            party=party,
            quarter=Q3,
            edition=edition,
            generated_by="x",
            now=NOW,
            with_pdf=with_pdf,
        )

    def assertHolds(self, text: str, present=(), absent=()) -> None:
        for phrase in present:
            with self.subTest(present=phrase):
                self.assertIn(phrase, text)
        for phrase in absent:
            with self.subTest(absent=phrase):
                self.assertNotIn(phrase, text)

    def test_the_shared_edition_holds_no_private_record_in_html_nor_pdf(self):
        rendered = self.render(self.party_a, "shared", with_pdf=True)
        self.assertTrue(rendered.pdf.startswith(b"%PDF"))
        for text in (rendered.html, pdf_text(rendered.pdf)):
            self.assertHolds(
                text,
                present=("Ship 40 panels", "Supply delay"),
                absent=ALPHA_PRIVATE + BETA_PRIVATE,
            )
            self.assertNotIn("SECRET", text)

    def test_alphas_internal_edition_adds_alphas_private_records_only(self):
        rendered = self.render(self.party_a, "internal", with_pdf=True)
        for text in (rendered.html, pdf_text(rendered.pdf)):
            self.assertHolds(text, present=ALPHA_PRIVATE, absent=BETA_PRIVATE)

    def test_betas_internal_edition_adds_betas_private_records_only(self):
        html = self.render(self.party_b, "internal").html
        self.assertHolds(html, present=BETA_PRIVATE, absent=ALPHA_PRIVATE)
        self.assertIn("Internal: includes private records", html)
