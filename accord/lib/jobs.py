"""Queueing background jobs so that they commit, or roll back, with the data that caused them."""

from typing import Any

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend


def enqueue_with_data(task: Task, *args: Any) -> None:
    """Queue `task(*args)` as part of the current transaction.

    On the database backend the job row is written in the same transaction as the data that
    caused it: both commit or neither does, so a crash between the two cannot lose the job (as
    `on_commit` could) nor leave a job for data that was rolled back. Other backends (the
    immediate one in development) cannot join the transaction: they are queued on commit.
    Jobs take ids, never secrets: their arguments stay in the queue's table after they ran.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))
