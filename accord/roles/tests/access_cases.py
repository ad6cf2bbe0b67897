"""This practice's rows of the access matrix (tests/test_access.py runs them).

Records, all created in `setup` (attributes prefixed `roles_`): an empty workstream and one with
two activities, one with bob Responsible; a rule nobody endorsed, one both parties endorse;
Beta's waiting decision, Beta's private decision (a rule where Beta leads), a decision approved
by both; Alpha's expectation of Beta, Beta's private expectation. Any party's contributors
change joint records (workstreams, activities, assignments, rules) and give their party's word;
only Beta's change Beta's decisions and expectations; vic (viewer) changes nothing; ann and olga
see nothing.
"""

from datetime import date

from accord.roles import services
from accord.roles.models import ExpectationKind, RuleKind, Verdict
from tests.access_matrix import Case, binding, everyone, record_cases, seen

CONTRIBUTORS = ("amy", "alice", "bea", "bob")


def where(t) -> dict:
    return {"partnership_id": t.partnership.pk}


def page(t) -> dict:
    return {"pk": t.partnership.pk}


def any_contributor(status: int, anon: int = 401) -> dict[str, int]:
    return {**seen(403, anon=anon), **dict.fromkeys(CONTRIBUTORS, status)}


def _one(key: str, attribute: str):
    return lambda t: {"partnership_id": t.partnership.pk, key: getattr(t, attribute).pk}


def _page_one(key: str, attribute: str):
    return lambda t: {"pk": t.partnership.pk, key: getattr(t, attribute).pk}


def _expectation_cases() -> list[Case]:
    cases = record_cases(
        "expectation",
        "roles_beta_expectation",
        create=lambda t: {"toward": t.party_b.pk, "kind": "need", "text": "Figures monthly."},
        patch=lambda t: {"text": "Figures every month."},
        private="roles_private_expectation",
    )
    for case in cases:
        if case.name == "api:expectation_create":  # of Beta: Alpha may, Beta cannot (itself)
            case.expect = {**case.expect, "amy": 201, "alice": 201, "bea": 400, "bob": 400}
    return cases


