"""The smallest scheduler that does the job: `accord worker`'s heartbeat queues each practice's
daily jobs (`Practice.daily`) once a calendar day, as the first heartbeat of the day sees that
none was queued since midnight (in ACCORD_TIME_ZONE).

The queue's own table is the schedule's memory: a job whose path is among those queued today is
not queued again. Two workers beating at the same instant may both queue one; daily jobs are
idempotent (decision 0018), so the second run finds nothing left to do.
"""

import logging
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accord.core.practices import practices
from accord.lib.jobs import enqueue_with_data

logger = logging.getLogger("accord.jobs")


def daily_jobs_enqueue(*, now: datetime | None = None) -> list[str]:
    """Queue every daily job not yet queued today; returns the paths queued."""
    now = now or timezone.now()
    midnight = timezone.make_aware(
        datetime.combine(timezone.localdate(now), time.min), timezone.get_current_timezone()
    )
    queued = []
    with transaction.atomic():
        for practice in practices():
            for task in practice.daily_tasks():
                path = task.module_path
                if DBTaskResult.objects.filter(task_path=path, enqueued_at__gte=midnight).exists():
                    continue
                enqueue_with_data(task)
                queued.append(path)
    if queued:
        logger.info("daily jobs queued: %s", ", ".join(queued))
    return queued
