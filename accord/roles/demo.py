"""Practice 3 demo data, built through the services so the audit trail holds for it.

"Community solar rollout" (Northwind + Helios): two workstreams with a RACI where "Permit
applications" has no Accountable yet (a problem on the page); three decision rules, two endorsed
by both parties, one (the lead party's) waiting for Helios; a decision approved by both parties,
and one waiting past its deadline; expectations both ways, one not yet acknowledged.
"Panel logistics Europe" (Helios + Cobalt): one workstream, a rule only Helios endorsed.
"""

from datetime import timedelta

from django.utils import timezone

from accord.accounts.models import User
from accord.core import access
from accord.core.models import Partnership, Party
from accord.roles import services
from accord.roles.models import (
    Activity,
    DecisionRule,
    ExpectationKind,
    RuleKind,
    Verdict,
    Workstream,
)


def load_demo(partnerships: dict[str, Partnership], people: dict[str, User]) -> None:
    _community_solar(partnerships["Community solar rollout"], people)
    _panel_logistics(partnerships["Panel logistics Europe"], people)


def _party(p: Partnership, user: User) -> Party:
    return access.partnership_access(user, p.pk, "edit").acting_party()


def _raci(p: Partnership, user: User, activity: Activity, *cells: tuple[User | Party, str]) -> None:
    for who, letter in cells:
        if isinstance(who, Party):
            column, person = who, None
        else:
            column, person = _party(p, who), who
        services.assignment_create(
            party=_party(p, user),
            actor=user,
            activity=activity,
            column_party=column,
            person=person,
            letter=letter,
        )


def _endorse(p: Partnership, rule: DecisionRule, *users: User) -> None:
    for user in users:
        services.rule_endorse(rule=rule, party=_party(p, user), actor=user)


def _community_solar(p: Partnership, people: dict[str, User]) -> None:
    adam, maya, arjun, mateo = (people[n] for n in ("adam", "maya", "arjun", "mateo"))
    northwind, helios = _party(p, maya), _party(p, mateo)
    today = timezone.localdate()

    def activity(workstream: Workstream, title: str) -> Activity:
        return services.activity_create(
            party=northwind, actor=maya, workstream=workstream, title=title
        )

    install = services.workstream_create(
        party=northwind, actor=maya, title="Installation", description="From survey to switch-on."
    )
    survey = activity(install, "Roof surveys")
    _raci(p, maya, survey, (mateo, "R"), (helios, "A"), (maya, "C"), (northwind, "I"))
    permits = activity(install, "Permit applications")  # nobody Accountable: a problem
    _raci(p, maya, permits, (maya, "R"), (mateo, "C"))
    fitting = activity(install, "Panel fitting")
    _raci(p, mateo, fitting, (helios, "R"), (mateo, "A"), (northwind, "I"))
    customers = services.workstream_create(
        party=helios, actor=mateo, title="Customer sign-up", description="Leads to contracts."
    )
    campaign = activity(customers, "Neighbourhood campaign")
    _raci(p, maya, campaign, (maya, "A"), (northwind, "R"), (mateo, "C"))
    contracts = activity(customers, "Customer contracts")
    _raci(p, maya, contracts, (adam, "A"), (maya, "R"), (helios, "I"))

    scope = services.rule_create(
        party=northwind,
        actor=maya,
        title="Scope change",
        description="Adding or dropping a district or a product.",
        kind=RuleKind.EVERY_PARTY,
        days_to_decide=14,
    )
    _endorse(p, scope, adam, arjun)
    budget = services.rule_create(
        party=helios,
        actor=mateo,
        title="Budget over €50,000",
        kind=RuleKind.MAJORITY,
        days_to_decide=21,
    )
    _endorse(p, budget, maya, arjun)
    schedule = services.rule_create(
        party=northwind,
        actor=maya,
        title="Installation schedule",
        kind=RuleKind.LEAD_PARTY,
        lead_party=helios,
        days_to_decide=5,
    )
    _endorse(p, schedule, adam)  # Helios has not endorsed it yet

    districts = services.decision_create(
        party=northwind,
        actor=maya,
        rule=scope,
        title="Add the harbour district",
        proposal="200 more homes; Helios adds a second crew.",
        deadline=today - timedelta(days=20),
    )
    services.decision_vote(
        decision=districts,
        party=northwind,
        actor=adam,
        verdict=Verdict.APPROVE,
        comment="Fits the 2027 target.",
    )
    services.decision_vote(
        decision=districts,
        party=helios,
        actor=arjun,
        verdict=Verdict.APPROVE,
        comment="Second crew hired in May.",
    )
    services.decision_create(
        party=helios,
        actor=mateo,
        rule=budget,
        title="Buy a second scaffolding set",
        proposal="€64,000, shared half and half.",
        deadline=today - timedelta(days=6),  # waiting past its deadline
    )

    for party, user, toward, kind, text in (
        (northwind, maya, helios, ExpectationKind.NEED, "Survey reports within 3 days of a visit."),
        (northwind, maya, helios, ExpectationKind.OWN, "We answer customer calls within a day."),
        (
            helios,
            mateo,
            northwind,
            ExpectationKind.NEED,
            "Permits filed before we schedule a crew.",
        ),
    ):
        services.expectation_create(party=party, actor=user, toward=toward, kind=kind, text=text)
    first = services.expectation_create(
        party=helios,
        actor=mateo,
        toward=northwind,
        kind=ExpectationKind.OWN,
        text="A named crew lead for every street.",
    )
    services.expectation_acknowledge(expectation=first, party=northwind, actor=maya)


def _panel_logistics(p: Partnership, people: dict[str, User]) -> None:
    mateo, mila = people["mateo"], people["mila"]
    helios, cobalt = _party(p, mateo), _party(p, mila)
    port = services.workstream_create(party=helios, actor=mateo, title="Port handling")
    unload = services.activity_create(party=helios, actor=mateo, workstream=port, title="Unloading")
    _raci(p, mateo, unload, (cobalt, "R"), (mila, "A"), (helios, "I"))
    claims = services.activity_create(
        party=helios, actor=mateo, workstream=port, title="Damage claims"
    )
    _raci(p, mateo, claims, (mateo, "A"), (mila, "A"))  # two Accountable, no Responsible
    rule = services.rule_create(
        party=helios, actor=mateo, title="New warehouse", kind=RuleKind.EVERY_PARTY
    )
    _endorse(p, rule, mateo)
