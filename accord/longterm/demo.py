"""Practice 6 demo data, loaded after the alignment demo and built through the services.

"Community solar rollout" is on track: two KPIs following their paths, a roadmap across now,
next and later, a balanced value ledger (in euros, and one contribution in dollars, kept apart)
and a review that decided to expand. Two more KPIs show the one story a KPI's figures tell: a
first-inspection pass rate (in percent) that is on its path today but has stopped climbing, so
it is at risk; and peak-load savings (in euros, measured quarterly) whose last value is too old,
so it is stale. "Panel logistics
Europe" is falling behind: its KPI is off track, a milestone is late, the value ledger is
lopsided (Cobalt puts in trucks, people and money and gets little back) and the review is
overdue. Measurement and milestone dates are relative to today, so the story holds whenever
the demo is loaded.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accord.accounts.models import User
from accord.alignment.models import SharedGoal
from accord.core.access import partnership_access
from accord.core.models import Partnership
from accord.lib.kpi import add_months
from accord.longterm import services
from accord.longterm.csvio import measurements_csv, read_measurements
from accord.longterm.models import Kpi


def load_demo(partnerships: dict[str, Partnership], people: dict[str, User]) -> None:
    today = timezone.localdate()
    solar = partnerships.get("Community solar rollout")
    if solar is not None:
        _community_solar(solar, people, today)
    logistics = partnerships.get("Panel logistics Europe")
    if logistics is not None:
        _panel_logistics(logistics, people, today)


def _goal_id(partnership: Partnership, title: str) -> int | None:
    """The alignment demo's goal of that title, if it is there."""
    goal = SharedGoal.objects.filter(partnership=partnership, title=title).first()
    return goal.pk if goal else None


def _monthly(start: date, today: date) -> list[date]:
    """The first of every month from `start`'s, up to today."""
    days, month = [], start.replace(day=1)
    while month <= today:
        days.append(month)
        month = add_months(month, 1)
    return days


def _import(kpi: Kpi, actor: User, rows: list[tuple[date, Decimal, str]]) -> None:
    """The values as a spreadsheet would bring them in: one CSV file, read as any other."""
    if rows:
        reading = read_measurements(measurements_csv(rows).encode())
        services.measurements_record(kpi=kpi, actor=actor, rows=reading.rows, source="csv")


def _follow_path(kpi: Kpi, actor: User, days: list[date], wobble: list[float]) -> None:
    """Measurements close to the planned path (within a percent or two of the change)."""
    plan = kpi.plan
    rows = []
    for i, day in enumerate(days):
        planned = plan.planned(day) or plan.baseline
        value = planned + wobble[i % len(wobble)] * plan.scale
        rows.append((day, Decimal(str(round(value, 1))), ""))
    _import(kpi, actor, rows)


def _community_solar(p: Partnership, people: dict[str, User], today: date) -> None:
    adam, arjun, maya, mateo = (people[n] for n in ("adam", "arjun", "maya", "mateo"))
    northwind = partnership_access(adam, p.pk, "edit")
    helios = partnership_access(arjun, p.pk, "edit")
    start = date(2025, 3, 1)
    homes = _kpi(
        p,
        maya,
        "Install rooftop solar on 2,000 homes by 2027",
        name="Homes with rooftop solar",
        unit="homes",
        decimals=0,
        direction="up",
        baseline=Decimal(0),
        baseline_date=start,
        target=Decimal(2000),
        target_date=date(2027, 12, 31),
        horizon="long_term",
    )
    _follow_path(homes, maya, _monthly(start, today), [0.01, 0.0, 0.02, 0.01, -0.01])
    lead_time = _kpi(
        p,
        mateo,
        "Cut installation lead time to 30 days",
        name="Installation lead time",
        unit="days",
        decimals=1,
        direction="down",
        baseline=Decimal(90),
        baseline_date=start,
        target=Decimal(30),
        target_date=date(2027, 6, 30),
        horizon="quick_win",
    )
    _follow_path(lead_time, mateo, _monthly(start, today), [-0.01, 0.01, 0.0, -0.02])
    _stalled_pass_rate(p, maya, today)
    _stale_savings(p, adam, today)

    _milestones(
        p,
        today,
        "Install rooftop solar on 2,000 homes by 2027",
        [
            (helios, arjun, "Installer crews trained", -45, "done"),
            (northwind, adam, "Customer sign-up portal live", 40, "in_progress"),
            (helios, arjun, "Second warehouse near the service area", 200, "planned"),
            (northwind, adam, "Grid connection agreement renewed", 520, "planned"),
        ],
    )

    # Balanced: Northwind gets 1.40 back per euro, Helios 2.00.
    _ledger(
        today,
        [
            (
                northwind,
                adam,
                "contribution",
                "money",
                "Marketing and customer subsidies",
                250_000,
                400,
            ),
            (
                northwind,
                adam,
                "contribution",
                "access",
                "Customer lists of the service area",
                None,
                380,
            ),
            (helios, arjun, "contribution", "people", "Installer crews (cost)", 200_000, 350),
            (helios, arjun, "contribution", "know_how", "Permit and grid paperwork", None, 300),
            (northwind, adam, "benefit", "savings", "Lower peak-load purchases", 350_000, 120),
            (helios, arjun, "benefit", "revenue", "Installation revenue", 400_000, 60),
            (helios, arjun, "benefit", "access", "New region without a sales office", None, 30),
        ],
    )
    # In dollars: added up apart from the euros, never converted.
    services.value_entry_create(
        party=helios.acting_party(),
        actor=arjun,
        flow="contribution",
        category="know_how",
        description="US installer certification course",
        amount=Decimal("18500"),
        currency="USD",
        occurred_on=today - timedelta(days=200),
    )
    services.review_create(
        party=northwind.acting_party(),
        actor=adam,
        held_on=today - timedelta(days=40),
        learned="Sign-ups outpace installation; lead time falls as crews gain experience.",
        decision="expand",
        rationale="Both sides are ahead of plan and gaining: add a second installation region.",
    )


