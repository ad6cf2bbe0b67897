from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Not a practice: it hears every practice through `Practice.notices` and
    `Practice.reminders`, and names none."""

    name = "accord.notifications"
    label = "notifications"
    verbose_name = "Notifications"
    # Dotted paths of django-tasks tasks (no arguments, idempotent) for the worker's schedule:
    # queued at every tick, and once a day.
    periodic_jobs = (
        "accord.notifications.tasks.notices_dispatch",
        "accord.notifications.tasks.notifications_email",
    )
    daily_jobs = (
        "accord.notifications.tasks.reminders_dispatch",
        "accord.notifications.tasks.digests_email",
    )
