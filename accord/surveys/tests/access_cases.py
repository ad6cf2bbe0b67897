"""The surveys' rows of the access matrix (tests/test_access.py runs them).

Two rounds, made in `setup`: one open (opened by alice for Alpha), one closed (opened and closed
by bea for Beta). Everyone who sees the partnership reads rounds and closed results; leads and
admins (amy, alice, bea) open and close; team members (alice, vic, bea, bob) answer, and amy,
Alpha's admin off the team, is refused (403); ann and olga see nothing (404)."""

from datetime import timedelta

from django.utils import timezone

from accord.surveys.services import survey_round_close, survey_round_open
from accord.surveys.statements import STATEMENTS
from tests.access_matrix import Case, binding, seen

TEAM = ("alice", "vic", "bea", "bob")


def setup(t) -> None:
    closes_on = timezone.localdate() + timedelta(days=10)
    t.sv_open = survey_round_open(
        party=t.party_a, actor=t.alice, title="Open round", closes_on=closes_on
    )
    t.sv_closed = survey_round_open(
        party=t.party_b, actor=t.bea, title="Closed round", closes_on=closes_on
    )
    survey_round_close(survey_round=t.sv_closed, actor=t.bea)


def team(status: int, anon: int) -> dict[str, int]:
    return {**seen(status, anon=anon), "amy": 403}


def page(t) -> dict:
    return {"pk": t.partnership.pk}


def open_page(t) -> dict:
    return {"pk": t.partnership.pk, "round_id": t.sv_open.pk}


def closed_page(t) -> dict:
    return {"pk": t.partnership.pk, "round_id": t.sv_closed.pk}


def where(t) -> dict:
    return {"partnership_id": t.partnership.pk}


def open_round(t) -> dict:
    return {"partnership_id": t.partnership.pk, "round_id": t.sv_open.pk}


def closed_round(t) -> dict:
    return {"partnership_id": t.partnership.pk, "round_id": t.sv_closed.pk}


def answers(t) -> dict:
    return {"answers": [{"statement": STATEMENTS[0].key, "score": 4, "comment": ""}]}


def new_round(t) -> dict:
    closes_on = timezone.localdate() + timedelta(days=5)
    return {"title": "Another", "closes_on": closes_on.isoformat()}


CASES = [
    Case("accord-surveys", seen(200), kwargs=page),
    Case("accord-survey-new", binding(200, anon=302), kwargs=page),
    Case("accord-survey", seen(200), kwargs=open_page),
    Case(
        "accord-survey-answer",
        team(302, anon=302),
        method="post",
        kwargs=open_page,
        data=lambda t: {f"score:{STATEMENTS[0].key}": "4"},
    ),
    Case("accord-survey-close", binding(302, anon=302), method="post", kwargs=open_page),
    Case("accord-survey-results", seen(200), kwargs=closed_page),
    Case("api:survey_round_list", seen(200, anon=401), kwargs=where),
    Case(
        "api:survey_round_open",
        binding(201),
        method="post",
        kwargs=where,
        data=new_round,
    ),
    Case("api:survey_round_close", binding(200), method="post", kwargs=open_round),
    Case("api:survey_answers_get", team(200, anon=401), kwargs=open_round),
    Case(
        "api:survey_answers_put", team(200, anon=401), method="put", kwargs=open_round, data=answers
    ),
    Case("api:survey_results_get", seen(200, anon=401), kwargs=closed_round),
]
