"""Setting up contingency records through the real services, for the tests of this app."""

from datetime import date
from decimal import Decimal

from accord.contingency import services
from accord.contingency.models import ContingencyPlan, Risk
from accord.core.models import Party
from accord.longterm import services as longterm
from accord.longterm.models import Kpi


def actor_of(t, party: Party):
    """The contributor who acts for `party`: alice for Alpha, bob for Beta."""
    return t.alice if party == t.party_a else t.bob


def risk(t, title: str = "Supplier fails", party: Party | None = None, **fields) -> Risk:
    party = party or t.party_a
    return services.risk_create(party=party, actor=actor_of(t, party), title=title, **fields)


def plan(
    t, of: Risk, title: str = "Backup supplier", party: Party | None = None, **fields
) -> ContingencyPlan:
    party = party or t.party_a
    return services.plan_create(
        party=party, actor=actor_of(t, party), risk=of, title=title, **fields
    )


def kpi(t, name: str = "Churn", party: Party | None = None, **fields) -> Kpi:
    """An up KPI from 0 on 1 Jan 2026 to 100 on 31 Dec 2026 (a point a day, roughly)."""
    party = party or t.party_a
    values = {
        "name": name,
        "unit": "%",
        "direction": "up",
        "baseline": Decimal(0),
        "baseline_date": date(2026, 1, 1),
        "target": Decimal(100),
        "target_date": date(2026, 12, 31),
        **fields,
    }
    return longterm.kpi_create(party=party, actor=actor_of(t, party), **values)


def measure(t, of: Kpi, day: date, value: str) -> None:
    longterm.measurement_add(
        kpi=of, actor=actor_of(t, of.owner_party), measured_on=day, value=Decimal(value)
    )
