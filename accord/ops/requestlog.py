"""One log line per request, and a request id on every log line and job of that request.

The id is kept in a context variable that a logging filter copies onto each record, so that any
logger anywhere (Django's, django-tasks', ours) prints it without being told. Jobs enqueued
during a request remember the id (JobOrigin) and the worker puts it back while running them.
"""

import contextlib
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

request_id_var: ContextVar[str] = ContextVar("accord_request_id", default="-")
logger = logging.getLogger("accord.request")
job_logger = logging.getLogger("accord.jobs")

# What a proxy may hand us as a request id: short, and nothing that could forge a log line.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")
PROBES = ("/healthz", "/readyz")


def new_request_id() -> str:
    return uuid.uuid4().hex


def incoming_request_id(request: HttpRequest) -> str:
    """The proxy's X-Request-ID when we trust the proxy and it looks like an id; else a new one.
    (Without a proxy anyone could pick the id of someone else's request.)"""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if settings.BEHIND_PROXY and VALID_REQUEST_ID.fullmatch(given):
        return given
    return new_request_id()


@contextlib.contextmanager
def request_id_bound(request_id: str) -> Iterator[None]:
    token = request_id_var.set(request_id)
    try:
        yield
    finally:
        request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


# Attributes every LogRecord has; anything else was passed in `extra=` and goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line (ACCORD_LOG_FORMAT=json)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # Plain values only: Django passes the request object, whose repr has the query string.
        entry.update(
            {
                key: value
                for key, value in vars(record).items()
                if key not in _STANDARD and isinstance(value, str | int | float | bool | None)
            }
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RequestLogMiddleware:
    """First in MIDDLEWARE: binds the request id, answers health probes before host checks and
    HTTPS redirects (load balancers probe by address over plain HTTP), and logs the outcome.
    The path is logged without its query string, which may carry tokens; bodies never. A view
    whose path is itself a secret (the calendar feed's) gives the path to log instead, as
    `request.logged_path`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = incoming_request_id(request)
        started = time.monotonic()
        # Left set after we return: Django logs errors ("Not Found: …") after the middleware;
        # cleared when the response is closed (request_finished).
        request_id_var.set(request_id)
        response = self.respond(request)
        response["X-Request-ID"] = request_id
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        path = getattr(request, "logged_path", request.path)
        logger.log(
            logging.DEBUG if request.path in PROBES else logging.INFO,
            "%s %s %s %sms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id(request),
            },
        )
        return response

    def respond(self, request: HttpRequest) -> HttpResponse:
        if request.path in PROBES and request.method in ("GET", "HEAD"):
            from accord.ops import health

            return health.healthz(request) if request.path == "/healthz" else health.readyz(request)
        return self.get_response(request)


def remember_job_origin(sender: type, task_result: Any, **kwargs: Any) -> None:
    """On enqueue (inside the enqueuing transaction): log the job with the request id, and keep
    the id for the worker when the job is in the database queue."""
    request_id = request_id_var.get()
    # Outside a request it is the schedule (five jobs a minute), which logs one line per tick.
    level = logging.DEBUG if request_id == "-" else logging.INFO
    job_logger.log(level, "job %s enqueued: %s", task_result.id, task_result.task.name)
    if request_id == "-":
        return
    from django_tasks_db.backend import DatabaseBackend

    from accord.ops.models import JobOrigin

    if issubclass(sender, DatabaseBackend):
        JobOrigin.objects.create(job_id=task_result.id, request_id=request_id)


def forget_request_id(**kwargs: Any) -> None:
    request_id_var.set("-")


def connect_signals() -> None:
    from django.core.signals import request_finished
    from django_tasks_db.compat import task_enqueued

    task_enqueued.connect(remember_job_origin, dispatch_uid="accord.ops.job_origin")
    request_finished.connect(forget_request_id, dispatch_uid="accord.ops.forget_request_id")
