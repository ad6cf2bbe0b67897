"""Pages of practice 3: the RACI matrix (editable cell by cell, CSV export), decision rules,
decisions and expectations. Each view reads access → validate → act → respond; changes go
through accord.roles.services, reads through accord.roles.selectors."""

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.audit.fragments import page_fragment_key
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.forms import RecordForm
from accord.core.record_views import (
    RecordPages,
    edit_record_page,
    record_delete_action,
    record_edit_page,
    record_new_page,
)
from accord.core.records import record_update
from accord.lib.fragments import deferred
from accord.roles import selectors, services
from accord.roles.forms import (
    ActivityForm,
    CellForm,
    DecisionForm,
    ExpectationForm,
    RuleForm,
    SupersedeForm,
    VoteForm,
    WithdrawForm,
    WorkstreamForm,
)
from accord.roles.models import (
    Activity,
    Decision,
    DecisionRule,
    Expectation,
    Outcome,
    Verdict,
    Workstream,
)
from accord.roles.presentation import matrix_csv_rows


def _page(
    request: AuthedRequest,
    template: str,
    grant: PartnershipAccess,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    context = {"grant": grant, "p": grant.partnership, "tab": "roles", **context}
    return render(request, template, context, status=status)


def _cell_organization(grant: PartnershipAccess) -> str | None:
    """Whom a matrix cell is written for, when the user may write for several parties: the
    first of them (named once for the page, not per cell)."""
    parties = grant.editing_parties
    return parties[0].organization.slug if len(parties) > 1 else None


def _say(request: AuthedRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _roles(grant: PartnershipAccess) -> selectors.Roles:
    return selectors.roles_of(grant.viewpoint, timezone.localdate())


# --- Record forms: one view per operation ----------------------------------------------------

RECORD_FORM = "roles/record_form.html"
WORKSTREAMS = RecordPages(
    noun="workstream",
    form_class=WorkstreamForm,
    records=Workstream.objects.all,
    create=services.workstream_create,
    update=record_update,
    delete=services.workstream_delete,
    delete_url="accord-workstream-delete",
    tab="roles",
    section="matrix",
    template=RECORD_FORM,
)
ACTIVITIES = RecordPages(
    noun="activity",
    form_class=ActivityForm,
    records=Activity.objects.all,
    create=services.activity_create,
    update=record_update,
    delete=services.activity_delete,
    delete_url="accord-activity-delete",
    tab="roles",
    section="matrix",
    template=RECORD_FORM,
    goes_with=lambda activity: [(activity.assignments.count(), "assignment", "assignments")],
    added="Give it an A and an R.",
)
RULES = RecordPages(
    noun="decision rule",
    form_class=RuleForm,
    records=DecisionRule.objects.all,
    create=services.rule_create,
    update=services.rule_update,
    delete=services.rule_delete,
    delete_url="accord-rule-delete",
    tab="roles",
    list_url="accord-rules",
    section="rules",
    template=RECORD_FORM,
    added="Each party now endorses it.",
    kept=services.RULE_KEPT,
)
# A decided decision is never changed nor deleted (superseded instead): not found here.
DECISIONS = RecordPages(
    noun="decision",
    form_class=DecisionForm,
    records=lambda: Decision.objects.filter(outcome=Outcome.WAITING).select_related("rule"),
    create=services.decision_create,
    update=services.decision_update,
    delete=services.decision_delete,
    delete_url="accord-decision-delete",
    tab="roles",
    list_url="accord-decisions",
    section="decisions",
    template=RECORD_FORM,
    goes_with=lambda decision: [(decision.votes.count(), "vote", "votes")],
)
EXPECTATIONS = RecordPages(
    noun="expectation",
    form_class=ExpectationForm,
    records=lambda: Expectation.objects.select_related("toward"),
    create=services.expectation_create,
    update=services.expectation_update,
    delete=services.expectation_delete,
    delete_url="accord-expectation-delete",
    tab="roles",
    list_url="accord-expectations",
    section="expectations",
    template=RECORD_FORM,
    added="The other party acknowledges it.",
)


# --- The RACI matrix ------------------------------------------------------------------------


@login_required
def roles(request: AuthedRequest, pk: int) -> HttpResponse:
    """The RACI matrix with its problems, and what waits on the user's parties."""
    grant = access.partnership_access(request.user, pk)
    today = timezone.localdate()
    return _page(
        request,
        "roles/matrix.html",
        grant,
        # The whole matrix, its cell forms included (their CSRF tokens are filled per request),
        # changes only with an audited change the viewer sees, their rights or the date.
        fragment_key=page_fragment_key(grant, today),
        section="matrix",
        acting_organization=_cell_organization(grant),
        **deferred(lambda: {"roles": selectors.roles_of(grant.viewpoint, today)}, "roles"),
    )


@login_required
def raci_csv(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    columns, workstreams = selectors.matrix_of(grant.viewpoint)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="raci-{pk}.csv"'
    writer = csv.writer(response)
    for row in matrix_csv_rows(columns, workstreams):
        writer.writerow(row)
    return response


@login_required
@require_POST
def raci_cell(request: AuthedRequest, pk: int, activity_id: int) -> HttpResponse:
    """Set one cell; htmx swaps the activity's row (with its problems) for the answer."""
    grant = access.partnership_access(request.user, pk, "edit")
    activity = access.record_for(grant, Activity.objects.all(), activity_id, "edit")
    form = CellForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose R, A, C, I or nothing for a column of this matrix.")
    else:
        data = form.cleaned_data
        try:
            services.cell_set(
                party=grant.acting_party(request.POST.get("organization") or None),
                actor=request.user,
                activity=activity,
                column_party=data["party"],
                person=data["person"],
                letter=data["letter"],
                expected_version=data["version"],
            )
        except StaleEdit:
            messages.error(request, "Someone changed this cell meanwhile: here it is as it is now.")
        except ValidationError as error:
            _say(request, error)
    if not request.htmx:
        return redirect("accord-roles", pk)
    roles = _roles(grant)
    row = next((r for r in roles.activities if r.activity.pk == activity.pk), None)
    if row is None:
        raise access.no_such_record()
    return _page(
        request,
        "roles/matrix.html#activity_row",
        grant,
        roles=roles,
        row=row,
        notices=True,
        acting_organization=_cell_organization(grant),
    )


@login_required
def workstream_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, WORKSTREAMS)


@login_required
def workstream_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, WORKSTREAMS)


@login_required
@require_POST
def workstream_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, WORKSTREAMS)


