"""A rich partnership for the portability tests: records of the six practices, on both sides,
shared and private, with their parts; written through `core.records`."""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from accord.alignment.models import Endorsement, Objective, ObjectiveLink, SharedGoal
from accord.communication.models import Attendee, Cadence, Meeting, Update
from accord.contingency.models import ContingencyPlan, Risk
from accord.core.records import audit_part, record_create, record_parts
from accord.longterm.models import Kpi, Measurement, ValueEntry
from accord.roles.models import Activity, Assignment, Workstream
from accord.trust.models import Commitment

LONG = "ж" * 9990 + "🙂 RTL‮ok"


def make(t: Any, model: type, owner: Any, actor: Any, **fields: Any) -> Any:
    return record_create(
        record=model(partnership=t.partnership, owner_party=owner, **fields), actor=actor
    )


def part(record: Any, model: type, actor: Any, **fields: Any) -> Any:
    with record_parts(record) as current:
        row = model(**fields)
        row.save()
        audit_part(actor=actor, action="create", owner=current, changes={}, part=row)
    return row


def build(t: Any) -> None:
    a, b = t.party_a, t.party_b
    t.goal = make(t, SharedGoal, a, t.alice, title="Grow solar together", description=LONG)
    part(t.goal, Endorsement, t.alice, goal=t.goal, party=a, endorsed_by=t.alice)
    part(t.goal, Endorsement, t.bob, goal=t.goal, party=b, endorsed_by=t.bob)
    shared_objective = make(t, Objective, a, t.alice, title="Alpha public aim")
    make(t, ObjectiveLink, a, t.alice, objective=shared_objective, goal=t.goal, kind="supports")
    make(t, Objective, a, t.alice, title="ALPHA-SECRET-AIM", visibility="private")
    b_secret = make(t, Objective, b, t.bob, title="BETA-SECRET-AIM", visibility="private")
    make(
        t,
        ObjectiveLink,
        b,
        t.bob,
        objective=b_secret,
        goal=t.goal,
        kind="conflicts",
        visibility="private",
        note="BETA-SECRET-LINK",
    )
    make(
        t,
        Commitment,
        a,
        t.alice,
        title="Send the site list",
        promiser_person=t.alice,
        receiver_party=b,
        due_date=date(2026, 9, 1),
    )
    stream = make(t, Workstream, a, t.alice, title="Rollout")
    activity = make(t, Activity, b, t.bob, workstream=stream, title="Install panels")
    make(t, Assignment, a, t.alice, activity=activity, party=a, person=t.alice, letter="A")
    make(t, Assignment, b, t.bob, activity=activity, party=b, person=t.bob, letter="R")
    cadence = make(
        t,
        Cadence,
        a,
        t.alice,
        title="Monthly sync",
        rule="FREQ=MONTHLY",
        starts_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
    )
    meeting = make(
        t,
        Meeting,
        a,
        t.alice,
        cadence=cadence,
        title="January sync",
        starts_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
    )
    make(
        t,
        Commitment,
        b,
        t.bob,
        title="Action item: book the crane",
        due_date=date(2026, 2, 1),
        source_kind="communication.meeting",
        source_id=meeting.pk,
        source_label=meeting.title,
    )
    part(meeting, Attendee, t.alice, meeting=meeting, party=a, user=t.alice)
    part(meeting, Attendee, t.bob, meeting=meeting, party=b, user=t.bob)
    make(t, Risk, b, t.bob, title="BETA-SECRET-RISK", owner_person=t.bob, visibility="private")
    make(t, Update, b, t.bob, title="Beta news", progress="x")
    risk = make(t, Risk, a, t.alice, title="Supply delay", owner_person=t.alice, likelihood=4)
    kpi = make(
        t,
        Kpi,
        a,
        t.alice,
        name="Megawatts",
        baseline=Decimal("0"),
        target=Decimal("99999999999.9999"),
        baseline_date=date(2026, 1, 1),
        target_date=date(2027, 1, 1),
        goal=t.goal,
    )
    part(
        kpi,
        Measurement,
        t.alice,
        kpi=kpi,
        measured_on=date(2026, 2, 1),
        value=Decimal("-12.5"),
        entered_by=t.alice,
    )
    make(
        t,
        ContingencyPlan,
        a,
        t.alice,
        risk=risk,
        title="Second supplier",
        trigger_kind="kpi_below",
        trigger_kpi=kpi,
        trigger_value=Decimal("10"),
    )
    make(
        t,
        ValueEntry,
        b,
        t.bob,
        flow="benefit",
        category="money",
        description="BETA-SECRET-VALUE",
        amount=Decimal("9999999999999.99"),
        currency="EUR",
        occurred_on=date(2026, 3, 1),
        visibility="private",
    )
