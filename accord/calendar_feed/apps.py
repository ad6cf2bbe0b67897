from django.apps import AppConfig


class CalendarFeedConfig(AppConfig):
    """Each user's secret iCalendar feed of the dated things of the partnerships they see. Not
    a practice: it reads the practices only through their `Practice.calendar` providers."""

    name = "accord.calendar_feed"
    label = "calendar_feed"
    verbose_name = "Calendar feed"
