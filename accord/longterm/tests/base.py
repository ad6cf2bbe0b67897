"""Shared set-up of practice 6 tests: Beta's KPIs and records, made through the services."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from accord.core.access import partnership_access
from accord.longterm import services
from accord.longterm.models import Kpi
from tests.base import AccordTestCase


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def kpi_form(**fields) -> dict[str, Any]:
    """The KPI form as posted: the KPI of `make_kpi` (0 -> 1000 over 100 days centred on
    today), shared, with `fields` changed."""
    return {
        "name": "Homes with solar",
        "direction": "up",
        "baseline": "0",
        "baseline_date": str(days_ago(50)),
        "target": "1000",
        "target_date": str(days_ago(-50)),
        "horizon": "long_term",
        "frequency": "monthly",
        "visibility": "shared",
        **fields,
    }


class LongtermTestCase(AccordTestCase):
    @classmethod
    def grant(cls, user, need="edit"):
        return partnership_access(user, cls.partnership.pk, need)

    @classmethod
    def make_kpi(cls, user=None, **fields) -> Kpi:
        """A KPI of the user's party (Beta's, by bob, unless told): 0 -> 1000 over 100 days
        centred on today, so that today's planned value is 500."""
        user = user or cls.bob
        options: dict[str, Any] = dict(
            name="Homes with solar",
            baseline=Decimal(0),
            baseline_date=days_ago(50),
            target=Decimal(1000),
            target_date=days_ago(-50),
        )
        options.update(fields)
        return services.kpi_create(party=cls.grant(user).acting_party(), actor=user, **options)

    @classmethod
    def measure(cls, kpi: Kpi, ago: int, value, user=None, note: str = ""):
        return services.measurement_add(
            kpi=kpi,
            actor=user or cls.bob,
            measured_on=days_ago(ago),
            value=Decimal(str(value)),
            note=note,
        )

    def kpis_url(self, kpi=None) -> str:
        base = f"/partnerships/{self.partnership.pk}/kpis"
        return f"{base}/{kpi.pk}" if kpi else base


class KpiPageTestCase(LongtermTestCase):
    """Tests of one page of a KPI (`page`, a URL name): bob, signed in, on his new KPI."""

    page: str

    def setUp(self) -> None:
        self.kpi = self.make_kpi()
        self.client.force_login(self.bob)
        self.url = reverse(self.page, args=[self.partnership.pk, self.kpi.pk])
