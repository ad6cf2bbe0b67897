"""Practice 5 demo data, built through the services so the audit trail holds for it; loaded
after long-term's (it builds on its KPIs).

"Community solar rollout" (Northwind + Helios): a risk register with one high risk lacking a
plan ("Grid connection queue"), one past its review date, a private risk of Helios; a manual
plan; an escalation path for each party; an exit plan Northwind endorsed and Helios has yet to.
"Panel logistics Europe" (Helios + Cobalt): a plan fired by the KPI "Average port-to-installer
days" behind its path three measurements in a row — fired through the trigger job, as the
worker would — with its first step ticked.
"""

from datetime import date, timedelta

from django.utils import timezone

from accord.accounts.models import User
from accord.contingency import services
from accord.contingency.models import RiskCategory
from accord.core import access
from accord.core.models import Partnership, Party
from accord.longterm.models import Kpi


def load_demo(partnerships: dict[str, Partnership], people: dict[str, User]) -> None:
    today = timezone.localdate()
    _community_solar(partnerships["Community solar rollout"], people, today)
    _panel_logistics(partnerships["Panel logistics Europe"], people, today)


def _party(p: Partnership, user: User) -> Party:
    return access.partnership_access(user, p.pk, "edit").acting_party()


def _community_solar(p: Partnership, people: dict[str, User], today: date) -> None:
    maya, mateo = people["maya"], people["mateo"]
    northwind, helios = _party(p, maya), _party(p, mateo)
    services.risk_create(
        party=northwind,
        actor=maya,
        title="Grid connection queue",
        description="The network operator's queue for new connections keeps growing.",
        category=RiskCategory.OPERATIONAL,
        likelihood=4,
        impact=4,
        owner_person=maya,
        mitigation="Monthly call with the operator; apply for connections in batches.",
        next_review=today + timedelta(days=20),
    )
    installers = services.risk_create(
        party=helios,
        actor=mateo,
        title="Installer shortage in summer",
        category=RiskCategory.PEOPLE,
        likelihood=3,
        impact=4,
        owner_person=mateo,
        mitigation="Two subcontractors on call.",
        next_review=today - timedelta(days=12),
    )
    services.risk_create(
        party=northwind,
        actor=maya,
        title="Subsidy scheme ends early",
        category=RiskCategory.FINANCIAL,
        likelihood=2,
        impact=5,
        next_review=today + timedelta(days=60),
    )
    services.risk_create(
        party=helios,
        actor=mateo,
        title="Our panel margin under pressure",
        category=RiskCategory.FINANCIAL,
        likelihood=3,
        impact=3,
        mitigation="Renegotiate freight.",
        next_review=today + timedelta(days=30),
        visibility="private",
    )
    crews = services.plan_create(
        party=helios,
        actor=mateo,
        risk=installers,
        title="Borrow crews from the north region",
        description="Move two crews south for the peak weeks.",
    )
    services.plan_action_add(plan=crews, actor=mateo, text="Confirm the crews", party=helios)
    services.plan_action_add(
        plan=crews, actor=mateo, text="Re-plan the install calendar", party=northwind, person=maya
    )
    exit_plan = services.exit_plan_create(
        party=northwind,
        actor=maya,
        triggers="Either party's change of control; fewer than 200 installs in two quarters.",
        notice_days=90,
        shared_assets="The joint brand is retired; monitoring hardware stays with the homes.",
        data="Customer data returns to Northwind; Helios deletes its copy within 30 days.",
        customers="Northwind serves every household to the end of its contract.",
        obligations="Northwind: keep servicing. Helios: warranty on panels for ten years.",
    )
    for party, person, days in ((northwind, maya, 3), (helios, mateo, 5)):
        services.escalation_level_create(
            party=party, actor=person, level=1, person=person, after_days=days
        )
    # Helios has yet to endorse it: the page shows it waiting.
    services.exit_plan_endorse(exit_plan=exit_plan, party=northwind, actor=maya)


def _panel_logistics(p: Partnership, people: dict[str, User], today: date) -> None:
    mateo, mila = people["mateo"], people["mila"]
    cobalt = _party(p, mila)
    days = Kpi.objects.get(partnership=p, name="Average port-to-installer days")
    backlog = services.risk_create(
        party=cobalt,
        actor=mila,
        title="Customs backlog delays deliveries",
        category=RiskCategory.OPERATIONAL,
        likelihood=4,
        impact=4,
        owner_person=mila,
        mitigation="Pre-clearance of regular shipments.",
        next_review=today + timedelta(days=14),
    )
    desk = services.plan_create(
        party=cobalt,
        actor=mila,
        risk=backlog,
        title="Open a joint customs desk",
        description="Helios and Cobalt staff one customs desk at the port.",
        trigger_kind="kpi_behind",
        trigger_kpi=days,
        trigger_count=3,
    )
    first = services.plan_action_add(
        plan=desk, actor=mila, text="Second a broker to the port", party=cobalt, person=mila
    )
    services.plan_action_add(
        plan=desk, actor=mila, text="Share the shipment forecasts", party=_party(p, mateo)
    )
    # As the worker's schedule would: the KPI has been behind for months, so the plan fires.
    services.triggers_fire(today=today)
    services.plan_action_done(action=first, party=cobalt, actor=mila, done=True)
