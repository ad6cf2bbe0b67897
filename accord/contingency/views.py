"""Pages of practice 5: the Contingency tab (heat map, risk register, plans, exit plan) and one
view per operation. Each view reads access → validate → act → respond; changes go through
accord.contingency.services, reads through accord.contingency.selectors."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.accounts.models import User
from accord.contingency import selectors, services
from accord.contingency.evidence import evidence_of
from accord.contingency.forms import (
    ActionForm,
    ActivateForm,
    EscalationLevelEditForm,
    EscalationLevelForm,
    ExitPlanEditForm,
    ExitPlanForm,
    PlanEditForm,
    PlanForm,
    ResolveForm,
    RiskEditForm,
    RiskForm,
    WithdrawForm,
)
from accord.contingency.models import (
    ContingencyPlan,
    EscalationLevel,
    ExitPlan,
    PlanAction,
    Risk,
)
from accord.contingency.presentation import heat_map
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.forms import RecordForm, acting_party_and_data, offer_acting_party
from accord.core.models import Party
from accord.core.record_views import add_form_errors, edit_record_page
from accord.core.records import record_delete
from accord.longterm.models import Kpi


def _page(
    request: AuthedRequest, template: str, grant: PartnershipAccess, **context: Any
) -> HttpResponse:
    context = {"grant": grant, "p": grant.partnership, "tab": "contingency", **context}
    return render(request, template, context)


def _form_page(
    request: AuthedRequest, grant: PartnershipAccess, form: Any, heading: str
) -> HttpResponse:
    return _page(request, "contingency/form.html", grant, form=form, heading=heading)


def _say(request: AuthedRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _back(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("accord-contingency", args=[pk]) + anchor)


@login_required
def contingency(request: AuthedRequest, pk: int) -> HttpResponse:
    """The heat map, the risk register (sorted by score, review date or title), the plans with
    their checklist and activation log, and the exit plan."""
    grant = access.partnership_access(request.user, pk)
    order = request.GET.get("order", "score")
    order = order if order in selectors.RISK_ORDERS else "score"
    state = selectors.contingency_of(grant.viewpoint, timezone.localdate(), order)
    return _page(
        request,
        "contingency/contingency.html",
        grant,
        c=state,
        order=order,
        heat_map=mark_safe(heat_map(state.heat)),  # escaped by presentation.heat_map
        evidence=evidence_of(state),
        editing={party.pk for party in grant.editing_parties},
    )


# --- Risks -----------------------------------------------------------------------------------


def _people(parties: Any) -> QuerySet[User]:
    return User.objects.filter(team_seats__party__in=list(parties)).distinct().order_by("pk")


@login_required
def risk_new(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    form = RiskForm(request.POST or None, people=_people(grant.editing_parties))
    offer_acting_party(form, grant)
    if request.method == "POST" and form.is_valid():
        party, data = acting_party_and_data(form, grant)
        try:
            risk = services.risk_create(party=party, actor=request.user, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"Risk “{risk}” added.")
            return _back(pk, f"#risk-{risk.pk}")
    return _form_page(request, grant, form, "New risk")


def _edit_page(
    request: AuthedRequest,
    grant: PartnershipAccess,
    current: Any,
    form_class: Any,
    update: Any,
    heading: str,
    warning: str = "",
    **form_kwargs: Any,
) -> HttpResponse:
    def page(form: RecordForm, stale: StaleEdit | None) -> HttpResponse:
        return _page(
            request,
            "contingency/form.html",
            grant,
            form=form,
            stale=stale,
            heading=heading,
            warning=warning,
        )

    def saved(record: Any) -> HttpResponse:
        messages.success(request, "Saved.")
        return _back(grant.partnership.pk)

    return edit_record_page(
        request,
        current=current,
        form_class=form_class,
        update=update,
        render_page=page,
        saved=saved,
        changes=lambda form: {k: v for k, v in form.cleaned_data.items() if k != "version"},
        **form_kwargs,
    )


@login_required
def risk_edit(request: AuthedRequest, pk: int, risk_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    risk = access.record_for(grant, Risk.objects.all(), risk_id, "edit")
    return _edit_page(
        request,
        grant,
        risk,
        RiskEditForm,
        services.risk_update,
        f"Edit “{risk}”",
        people=_people([risk.owner_party]),
    )


@login_required
@require_POST
def risk_delete(request: AuthedRequest, pk: int, risk_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    risk = access.record_for(grant, Risk.objects.all(), risk_id, "edit")
    try:
        services.risk_delete(record=risk, actor=request.user)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"Risk “{risk}” deleted.")
    return _back(pk)


# --- Plans -----------------------------------------------------------------------------------


def _kpis(grant: PartnershipAccess) -> QuerySet[Kpi]:
    return grant.viewpoint.records(Kpi.objects.all()).order_by("name", "id")


@login_required
def plan_new(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    risks = grant.viewpoint.records(Risk.objects.all()).order_by("title", "id")
    form = PlanForm(
        request.POST or None,
        risks=risks,
        kpis=_kpis(grant),
        initial={"risk": request.GET.get("risk")},
    )
    offer_acting_party(form, grant)
    if request.method == "POST" and form.is_valid():
        party, data = acting_party_and_data(form, grant)
        try:
            plan = services.plan_create(party=party, actor=request.user, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"Plan “{plan}” armed: add the steps of its checklist.")
            return _back(pk, f"#plan-{plan.pk}")
    return _form_page(request, grant, form, "New contingency plan")


def _plan(grant: PartnershipAccess, plan_id: int, need: access.Need = "edit") -> ContingencyPlan:
    return access.record_for(grant, ContingencyPlan.objects.all(), plan_id, need)


@login_required
def plan_edit(request: AuthedRequest, pk: int, plan_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    plan = _plan(grant, plan_id)
    return _edit_page(
        request,
        grant,
        plan,
        PlanEditForm,
        services.plan_update,
        f"Edit “{plan}”",
        kpis=_kpis(grant),
    )


@login_required
@require_POST
def plan_delete(request: AuthedRequest, pk: int, plan_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    plan = _plan(grant, plan_id)
    try:
        services.plan_delete(record=plan, actor=request.user)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"Plan “{plan}” deleted.")
    return _back(pk)


@login_required
@require_POST
def plan_activate(request: AuthedRequest, pk: int, plan_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    plan = _plan(grant, plan_id)
    form = ActivateForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Say why the plan is activated.")
        services.plan_activate(plan=plan, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"Plan “{plan}” activated: its owners are told.")
    return _back(pk, f"#plan-{plan.pk}")


@login_required
@require_POST
def plan_resolve(request: AuthedRequest, pk: int, plan_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    plan = _plan(grant, plan_id)
    form = ResolveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Say how the situation was resolved.")
        services.plan_resolve(
            plan=plan, actor=request.user, resolution=form.cleaned_data["resolution"]
        )
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"Plan “{plan}” resolved.")
    return _back(pk, f"#plan-{plan.pk}")


@login_required
@require_POST
def plan_rearm(request: AuthedRequest, pk: int, plan_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    plan = _plan(grant, plan_id)
    try:
        services.plan_rearm(plan=plan, actor=request.user)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"Plan “{plan}” armed again.")
    return _back(pk, f"#plan-{plan.pk}")


def _parties(grant: PartnershipAccess) -> QuerySet[Party]:
    return Party.objects.filter(partnership=grant.partnership).select_related("organization")


@login_required
@require_POST
def plan_action_new(request: AuthedRequest, pk: int, plan_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    plan = _plan(grant, plan_id)
    form = ActionForm(request.POST, parties=_parties(grant))
    try:
        if not form.is_valid():
            raise ValidationError("Say what is to be done, and which party does it.")
        services.plan_action_add(plan=plan, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        _say(request, error)
    return _back(pk, f"#plan-{plan.pk}")


def _action(grant: PartnershipAccess, plan_id: int, action_id: int) -> PlanAction:
    plan = _plan(grant, plan_id, "view")
    action = PlanAction.objects.filter(pk=action_id, plan=plan).select_related("plan").first()
    if action is None:
        raise access.no_such_record()
    return action


@login_required
@require_POST
def plan_action_done(request: AuthedRequest, pk: int, plan_id: int, action_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    action = _action(grant, plan_id, action_id)
    try:
        party = grant.acting_party(request.POST.get("organization") or None)
        services.plan_action_done(
            action=action, party=party, actor=request.user, done=request.POST.get("done") != "0"
        )
    except ValidationError as error:
        _say(request, error)
    return _back(pk, f"#plan-{plan_id}")


@login_required
@require_POST
def plan_action_delete(
    request: AuthedRequest, pk: int, plan_id: int, action_id: int
) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    _plan(grant, plan_id)  # the plan's contributors edit its checklist
    action = _action(grant, plan_id, action_id)
    services.plan_action_delete(action=action, actor=request.user)
    return _back(pk, f"#plan-{plan_id}")


# --- The exit plan ---------------------------------------------------------------------------


def _exit_plan(grant: PartnershipAccess) -> ExitPlan | None:
    return access.records_in(grant, ExitPlan.objects.all()).first()


@login_required
def exit_plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Write the exit plan, or change it (which clears every endorsement: the page warns)."""
    grant = access.partnership_access(request.user, pk, "edit")
    current = _exit_plan(grant)
    if current is not None:
        endorsed = current.endorsements.exists()
        return _edit_page(
            request,
            grant,
            current,
            ExitPlanEditForm,
            services.exit_plan_update,
            "Exit plan",
            warning="Parties have endorsed the exit plan. Any change clears every endorsement; "
            "each party then endorses it again."
            if endorsed
            else "",
        )
    form = ExitPlanForm(request.POST or None)
    offer_acting_party(form, grant)
    if request.method == "POST" and form.is_valid():
        party, data = acting_party_and_data(form, grant)
        try:
            services.exit_plan_create(party=party, actor=request.user, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Exit plan written: each party now endorses it.")
            return _back(pk, "#exit-plan")
    return _form_page(request, grant, form, "Exit plan")


def _exit_plan_or_404(grant: PartnershipAccess) -> ExitPlan:
    found = _exit_plan(grant)
    if found is None:
        raise access.no_such_record()
    return found


@login_required
@require_POST
def exit_plan_endorse(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    exit_plan = _exit_plan_or_404(grant)
    try:
        party = access.binding_party(grant, request.POST.get("organization") or None)
        services.exit_plan_endorse(exit_plan=exit_plan, party=party, actor=request.user)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"{party.organization.name} endorses the exit plan.")
    return _back(pk, "#exit-plan")


@login_required
@require_POST
def exit_plan_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    exit_plan = _exit_plan_or_404(grant)
    form = WithdrawForm(request.POST)
    try:
        party = access.binding_party(grant, request.POST.get("organization") or None)
        if not form.is_valid():
            raise ValidationError("Say why the endorsement is withdrawn.")
        services.exit_plan_withdraw(
            exit_plan=exit_plan, party=party, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"{party.organization.name} withdrew its endorsement.")
    return _back(pk, "#exit-plan")


# --- The escalation path ---------------------------------------------------------------------


@login_required
def escalation_level_new(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    form = EscalationLevelForm(request.POST or None, people=_people(grant.editing_parties))
    offer_acting_party(form, grant)
    if request.method == "POST" and form.is_valid():
        party, data = acting_party_and_data(form, grant)
        try:
            services.escalation_level_create(party=party, actor=request.user, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Escalation level added.")
            return _back(pk, "#escalation")
    return _form_page(request, grant, form, "New escalation level")


def _level(grant: PartnershipAccess, level_id: int) -> EscalationLevel:
    return access.record_for(grant, EscalationLevel.objects.all(), level_id, "edit")


@login_required
def escalation_level_edit(request: AuthedRequest, pk: int, level_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    level = _level(grant, level_id)
    return _edit_page(
        request,
        grant,
        level,
        EscalationLevelEditForm,
        services.escalation_level_update,
        "Edit the escalation level",
        people=_people([level.owner_party]),
    )


@login_required
@require_POST
def escalation_level_delete(request: AuthedRequest, pk: int, level_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    level = _level(grant, level_id)
    record_delete(record=level, actor=request.user)
    messages.success(request, "Escalation level removed.")
    return _back(pk, "#escalation")
