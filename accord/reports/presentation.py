"""What reports show but do not compute: the PDF download and its name."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from accord.reports.models import QbrReport


def pdf_filename(report: QbrReport) -> str:
    """A name safe on every system: ASCII letters, digits and dashes, e.g.
    "qbr-solar-rollout-2026Q3-shared.pdf"."""
    name = (
        slugify(report.partnership.name)[:60].strip("-") or f"partnership-{report.partnership_id}"
    )
    return f"qbr-{name}-{report.quarter}-{report.edition}.pdf"


def pdf_response(report: QbrReport) -> HttpResponse:
    """The report's PDF as a download (page and API)."""
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, pdf_filename(report))
    return response