@login_required
def activity_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, ACTIVITIES)


@login_required
def activity_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, ACTIVITIES)


@login_required
@require_POST
def activity_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, ACTIVITIES)


# --- Decision rules -------------------------------------------------------------------------


@login_required
def rules(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    return _page(request, "roles/rules.html", grant, roles=_roles(grant), section="rules")


@login_required
def rule_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, RULES)


@login_required
@require_POST
def rule_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, RULES)


@login_required
def rule_edit(request: AuthedRequest, pk: int, rule_id: int) -> HttpResponse:
    """Change a rule; a change of its wording clears every endorsement (the page warns)."""
    grant = access.partnership_access(request.user, pk, "edit")
    current = access.record_for(grant, DecisionRule.objects.all(), rule_id, "edit")
    endorsed = current.endorsements.exists()

    def page(form: RecordForm, stale: StaleEdit | None) -> HttpResponse:
        shown = stale.current if stale else current
        return _page(
            request,
            "roles/rule_form.html",
            grant,
            form=form,
            current=shown,
            stale=stale,
            endorsed=endorsed,
            section="rules",
            delete_url=reverse("accord-rule-delete", args=[pk, current.pk]),
            delete_note=RULES.delete_note(current),
        )

    def saved(rule: DecisionRule) -> HttpResponse:
        if rule.endorsements_cleared and endorsed:
            messages.warning(request, "Rule changed: every endorsement was cleared.")
        else:
            messages.success(request, "Rule saved.")
        return redirect("accord-rules", pk)

    return edit_record_page(
        request,
        current=current,
        form_class=RuleForm,
        update=services.rule_update,
        render_page=page,
        saved=saved,
        changes=lambda form: form.service_data(),
        grant=grant,
    )


