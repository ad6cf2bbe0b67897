"""A partnership with one of each record the QBR report shows, in Q3 2026, shared and private
to either party; reports made "on 5 October 2026"."""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from accord.alignment.services import goal_create
from accord.communication.services import update_create
from accord.contingency.services import plan_create, risk_create
from accord.core.models import Visibility
from accord.lib.quarters import Quarter
from accord.longterm.services import (
    kpi_create,
    measurement_add,
    milestone_create,
    value_entry_create,
)
from accord.trust.services import commitment_break, commitment_create, commitment_deliver
from tests.base import AccordTestCase

NOW = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
Q3 = Quarter(2026, 3)
PRIVATE = Visibility.PRIVATE


class ReportTestCase(AccordTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        alpha: dict[str, Any] = {"party": cls.party_a, "actor": cls.alice}
        beta: dict[str, Any] = {"party": cls.party_b, "actor": cls.bob}
        goal_create(**alpha, title="Cut install time in half")
        kept = commitment_create(**beta, title="Ship 40 panels", due_date=date(2026, 8, 10))
        commitment_deliver(
            commitment=kept,
            **beta,
            expected_version=None,
            delivered_on=date(2026, 8, 9),
            today=date(2026, 10, 1),
        )
        broken = commitment_create(**alpha, title="Train installers", due_date=date(2026, 9, 1))
        commitment_break(commitment=broken, **alpha, expected_version=None, reason="No trainer.")
        commitment_create(**beta, title="Site survey", due_date=date(2026, 9, 20))
        commitment_create(**beta, title="Quarterly review pack", due_date=date(2026, 11, 10))
        commitment_create(
            **alpha,
            title="ALPHA-SECRET pricing floor",
            due_date=date(2026, 8, 15),
            visibility=PRIVATE,
        )
        commitment_create(
            **beta, title="BETA-SECRET margin plan", due_date=date(2026, 8, 20), visibility=PRIVATE
        )
        risk = risk_create(**alpha, title="Supply delay", likelihood=4, impact=5)
        plan_create(**alpha, risk=risk, title="Second supplier")
        risk_create(
            **beta, title="BETA-SECRET cash risk", likelihood=5, impact=5, visibility=PRIVATE
        )
        update_create(
            **beta,
            title="July progress",
            progress="Twelve roofs done.",
            opportunities="Export market in Portugal.",
            now=datetime(2026, 7, 15, tzinfo=UTC),
        )
        milestone_create(
            **alpha,
            title="ALPHA-SECRET exit drill",
            due_date=date(2026, 9, 1),
            status="done",
            completed_on=date(2026, 8, 20),
            visibility=PRIVATE,
        )
        milestone_create(
            **alpha,
            title="Pilot live",
            due_date=date(2026, 8, 31),
            status="done",
            completed_on=date(2026, 8, 30),
        )
        milestone_create(**alpha, title="Rollout phase 2", due_date=date(2026, 12, 1))
        value_entry_create(
            **beta,
            flow="benefit",
            category="revenue",
            description="Leads from the pilot",
            occurred_on=date(2026, 8, 1),
            amount=Decimal(1000),
            currency="EUR",
        )
        kpi = kpi_create(
            **alpha,
            name="Installed capacity",
            baseline=Decimal(0),
            baseline_date=date(2026, 1, 1),
            target=Decimal(100),
            target_date=date(2026, 12, 31),
            unit="MW",
        )
        measurement_add(kpi=kpi, actor=cls.alice, measured_on=date(2026, 7, 1), value=Decimal(30))
