"""Jobs that outlive their worker: heartbeats, recovery of abandoned jobs, a worker that stops
cleanly on SIGTERM.

A worker writes a heartbeat every ACCORD_WORKER_HEARTBEAT_SECONDS. A job RUNNING for longer than
ACCORD_JOB_LEASE_SECONDS whose worker's heartbeat is older than ACCORD_WORKER_STALE_SECONDS was
abandoned (the worker was killed, its machine lost): it goes back to READY, or to FAILED once it
has been claimed ACCORD_JOB_MAX_ATTEMPTS times. Job handlers are idempotent, so a job that had
done part of its work before its worker died may safely run again.
"""

import logging
import os
import signal
import socket
import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from accord.api.idempotency import idempotency_keys_prune
from accord.ops.models import JobOrigin, ScheduledRun, WorkerHeartbeat
from accord.ops.requestlog import request_id_bound
from accord.ops.schedule import daily_jobs_enqueue, periodic_jobs_enqueue

logger = logging.getLogger("accord.jobs")


class JobAbandoned(Exception):
    """Recorded as the error of a job given up after too many abandoned attempts."""


class JobInterrupted(BaseException):
    """Raised inside a job when a stopping worker's grace period is over."""


@dataclass(frozen=True)
class Recovery:
    requeued: int
    failed: int


def worker_heartbeat(*, worker_id: str, started_at: datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def jobs_recover_abandoned(*, now: datetime | None = None) -> Recovery:
    """Put back the jobs of dead workers. Each job is updated only if it is still RUNNING from
    the same start, so two recoverers (or a worker finishing late) never both win."""
    now = now or timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(
            seen_at__gte=now - timedelta(seconds=settings.ACCORD_WORKER_STALE_SECONDS)
        ).values_list("worker_id", flat=True)
    )
    lease_start = now - timedelta(seconds=settings.ACCORD_JOB_LEASE_SECONDS)
    requeued = failed = 0
    for job in DBTaskResult.objects.running().filter(started_at__lt=lease_start):
        worker = job.worker_ids[-1] if job.worker_ids else ""
        if worker in alive:
            continue
        still_running = DBTaskResult.objects.filter(
            id=job.id, status=TaskResultStatus.RUNNING, started_at=job.started_at
        )
        if len(job.worker_ids) >= settings.ACCORD_JOB_MAX_ATTEMPTS:
            failed += still_running.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{__name__}.{JobAbandoned.__name__}",
                traceback=f"Abandoned {len(job.worker_ids)} times; last by worker {worker}.",
            )
            logger.error("job %s failed: abandoned by dead workers too often", job.id)
        else:
            requeued += still_running.update(status=TaskResultStatus.READY, started_at=None)
            logger.warning("job %s requeued: its worker %s is gone", job.id, worker)
    return Recovery(requeued=requeued, failed=failed)


def job_release(*, job: DBTaskResult) -> bool:
    """Hand a job this worker will not finish back to the queue (not counted as abandoned)."""
    released = DBTaskResult.objects.filter(
        id=job.id, status=TaskResultStatus.RUNNING, started_at=job.started_at
    ).update(status=TaskResultStatus.READY, started_at=None, worker_ids=job.worker_ids[:-1])
    return bool(released)


def ops_prune(*, now: datetime | None = None) -> None:
    """Forget heartbeats of workers gone for a week, origins of jobs never run in 30 days, the
    schedule's run keys of past weeks, jobs that succeeded over a week ago (the schedule queues
    one per periodic job every tick) or failed over 30 days ago, and expired idempotency keys of
    the API."""
    now = now or timezone.now()
    idempotency_keys_prune(now=now)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=7)).delete()
    JobOrigin.objects.filter(created_at__lt=now - timedelta(days=30)).delete()
    ScheduledRun.objects.filter(created_at__lt=now - timedelta(days=7)).delete()
    DBTaskResult.objects.successful().filter(finished_at__lt=now - timedelta(days=7)).delete()
    DBTaskResult.objects.failed().filter(finished_at__lt=now - timedelta(days=30)).delete()


class Heartbeat(threading.Thread):
    """Beats and recovers abandoned jobs on start and then every interval, beside the worker's
    main loop (so a long job does not make its own worker look dead)."""

    def __init__(self, *, worker_id: str, interval: float):
        super().__init__(name="accord-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.beat()
            self.stopped.wait(self.interval)

    def beat(self) -> None:
        try:
            worker_heartbeat(worker_id=self.worker_id, started_at=self.started_at)
            with transaction.atomic():
                jobs_recover_abandoned()
            ops_prune()
            periodic_jobs_enqueue()
            daily_jobs_enqueue()
        except DatabaseError:
            logger.exception("worker heartbeat failed; retrying")
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        if self.is_alive():
            self.join(timeout=self.interval + 5)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()


class AccordWorker(Worker):
    """django-tasks-db's worker, plus: the job runs under its request's id; on SIGTERM (or
    SIGINT) the current job gets `grace` seconds to finish, then is released back to the queue
    and the worker exits; a second signal releases it at once."""

    def __init__(self, *, grace: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.grace = grace

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if not self.running_task:
            super().shutdown(signum, frame)  # idle: exits now
            return
        if not self.running:
            raise JobInterrupted
        logger.warning(
            "%s: finishing the current job (%ss at most)", signal.strsignal(signum), self.grace
        )
        self.running = False
        signal.signal(signal.SIGALRM, self.interrupt)
        signal.setitimer(signal.ITIMER_REAL, self.grace)

    def interrupt(self, signum: int, frame: FrameType | None) -> None:
        if self.running_task:
            raise JobInterrupted

    def run_task(self, db_task_result: DBTaskResult) -> None:
        origin = JobOrigin.objects.filter(job_id=db_task_result.id).first()
        with request_id_bound(origin.request_id if origin else f"job-{db_task_result.id}"):
            self.running_task = True
            try:
                self.call(db_task_result)
            except JobInterrupted:
                signal.setitimer(signal.ITIMER_REAL, 0)
                self.running_task = False
                released = job_release(job=db_task_result)
                logger.warning("job %s %s", db_task_result.id, "released" if released else "lost")
                sys.exit(0)
            finally:
                self.running_task = False
                self._run_tasks += 1
        JobOrigin.objects.filter(job_id=db_task_result.id).delete()

    def call(self, db_task_result: DBTaskResult) -> None:
        """django-tasks-db's `Worker.run_task`, letting JobInterrupted through."""
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            args, kwargs = task_result.args, task_result.kwargs
            if task.takes_context:
                value = task.call(TaskContext(task_result=task_result), *args, **kwargs)
            else:
                value = task.call(*args, **kwargs)
            signal.setitimer(signal.ITIMER_REAL, 0)  # done: too late to interrupt
            db_task_result.set_successful(value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except JobInterrupted:
            raise
        except Exception as error:
            db_task_result.set_failed(error)
            try:
                sender = type(db_task_result.task.get_backend())
                task_result = db_task_result.task_result
            except (ImportError, SuspiciousOperation):
                logger.exception("job %s failed unexpectedly", db_task_result.id)
            else:
                task_finished.send(sender=sender, task_result=task_result)
