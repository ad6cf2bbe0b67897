"""Background jobs of practice 5, queued at every tick of the worker's schedule
(`Practice.periodic`)."""

from django_tasks import task


@task()
def triggers_evaluate() -> None:
    """Activate the armed plans whose trigger holds (idempotent: an active plan is skipped)."""
    from accord.contingency.services import triggers_fire

    triggers_fire()


@task()
def escalations_run() -> None:
    """Move unanswered issues up their party's escalation path (idempotent: once per level)."""
    from accord.contingency.escalation import escalations_run as run

    run()