API: list[Case] = [
    *record_cases(
        "workstream",
        "roles_empty_workstream",
        create=lambda t: {"title": "Marketing"},
        patch=lambda t: {"title": "Joint marketing"},
        joint=True,
    ),
    *record_cases(
        "activity",
        "roles_bare_activity",
        create=lambda t: {"workstream": t.roles_workstream.pk, "title": "Price list"},
        patch=lambda t: {"title": "Price list 2027"},
        joint=True,
    ),
    *record_cases(
        "assignment",
        "roles_assignment",
        create=lambda t: {"activity": t.roles_activity.pk, "party": t.party_a.pk, "letter": "A"},
        patch=lambda t: {"letter": "C"},
        joint=True,
    ),
    *record_cases(
        "rule",
        "roles_rule",
        create=lambda t: {"title": "New market", "kind": "majority"},
        patch=lambda t: {"days_to_decide": 30},
        joint=True,
    ),
    *record_cases(
        "decision",
        "roles_decision",
        create=lambda t: {"rule": t.roles_endorsed_rule.pk, "title": "Enter Norway"},
        patch=lambda t: {"title": "Enter Norway in Q3"},
        private="roles_private_decision",
    ),
    *_expectation_cases(),
    Case(
        "api:raci_set",
        any_contributor(200),
        method="put",
        kwargs=_one("activity_id", "roles_activity"),
        data=lambda t: {"party": t.party_a.pk, "letter": "A"},
    ),
    Case(
        "api:rule_endorse",
        binding(201),
        method="post",
        kwargs=_one("rule_id", "roles_rule"),
        data=lambda t: {},
    ),
    Case(
        "api:rule_withdraw",
        binding(200),
        method="delete",
        kwargs=_one("rule_id", "roles_endorsed_rule"),
        data=lambda t: {"reason": "Threshold too low."},
    ),
    Case(
        "api:decision_approve",
        binding(200),
        method="post",
        kwargs=_one("decision_id", "roles_decision"),
        data=lambda t: {},
    ),
    Case(
        "api:decision_approve",
        {**everyone(404, 401), "vic": 403, "bea": 200, "bob": 403},
        method="post",
        kwargs=_one("decision_id", "roles_private_decision"),
        data=lambda t: {},
    ),
    Case(
        "api:decision_approve",  # decided: no more votes
        binding(400),
        method="post",
        kwargs=_one("decision_id", "roles_decided"),
        data=lambda t: {},
    ),
    Case(
        "api:decision_object",
        binding(200),
        method="post",
        kwargs=_one("decision_id", "roles_decision"),
        data=lambda t: {"comment": "Too early."},
    ),
    Case(
        "api:decision_supersede",
        any_contributor(201),
        method="post",
        kwargs=_one("decision_id", "roles_decided"),
        data=lambda t: {"title": "Enter Norway and Sweden"},
    ),
    Case(
        "api:expectation_acknowledge",
        {**binding(400), "bea": 200},
        method="post",
        kwargs=_one("expectation_id", "roles_expectation"),
        data=lambda t: {},
    ),
    Case("api:roles_get", seen(200, anon=401), kwargs=where),
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


PAGES: list[Case] = [
    *[
        Case(name, seen(200), kwargs=page)
        for name in (
            "accord-roles",
            "accord-raci-csv",
            "accord-rules",
            "accord-decisions",
            "accord-expectations",
        )
    ],
    *[
        Case(name, any_contributor(200, anon=302), kwargs=page)
        for name in (
            "accord-workstream-new",
            "accord-activity-new",
            "accord-rule-new",
            "accord-decision-new",
            "accord-expectation-new",
        )
    ],
    _post(
        "accord-raci-cell",
        any_contributor(302, anon=302),
        "activity_id",
        "roles_activity",
        party=0,
        letter="A",
    ),
    *[
        Case(name, any_contributor(200, anon=302), kwargs=_page_one("record_id", attribute))
        for name, attribute in (
            ("accord-workstream-edit", "roles_workstream"),
            ("accord-activity-edit", "roles_activity"),
        )
    ],
    _post(
        "accord-workstream-delete",
        any_contributor(302, anon=302),
        "record_id",
        "roles_empty_workstream",
    ),
    _post("accord-activity-delete", any_contributor(302, anon=302), "record_id", "roles_activity"),
    _post("accord-rule-delete", any_contributor(302, anon=302), "record_id", "roles_rule"),
    # Beta's decisions and expectations: only Beta's contributors change them; a decided
    # decision is never edited nor deleted (superseded instead).
    *[
        Case(name, expect, kwargs=_page_one("record_id", attribute))
        for name, attribute, expect in (
            ("accord-decision-edit", "roles_decision", BETA_EDITS),
            ("accord-decision-edit", "roles_private_decision", BETA_EDITS_PRIVATE),
            ("accord-decision-edit", "roles_decided", {**seen(404, anon=302), "vic": 403}),
            ("accord-expectation-edit", "roles_beta_expectation", BETA_EDITS),
            ("accord-expectation-edit", "roles_private_expectation", BETA_EDITS_PRIVATE),
        )
    ],
    _post("accord-decision-delete", _moved(BETA_EDITS), "record_id", "roles_decision"),
    _post(
        "accord-decision-delete", _moved(BETA_EDITS_PRIVATE), "record_id", "roles_private_decision"
    ),
    _post("accord-expectation-delete", _moved(BETA_EDITS), "record_id", "roles_beta_expectation"),
    Case(
        "accord-rule-edit",
        any_contributor(200, anon=302),
        kwargs=_page_one("rule_id", "roles_endorsed_rule"),
    ),
    _post("accord-rule-endorse", binding(302, anon=302), "rule_id", "roles_rule"),
    _post(
        "accord-rule-withdraw",
        binding(302, anon=302),
        "rule_id",
        "roles_endorsed_rule",
        reason="Changed our mind.",
    ),
    _post("accord-decision-approve", binding(302, anon=302), "decision_id", "roles_decision"),
    _post(
        "accord-decision-object",
        binding(302, anon=302),
        "decision_id",
        "roles_decision",
        comment="Too early.",
    ),
    _post(
        "accord-decision-approve",
        {**everyone(404, 302), "vic": 403, "bea": 302, "bob": 403},
        "decision_id",
        "roles_private_decision",
    ),
    _post(
        "accord-decision-supersede",
        any_contributor(302, anon=302),
        "decision_id",
        "roles_decided",
        title="Enter Norway and Sweden",
    ),
    _post(
        "accord-expectation-acknowledge",
        binding(302, anon=302),
        "expectation_id",
        "roles_expectation",
    ),
]

CASES: list[Case] = [*API, *PAGES]


def setup(t) -> None:
    """Create, on the test class `t`, the records the cases refer to."""
    beta = {"party": t.party_b, "actor": t.bob}
    alpha = {"party": t.party_a, "actor": t.alice}
    t.roles_empty_workstream = services.workstream_create(**beta, title="Empty")
    t.roles_workstream = services.workstream_create(**alpha, title="Launch")
    t.roles_activity = services.activity_create(
        **beta, workstream=t.roles_workstream, title="Pricing"
    )
    t.roles_bare_activity = services.activity_create(
        **beta, workstream=t.roles_workstream, title="Press"
    )
    t.roles_assignment = services.assignment_create(
        **beta, activity=t.roles_activity, column_party=t.party_b, person=t.bob, letter="R"
    )
    t.roles_rule = services.rule_create(**beta, title="Scope change")
    t.roles_endorsed_rule = services.rule_create(**alpha, title="Budget", kind=RuleKind.MAJORITY)
    services.rule_endorse(rule=t.roles_endorsed_rule, party=t.party_a, actor=t.alice)
    services.rule_endorse(rule=t.roles_endorsed_rule, party=t.party_b, actor=t.bea)
    beta_leads = services.rule_create(
        **beta, title="Beta's pricing", kind=RuleKind.LEAD_PARTY, lead_party=t.party_b
    )
    t.roles_decision = services.decision_create(
        **beta, rule=t.roles_endorsed_rule, title="Enter Norway", deadline=date(2030, 1, 1)
    )
    t.roles_private_decision = services.decision_create(
        **beta, rule=beta_leads, title="Our floor price", visibility="private"
    )
    t.roles_decided = services.decision_create(**alpha, rule=t.roles_endorsed_rule, title="Hire")
    for party, user in ((t.party_a, t.alice), (t.party_b, t.bea)):
        services.decision_vote(
            decision=t.roles_decided, party=party, actor=user, verdict=Verdict.APPROVE
        )
    t.roles_expectation = services.expectation_create(
        **alpha, toward=t.party_b, kind=ExpectationKind.NEED, text="Weekly figures."
    )
    t.roles_beta_expectation = services.expectation_create(
        **beta, toward=t.party_a, kind=ExpectationKind.OWN, text="We staff the booth."
    )
    t.roles_private_expectation = services.expectation_create(
        **beta,
        toward=t.party_a,
        kind=ExpectationKind.NEED,
        text="Secret ask.",
        visibility="private",
    )
