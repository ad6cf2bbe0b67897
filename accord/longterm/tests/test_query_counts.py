"""The KPI list runs a fixed number of queries however many KPIs and measurements there are."""

import json
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.longterm import services
from accord.longterm.tests.base import LongtermTestCase
from tests.base import QueryCountTestCase


class KpiListQueryCountTests(QueryCountTestCase, LongtermTestCase):
    GROW = (1, 10)

    def grow(self, n: int) -> None:
        """n more KPIs of each party, each with a year of monthly measurements, a milestone and a
        value entry; and n more KPIs private to Beta."""
        for user in (self.alice, self.bob):
            grant = self.grant(user)
            for i in range(n):
                kpi = self.make_kpi(
                    user, name=f"KPI {user.pk}-{i}-{self._grown}", baseline_date=date(2024, 1, 1)
                )
                for month in range(1, 13):
                    services.measurement_add(
                        kpi=kpi, actor=user, measured_on=date(2024, month, 1), value=Decimal(month)
                    )
                services.milestone_create(
                    party=grant.acting_party(),
                    actor=user,
                    title=f"M {i}",
                    due_date=date(2026, 1, 1) + timedelta(days=i),
                )
                services.value_entry_create(
                    party=grant.acting_party(),
                    actor=user,
                    flow="benefit",
                    category="revenue",
                    description="v",
                    occurred_on=date(2025, 1, 1),
                    amount=Decimal(i + 1),
                    currency="EUR",
                )
        for i in range(n):
            self.make_kpi(name=f"Private {i}-{self._grown}", visibility="private")
        self._grown += 1

    def setUp(self) -> None:
        self._grown = 0

    def test_long_term_page(self):
        # session, user, roles, parties, teams; the heads of the chains seen (the fragment's
        # key); milestones; KPIs, their measurements; value entries (balance, then the table);
        # reviews
        self.assertConstant(reverse("accord-longterm", args=[self.partnership.pk]), self.alice, 12)

    def test_long_term_page_from_the_fragment_cache(self):
        # unchanged since the last request: session, user, roles, parties, teams, heads
        url = reverse("accord-longterm", args=[self.partnership.pk])
        self.grow(2)
        self.count(url, self.bob)
        self.assertEqual(self.count(url, self.bob), 6)

    def test_kpi_list_api(self):
        # token, its last-use stamp (3 with the savepoint), roles, parties, teams, page
        self.assertApiConstant("kpis", self.bob, 8)

    def test_roadmap_api(self):
        self.assertApiConstant("roadmap", self.bob, 8)

    def test_value_balance_api(self):
        self.assertApiConstant("value/balance", self.bob, 8)


class MeasurementBatchQueryCountTests(LongtermTestCase):
    """A batch of measurements reads the KPI's values once and writes them in one statement,
    however many rows it has (up to the database's batch size)."""

    def queries(self, url: str, *args, **kwargs) -> int:
        """How many queries a POST runs."""
        with CaptureQueriesContext(connection) as captured:
            response = self.client.post(url, *args, **kwargs)
        self.assertLess(response.status_code, 500)
        return len(captured)

    def rows(self, kpi, days: int) -> list[dict]:
        start = kpi.baseline_date
        return [
            {"measured_on": str(start + timedelta(days=n)), "value": str(n)} for n in range(days)
        ]

    def test_bulk_api_and_import_preview(self):
        counts = []
        token = self.token_for(self.bob)
        self.client.force_login(self.bob)
        # The token's first use stamps it; measure the calls after that.
        self.client.get(f"/api/v1{self.kpis_url()}", headers={"Authorization": f"Bearer {token}"})
        for days in (2, 40):
            kpi = self.make_kpi(name=f"KPI {days}")
            url = f"/api/v1{self.kpis_url(kpi)}/measurements/bulk"
            body = json.dumps({"measurements": self.rows(kpi, days)})
            headers = {"Authorization": f"Bearer {token}"}
            bulk = self.queries(url, body, "application/json", headers=headers)
            text = "date,value\n" + "".join(
                f"{row['measured_on']},{int(row['value']) + 1}\n" for row in self.rows(kpi, days)
            )
            page = reverse("accord-measurements-import", args=[self.partnership.pk, kpi.pk])
            preview = self.queries(page, {"text": text})
            counts.append((bulk, preview))
        self.assertEqual(counts[0], counts[1])
