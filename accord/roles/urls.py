from django.urls import path

from accord.roles import views

P = "partnerships/<id:pk>/roles/"

urlpatterns = [
    path(P, views.roles, name="accord-roles"),
    path(f"{P}raci.csv", views.raci_csv, name="accord-raci-csv"),
    path(f"{P}activities/<id:activity_id>/cell/", views.raci_cell, name="accord-raci-cell"),
    path(f"{P}workstreams/new/", views.workstream_new, name="accord-workstream-new"),
    path(
        f"{P}workstreams/<id:record_id>/edit/",
        views.workstream_edit,
        name="accord-workstream-edit",
    ),
    path(
        f"{P}workstreams/<id:record_id>/delete/",
        views.workstream_delete,
        name="accord-workstream-delete",
    ),
    path(f"{P}activities/new/", views.activity_new, name="accord-activity-new"),
    path(f"{P}activities/<id:record_id>/edit/", views.activity_edit, name="accord-activity-edit"),
    path(
        f"{P}activities/<id:record_id>/delete/",
        views.activity_delete,
        name="accord-activity-delete",
    ),
    path(f"{P}rules/", views.rules, name="accord-rules"),
    path(f"{P}rules/new/", views.rule_new, name="accord-rule-new"),
    path(f"{P}rules/<id:rule_id>/edit/", views.rule_edit, name="accord-rule-edit"),
    path(f"{P}rules/<id:record_id>/delete/", views.rule_delete, name="accord-rule-delete"),
    path(f"{P}rules/<id:rule_id>/endorse/", views.rule_endorse, name="accord-rule-endorse"),
    path(f"{P}rules/<id:rule_id>/withdraw/", views.rule_withdraw, name="accord-rule-withdraw"),
    path(f"{P}decisions/", views.decisions, name="accord-decisions"),
    path(f"{P}decisions/new/", views.decision_new, name="accord-decision-new"),
    path(f"{P}decisions/<id:record_id>/edit/", views.decision_edit, name="accord-decision-edit"),
    path(
        f"{P}decisions/<id:record_id>/delete/",
        views.decision_delete,
        name="accord-decision-delete",
    ),
    path(
        f"{P}decisions/<id:decision_id>/approve/",
        views.decision_approve,
        name="accord-decision-approve",
    ),
    path(
        f"{P}decisions/<id:decision_id>/object/",
        views.decision_object,
        name="accord-decision-object",
    ),
    path(
        f"{P}decisions/<id:decision_id>/supersede/",
        views.decision_supersede,
        name="accord-decision-supersede",
    ),
    path(f"{P}expectations/", views.expectations, name="accord-expectations"),
    path(f"{P}expectations/new/", views.expectation_new, name="accord-expectation-new"),
    path(
        f"{P}expectations/<id:record_id>/edit/",
        views.expectation_edit,
        name="accord-expectation-edit",
    ),
    path(
        f"{P}expectations/<id:record_id>/delete/",
        views.expectation_delete,
        name="accord-expectation-delete",
    ),
    path(
        f"{P}expectations/<id:expectation_id>/acknowledge/",
        views.expectation_acknowledge,
        name="accord-expectation-acknowledge",
    ),
]
