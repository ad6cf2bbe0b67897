"""Practice 4 demo data, built through the services so the audit trail holds for it.

"Community solar rollout" (Northwind + Helios): Northwind's fortnightly steering meeting
(every second Tuesday, 10:00 London) held at every occurrence but one (missed, five weeks
ago), the last one with minutes both parties approved and two action items (one kept on
time, one open), the next one scheduled; Helios's monthly update cadence, its updates
acknowledged by Northwind, one of them four days late; Northwind's latest update waiting for
Helios.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from accord.accounts.models import User
from accord.communication import services
from accord.communication.models import CadenceKind
from accord.core import access
from accord.core.models import Partnership, Party
from accord.trust import services as trust

LONDON = ZoneInfo("Europe/London")


def load_demo(partnerships: dict[str, Partnership], people: dict[str, User]) -> None:
    _community_solar(partnerships["Community solar rollout"], people)


def _party(p: Partnership, user: User) -> Party:
    return access.partnership_access(user, p.pk, "edit").acting_party()


def _tuesday_before(day: date) -> date:
    return day - timedelta(days=(day.weekday() - 1) % 7)


def _community_solar(p: Partnership, people: dict[str, User]) -> None:
    maya, victor, mateo = people["maya"], people["victor"], people["mateo"]
    northwind, helios = _party(p, maya), _party(p, mateo)
    now = timezone.now()
    today = timezone.localdate()
    first = datetime.combine(_tuesday_before(today - timedelta(days=70)), time(10), LONDON)
    steering = services.cadence_create(
        party=northwind,
        actor=maya,
        title="Fortnightly steering",
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        starts_at=first,
        time_zone="Europe/London",
    )
    held = [at for at in steering.occurrences_between(first, now) if at < now]
    meetings = []
    for number, at in enumerate(held, start=1):
        if number == 3:  # five weeks or so ago: nobody met
            continue
        meetings.append(
            services.meeting_create(
                party=northwind,
                actor=maya,
                title=f"Steering #{number}",
                starts_at=at,
                time_zone="Europe/London",
                cadence=steering,
                location="https://meet.example/solar-steering",
                agenda="Installations this fortnight\nPermits\nCustomer sign-ups",
                attendees=[maya, victor, mateo],
            )
        )
    last = meetings[-1]
    minutes = services.minutes_create(
        party=northwind,
        actor=maya,
        meeting=last,
        text="42 roofs fitted this fortnight, 6 ahead of plan.\n"
        "Permits: the council wants the installer roster before approving the next batch.\n"
        "Decided: Helios sends the roster; Northwind books the permit office.",
    )
    services.minutes_approve(minutes=minutes, party=northwind, actor=maya)
    services.minutes_approve(minutes=minutes, party=helios, actor=mateo)
    booked = services.action_item_create(
        meeting=last,
        party=northwind,
        actor=maya,
        title="Book the permit office for the next batch",
        due_date=last.starts_at.date() + timedelta(days=3),
        receiver_party_id=helios.pk,
    )
    trust.commitment_deliver(
        commitment=booked,
        party=northwind,
        actor=maya,
        expected_version=None,
        delivered_on=min(today, last.starts_at.date() + timedelta(days=2)),
    )
    services.action_item_create(
        meeting=last,
        party=helios,
        actor=mateo,
        title="Send the installer roster to the council",
        due_date=today + timedelta(days=7),
        receiver_party_id=northwind.pk,
    )
    upcoming = steering.occurrences_after(now, 1)
    if upcoming:
        services.meeting_create(
            party=northwind,
            actor=maya,
            title=f"Steering #{len(held) + 1}",
            starts_at=upcoming[0],
            time_zone="Europe/London",
            cadence=steering,
            agenda="Roster received?\nQ3 targets",
            attendees=[maya, mateo],
        )

    monthly = services.cadence_create(
        party=helios,
        actor=mateo,
        title="Monthly partner update",
        kind=CadenceKind.UPDATE,
        rule="FREQ=MONTHLY;BYMONTHDAY=1",
        starts_at=datetime.combine(today.replace(day=1) - timedelta(days=62), time(9), LONDON),
        time_zone="Europe/London",
    )
    posted = [
        at
        for at in monthly.occurrences_between(monthly.starts_at, now)
        if at < now - timedelta(hours=2)
    ]
    for number, at in enumerate(posted, start=1):
        update = services.update_create(
            party=helios,
            actor=mateo,
            title=f"{timezone.localtime(at, LONDON):%B} update",
            cadence=monthly,
            progress=f"{120 * number} homes signed up in total.",
            challenges="Scaffolding hire is slow in the north of the district."
            if number == 2
            else "",
            asks="An introduction to the council's housing team." if number == 1 else "",
            now=at + timedelta(hours=2),
        )
        late = number == 2  # acknowledged four days after it was posted
        services.update_acknowledge(
            update=update,
            party=northwind,
            actor=maya,
            reply="Thanks — we will raise the scaffolding issue at steering." if late else "",
            now=min(now, update.posted_at + timedelta(hours=96 if late else 5)),
        )
    services.update_create(
        party=northwind,
        actor=maya,
        title="Grid connection news",
        progress="The substation upgrade is approved for the harbour district.",
        opportunities="Room for 300 more homes once it is done.",
        now=now - timedelta(days=1),
    )
