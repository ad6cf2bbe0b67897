"""Pages of practice 1: the alignment view, objectives, shared goals, links and suggestions.

Each view reads top to bottom: access → validate → act → respond. Changes go through
accord.alignment.services; the figures come from accord.alignment.selectors, like the API's.
"""

from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import retarget

from accord.accounts.http import AuthedRequest
from accord.alignment import selectors, services
from accord.alignment.forms import (
    GoalEditForm,
    GoalForm,
    LinkForm,
    ObjectiveEditForm,
    ObjectiveForm,
    ProposeForm,
    ResolutionForm,
    WithdrawForm,
)
from accord.alignment.models import Objective, ObjectiveLink, SharedGoal
from accord.alignment.suggestions import suggestions_for
from accord.audit.fragments import page_fragment_key
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.forms import RecordForm, acting_party_and_data, offer_acting_party
from accord.core.record_views import add_form_errors, edit_record_page
from accord.lib.fragments import deferred
from accord.lib.rowurls import RowUrl, row_url


@dataclass(frozen=True)
class AlignmentUrls:
    """Every URL the alignment pages print, reversed once per page instead of once per row
    (a page of the matrix printed some 170 `{% url %}` tags)."""

    alignment: str
    objectives: str
    objective_new: str
    objective_edit: RowUrl
    objective_delete: RowUrl
    goals: str
    goal_new: str
    goal_edit: RowUrl
    goal_delete: RowUrl
    goal_endorse: RowUrl
    goal_withdraw: RowUrl
    links: str
    link_new: str
    link_delete: RowUrl
    link_resolve: RowUrl
    suggestions: str
    suggestion_propose: str
    kpi_new: str = ""  # where a goal without a KPI gets one; "" without a practice of KPIs

    @classmethod
    def of(cls, pk: int) -> "AlignmentUrls":
        urls: dict[str, Any] = {
            f: reverse(f"accord-{f.replace('_', '-')}", args=[pk]) for f in PLAIN_URLS
        }
        urls |= {f: row_url(f"accord-{f.replace('_', '-')}", pk) for f in ROW_URLS}
        # By URL name, not import: alignment knows no later practice (decision 0004).
        with suppress(NoReverseMatch):
            urls["kpi_new"] = reverse("accord-kpi-new", args=[pk])
        return cls(**urls)


PLAIN_URLS: tuple[str, ...] = (
    "alignment",
    "objectives",
    "objective_new",
    "goals",
    "goal_new",
    "links",
)
PLAIN_URLS += ("link_new", "suggestions", "suggestion_propose")
ROW_URLS: tuple[str, ...] = (
    "objective_edit",
    "objective_delete",
    "goal_edit",
    "goal_delete",
    "goal_endorse",
)
ROW_URLS += ("goal_withdraw", "link_delete", "link_resolve")


