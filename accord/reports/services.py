"""Writes of QBR reports: asking for one (a row and its job, in one transaction, audited) and
making it (by the worker, or at once by `accord report qbr`) through one function, `qbr_render`.

A report's edition is read through one viewpoint: the shared edition through
`Viewpoint.shared` (no private record at all), the internal one through
`Viewpoint.of_party(party)` (the requesting party's own private records added)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.audit.services import audit_record
from accord.core.models import Party
from accord.core.viewpoint import Viewpoint
from accord.lib.jobs import enqueue_with_data
from accord.lib.quarters import BadQuarter, Quarter
from accord.reports.content import qbr_of
from accord.reports.models import Edition, QbrReport, ReportStatus
from accord.reports.rendering import Heading, qbr_html, qbr_pdf

logger = logging.getLogger("accord.jobs")

Progress = Callable[[int, str], None]


def quarter_checked(text: str, today: date) -> Quarter:
    """The quarter a report may be made of: written as 2026Q3, already begun.
    ValidationError on `quarter` otherwise."""
    try:
        quarter = Quarter.parse(text)
    except BadQuarter as error:
        raise ValidationError({"quarter": str(error)}) from None
    if quarter.first_day > today:
        raise ValidationError({"quarter": f"{quarter.label} has not begun yet."})
    return quarter


def edition_checked(text: str) -> Edition:
    if text not in Edition.values:
        raise ValidationError(
            {"edition": f"Choose the edition: {' or '.join(Edition.values)} (not {text!r})."}
        )
    return Edition(text)


def viewpoint_of(party: Party, edition: str) -> Viewpoint:
    """Whose eyes an edition reads through (the one rule of what a report may show)."""
    if edition == Edition.INTERNAL:
        return Viewpoint.of_party(party)
    return Viewpoint.shared(party.partnership)


@dataclass(frozen=True)
class Rendered:
    html: str
    pdf: bytes


def _no_progress(percent: int, step: str) -> None:
    pass


def qbr_render(
    *,
    party: Party,
    quarter: Quarter,
    edition: str,
    generated_by: str,
    now: datetime,
    progress: Progress = _no_progress,
    with_pdf: bool = True,
) -> Rendered:
    """The report's HTML and PDF, made from the records as they are now."""
    progress(10, "Reading the records")
    qbr = qbr_of(viewpoint_of(party, edition), quarter, timezone.localdate(now))
    progress(50, "Writing the report")
    html = qbr_html(qbr, Heading(edition, now, generated_by))
    if not with_pdf:
        return Rendered(html, b"")
    progress(70, "Printing the PDF")
    return Rendered(html, qbr_pdf(html))


def report_request(
    *, party: Party, quarter: str, edition: str, actor: User, now: datetime | None = None
) -> QbrReport:
    """Ask for a report of `party`'s partnership: a queued row, its job and its audit event
    (an internal report's event is private to the party's organization), in one transaction.
    The caller has checked that `actor` may act for `party` (`acting_party`)."""
    now = now or timezone.now()
    checked = quarter_checked(quarter, timezone.localdate(now))
    edition = edition_checked(edition)
    # Imported here: the task module calls these services.
    from accord.reports.tasks import qbr_report_make

    with transaction.atomic():
        report = QbrReport.objects.create(
            partnership=party.partnership,
            party=party,
            quarter=str(checked),
            edition=edition,
            created_by=actor,
            created_at=now,
            step="Waiting for the worker",
        )
        audit_record(
            actor=actor,
            action="request",
            record=report,
            partnership=party.partnership,
            private_to_id=report.private_to_id,
            changes={"quarter": [None, report.quarter], "edition": [None, report.edition]},
        )
        enqueue_with_data(qbr_report_make, report.pk)
    return report


def _claimed(report_id: int) -> bool:
    """Whether this run makes the report: a queued one, or one left running by a worker that
    died (its job is put back in the queue: decision 0030). A made or failed one stays."""
    return bool(
        QbrReport.objects.filter(
            pk=report_id, status__in=(ReportStatus.QUEUED, ReportStatus.RUNNING)
        ).update(status=ReportStatus.RUNNING, progress=5, step="Starting")
    )


def report_make(*, report_id: int, now: datetime | None = None) -> QbrReport | None:
    """Make a queued report (the worker's job): progress saved at each step; done with its
    HTML and PDF, or failed with a message (the cause in the worker's log). None if it is gone
    or already made."""
    now = now or timezone.now()
    if not _claimed(report_id):
        return None
    report = QbrReport.objects.select_related(
        "party__partnership", "party__organization", "created_by"
    ).get(pk=report_id)

    def progress(percent: int, step: str) -> None:
        QbrReport.objects.filter(pk=report_id).update(progress=percent, step=step)

    try:
        rendered = qbr_render(
            party=report.party,
            quarter=Quarter.parse(report.quarter),
            edition=report.edition,
            generated_by=report.created_by.public_name if report.created_by else "Accord",
            now=now,
            progress=progress,
        )
    except Exception:
        logger.exception("QBR report %s failed", report_id)
        QbrReport.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED,
            step="Failed",
            error="The report could not be made. Ask again; if it fails again, your operator "
            f"will find the cause in the worker's log (report {report_id}).",
            finished_at=now,
        )
        return QbrReport.objects.get(pk=report_id)
    QbrReport.objects.filter(pk=report_id).update(
        status=ReportStatus.DONE,
        progress=100,
        step="Ready",
        html=rendered.html,
        pdf=rendered.pdf,
        finished_at=now,
    )
    return QbrReport.objects.get(pk=report_id)
