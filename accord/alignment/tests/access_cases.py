"""This practice's rows of the access matrix (tests/test_access.py runs them).

Records, all created in `setup`: Beta's shared and private objectives, Alpha's objective, two
goals nobody endorsed yet, a goal both parties endorse, Beta's link and Beta's open conflict.
Only Beta's contributors (bea, bob) change Beta's objectives and links; any contributor changes
goals; endorsing commits the party, so only its leads and admins (amy, alice, bea) endorse and
withdraw, not bob; vic (viewer) changes nothing; ann and olga see nothing.
"""

from accord.alignment.models import LinkKind, Objective, SharedGoal
from accord.alignment.services import goal_endorse, link_create
from tests.access_matrix import Case, binding, everyone, record_cases, seen

CONTRIBUTORS = ("amy", "alice", "bea", "bob")


def where(t) -> dict:
    return {"partnership_id": t.partnership.pk}


def page(t) -> dict:
    return {"pk": t.partnership.pk}


def any_contributor(status: int, anon: int = 401) -> dict[str, int]:
    """Any party's contributors may; vic is refused (403); ann and olga see nothing (404)."""
    return {**seen(403, anon=anon), **dict.fromkeys(CONTRIBUTORS, status)}


def betas_contributors(status: int, anon: int = 401) -> dict[str, int]:
    """Only Beta's contributors may (Beta owns the record); Alpha's people are refused."""
    return {**seen(403, anon=anon), "bea": status, "bob": status}


def _link_cases() -> list[Case]:
    cases = record_cases(
        "link",
        "link",
        create=lambda t: {"objective": t.objective.pk, "goal": t.other_goal.pk},
        patch=lambda t: {"note": "Still true."},
        private="private_link",
    )
    for case in cases:
        if case.name == "api:link_create":  # Alpha cannot link Beta's objective
            case.expect = betas_contributors(201)
    return cases


def _goal_cases() -> list[Case]:
    cases = record_cases(
        "goal",
        "goal",
        create=lambda t: {"title": "Joint reach"},
        patch=lambda t: {"title": "Even more joint reach"},
        joint=True,
    )
    for case in cases:
        if case.name == "api:goal_delete":  # Alpha proposed it, Beta linked it: it is dropped
            case.expect = {**case.expect, **dict.fromkeys(CONTRIBUTORS, 200)}
    return cases


def _goal_one(attribute: str):
    return lambda t: {"partnership_id": t.partnership.pk, "goal_id": getattr(t, attribute).pk}


API: list[Case] = [
    *record_cases(
        "objective",
        "objective",
        create=lambda t: {"title": "More reach"},
        patch=lambda t: {"title": "Even more reach"},
        private="private_objective",
    ),
    *_goal_cases(),
    *_link_cases(),
    Case(
        "api:goal_endorse",
        binding(201),
        method="post",
        kwargs=_goal_one("goal"),
        data=lambda t: {},
    ),
    Case(
        "api:goal_withdraw",
        binding(200),
        method="delete",
        kwargs=_goal_one("endorsed_goal"),
        data=lambda t: {"reason": "Changed our mind."},
    ),
    Case(
        "api:link_resolve",
        betas_contributors(200),
        method="post",
        kwargs=lambda t: {"partnership_id": t.partnership.pk, "link_id": t.conflict.pk},
        data=lambda t: {"resolution": "Phased in over two years."},
    ),
    Case(
        "api:link_resolve",
        {**everyone(404, 401), "vic": 403, "bea": 400, "bob": 400},
        method="post",
        kwargs=lambda t: {"partnership_id": t.partnership.pk, "link_id": t.private_link.pk},
        data=lambda t: {"resolution": "Not a conflict: refused, and hidden from others."},
    ),
    Case("api:alignment_get", seen(200, anon=401), kwargs=where),
    Case("api:suggestion_list", seen(200, anon=401), kwargs=where),
    Case(
        "api:suggestion_propose",
        any_contributor(201),
        method="post",
        kwargs=where,
        data=lambda t: {"objectives": [t.alpha_objective.pk, t.objective.pk]},
    ),
]


def _page_one(attribute: str, key: str):
    return lambda t: {"pk": t.partnership.pk, key: getattr(t, attribute).pk}


def _page_post(name: str, expect: dict[str, int], attribute: str, key: str, **data) -> Case:
    """A form posted on the page of one record (`attribute` of the test class); allowed, it
    redirects."""
    return Case(
        name, expect, method="post", kwargs=_page_one(attribute, key), data=lambda t: data or None
    )


PAGES: list[Case] = [
    *[
        Case(name, seen(200), kwargs=page)
        for name in (
            "accord-alignment",
            "accord-objectives",
            "accord-goals",
            "accord-links",
            "accord-suggestions",
        )
    ],
    Case("accord-objective-new", any_contributor(200, anon=302), kwargs=page),
    Case(
        "accord-objective-edit",
        betas_contributors(200, anon=302),
        kwargs=_page_one("objective", "objective_id"),
    ),
    Case(
        "accord-objective-edit",
        {**everyone(404, 302), "vic": 403, "bea": 200, "bob": 200},
        kwargs=_page_one("private_objective", "objective_id"),
    ),
    _page_post(
        "accord-objective-delete", betas_contributors(302, anon=302), "objective", "objective_id"
    ),
    Case("accord-goal-new", any_contributor(200, anon=302), kwargs=page),
    Case("accord-goal-edit", any_contributor(200, anon=302), kwargs=_page_one("goal", "goal_id")),
    _page_post("accord-goal-delete", any_contributor(302, anon=302), "goal", "goal_id"),
    _page_post("accord-goal-endorse", binding(302, anon=302), "goal", "goal_id"),
    _page_post(
        "accord-goal-withdraw",
        binding(302, anon=302),
        "endorsed_goal",
        "goal_id",
        reason="Changed our mind.",
    ),
    Case("accord-link-new", any_contributor(200, anon=302), kwargs=page),
    _page_post("accord-link-delete", betas_contributors(302, anon=302), "link", "link_id"),
    _page_post(
        "accord-link-resolve",
        betas_contributors(302, anon=302),
        "conflict",
        "link_id",
        resolution="Phased in.",
    ),
    Case(
        "accord-suggestion-propose",
        any_contributor(302, anon=302),
        method="post",
        kwargs=page,
        data=lambda t: {"first": t.alpha_objective.pk, "second": t.objective.pk},
    ),
]

CASES: list[Case] = [*API, *PAGES]


def setup(t) -> None:
    """Create, on the test class `t`, the records the cases refer to."""
    t.objective = t.record(Objective, title="Beta's aim")
    t.private_objective = t.record(Objective, private=True, title="Beta's secret")
    t.alpha_objective = t.record(Objective, party=t.party_a, title="Alpha's aim")
    t.goal = t.record(SharedGoal, party=t.party_a, title="Reach")
    t.endorsed_goal = t.record(SharedGoal, title="Speed")
    t.other_goal = t.record(SharedGoal, title="Trust")
    goal_endorse(goal=t.endorsed_goal, party=t.party_a, actor=t.alice)
    goal_endorse(goal=t.endorsed_goal, party=t.party_b, actor=t.bea)
    t.link = link_create(objective=t.objective, goal=t.goal, actor=t.bob)
    t.private_link = link_create(objective=t.private_objective, goal=t.goal, actor=t.bob)
    t.conflict = link_create(
        objective=t.objective, goal=t.endorsed_goal, actor=t.bob, kind=LinkKind.CONFLICTS
    )
