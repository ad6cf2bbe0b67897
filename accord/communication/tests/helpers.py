"""Setting up communication records through the real services, for the tests of this app."""

from datetime import datetime
from zoneinfo import ZoneInfo

from accord.communication import services
from accord.communication.models import Cadence, CadenceKind, Meeting

UTC = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0, zone=UTC) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def cadence(
    t, rule: str = "FREQ=WEEKLY", starts_at=None, kind=CadenceKind.MEETING, **fields
) -> Cadence:
    return services.cadence_create(
        party=fields.pop("party", t.party_a),
        actor=fields.pop("actor", t.alice),
        title=fields.pop("title", "Weekly sync"),
        rule=rule,
        starts_at=starts_at or at(2026, 1, 6),
        kind=kind,
        **fields,
    )


def meeting(t, starts_at=None, **fields) -> Meeting:
    return services.meeting_create(
        party=fields.pop("party", t.party_a),
        actor=fields.pop("actor", t.alice),
        title=fields.pop("title", "Steering meeting"),
        starts_at=starts_at or at(2026, 1, 6),
        **fields,
    )