@login_required
@require_POST
def rule_endorse(request: AuthedRequest, pk: int, rule_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    rule = access.record_for(grant, DecisionRule.objects.all(), rule_id, "edit")
    try:
        party = access.binding_party(grant, request.POST.get("organization") or None)
        services.rule_endorse(rule=rule, party=party, actor=request.user)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"{party.organization.name} endorses “{rule}”.")
    return redirect("accord-rules", pk)


@login_required
@require_POST
def rule_withdraw(request: AuthedRequest, pk: int, rule_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    rule = access.record_for(grant, DecisionRule.objects.all(), rule_id, "edit")
    form = WithdrawForm(request.POST)
    try:
        party = access.binding_party(grant, request.POST.get("organization") or None)
        if not form.is_valid():
            raise ValidationError("Say why the endorsement is withdrawn.")
        services.rule_withdraw(
            rule=rule, party=party, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"{party.organization.name} withdrew its endorsement.")
    return redirect("accord-rules", pk)


# --- Decisions ------------------------------------------------------------------------------


@login_required
def decisions(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    return _page(request, "roles/decisions.html", grant, roles=_roles(grant), section="decisions")


@login_required
def decision_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, DECISIONS)


@login_required
def decision_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, DECISIONS)


@login_required
@require_POST
def decision_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, DECISIONS)


def _vote(request: AuthedRequest, pk: int, decision_id: int, verdict: str) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    decision = access.record_for(grant, Decision.objects.select_related("rule"), decision_id)
    form = VoteForm(request.POST)
    try:
        party = access.binding_party(grant, request.POST.get("organization") or None)
        if not form.is_valid():
            raise ValidationError("A comment is at most 5000 characters.")
        decided = services.decision_vote(
            decision=decision,
            party=party,
            actor=request.user,
            verdict=verdict,
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        _say(request, error)
    else:
        said = "approves" if verdict == Verdict.APPROVE else "objects to"
        messages.success(request, f"{party.organization.name} {said} “{decision}”.")
        if decided.is_decided:
            messages.info(request, f"Decided: {decided.get_outcome_display()}. {decided.rationale}")
    return redirect("accord-decisions", pk)


@login_required
@require_POST
def decision_approve(request: AuthedRequest, pk: int, decision_id: int) -> HttpResponse:
    return _vote(request, pk, decision_id, Verdict.APPROVE)


@login_required
@require_POST
def decision_object(request: AuthedRequest, pk: int, decision_id: int) -> HttpResponse:
    return _vote(request, pk, decision_id, Verdict.OBJECT)


@login_required
@require_POST
def decision_supersede(request: AuthedRequest, pk: int, decision_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    decision = access.record_for(grant, Decision.objects.all(), decision_id)
    form = SupersedeForm(request.POST)
    try:
        party = grant.acting_party(request.POST.get("organization") or None)
        if not form.is_valid():
            raise ValidationError("Give the new proposal a title.")
        new = services.decision_supersede(
            decision=decision, party=party, actor=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"“{new}” supersedes “{decision}”: the parties decide afresh.")
    return redirect("accord-decisions", pk)


# --- Expectations ---------------------------------------------------------------------------


@login_required
def expectations(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    return _page(
        request, "roles/expectations.html", grant, roles=_roles(grant), section="expectations"
    )


@login_required
def expectation_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_new_page(request, pk, EXPECTATIONS)


@login_required
def expectation_edit(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_edit_page(request, pk, record_id, EXPECTATIONS)


@login_required
@require_POST
def expectation_delete(request: AuthedRequest, pk: int, record_id: int) -> HttpResponse:
    return record_delete_action(request, pk, record_id, EXPECTATIONS)


@login_required
@require_POST
def expectation_acknowledge(request: AuthedRequest, pk: int, expectation_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    expectation = access.record_for(grant, Expectation.objects.all(), expectation_id)
    try:
        party = access.binding_party(grant, request.POST.get("organization") or None)
        services.expectation_acknowledge(expectation=expectation, party=party, actor=request.user)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"{party.organization.name} acknowledged it.")
    return redirect("accord-expectations", pk)
