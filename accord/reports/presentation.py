"""What reports show but do not compute: the download's name."""

from django.utils.text import slugify

from accord.reports.models import QbrReport


def pdf_filename(report: QbrReport) -> str:
    """A name safe on every system: ASCII letters, digits and dashes, e.g.
    "qbr-solar-rollout-2026Q3-shared.pdf"."""
    name = slugify(report.partnership.name)[:60].strip("-") or f"partnership-{report.partnership_id}"
    return f"qbr-{name}-{report.quarter}-{report.edition}.pdf"
