"""This practice's rows of the access matrix (tests/test_access.py runs them).

Records, all created in `setup` (attributes prefixed `cm_`): Beta's cadence and Beta's private
one; Beta's meeting (no minutes) and Beta's private meeting with private minutes; Alpha's
meeting with Beta's minutes (nobody approved yet) and one with minutes both parties approve;
Beta's update, not yet acknowledged, and another with Beta's comment; Beta's decision, and
Beta's private decision with Beta's private comment. Contributors of any party schedule, write
and record; only Beta's change Beta's records; approving minutes binds a party (leads and
admins: amy, alice, bea); acknowledging Beta's update is Alpha's team's (amy, alice); vic
(viewer) changes nothing; ann and olga see nothing.
"""

from datetime import date
from typing import Any

from accord.communication import services
from accord.communication.tests.helpers import at
from accord.roles import services as roles
from accord.roles.models import RuleKind
from tests.access_matrix import Case, binding, everyone, record_cases, seen

CONTRIBUTORS = ("amy", "alice", "bea", "bob")


def where(t) -> dict:
    return {"partnership_id": t.partnership.pk}


def page(t) -> dict:
    return {"pk": t.partnership.pk}


def any_contributor(status: int, anon: int = 401) -> dict[str, int]:
    return {**seen(403, anon=anon), **dict.fromkeys(CONTRIBUTORS, status)}


def betas_only(status: int, anon: int) -> dict[str, int]:
    """A private record of Beta's: 404 to everyone else (vic is refused the right first)."""
    return {**everyone(404, anon), "vic": 403, "bea": status, "bob": status}


def alphas_team(status: int, anon: int) -> dict[str, int]:
    """An act on Beta's record by the other party: Alpha's team only."""
    return {**seen(403, anon=anon), "amy": status, "alice": status}


def _one(key: str, attribute: str):
    return lambda t: {"partnership_id": t.partnership.pk, key: getattr(t, attribute).pk}


def _page_one(key: str, attribute: str):
    return lambda t: {"pk": t.partnership.pk, key: getattr(t, attribute).pk}


API: list[Case] = [
    *record_cases(
        "cadence",
        "cm_cadence",
        create=lambda t: {
            "title": "Monthly steering",
            "rule": "FREQ=MONTHLY;BYDAY=1MO",
            "starts_at": "2026-01-05T10:00:00",
            "time_zone": "Europe/Berlin",
        },
        patch=lambda t: {"rule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"},
        private="cm_private_cadence",
    ),
    *record_cases(
        "meeting",
        "cm_meeting",
        create=lambda t: {"title": "Kick-off", "starts_at": "2026-02-03T09:00:00Z"},
        patch=lambda t: {"agenda": "Pilot\nBudget"},
        private="cm_private_meeting",
    ),
    *record_cases(
        "minutes",
        "cm_minutes",
        create=lambda t: {"meeting": t.cm_meeting.pk, "text": "Pilot agreed."},
        patch=lambda t: {"text": "Pilot agreed for Leeds."},
        private="cm_private_minutes",
    ),
    *record_cases(
        "update",
        "cm_update",
        create=lambda t: {"title": "March update", "progress": "Ten sites surveyed."},
        patch=lambda t: {"asks": "An introduction to the council."},
    ),
    *record_cases(
        "comment",
        "cm_comment",
        create=lambda t: {"update": t.cm_update.pk, "text": "Which sites?"},
        patch=lambda t: {"text": "Which sites first?"},
        private="cm_private_comment",
    ),
    Case("api:cadence_occurrences", seen(200, anon=401), kwargs=_one("cadence_id", "cm_cadence")),
    Case(
        "api:cadence_occurrences",
        {**everyone(404, 401), "bea": 200, "bob": 200},
        kwargs=_one("cadence_id", "cm_private_cadence"),
    ),
    Case(
        "api:minutes_approve",
        binding(201),
        method="post",
        kwargs=_one("minutes_id", "cm_minutes"),
        data=lambda t: {},
    ),
    Case(
        "api:minutes_approve",  # approved already by both: a second approval is refused
        binding(400),
        method="post",
        kwargs=_one("minutes_id", "cm_approved_minutes"),
        data=lambda t: {},
    ),
    Case(
        "api:minutes_withdraw",
        binding(200),
        method="delete",
        kwargs=_one("minutes_id", "cm_approved_minutes"),
        data=lambda t: {"reason": "The budget line is wrong."},
    ),
    Case("api:action_item_list", seen(200, anon=401), kwargs=_one("meeting_id", "cm_meeting")),
    Case(
        "api:action_item_create",
        any_contributor(201),
        method="post",
        kwargs=_one("meeting_id", "cm_meeting"),
        data=lambda t: {"title": "Send the site list", "due_date": "2027-03-01"},
    ),
    Case(
        "api:action_item_create",
        betas_only(201, 401),
        method="post",
        kwargs=_one("meeting_id", "cm_private_meeting"),
        data=lambda t: {"title": "Brief our board", "due_date": "2027-03-01"},
    ),
    Case(
        "api:update_acknowledge",
        alphas_team(201, 401),
        method="post",
        kwargs=_one("update_id", "cm_update"),
        data=lambda t: {"reply": "Thanks, noted."},
    ),
    Case("api:communication_get", seen(200, anon=401), kwargs=where),
]


