from django.urls import path

from accord.contingency import views

P = "partnerships/<id:pk>/contingency/"
PLAN = f"{P}plans/<id:plan_id>/"
ACTION = f"{PLAN}actions/<id:action_id>/"

urlpatterns = [
    path(P, views.contingency, name="accord-contingency"),
    path(f"{P}risks/new/", views.risk_new, name="accord-risk-new"),
    path(f"{P}risks/<id:risk_id>/edit/", views.risk_edit, name="accord-risk-edit"),
    path(f"{P}risks/<id:risk_id>/delete/", views.risk_delete, name="accord-risk-delete"),
    path(f"{P}plans/new/", views.plan_new, name="accord-plan-new"),
    path(f"{PLAN}edit/", views.plan_edit, name="accord-plan-edit"),
    path(f"{PLAN}delete/", views.plan_delete, name="accord-plan-delete"),
    path(f"{PLAN}activate/", views.plan_activate, name="accord-plan-activate"),
    path(f"{PLAN}resolve/", views.plan_resolve, name="accord-plan-resolve"),
    path(f"{PLAN}rearm/", views.plan_rearm, name="accord-plan-rearm"),
    path(f"{PLAN}actions/new/", views.plan_action_new, name="accord-plan-action-new"),
    path(f"{ACTION}done/", views.plan_action_done, name="accord-plan-action-done"),
    path(f"{ACTION}delete/", views.plan_action_delete, name="accord-plan-action-delete"),
    path(f"{P}exit-plan/", views.exit_plan_edit, name="accord-exit-plan-edit"),
    path(f"{P}exit-plan/endorse/", views.exit_plan_endorse, name="accord-exit-plan-endorse"),
    path(f"{P}exit-plan/withdraw/", views.exit_plan_withdraw, name="accord-exit-plan-withdraw"),
    path(f"{P}escalation/new/", views.escalation_level_new, name="accord-escalation-level-new"),
    path(
        f"{P}escalation/<id:level_id>/edit/",
        views.escalation_level_edit,
        name="accord-escalation-level-edit",
    ),
    path(
        f"{P}escalation/<id:level_id>/delete/",
        views.escalation_level_delete,
        name="accord-escalation-level-delete",
    ),
]
