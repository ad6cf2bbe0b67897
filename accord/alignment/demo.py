"""Practice 1 demo data, built through the services so the audit trail holds for it.

"Community solar rollout" (Northwind + Helios) is well aligned: every objective supports a goal
both parties endorse (one of Helios's objectives is private to Helios). "Panel logistics Europe"
(Helios + Cobalt) is troubled: orphan objectives on both sides, an open conflict, a goal only
Helios has endorsed, and a goal no KPI measures. The long-term demo attaches KPIs to these goals
by title: keep the titles.
"""

from accord.accounts.models import User
from accord.alignment import services
from accord.alignment.models import LinkKind, Objective, SharedGoal
from accord.core import access
from accord.core.models import Partnership

SOLAR_HOMES = "Install rooftop solar on 2,000 homes by 2027"
LEAD_TIME = "Cut installation lead time to 30 days"
FIVE_DAYS = "Deliver panels port-to-installer within five days"
WAREHOUSE = "Share warehouse capacity"


def load_demo(partnerships: dict[str, Partnership], people: dict[str, User]) -> None:
    _community_solar(partnerships["Community solar rollout"], people)
    _panel_logistics(partnerships["Panel logistics Europe"], people)


def _objective(partnership: Partnership, user: User, title: str, **fields: str) -> Objective:
    grant = access.partnership_access(user, partnership.pk, "edit")
    return services.objective_create(party=grant.acting_party(), actor=user, title=title, **fields)


def _goal(partnership: Partnership, user: User, title: str, description: str) -> SharedGoal:
    grant = access.partnership_access(user, partnership.pk, "edit")
    return services.goal_create(
        party=grant.acting_party(), actor=user, title=title, description=description
    )


def _endorse(partnership: Partnership, goal: SharedGoal, *users: User) -> None:
    for user in users:
        grant = access.partnership_access(user, partnership.pk, "edit")
        services.goal_endorse(goal=goal, party=grant.acting_party(), actor=user)


def _community_solar(p: Partnership, people: dict[str, User]) -> None:
    adam, maya, arjun, mateo = (people[n] for n in ("adam", "maya", "arjun", "mateo"))
    homes = _objective(
        p,
        maya,
        "Put rooftop solar on 2,000 homes in our service area",
        description="Homeowners in the northern districts first.",
        priority="high",
        horizon="long",
    )
    wait = _objective(
        p,
        maya,
        "Shorten the wait from sign-up to installation",
        description="Customers drop out when they wait more than six weeks.",
        priority="high",
        horizon="short",
    )
    peak = _objective(
        p,
        adam,
        "Reduce evening peak load in residential areas",
        priority="medium",
        horizon="long",
    )
    grow = _objective(
        p,
        mateo,
        "Grow residential rooftop installations",
        description="Our installer crews need a steady pipeline.",
        priority="high",
        horizon="medium",
    )
    faster = _objective(
        p, mateo, "Cut our installation lead time below a month", priority="medium", horizon="short"
    )
    margin = _objective(
        p,
        arjun,
        "Keep installer margin above 18 %",
        description="Internal: the floor below which we renegotiate.",
        priority="high",
        horizon="medium",
        visibility="private",
    )
    solar = _goal(
        p, adam, SOLAR_HOMES, "Rooftop systems installed and connected, counted by meter."
    )
    lead = _goal(p, arjun, LEAD_TIME, "From signed contract to panels producing power.")
    for goal in (solar, lead):
        _endorse(p, goal, maya, mateo)
    for objective, goal, user, note in (
        (homes, solar, maya, "This is our objective, shared."),
        (peak, solar, adam, "Rooftop solar flattens the evening peak with storage."),
        (wait, lead, maya, ""),
        (grow, solar, mateo, ""),
        (faster, lead, mateo, ""),
        (margin, lead, arjun, "Shorter lead times cut crew idle time."),
    ):
        services.link_create(objective=objective, goal=goal, actor=user, note=note)


def _panel_logistics(p: Partnership, people: dict[str, User]) -> None:
    arjun, mateo, andre, mila = (people[n] for n in ("arjun", "mateo", "andre", "mila"))
    port = _objective(
        p,
        mateo,
        "Deliver panels from port to installer within five days",
        description="Installers idle while panels sit in Rotterdam.",
        priority="high",
        horizon="short",
    )
    cost = _objective(p, mateo, "Lower logistics cost per panel", priority="medium")
    hub = _objective(
        p, arjun, "Open a second distribution hub in Poland", priority="low", horizon="long"
    )
    space = _objective(
        p,
        mila,
        "Fill spare warehouse capacity in Rotterdam",
        description="A third of our Rotterdam warehouse stands empty.",
        priority="high",
    )
    trucks = _objective(
        p,
        mila,
        "Ship panels only in full truckloads",
        description="Part loads cost us money on every trip.",
        priority="medium",
    )
    fleet = _objective(p, andre, "Electrify the last-mile fleet", priority="medium", horizon="long")
    five_days = _goal(
        p, arjun, FIVE_DAYS, "Measured from vessel discharge to delivery at the installer."
    )
    warehouse = _goal(
        p, andre, WAREHOUSE, "Helios stock held in Cobalt's Rotterdam warehouse at cost."
    )
    _endorse(p, five_days, mateo)  # Cobalt has not endorsed it: not agreed
    _endorse(p, warehouse, mateo, mila)
    services.link_create(objective=port, goal=five_days, actor=mateo)
    services.link_create(objective=cost, goal=warehouse, actor=mateo)
    services.link_create(objective=space, goal=warehouse, actor=mila)
    services.link_create(
        objective=trucks,
        goal=five_days,
        actor=mila,
        kind=LinkKind.CONFLICTS,
        note="Waiting for a full truckload adds two to four days.",
    )
    del hub, fleet  # orphans on purpose: no goal supports them yet
