"""The QBR report as HTML and PDF: one template, `reports/qbr.html`, renders both; WeasyPrint
turns the HTML into the PDF. Charts are inline SVG strings, so the PDF needs nothing from
outside: the URL fetcher serves our own static files and refuses everything else (no network,
no file of the machine's), and fonts are the system's."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from accord.health.presentation import health_radar
from accord.longterm.presentation import chart
from accord.reports.content import Qbr
from accord.reports.models import Edition

STYLESHEET = "accord/reports.css"
# Relative URLs in the document resolve against this; the fetcher reads nothing outside it
# but the static files.
BASE_URL = "file:///"


class FetchRefused(ValueError):
    """A resource the PDF may not load: anything but our static files."""


@dataclass(frozen=True)
class Heading:
    """The report's title page: what it is, for whom, made when and by whom."""

    edition: str
    generated_at: datetime
    generated_by: str


def qbr_html(qbr: Qbr, heading: Heading) -> str:
    """The whole report as one HTML document (print-friendly; its stylesheet linked)."""
    context: dict[str, Any] = {
        "qbr": qbr,
        "p": qbr.viewpoint.partnership,
        "heading": heading,
        "internal": heading.edition == Edition.INTERNAL,
        "edition_label": Edition(heading.edition).label,
        "radar": SafeString(health_radar(qbr.health, chart_id="qbr-radar")),
        "kpi_charts": [(figures, chart(figures)) for figures in qbr.kpis],
        "stylesheet": STYLESHEET,
    }
    return render_to_string("reports/qbr.html", context)


def static_file(url: str) -> Path:
    """The static file a URL of our own names (`/static/…`); FetchRefused for anything else."""
    parts = urlsplit(url)
    prefix = settings.STATIC_URL
    if parts.scheme != "file" or parts.netloc or not parts.path.startswith(prefix):
        raise FetchRefused(f"The report may not load {url!r}.")
    name = unquote(parts.path[len(prefix) :])
    if ".." in Path(name).parts:
        raise FetchRefused(f"The report may not load {url!r}.")
    found = finders.find(name)
    if not found:
        raise FetchRefused(f"No static file {name!r}.")
    return Path(found)


def _static_fetcher() -> Any:
    """WeasyPrint's URL fetcher reading our static files and nothing else: no network, no
    other file of the machine. (Made on first use: WeasyPrint is imported only for a PDF.)"""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = static_file(url)
            mime = "text/css" if path.suffix == ".css" else "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return StaticOnly(allowed_protocols=("file",))


def qbr_pdf(html: str) -> bytes:
    """The report's HTML printed to PDF (A4, see the stylesheet's @page)."""
    from weasyprint import HTML  # heavy: imported when a PDF is made, not with the app

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_static_fetcher())
    return bytes(document.write_pdf())
