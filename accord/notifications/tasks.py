"""Background jobs of notifications, run by `accord worker` (declared on the AppConfig as
`periodic_jobs` and `daily_jobs` for its schedule). Each is idempotent and safe on several
workers at once (decision 0022)."""

from django_tasks import task


@task()
def notices_dispatch() -> None:
    """Turn the audit events not yet dispatched into notifications."""
    from accord.notifications.services import notices_dispatch as dispatch

    dispatch()


@task()
def notifications_email() -> None:
    """Email new notifications to those who want them at once."""
    from accord.notifications.emails import notifications_email as send

    send()


@task()
def reminders_dispatch() -> None:
    """Turn what the practices say is due today into notifications (once per reminder)."""
    from accord.notifications.services import reminders_dispatch as dispatch

    dispatch()


@task()
def digests_email() -> None:
    """Send the daily digests (once a day per person)."""
    from accord.notifications.emails import digests_email as send

    send()
