"""This practice's rows of the access matrix (tests/test_access.py runs them).

Records, all created in `setup` (attributes prefixed `ct_`), all Beta's: a risk without plans,
a private risk, a risk with an armed plan (one step, owned by Alpha), an active plan, a resolved
plan, a private plan; the exit plan, endorsed by Beta. Only Beta's contributors change Beta's
risks and plans; a step's party or the plan's ticks it; any party's contributors change the
exit plan and its leads and admins endorse it; vic (viewer) changes nothing; ann and olga see
nothing.
"""

from accord.contingency import services
from tests.access_matrix import Case, binding, everyone, record_cases, seen

CONTRIBUTORS = ("amy", "alice", "bea", "bob")


def where(t) -> dict:
    return {"partnership_id": t.partnership.pk}


def page(t) -> dict:
    return {"pk": t.partnership.pk}


def any_contributor(status: int, anon: int = 401) -> dict[str, int]:
    return {**seen(403, anon=anon), **dict.fromkeys(CONTRIBUTORS, status)}


def beta_contributors(status: int, anon: int = 401) -> dict[str, int]:
    return {**seen(403, anon=anon), "bea": status, "bob": status}


def _plan(attribute: str):
    return lambda t: {"partnership_id": t.partnership.pk, "plan_id": getattr(t, attribute).pk}


def _action(t) -> dict:
    return {**_plan("ct_plan")(t), "action_id": t.ct_action.pk}


def _exit(t) -> dict:
    return {"partnership_id": t.partnership.pk, "exit_plan_id": t.ct_exit_plan.pk}


def _exit_plan_cases() -> list[Case]:
    cases = record_cases(
        "exit_plan",
        "ct_exit_plan",
        create=lambda t: {"notice_days": 30},
        patch=lambda t: {"notice_days": 60},
        joint=True,
    )
    for case in cases:
        if case.name == "api:exit_plan_create":  # one per partnership: there is one
            case.expect = any_contributor(400)
        if case.name == "api:exit_plan_delete":  # Beta endorses it: not deleted
            case.expect = any_contributor(400)
    return cases


def _level_cases() -> list[Case]:
    cases = record_cases(
        "escalation_level",
        "ct_level",
        create=lambda t: {"level": 2, "person": t.bob.pk},
        patch=lambda t: {"after_days": 5},
    )
    for case in cases:
        if case.name == "api:escalation_level_create":  # bob is on Beta's team, not Alpha's
            case.expect = {**any_contributor(201), "amy": 400, "alice": 400}
    return cases


API: list[Case] = [
    *record_cases(
        "risk",
        "ct_risk",
        create=lambda t: {"title": "Currency swing", "likelihood": 4, "impact": 4},
        patch=lambda t: {"impact": 5},
        private="ct_private_risk",
    ),
    *record_cases(
        "plan",
        "ct_plan",
        create=lambda t: {"risk": t.ct_risk.pk, "title": "Hedge"},
        patch=lambda t: {"title": "Second supplier, at once"},
        private="ct_private_plan",
    ),
    *_exit_plan_cases(),
    *_level_cases(),
    Case(
        "api:plan_activate",
        beta_contributors(200),
        method="post",
        kwargs=_plan("ct_plan"),
        data=lambda t: {"reason": "The supplier stopped."},
    ),
    Case(
        "api:plan_activate",  # already active: refused
        beta_contributors(400),
        method="post",
        kwargs=_plan("ct_active_plan"),
        data=lambda t: {"reason": "Again."},
    ),
    Case(
        "api:plan_activate",
        {**everyone(404, 401), "vic": 403, "bea": 200, "bob": 200},
        method="post",
        kwargs=_plan("ct_private_plan"),
        data=lambda t: {"reason": "Our own."},
    ),
    Case(
        "api:plan_resolve",
        beta_contributors(200),
        method="post",
        kwargs=_plan("ct_active_plan"),
        data=lambda t: {"resolution": "Back to normal."},
    ),
    Case(
        "api:plan_rearm",
        beta_contributors(200),
        method="post",
        kwargs=_plan("ct_resolved_plan"),
        data=lambda t: {},
    ),
    Case(
        "api:plan_action_add",
        beta_contributors(201),
        method="post",
        kwargs=_plan("ct_plan"),
        data=lambda t: {"text": "Tell the customers", "party": t.party_b.pk},
    ),
    Case(
        "api:plan_action_done",
        any_contributor(200),
        method="post",
        kwargs=_action,
        data=lambda t: {"done": True},
    ),
    Case("api:plan_action_delete", beta_contributors(200), method="delete", kwargs=_action),
    Case(
        "api:exit_plan_endorse",
        {**binding(201), "bea": 400},  # Beta endorses already
        method="post",
        kwargs=_exit,
        data=lambda t: {},
    ),
    Case(
        "api:exit_plan_withdraw",
        {**binding(400), "bea": 200},  # Alpha does not endorse it
        method="delete",
        kwargs=_exit,
        data=lambda t: {"reason": "Notice too short."},
    ),
    Case("api:contingency_get", seen(200, anon=401), kwargs=where),
]


