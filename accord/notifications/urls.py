from django.urls import path

from accord.notifications import views

urlpatterns = [
    path("notifications/", views.notifications, name="accord-notifications"),
    path(
        "notifications/<id:notification_id>/read/",
        views.notification_read,
        name="accord-notification-read",
    ),
    path("notifications/read/", views.notifications_read_all, name="accord-notifications-read-all"),
    path(
        "notifications/settings/",
        views.notification_settings,
        name="accord-notification-settings",
    ),
]