def _post(name: str, expect: dict[str, int], key: str, attribute: str, **data) -> Case:
    return Case(
        name, expect, method="post", kwargs=_page_one(key, attribute), data=lambda t: data or None
    )


BETA_EDITS = {**seen(403), "bea": 200, "bob": 200}
BETA_EDITS_PRIVATE = {**BETA_EDITS, "amy": 404, "alice": 404}


def _moved(expect: dict[str, int]) -> dict[str, int]:
    """The same rights for a post that redirects when it is allowed."""
    return {who: 302 if status == 200 else status for who, status in expect.items()}


# Beta's cadences, meetings, updates and comments: only Beta's contributors change them.
OWN_RECORDS = (
    ("cadence", "cm_cadence", BETA_EDITS),
    ("cadence", "cm_private_cadence", BETA_EDITS_PRIVATE),
    ("meeting", "cm_meeting", BETA_EDITS),
    ("meeting", "cm_private_meeting", BETA_EDITS_PRIVATE),
    ("update", "cm_update", BETA_EDITS),
    ("comment", "cm_comment", BETA_EDITS),
    ("comment", "cm_private_comment", BETA_EDITS_PRIVATE),
)

PAGES: list[Case] = [
    *[
        Case(f"accord-{kind}-edit", expect, kwargs=_page_one("record_id", attribute))
        for kind, attribute, expect in OWN_RECORDS
    ],
    # A private meeting with minutes is kept (the service refuses, the page says so): 302 too.
    *[
        _post(f"accord-{kind}-delete", _moved(expect), "record_id", attribute)
        for kind, attribute, expect in OWN_RECORDS
    ],
    _post(
        "accord-minutes-withdraw",
        binding(302, anon=302),
        "minutes_id",
        "cm_approved_minutes",
        reason="The budget line is wrong.",
    ),
    Case("accord-communication", seen(200), kwargs=page),
    *[
        Case(name, any_contributor(200, anon=302), kwargs=page)
        for name in ("accord-cadence-new", "accord-meeting-new", "accord-update-new")
    ],
    Case("accord-meeting", seen(200), kwargs=_page_one("meeting_id", "cm_meeting")),
    Case(
        "accord-meeting",
        {**everyone(404, 302), "bea": 200, "bob": 200},
        kwargs=_page_one("meeting_id", "cm_private_meeting"),
    ),
    *[
        Case(name, any_contributor(200, anon=302), kwargs=_page_one("meeting_id", "cm_meeting"))
        for name in ("accord-minutes-new", "accord-action-item-new")
    ],
    Case(
        "accord-minutes-new",
        betas_only(200, 302),
        kwargs=_page_one("meeting_id", "cm_private_meeting"),
    ),
    Case(
        "accord-minutes-edit",
        {**seen(403), "bea": 200, "bob": 200},
        kwargs=_page_one("minutes_id", "cm_minutes"),
    ),
    _post("accord-minutes-approve", binding(302, anon=302), "minutes_id", "cm_minutes"),
    _post(
        "accord-update-comment",
        any_contributor(302, anon=302),
        "update_id",
        "cm_update",
        text="Which sites?",
    ),
    Case("accord-decision-comments", seen(200), kwargs=_page_one("decision_id", "cm_decision")),
    Case(
        "accord-decision-comments",
        {**everyone(404, 302), "bea": 200, "bob": 200},
        kwargs=_page_one("decision_id", "cm_private_decision"),
    ),
    _post(
        "accord-decision-comments",
        any_contributor(302, anon=302),
        "decision_id",
        "cm_decision",
        text="Leeds first.",
    ),
    _post(
        "accord-update-acknowledge",
        alphas_team(302, 302),
        "update_id",
        "cm_update",
        reply="Noted.",
    ),
]