def _page(name: str, expect: dict[str, int], attribute: str | None = None, **data) -> Case:
    def kwargs(t) -> dict:
        if attribute is None:
            return page(t)
        key = "risk_id" if "risk" in attribute else "plan_id"
        return {"pk": t.partnership.pk, key: getattr(t, attribute).pk}

    return Case(name, expect, method="post" if data else "get", kwargs=kwargs, data=lambda t: data)


def _page_action(t) -> dict:
    return {"pk": t.partnership.pk, "plan_id": t.ct_plan.pk, "action_id": t.ct_action.pk}


def _page_level(t) -> dict:
    return {"pk": t.partnership.pk, "level_id": t.ct_level.pk}


PAGES: list[Case] = [
    Case("accord-contingency", seen(200), kwargs=page),
    Case("accord-escalation-level-new", any_contributor(200, anon=302), kwargs=page),
    Case("accord-escalation-level-edit", beta_contributors(200, anon=302), kwargs=_page_level),
    Case(
        "accord-escalation-level-delete",
        beta_contributors(302, anon=302),
        method="post",
        kwargs=_page_level,
        data=lambda t: {"go": "1"},
    ),
    *[
        Case(name, any_contributor(200, anon=302), kwargs=page)
        for name in ("accord-risk-new", "accord-plan-new", "accord-exit-plan-edit")
    ],
    _page("accord-risk-edit", beta_contributors(200, anon=302), "ct_risk"),
    _page("accord-risk-delete", beta_contributors(302, anon=302), "ct_risk", confirm="1"),
    _page("accord-plan-edit", beta_contributors(200, anon=302), "ct_plan"),
    _page("accord-plan-delete", beta_contributors(302, anon=302), "ct_plan", confirm="1"),
    _page("accord-plan-activate", beta_contributors(302, anon=302), "ct_plan", reason="Now."),
    _page(
        "accord-plan-activate",
        {**everyone(404, 302), "vic": 403, "bea": 302, "bob": 302},
        "ct_private_plan",
        reason="Now.",
    ),
    _page(
        "accord-plan-resolve",
        beta_contributors(302, anon=302),
        "ct_active_plan",
        resolution="Done.",
    ),
    _page("accord-plan-rearm", beta_contributors(302, anon=302), "ct_resolved_plan", go="1"),
    _page(
        "accord-plan-action-new",
        beta_contributors(302, anon=302),
        "ct_plan",
        text="Call the bank",
        party="0",
    ),
    Case(
        "accord-plan-action-done",
        any_contributor(302, anon=302),
        method="post",
        kwargs=_page_action,
        data=lambda t: {"done": "1"},
    ),
    Case(
        "accord-plan-action-delete",
        beta_contributors(302, anon=302),
        method="post",
        kwargs=_page_action,
        data=lambda t: {"go": "1"},
    ),
    _page("accord-exit-plan-endorse", binding(302, anon=302), None, go="1"),
    _page("accord-exit-plan-withdraw", binding(302, anon=302), None, reason="Too short."),
]

CASES: list[Case] = [*API, *PAGES]


def setup(t) -> None:
    """Create, on the test class `t`, the records the cases refer to."""
    beta = {"party": t.party_b, "actor": t.bob}
    t.ct_risk = services.risk_create(**beta, title="Key engineer leaves", likelihood=3, impact=5)
    t.ct_private_risk = services.risk_create(**beta, title="Our cash", visibility="private")
    planned = services.risk_create(**beta, title="Supplier fails", likelihood=4, impact=4)
    t.ct_plan = services.plan_create(**beta, risk=planned, title="Second supplier")
    t.ct_action = services.plan_action_add(
        plan=t.ct_plan, actor=t.bob, text="Call the supplier", party=t.party_a
    )
    t.ct_active_plan = services.plan_create(**beta, risk=planned, title="Ration stock")
    services.plan_activate(plan=t.ct_active_plan, actor=t.bob, reason="Stock low.")
    t.ct_resolved_plan = services.plan_create(**beta, risk=planned, title="Airfreight")
    services.plan_activate(plan=t.ct_resolved_plan, actor=t.bob, reason="Port closed.")
    services.plan_resolve(plan=t.ct_resolved_plan, actor=t.bob, resolution="Port open.")
    t.ct_private_plan = services.plan_create(
        **beta, risk=t.ct_private_risk, title="Credit line", visibility="private"
    )
    t.ct_exit_plan = services.exit_plan_create(**beta, notice_days=90, triggers="Change of control")
    services.exit_plan_endorse(exit_plan=t.ct_exit_plan, party=t.party_b, actor=t.bea)
    t.ct_level = services.escalation_level_create(**beta, level=1, person=t.bob, after_days=3)
