"""A report's content and HTML take a fixed number of queries however many records there are;
so do the reports page and the API's list."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.communication.services import update_create
from accord.contingency.services import plan_create, risk_create
from accord.core.viewpoint import Viewpoint
from accord.health.checkup import health_of
from accord.longterm.services import (
    kpi_create,
    measurement_add,
    milestone_create,
    value_entry_create,
)
from accord.reports.content import qbr_of
from accord.reports.rendering import Heading, qbr_html
from accord.reports.services import report_request
from accord.reports.tests.base import NOW, Q3
from accord.trust.services import commitment_break, commitment_create
from tests.base import QueryCountTestCase

# Beside the health check's: the viewpoint's parties, and what each section reads through
# its practice's selector (commitments; decisions and their votes; the roadmap; KPIs and their
# measurements; the goals and their endorsements; risks; plans and their parts; value entries;
# updates and their acknowledgements).
EXPECTED = 15


class ReportQueryCountTests(QueryCountTestCase):
    GROW = (1, 8)

    def setUp(self) -> None:
        self.grown = 0

    def grow(self, n: int) -> None:
        """n more of every kind the report shows, for each party (one private to Beta), and
        n more reports."""
        for i in range(n):
            tag = f"{self.grown}-{i}"
            for party, user in ((self.party_a, self.alice), (self.party_b, self.bob)):
                who: dict[str, Any] = {"party": party, "actor": user}
                day = date(2026, 7, 1) + timedelta(days=i)
                promise = commitment_create(**who, title=f"C {tag}", due_date=day)
                commitment_break(commitment=promise, **who, expected_version=None, reason="r")
                commitment_create(**who, title=f"N {tag}", due_date=day + timedelta(days=100))
                risk = risk_create(**who, title=f"R {tag}", likelihood=4, impact=4)
                plan_create(**who, risk=risk, title=f"P {tag}")
                milestone_create(
                    **who, title=f"M {tag}", due_date=day, status="done", completed_on=day
                )
                value_entry_create(
                    **who,
                    flow="benefit",
                    category="revenue",
                    description="v",
                    occurred_on=day,
                    amount=Decimal(5),
                    currency="EUR",
                )
                update_create(
                    **who, title=f"U {tag}", progress="p", now=datetime(2026, 8, 1, tzinfo=UTC)
                )
                kpi = kpi_create(
                    **who,
                    name=f"K {tag}",
                    baseline=Decimal(0),
                    baseline_date=date(2026, 1, 1),
                    target=Decimal(10),
                    target_date=date(2026, 12, 31),
                )
                measurement_add(kpi=kpi, actor=user, measured_on=day, value=Decimal(3))
            commitment_create(
                party=self.party_b,
                actor=self.bob,
                title=f"S {tag}",
                due_date=date(2026, 8, 1),
                visibility="private",
            )
            report_request(
                party=self.party_b, quarter="2026Q3", edition="shared", actor=self.bob, now=NOW
            )
        self.grown += 1

    def render_count(self) -> int:
        """The queries of a report's content and HTML, less the health check's (pinned by the
        health app, and free to change there)."""
        viewpoint = Viewpoint.of_party(self.party_a)
        with CaptureQueriesContext(connection) as health:
            health_of(viewpoint, Q3.last_day)
        with CaptureQueriesContext(connection) as queries:
            qbr_html(qbr_of(viewpoint, Q3, NOW.date()), Heading("internal", NOW, "x"))
        return len(queries) - len(health)

    def test_rendering_a_report(self):
        self.grow(1)
        first = self.render_count()
        self.grow(8)
        self.assertEqual((first, self.render_count()), (EXPECTED, EXPECTED))

    def test_the_reports_page(self):
        # session, user, roles, parties with teams; the reports
        self.assertConstant(reverse("accord-reports", args=[self.partnership.pk]), self.bob, 6)

    def test_the_api_list(self):
        self.assertApiConstant("reports", self.bob, 8)
