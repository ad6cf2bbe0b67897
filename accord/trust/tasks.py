"""Background jobs of practice 2, run by `accord worker`; queued daily by its heartbeat
(`Practice.daily`, accord/ops/schedule.py)."""

from django_tasks import task


@task()
def commitments_sweep() -> None:
    """Mark broken the open commitments overdue past the grace period (idempotent)."""
    from accord.trust.services import commitments_break_overdue

    commitments_break_overdue()
