from django.urls import path

from accord.calendar_feed import views

PAGE = "account/calendar/"

urlpatterns = [
    path(PAGE, views.calendar_feed, name="accord-calendar-feed"),
    path(f"{PAGE}create/", views.calendar_feed_create, name="accord-calendar-feed-create"),
    path(f"{PAGE}rotate/", views.calendar_feed_rotate, name="accord-calendar-feed-rotate"),
    path(f"{PAGE}revoke/", views.calendar_feed_revoke, name="accord-calendar-feed-revoke"),
    path("calendar/<slug:token>.ics", views.calendar_feed_ics, name="accord-calendar-feed-ics"),
]
