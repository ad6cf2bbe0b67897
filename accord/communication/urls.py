from django.urls import path

from accord.communication import views

P = "partnerships/<id:pk>/communication/"

urlpatterns = [
    path(P, views.communication, name="accord-communication"),
    path(f"{P}cadences/new/", views.cadence_new, name="accord-cadence-new"),
    path(f"{P}meetings/new/", views.meeting_new, name="accord-meeting-new"),
    path(f"{P}meetings/<id:meeting_id>/", views.meeting, name="accord-meeting"),
    path(f"{P}meetings/<id:meeting_id>/minutes/", views.minutes_new, name="accord-minutes-new"),
    path(
        f"{P}meetings/<id:meeting_id>/action-items/new/",
        views.action_item_new,
        name="accord-action-item-new",
    ),
    path(f"{P}minutes/<id:minutes_id>/edit/", views.minutes_edit, name="accord-minutes-edit"),
    path(
        f"{P}minutes/<id:minutes_id>/approve/", views.minutes_approve, name="accord-minutes-approve"
    ),
    path(f"{P}updates/new/", views.update_new, name="accord-update-new"),
    path(f"{P}updates/<id:update_id>/comment/", views.update_comment, name="accord-update-comment"),
    path(
        f"{P}decisions/<id:decision_id>/comments/",
        views.decision_comments,
        name="accord-decision-comments",
    ),
    path(
        f"{P}updates/<id:update_id>/acknowledge/",
        views.update_acknowledge,
        name="accord-update-acknowledge",
    ),
]