def _page(
    request: AuthedRequest,
    template: str,
    grant: PartnershipAccess,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    context = {"grant": grant, "p": grant.partnership, "tab": "alignment", **context}
    context["urls"] = AlignmentUrls.of(grant.partnership.pk)
    return render(request, template, context, status=status)


def _say(request: AuthedRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- Alignment view -------------------------------------------------------------------------


@login_required
def alignment(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    view = deferred(lambda: {"view": selectors.alignment_of(grant.viewpoint)}, "view")
    key = page_fragment_key(grant, timezone.localdate())
    return _page(
        request, "alignment/alignment.html", grant, fragment_key=key, section="alignment", **view
    )


# --- Objectives -----------------------------------------------------------------------------

OBJECTIVE_FILTERS = {
    "counted": "Counted (not dropped)",
    "supported": "Supported by an agreed goal",
    "orphans": "Not linked to any current goal",
}


@login_required
def objectives(request: AuthedRequest, pk: int) -> HttpResponse:
    """Every objective the user may see; `?party=<id>&show=<figure>` lists those behind one
    figure of the alignment view, computed by the same selector."""
    grant = access.partnership_access(request.user, pk)
    show = request.GET.get("show", "")
    party_id = request.GET.get("party", "")
    figures = None
    if show in OBJECTIVE_FILTERS and party_id.isdigit() and len(party_id) < 19:
        figures = selectors.alignment_of(grant.viewpoint).figures_of(int(party_id))
    if figures is not None:
        listed = {"counted": figures.objectives, "supported": figures.supported}.get(
            show, figures.orphans
        )
        caption = f"{figures.party.organization.name}: {OBJECTIVE_FILTERS[show].lower()}"
    else:
        listed = list(
            access.records_in(grant, Objective.objects.select_related("owner_party__organization"))
        )
        caption = ""
    editable = [o for o in listed if o.owner_party in grant.editing_parties]
    return _page(
        request,
        "alignment/objectives.html",
        grant,
        objectives=listed,
        delete_notes=selectors.objective_delete_notes(editable),
        caption=caption,
        section="objectives",
    )


@login_required
def objective_new(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    form = ObjectiveForm(request.POST or None)
    offer_acting_party(form, grant)
    if request.method == "POST" and form.is_valid():
        party, data = acting_party_and_data(form, grant)
        objective = services.objective_create(party=party, actor=request.user, **data)
        messages.success(request, f"Objective “{objective}” recorded.")
        return redirect("accord-objectives", pk)
    return _page(request, "alignment/objective_form.html", grant, form=form, section="objectives")


@login_required
def objective_edit(request: AuthedRequest, pk: int, objective_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    current = access.record_for(grant, Objective.objects.all(), objective_id, "edit")

    def page(form: RecordForm, stale: StaleEdit | None) -> HttpResponse:
        shown = stale.current if stale else current
        template = "alignment/objective_form.html"
        return _page(
            request, template, grant, form=form, current=shown, stale=stale, section="objectives"
        )

    def saved(_: Objective) -> HttpResponse:
        messages.success(request, "Objective saved.")
        return redirect("accord-objectives", pk)

    return edit_record_page(
        request,
        current=current,
        form_class=ObjectiveEditForm,
        update=services.objective_update,
        render_page=page,
        saved=saved,
    )


@login_required
@require_POST
def objective_delete(request: AuthedRequest, pk: int, objective_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    objective = access.record_for(grant, Objective.objects.all(), objective_id, "edit")
    services.objective_delete(record=objective, actor=request.user)
    messages.success(request, f"Objective “{objective}” deleted, with its links.")
    return redirect("accord-objectives", pk)


# --- Shared goals ---------------------------------------------------------------------------

GOAL_FILTERS = {"not-agreed": "Not yet agreed", "no-kpi": "Without a KPI you can see"}


@login_required
def goals(request: AuthedRequest, pk: int) -> HttpResponse:
    """The goals with who endorses them; `?show=not-agreed|no-kpi` lists those behind a figure."""
    grant = access.partnership_access(request.user, pk)
    view = selectors.alignment_of(grant.viewpoint)
    show = request.GET.get("show", "")
    states = {"not-agreed": view.goals_not_agreed, "no-kpi": view.goals_without_kpi}.get(
        show, view.goals
    )
    return _page(
        request,
        "alignment/goals.html",
        grant,
        states=states,
        dropped=[] if show in GOAL_FILTERS else view.dropped_goals,
        caption=GOAL_FILTERS.get(show, ""),
        section="goals",
    )


def _goal_changed(request: AuthedRequest, grant: PartnershipAccess, goal_id: int):
    """After an endorsement changed: the goal's card again for htmx, else back to the goals."""
    if not request.htmx:
        return redirect("accord-goals", grant.partnership.pk)
    try:
        state = selectors.goal_state(grant.viewpoint, goal_id)
    except SharedGoal.DoesNotExist:
        raise access.no_such_record() from None  # deleted by another party just now
    return _page(
        request,
        "alignment/goals.html#goal_card",
        grant,
        state=state,
        notices=True,
    )


@login_required
def goal_new(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    form = GoalForm(request.POST or None)
    offer_acting_party(form, grant)
    if request.method == "POST" and form.is_valid():
        party, data = acting_party_and_data(form, grant)
        goal = services.goal_create(party=party, actor=request.user, **data)
        messages.success(request, f"Goal “{goal}” proposed. Each party now endorses it.")
        return redirect("accord-goals", pk)
    return _page(request, "alignment/goal_form.html", grant, form=form, section="goals")


@login_required
def goal_edit(request: AuthedRequest, pk: int, goal_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    current = access.record_for(grant, SharedGoal.objects.all(), goal_id, "edit")
    endorsed = current.endorsements.exists()

    def page(form: RecordForm, stale: StaleEdit | None) -> HttpResponse:
        shown = stale.current if stale else current
        template = "alignment/goal_form.html"
        return _page(
            request,
            template,
            grant,
            form=form,
            current=shown,
            stale=stale,
            endorsed=endorsed,
            delete_note=selectors.goal_delete_note(current, grant.editing_parties),
            section="goals",
        )

    def saved(goal: SharedGoal) -> HttpResponse:
        if goal.endorsements_cleared and endorsed:
            messages.warning(
                request,
                "Goal reworded: every endorsement was cleared. Each party endorses it again.",
            )
        else:
            messages.success(request, "Goal saved.")
        return redirect("accord-goals", pk)

    return edit_record_page(
        request,
        current=current,
        form_class=GoalEditForm,
        update=services.goal_update,
        render_page=page,
        saved=saved,
        endorsed=endorsed,
    )


@login_required
@require_POST
def goal_delete(request: AuthedRequest, pk: int, goal_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    goal = access.record_for(grant, SharedGoal.objects.all(), goal_id, "edit")
    if services.goal_delete(record=goal, actor=request.user) is None:
        messages.success(request, f"Goal “{goal}” deleted.")
    else:
        messages.warning(request, f"“{goal}”: {services.GOAL_KEPT}")
    return redirect("accord-goals", pk)


@login_required
@require_POST
def goal_endorse(request: AuthedRequest, pk: int, goal_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    goal = access.record_for(grant, SharedGoal.objects.all(), goal_id, "edit")
    try:
        party = grant.acting_party(request.POST.get("organization") or None, "bind")
        services.goal_endorse(goal=goal, party=party, actor=request.user)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"{party.organization} endorses “{goal}”.")
    return _goal_changed(request, grant, goal.pk)


@login_required
@require_POST
def goal_withdraw(request: AuthedRequest, pk: int, goal_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    goal = access.record_for(grant, SharedGoal.objects.all(), goal_id, "edit")
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Say why the endorsement is withdrawn.")
        party = grant.acting_party(request.POST.get("organization") or None, "bind")
        services.goal_withdraw(
            goal=goal, party=party, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"{party.organization} withdrew its endorsement of “{goal}”.")
    return _goal_changed(request, grant, goal.pk)


# --- Links ----------------------------------------------------------------------------------


def _link_queryset():
    return ObjectiveLink.objects.select_related(
        "objective", "goal", "owner_party__organization", "resolved_by"
    )


@login_required
def links(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    return _page(request, "alignment/links.html", grant, **_link_lists(grant), section="links")


def _link_lists(grant: PartnershipAccess) -> dict:
    """The links the user may see, as the links page lists them."""
    listed = list(access.records_in(grant, _link_queryset()).order_by("goal__title", "id"))
    return {
        "open_conflicts": [link for link in listed if link.is_open_conflict],
        "resolved": [link for link in listed if link.is_conflict and link.resolved_at],
        "supports": [link for link in listed if not link.is_conflict],
        "resolution_form": ResolutionForm(),
    }


@login_required
def link_new(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    mine = access.records_in(grant, Objective.objects.all()).filter(
        owner_party__in=grant.editing_parties
    )
    current_goals = access.records_in(grant, SharedGoal.objects.all()).exclude(status="dropped")
    form = LinkForm(
        request.POST or None,
        objectives=mine.exclude(status="dropped"),
        goals=current_goals,
        initial={k: v for k, v in request.GET.items() if k in ("objective", "goal", "kind")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.link_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Link recorded.")
            return redirect("accord-links", pk)
    return _page(request, "alignment/link_form.html", grant, form=form, section="links")


@login_required
@require_POST
def link_delete(request: AuthedRequest, pk: int, link_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    link = access.record_for(grant, _link_queryset(), link_id, "edit")
    services.link_delete(record=link, actor=request.user)
    messages.success(request, f"Link “{link}” deleted.")
    return redirect("accord-links", pk)


@login_required
@require_POST
def link_resolve(request: AuthedRequest, pk: int, link_id: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    link = access.record_for(grant, _link_queryset(), link_id, "edit")
    form = ResolutionForm(request.POST)
    if form.is_valid():
        try:
            services.link_resolve(
                link=link, actor=request.user, resolution=form.cleaned_data["resolution"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"Conflict resolved: “{link}”.")
    if not request.htmx:
        if form.errors:
            messages.error(request, "Say how the conflict was resolved.")
        return redirect("accord-links", pk)
    if not form.errors:
        # Resolved: the lists again, so that the link moves from open to resolved.
        return _page(
            request, "alignment/links.html#link_lists", grant, **_link_lists(grant), notices=True
        )
    # Refused: only this row again, with the error by its field.
    row = _page(
        request,
        "alignment/links.html#link_row",
        grant,
        link=get_object_or_404(_link_queryset(), pk=link.pk),
        resolution_form=form,
        notices=True,
    )
    return retarget(row, f"#link-{link.pk}")


# --- Suggestions ----------------------------------------------------------------------------


@login_required
def suggestions(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    return _page(
        request,
        "alignment/suggestions.html",
        grant,
        suggestions=suggestions_for(grant.viewpoint),
        section="suggestions",
    )


@login_required
@require_POST
def suggestion_propose(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk, "edit")
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a suggested pair of objectives.")
        return redirect("accord-suggestions", pk)
    try:
        pair = services.proposable_objectives(
            grant, [form.cleaned_data["first"], form.cleaned_data["second"]]
        )
        party = grant.acting_party(request.POST.get("organization") or None)
        goal = services.goal_propose(grant=grant, party=party, actor=request.user, objectives=pair)
    except ValidationError as error:
        _say(request, error)
        return redirect("accord-suggestions", pk)
    messages.success(request, "Draft goal proposed. Reword it here, then each party endorses it.")
    return redirect("accord-goal-edit", pk, goal.pk)