def _stalled_pass_rate(p: Partnership, owner: User, today: date) -> None:
    """On its path today, but flat for three months: at this pace it misses its target."""
    rate = _kpi(
        p,
        owner,
        "Install rooftop solar on 2,000 homes by 2027",
        name="Installs passing first inspection",
        unit="%",
        decimals=1,
        direction="up",
        baseline=Decimal(80),
        baseline_date=today - timedelta(days=240),
        target=Decimal(95),
        target_date=today + timedelta(days=120),
        horizon="quick_win",
    )
    planned = rate.plan.planned(today) or 0.0
    values = [planned - 4.5, planned - 2.5, planned - 0.6, planned - 0.5, planned - 0.45]
    rows = [
        (today - timedelta(days=28 * (4 - i)), Decimal(str(round(v, 1))), "")
        for i, v in enumerate(values)
    ]
    _import(rate, owner, rows)


def _stale_savings(p: Partnership, owner: User, today: date) -> None:
    """Measured quarterly, last measured four months ago: stale."""
    savings = _kpi(
        p,
        owner,
        "Install rooftop solar on 2,000 homes by 2027",
        name="Peak-load savings",
        currency="EUR",
        decimals=0,
        direction="up",
        baseline=Decimal(0),
        baseline_date=today - timedelta(days=400),
        target=Decimal(600_000),
        target_date=today + timedelta(days=700),
        horizon="long_term",
        frequency="quarterly",
    )
    rows = [
        (today - timedelta(days=days), Decimal(amount), "")
        for days, amount in ((390, "21500"), (300, "86250.50"), (210, "148900"), (120, "207300"))
    ]
    _import(savings, owner, rows)


def _panel_logistics(p: Partnership, people: dict[str, User], today: date) -> None:
    arjun, andre, mila = (people[n] for n in ("arjun", "andre", "mila"))
    helios = partnership_access(arjun, p.pk, "edit")
    cobalt = partnership_access(andre, p.pk, "edit")
    goal = "Deliver panels port-to-installer within five days"
    days = _kpi(
        p,
        mila,
        goal,
        name="Average port-to-installer days",
        unit="days",
        decimals=1,
        direction="down",
        baseline=Decimal(12),
        baseline_date=today - timedelta(days=330),
        target=Decimal(5),
        target_date=today + timedelta(days=180),
        horizon="long_term",
    )
    # Barely moving: about 11.5 days where the path says about 7.5 — off track.
    values = ["11.9", "12.1", "11.8", "11.6", "11.9", "11.7", "11.5", "11.8", "11.6", "11.5"]
    rows = [
        (today - timedelta(days=300 - 30 * i), Decimal(v), "Customs backlog" if i == 4 else "")
        for i, v in enumerate(values)
    ]
    _import(days, mila, rows)

    _milestones(
        p,
        today,
        goal,
        [
            (cobalt, andre, "Bonded warehouse in Rotterdam open", -25, "in_progress"),
            (helios, arjun, "Shared shipment tracking", 150, "planned"),
        ],
    )

    # Lopsided: Cobalt gets 0.12 back per euro, Helios 6.00.
    _ledger(
        today,
        [
            (
                cobalt,
                andre,
                "contribution",
                "money",
                "Twelve trucks bought for the route",
                400_000,
                600,
            ),
            (cobalt, andre, "contribution", "people", "Dispatch team of four", 120_000, 500),
            (cobalt, andre, "contribution", "know_how", "Customs brokerage", None, 400),
            (helios, arjun, "contribution", "money", "Handling fees", 50_000, 450),
            (cobalt, andre, "benefit", "revenue", "Freight revenue", 60_000, 200),
            (helios, arjun, "benefit", "savings", "Lower warehousing and demurrage", 300_000, 100),
        ],
    )
    services.review_create(
        party=helios.acting_party(),
        actor=arjun,
        held_on=today - timedelta(days=200),
        learned="Customs clearance, not trucking, is the bottleneck; Cobalt carries most costs.",
        decision="restructure",
        rationale="Share the truck costs and move customs brokerage to a joint desk.",
    )


def _kpi(p: Partnership, owner: User, goal: str, **fields: Any) -> Kpi:
    """A KPI (monthly unless told) of `owner`'s party measuring the demo's goal titled `goal`."""
    fields.setdefault("frequency", "monthly")
    return services.kpi_create(
        party=partnership_access(owner, p.pk, "edit").acting_party(),
        actor=owner,
        goal_id=_goal_id(p, goal),
        **fields,
    )


def _milestones(p: Partnership, today: date, goal: str, milestones: list[tuple]) -> None:
    """Milestones towards the goal titled `goal`: (grant, actor, title, due in days, status)."""
    goal_id = _goal_id(p, goal)
    for grant, actor, title, due, status in milestones:
        services.milestone_create(
            party=grant.acting_party(),
            actor=actor,
            title=title,
            due_date=today + timedelta(days=due),
            status=status,
            goal_id=goal_id,
        )


def _ledger(today: date, entries: list[tuple]) -> None:
    """Value entries: (grant, actor, flow, category, what, amount in EUR or None, days ago)."""
    for grant, actor, flow, category, text, amount, ago in entries:
        services.value_entry_create(
            party=grant.acting_party(),
            actor=actor,
            flow=flow,
            category=category,
            description=text,
            amount=None if amount is None else Decimal(amount),
            currency="EUR" if amount is not None else "",
            occurred_on=today - timedelta(days=ago),
        )
