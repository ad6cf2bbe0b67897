import signal
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.utils.crypto import get_random_string
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands import db_worker

from accord.ops.jobs import AccordWorker, Heartbeat


class Command(db_worker.Command):
    help = (
        "Run background jobs as they are enqueued, and the schedule: periodic jobs every "
        "ACCORD_TICK_SECONDS, daily jobs once a day. Writes a heartbeat, recovers jobs of dead "
        "workers; SIGTERM finishes or releases the current job, then exits. On another tasks "
        "backend (Redis), keeps only the schedule: its own workers run the jobs."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--grace",
            type=float,
            default=settings.ACCORD_WORKER_GRACE_SECONDS,
            help="On SIGTERM, seconds the current job may take before it is released.",
        )

    # Takes the options above, which replace db_worker's own.
    def handle(  # type: ignore[override]
        self, *args: Any, batch: bool, interval: float, grace: float, verbosity: int, **options: Any
    ) -> None:
        self.configure_logging(verbosity)
        worker_id = get_random_string(32)
        heartbeat = Heartbeat(
            worker_id=worker_id, interval=settings.ACCORD_WORKER_HEARTBEAT_SECONDS
        )
        heartbeat.beat()  # recover what dead workers left before taking new work
        if not isinstance(task_backends["default"], DatabaseBackend):
            self.keep_schedule(heartbeat, batch=batch)
            return
        if not batch:
            heartbeat.start()
        worker = AccordWorker(
            grace=grace,
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            heartbeat.stop()

    def keep_schedule(self, heartbeat: Heartbeat, *, batch: bool) -> None:
        """The jobs run elsewhere (rq's workers): beat and queue the schedule until stopped."""
        self.stdout.write(
            f"Jobs queue on {type(task_backends['default']).__name__}: this worker keeps the "
            "schedule only; run that backend's workers for the jobs."
        )
        if not batch:
            stopped = threading.Event()
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stopped.set())
            heartbeat.start()
            stopped.wait()
        heartbeat.stop()
