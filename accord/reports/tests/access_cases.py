"""The access matrix's rows of reports (tests/test_access.py): every party's team sees the
shared report (bob's); Alpha's internal report (alice's) only Alpha's people on it (amy, alice,
vic), Beta's get 404 as for a report that does not exist; team members who may edit ask for
reports (vic, a viewer, is refused: 403); ann and olga see nothing (404)."""

from accord.reports.models import QbrReport, ReportStatus
from accord.reports.services import report_request
from tests.access_matrix import Case, seen


def alpha_only(status: int, anon: int) -> dict[str, int]:
    return {**seen(status, anon=anon), "bea": 404, "bob": 404}


def editors(status: int, anon: int) -> dict[str, int]:
    """Those who may change the partnership (amy, alice, bea, bob); vic reads only."""
    return {**seen(status, anon=anon), "vic": 403}


def setup(t) -> None:
    t.shared_report = report_request(
        party=t.party_b, quarter="2026Q1", edition="shared", actor=t.bob
    )
    t.internal_report = report_request(
        party=t.party_a, quarter="2026Q1", edition="internal", actor=t.alice
    )
    # Made, without printing a PDF: the matrix checks who may fetch it, not what it holds.
    QbrReport.objects.update(status=ReportStatus.DONE, html="<p>QBR</p>", pdf=b"%PDF-1.7\n")


def page(t) -> dict:
    return {"pk": t.partnership.pk}


def shared(t) -> dict:
    return {"pk": t.partnership.pk, "report_id": t.shared_report.pk}


def internal(t) -> dict:
    return {"pk": t.partnership.pk, "report_id": t.internal_report.pk}


def api(t) -> dict:
    return {"partnership_id": t.partnership.pk}


def api_shared(t) -> dict:
    return {"partnership_id": t.partnership.pk, "report_id": t.shared_report.pk}


def api_internal(t) -> dict:
    return {"partnership_id": t.partnership.pk, "report_id": t.internal_report.pk}


ASK = {"quarter": "2026Q1", "edition": "shared"}

CASES = [
    Case("accord-reports", seen(200), kwargs=page),
    Case("accord-report-new", editors(302, 302), method="post", kwargs=page, data=lambda t: ASK),
    Case("accord-report-status", alpha_only(200, 302), kwargs=internal),
    Case("accord-report-html", seen(200), kwargs=shared),
    Case("accord-report-pdf", alpha_only(200, 302), kwargs=internal),
    Case("api:report_list", seen(200, anon=401), kwargs=api),
    Case(
        "api:report_create",
        editors(202, 401),
        method="post",
        kwargs=api,
        data=lambda t: ASK,
    ),
    Case("api:report_get", alpha_only(200, 401), kwargs=api_internal),
    Case("api:report_pdf", seen(200, anon=401), kwargs=api_shared),
]
