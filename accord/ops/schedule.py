"""The worker's schedule: `accord worker`'s heartbeat queues the periodic jobs once a tick
(every ACCORD_TICK_SECONDS) and the daily jobs once a calendar day (in ACCORD_TIME_ZONE);
`accord tick` runs them once, at once.

Jobs come from each practice (`Practice.periodic`, `Practice.daily`) and from any other app whose
AppConfig names them in `periodic_jobs` or `daily_jobs` (tuples of dotted paths of django-tasks
tasks taking no arguments; each idempotent). See docs/decisions/0023-webhooks-and-schedule.md.

Each queued run is one `ScheduledRun` row, unique by (job path, slot), inserted in the same
transaction as the job: of several workers beating in the same tick, one queues the job and the
others' insert fails, so they queue nothing.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Literal

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from accord.lib.jobs import enqueue_with_data
from accord.ops.models import ScheduledRun

logger = logging.getLogger("accord.jobs")

Cadence = Literal["periodic", "daily"]


def scheduled_job_paths(cadence: Cadence) -> list[str]:
    """The dotted paths of the jobs run at each tick ("periodic") or once a day ("daily"):
    the practices' first, in practice order, then other apps' in INSTALLED_APPS order."""
    paths: list[str] = []
    configs = apps.get_app_configs()
    practices = sorted(
        (c.practice for c in configs if hasattr(c, "practice")), key=lambda p: p.number
    )
    for practice in practices:
        paths += getattr(practice, cadence)
    for config in configs:
        paths += getattr(config, f"{cadence}_jobs", ())
    return list(dict.fromkeys(paths))


def check_scheduled_jobs(**kwargs: Any) -> list[checks.CheckMessage]:
    """A declared job that does not import, or is no task, would stop the worker's heartbeat:
    refused when Accord starts (`accord check`, `migrate`, `serve`, `worker`)."""
    problems: list[checks.CheckMessage] = []
    for cadence in ("periodic", "daily"):
        for path in scheduled_job_paths(cadence):  # type: ignore[arg-type]
            try:
                task = import_string(path)
            except ImportError as error:
                problems.append(checks.Error(f"{cadence} job {path}: {error}", id="accord.E001"))
                continue
            if not isinstance(task, Task):
                problems.append(
                    checks.Error(f"{cadence} job {path} is not a task", id="accord.E002")
                )
    return problems


def current_slot(cadence: Cadence, now: datetime) -> str:
    """The slot a run at `now` belongs to: the tick's number since the epoch, or the local day."""
    if cadence == "daily":
        return timezone.localdate(now).isoformat()
    return f"tick-{int(now.timestamp()) // max(1, settings.ACCORD_TICK_SECONDS)}"


def _claim(path: str, slot: str, now: datetime, then: Callable[[], Any]) -> bool:
    """Insert the run key of (path, slot) and do `then` in one transaction; False if another
    process holds the key already."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job_path=path, slot=slot, created_at=now)
        except IntegrityError:
            return False
        then()
    return True


def scheduled_jobs_enqueue(cadence: Cadence, *, now: datetime | None = None) -> list[str]:
    """Queue each job of `cadence` not yet queued in the current slot; returns the paths queued."""
    now = now or timezone.now()
    slot = current_slot(cadence, now)
    queued = []
    for path in scheduled_job_paths(cadence):
        if _claim(path, slot, now, partial(enqueue_with_data, import_string(path))):
            queued.append(path)
    if queued:
        logger.info("%s jobs queued for %s: %s", cadence, slot, ", ".join(queued))
    return queued


def daily_jobs_enqueue(*, now: datetime | None = None) -> list[str]:
    return scheduled_jobs_enqueue("daily", now=now)


def periodic_jobs_enqueue(*, now: datetime | None = None) -> list[str]:
    return scheduled_jobs_enqueue("periodic", now=now)


@dataclass(frozen=True)
class TickRun:
    path: str
    cadence: Cadence
    ran: bool  # False: a daily job already run (or queued) today


def tick_run(*, now: datetime | None = None) -> list[TickRun]:
    """`accord tick`: run every periodic job now, in this process, and each daily job not yet
    run or queued today (claiming today's run key, so that no worker queues it again)."""
    now = now or timezone.now()
    runs = []
    for path in scheduled_job_paths("periodic"):
        import_string(path).call()
        runs.append(TickRun(path, "periodic", True))
    today = current_slot("daily", now)
    for path in scheduled_job_paths("daily"):
        ran = _claim(path, today, now, import_string(path).call)
        runs.append(TickRun(path, "daily", ran))
    return runs
