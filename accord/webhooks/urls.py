from django.urls import path

from accord.webhooks import views

urlpatterns = [
    path("orgs/<slug:slug>/webhooks/", views.webhooks, name="accord-webhooks"),
    path("orgs/<slug:slug>/webhooks/new/", views.webhook_new, name="accord-webhook-new"),
    path("orgs/<slug:slug>/webhooks/<id:webhook_id>/", views.webhook, name="accord-webhook"),
    path(
        "orgs/<slug:slug>/webhooks/<id:webhook_id>/edit/",
        views.webhook_edit,
        name="accord-webhook-edit",
    ),
    path(
        "orgs/<slug:slug>/webhooks/<id:webhook_id>/delete/",
        views.webhook_delete,
        name="accord-webhook-delete",
    ),
    path(
        "orgs/<slug:slug>/webhooks/<id:webhook_id>/secret/",
        views.webhook_secret_rotate,
        name="accord-webhook-secret",
    ),
    path(
        "orgs/<slug:slug>/webhooks/<id:webhook_id>/test/",
        views.webhook_test,
        name="accord-webhook-test",
    ),
]
