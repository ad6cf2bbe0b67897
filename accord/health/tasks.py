"""Background jobs of the health check, run by `accord worker` (declared on the AppConfig as
`daily_jobs`). Idempotent: a second run on the same day takes nothing more."""

from django.utils import timezone
from django_tasks import task


@task()
def snapshots_take() -> None:
    """Take today's health snapshot of every party of every partnership that has not ended."""
    from accord.health.snapshots import snapshots_take_daily

    snapshots_take_daily(timezone.localdate())
