"""Setting up alignment records through the real services, for the tests of this app."""

from accord.alignment import services
from accord.alignment.models import LinkKind, Objective, ObjectiveLink, SharedGoal
from accord.core import access
from accord.core.models import Party


def grant_of(t, user):
    return access.partnership_access(user, t.partnership.pk)


def objective(t, user, title: str, **fields) -> Objective:
    return services.objective_create(
        party=grant_of(t, user).acting_party(), actor=user, title=title, **fields
    )


def goal(t, user, title: str, **fields) -> SharedGoal:
    return services.goal_create(
        party=grant_of(t, user).acting_party(), actor=user, title=title, **fields
    )


def endorse(t, goal_: SharedGoal, *parties: Party) -> None:
    """Endorse for each party, as that party's lead (alice for Alpha, bea for Beta)."""
    for party in parties:
        actor = t.alice if party == t.party_a else t.bea
        services.goal_endorse(goal=goal_, party=party, actor=actor)


def objective_form(title: str, **fields) -> dict:
    """The objective form as posted: an active, shared objective of medium priority and
    horizon, with `fields` changed."""
    return {
        "title": title,
        "priority": "medium",
        "horizon": "medium",
        "status": "active",
        "visibility": "shared",
        **fields,
    }


def link(objective_: Objective, goal_: SharedGoal, actor, kind=LinkKind.SUPPORTS) -> ObjectiveLink:
    return services.link_create(objective=objective_, goal=goal_, actor=actor, kind=kind)
