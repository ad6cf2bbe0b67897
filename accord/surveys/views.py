"""Pages of the surveys: the rounds of a partnership, opening one, answering it (one's own
answers only), closing it early, and the results of a closed round. Each view reads access →
validate → act → respond; writes go through accord.surveys.services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.forms import acting_party_and_data, offer_acting_party
from accord.core.record_views import add_form_errors
from accord.surveys import selectors, services
from accord.surveys.forms import AnswerForm, RoundForm, comment_field, score_field
from accord.surveys.perception import minimum_respondents

ANONYMOUS = (
    "Your answers are never shown to anyone with your name: results show only each party's "
    "averages, and only once at least {minimum} of its people answered."
)


def _page(
    request: AuthedRequest, template: str, grant: PartnershipAccess, **context: Any
) -> HttpResponse:
    context = {"grant": grant, "p": grant.partnership, "tab": "health", **context}
    return render(request, template, context)


def _round_page(pk: int, round_id: int) -> HttpResponse:
    return redirect(reverse("accord-survey", args=[pk, round_id]))


@login_required
def surveys(request: AuthedRequest, pk: int) -> HttpResponse:
    """The partnership's survey rounds, open and closed."""
    grant = access.partnership_access(request.user, pk)
    today = timezone.localdate()
    rounds = [(r, r.is_open_on(today)) for r in selectors.rounds_of(grant)]
    may_open = grant.can_bind and not grant.is_ended
    return _page(request, "surveys/surveys.html", grant, rounds=rounds, may_open=may_open)


@login_required
def survey_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """Open a round (a lead of a party or an admin of its organization)."""
    grant = access.partnership_access(request.user, pk, "bind")
    form = RoundForm(request.POST or None)
    offer_acting_party(form, grant, "bind")
    if request.method == "POST" and form.is_valid():
        party, data = acting_party_and_data(form, grant, "bind")
        try:
            opened = services.survey_round_open(party=party, actor=request.user, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "The survey round is open: every team member is invited.")
            return _round_page(pk, opened.pk)
    return _page(request, "surveys/new.html", grant, form=form)


@login_required
def survey(request: AuthedRequest, pk: int, round_id: int) -> HttpResponse:
    """A round: the answer form for a team member while it is open (their own answers, to
    change until it closes), else a link to its results."""
    grant = access.partnership_access(request.user, pk)
    survey_round = selectors.survey_round(grant, round_id)
    is_open = survey_round.is_open_on(timezone.localdate())
    party = selectors.answering_party(grant)
    answers = selectors.answers_of(survey_round, request.user.pk) if party and is_open else None
    form = AnswerForm(answers=answers) if party and is_open else None
    return _answer_page(request, grant, survey_round, is_open, form, answered=answers is not None)


def _answer_page(
    request: AuthedRequest,
    grant: PartnershipAccess,
    survey_round: Any,
    is_open: bool,
    form: AnswerForm | None,
    answered: bool,
) -> HttpResponse:
    return _page(
        request,
        "surveys/survey.html",
        grant,
        round=survey_round,
        is_open=is_open,
        form=form,
        groups=_groups(form) if form else [],
        answered=answered,
        may_close=is_open and grant.can_bind and not grant.is_ended,
        anonymous=ANONYMOUS.format(minimum=minimum_respondents()),
    )


def _groups(form: AnswerForm) -> list[tuple[str, list[tuple[Any, Any]]]]:
    """The form's (score, comment) fields, grouped by practice."""
    return [
        (
            f"{group.number}. {group.name}",
            [(form[score_field(s.key)], form[comment_field(s.key)]) for s in group.statements],
        )
        for group in selectors.statement_groups()
    ]


@login_required
@require_POST
def survey_answer(request: AuthedRequest, pk: int, round_id: int) -> HttpResponse:
    """Save the user's answers (again: they replace the previous ones) while the round is open."""
    grant = access.partnership_access(request.user, pk)
    survey_round = selectors.survey_round(grant, round_id)
    party = selectors.answering_party(grant)
    if party is None:
        raise PermissionDenied(services.NOT_ON_TEAM)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.survey_answer(
                survey_round=survey_round, party=party, actor=request.user, answers=form.answers()
            )
        except services.RoundClosed as closed:
            messages.error(request, str(closed))
            return _round_page(pk, round_id)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(
                request, "Your answers are saved. You can change them until the round closes."
            )
            return _round_page(pk, round_id)
    is_open = survey_round.is_open_on(timezone.localdate())
    return _answer_page(request, grant, survey_round, is_open, form, answered=False)


@login_required
@require_POST
def survey_close(request: AuthedRequest, pk: int, round_id: int) -> HttpResponse:
    """Close a round early (a lead of a party or an admin of its organization)."""
    grant = access.partnership_access(request.user, pk, "bind")
    survey_round = selectors.survey_round(grant, round_id)
    try:
        services.survey_round_close(survey_round=survey_round, actor=request.user)
    except services.RoundClosed as closed:
        messages.error(request, str(closed))
        return _round_page(pk, round_id)
    messages.success(request, "The survey round is closed: its results are below.")
    return redirect(reverse("accord-survey-results", args=[pk, round_id]))


@login_required
def survey_results(request: AuthedRequest, pk: int, round_id: int) -> HttpResponse:
    """A closed round's results: per practice, each party's average side by side (a gap of a
    full point flagged) and comments, only where enough of the party answered."""
    grant = access.partnership_access(request.user, pk)
    survey_round = selectors.survey_round(grant, round_id)
    perception = selectors.closed_results(survey_round)
    rows = selectors.practice_results(perception) if perception else []
    return _page(
        request,
        "surveys/results.html",
        grant,
        round=survey_round,
        perception=perception,
        rows=rows,
        parties=grant.parties,
    )
