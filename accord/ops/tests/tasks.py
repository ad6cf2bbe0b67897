"""Jobs for the worker's tests (importable by a worker process, like any real job)."""

import logging
import time
from pathlib import Path

from django_tasks import task

logger = logging.getLogger("accord.ops.tests")


@task()
def note(text: str) -> str:
    logger.warning("note: %s", text)
    return text


@task()
def sleep_once(marker: str, seconds: float) -> None:
    """Sleeps on its first run (recorded in MARKER), returns at once on later runs."""
    path = Path(marker)
    if not path.exists():
        path.write_text("started")
        time.sleep(seconds)
    path.write_text("finished")


RUNS: list[str] = []  # what `count_run` saw, when called in this process (`accord tick`)


@task()
def count_run() -> None:
    RUNS.append("run")
