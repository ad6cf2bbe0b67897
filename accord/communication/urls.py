from django.urls import path

from accord.communication import views

P = "partnerships/<id:pk>/communication/"

urlpatterns = [
    path(P, views.communication, name="accord-communication"),
    path(f"{P}cadences/new/", views.cadence_new, name="accord-cadence-new"),
    path(f"{P}cadences/<id:record_id>/edit/", views.cadence_edit, name="accord-cadence-edit"),
    path(f"{P}cadences/<id:record_id>/delete/", views.cadence_delete, name="accord-cadence-delete"),
    path(f"{P}meetings/new/", views.meeting_new, name="accord-meeting-new"),
    path(f"{P}meetings/<id:record_id>/edit/", views.meeting_edit, name="accord-meeting-edit"),
    path(f"{P}meetings/<id:record_id>/delete/", views.meeting_delete, name="accord-meeting-delete"),
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
    path(
        f"{P}minutes/<id:minutes_id>/withdraw/",
        views.minutes_withdraw,
        name="accord-minutes-withdraw",
    ),
    path(f"{P}updates/new/", views.update_new, name="accord-update-new"),
    path(f"{P}updates/<id:record_id>/edit/", views.update_edit, name="accord-update-edit"),
    path(f"{P}updates/<id:record_id>/delete/", views.update_delete, name="accord-update-delete"),
    path(f"{P}comments/<id:record_id>/edit/", views.comment_edit, name="accord-comment-edit"),
    path(f"{P}comments/<id:record_id>/delete/", views.comment_delete, name="accord-comment-delete"),
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