CASES: list[Case] = [*API, *PAGES]


def setup(t) -> None:
    """Create, on the test class `t`, the records the cases refer to."""
    beta = {"party": t.party_b, "actor": t.bob}
    alpha = {"party": t.party_a, "actor": t.alice}
    weekly: dict[str, Any] = {"rule": "FREQ=WEEKLY", "starts_at": at(2026, 1, 6)}
    t.cm_cadence = services.cadence_create(**beta, title="Weekly sync", **weekly)
    t.cm_private_cadence = services.cadence_create(
        **beta, title="Beta huddle", visibility="private", **weekly
    )
    t.cm_meeting = services.meeting_create(
        **beta, title="Steering", starts_at=at(2026, 2, 3), attendees=[t.bob, t.alice]
    )
    t.cm_private_meeting = services.meeting_create(
        **beta, title="Beta prep", starts_at=at(2026, 2, 2), visibility="private"
    )
    t.cm_private_minutes = services.minutes_create(
        **beta, meeting=t.cm_private_meeting, text="Our line for Tuesday."
    )
    held = services.meeting_create(**alpha, title="Workshop", starts_at=at(2026, 1, 20))
    t.cm_minutes = services.minutes_create(**beta, meeting=held, text="Pilot in Leeds.")
    approved = services.meeting_create(**alpha, title="Review", starts_at=at(2026, 1, 13))
    t.cm_approved_minutes = services.minutes_create(**alpha, meeting=approved, text="Budget set.")
    services.minutes_approve(minutes=t.cm_approved_minutes, party=t.party_a, actor=t.alice)
    services.minutes_approve(minutes=t.cm_approved_minutes, party=t.party_b, actor=t.bea)
    services.action_item_create(
        meeting=approved, **beta, title="Send the budget", due_date=date(2027, 1, 31)
    )
    t.cm_update = services.update_create(**beta, title="February update", progress="Permits in.")
    discussed = services.update_create(**beta, title="January update", progress="Surveys done.")
    t.cm_comment = services.comment_create(**beta, update=discussed, text="Photos attached.")
    scope = roles.rule_create(**beta, title="Scope change")
    t.cm_decision = roles.decision_create(**beta, rule=scope, title="Add Leeds")
    staffing = roles.rule_create(
        **beta, title="Staffing", kind=RuleKind.LEAD_PARTY, lead_party=t.party_b
    )
    t.cm_private_decision = roles.decision_create(
        **beta, rule=staffing, title="Hire", visibility="private"
    )
    t.cm_private_comment = services.comment_create(
        **beta, decision=t.cm_private_decision, text="Two engineers."
    )
