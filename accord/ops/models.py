"""What the operator's tooling keeps: worker heartbeats and where each job came from."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per running `accord worker`, refreshed every few seconds. A worker whose row is
    stale is presumed dead: its RUNNING jobs are put back in the queue (see `accord.ops.jobs`)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.hostname} (pid {self.pid})"


class JobOrigin(models.Model):
    """The request that enqueued a job, so that the job's log lines carry its request id.
    Written in the enqueuing transaction; removed when the job finishes."""

    job_id = models.UUIDField(primary_key=True)
    request_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.job_id} from {self.request_id}"


class ScheduledRun(models.Model):
    """One scheduled run of a job: its path and its slot (a tick's number, or a day). Inserted in
    the transaction that queues the job, under a unique key, so that of several workers beating
    at once only one queues it; the others' insert fails and they queue nothing."""

    job_path = models.CharField(max_length=255)
    slot = models.CharField(max_length=32)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job_path", "slot"], name="unique_scheduled_run")
        ]

    def __str__(self) -> str:
        return f"{self.job_path} at {self.slot}"
