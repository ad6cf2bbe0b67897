"""Background jobs of reports, run by `accord worker`."""

from django_tasks import task

from accord.reports import services


@task()
def qbr_report_make(report_id: int) -> None:
    """Make a QBR report asked for on the page, the API or by the demo."""
    services.report_make(report_id=report_id)
