"""Setting up roles records through the real services, for the tests of this app."""

from accord.core.models import Party
from accord.roles import services
from accord.roles.models import Activity, Workstream


def actor_of(t, party: Party):
    """The contributor who acts for `party`: alice for Alpha, bob for Beta."""
    return t.alice if party == t.party_a else t.bob


def workstream(t, title: str = "Launch", party: Party | None = None) -> Workstream:
    party = party or t.party_a
    return services.workstream_create(party=party, actor=actor_of(t, party), title=title)


def activity(t, ws: Workstream, title: str) -> Activity:
    return services.activity_create(party=t.party_a, actor=t.alice, workstream=ws, title=title)


def assign(t, act: Activity, party: Party, letter: str, person=None):
    return services.assignment_create(
        party=t.party_a,
        actor=t.alice,
        activity=act,
        column_party=party,
        person=person,
        letter=letter,
    )
