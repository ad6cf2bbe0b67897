from django.urls import path

from accord.alignment import views

P = "partnerships/<id:pk>/alignment/"

urlpatterns = [
    path(P, views.alignment, name="accord-alignment"),
    path(f"{P}objectives/", views.objectives, name="accord-objectives"),
    path(f"{P}objectives/new/", views.objective_new, name="accord-objective-new"),
    path(
        f"{P}objectives/<id:objective_id>/edit/",
        views.objective_edit,
        name="accord-objective-edit",
    ),
    path(
        f"{P}objectives/<id:objective_id>/delete/",
        views.objective_delete,
        name="accord-objective-delete",
    ),
    path(f"{P}goals/", views.goals, name="accord-goals"),
    path(f"{P}goals/new/", views.goal_new, name="accord-goal-new"),
    path(f"{P}goals/<id:goal_id>/edit/", views.goal_edit, name="accord-goal-edit"),
    path(f"{P}goals/<id:goal_id>/delete/", views.goal_delete, name="accord-goal-delete"),
    path(f"{P}goals/<id:goal_id>/endorse/", views.goal_endorse, name="accord-goal-endorse"),
    path(f"{P}goals/<id:goal_id>/withdraw/", views.goal_withdraw, name="accord-goal-withdraw"),
    path(f"{P}links/", views.links, name="accord-links"),
    path(f"{P}links/new/", views.link_new, name="accord-link-new"),
    path(f"{P}links/<id:link_id>/delete/", views.link_delete, name="accord-link-delete"),
    path(f"{P}links/<id:link_id>/resolve/", views.link_resolve, name="accord-link-resolve"),
    path(f"{P}suggestions/", views.suggestions, name="accord-suggestions"),
    path(f"{P}suggestions/propose/", views.suggestion_propose, name="accord-suggestion-propose"),
]
