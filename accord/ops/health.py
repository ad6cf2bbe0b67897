"""Probes for load balancers and monitors: /healthz (the process answers) and /readyz (it can
do its work: database, migrations, worker, queue). No login, no session, no database for
/healthz; /readyz names the check that failed and never an error's text."""

import logging
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult

from accord.ops.models import WorkerHeartbeat

logger = logging.getLogger("accord.health")
_migrations_applied = False  # once true, stays true for this process


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return _answer({"status": "ok"}, 200)


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = readiness_checks()
    ready = all(check["ok"] for check in checks.values())
    return _answer({"status": "ok" if ready else "fail", "checks": checks}, 200 if ready else 503)


def _answer(body: dict[str, Any], status: int) -> JsonResponse:
    response = JsonResponse(body, status=status)
    # Set here: probes skip the middleware that would (a probe should not get a chunked body).
    response["Content-Length"] = str(len(response.content))
    return response


def readiness_checks() -> dict[str, dict[str, Any]]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("readiness: the database is unreachable")
        failed = {"ok": False, "error": "unreachable"}
        return {"database": failed, "migrations": failed, "worker": failed, "queue": failed}
    return {
        "database": {"ok": True},
        "migrations": migrations_check(),
        "worker": worker_check(),
        "queue": queue_check(),
    }


def migrations_check() -> dict[str, Any]:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        if pending:
            return {"ok": False, "pending": pending}
        _migrations_applied = True
    return {"ok": True, "pending": 0}


def worker_check() -> dict[str, Any]:
    latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
    seen = latest.first()
    if seen is None:
        return {"ok": False, "error": "no worker has reported"}
    age = (timezone.now() - seen).total_seconds()
    return {"ok": age <= settings.ACCORD_WORKER_STALE_SECONDS, "last_seen_seconds": round(age)}


def queue_check() -> dict[str, Any]:
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    limit = settings.ACCORD_QUEUE_MAX_WAIT_SECONDS
    return {"ok": age <= limit, "depth": ready.count(), "oldest_wait_seconds": round(age)}
