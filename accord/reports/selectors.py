"""Reads of QBR reports for a user's grant: every party's team sees the shared edition; an
internal one only those who see the partnership through the party that asked for it."""

from django.db.models import Q, QuerySet
from django.http import Http404

from accord.core.access import PartnershipAccess, no_such_record
from accord.reports.models import Edition, QbrReport, ReportStatus

# The kept files stay in the database until a download asks for them.
FILES = ("html", "pdf")


def _seen(grant: PartnershipAccess) -> QuerySet[QbrReport]:
    return (
        QbrReport.objects.filter(partnership=grant.partnership)
        .filter(Q(edition=Edition.SHARED) | Q(party__in=grant.my_parties))
        .select_related("partnership", "party__organization", "created_by")
    )


def reports_seen(grant: PartnershipAccess) -> QuerySet[QbrReport]:
    """The partnership's reports the user may see, newest first, without their files."""
    return _seen(grant).defer(*FILES)


def report_seen(grant: PartnershipAccess, report_id: int, file: str | None = None) -> QbrReport:
    """One report the user may see (with the file named, if any); 404 otherwise, the same
    answer as for one that does not exist."""
    report = _seen(grant).defer(*(f for f in FILES if f != file)).filter(pk=report_id).first()
    if report is None:
        raise no_such_record()
    return report


def ready_report(grant: PartnershipAccess, report_id: int, file: str) -> QbrReport:
    """A report the user may see that is made, with its file; 404 while it is not."""
    report = report_seen(grant, report_id, file)
    if report.status != ReportStatus.DONE:
        raise Http404("This report is not ready yet.")
    return report
