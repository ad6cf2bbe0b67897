"""Idempotency keys, as Stripe's: a POST sent with an `Idempotency-Key` header takes effect
once, however often it is retried (decision 0011).

A key belongs to the user who sent it and names one request: its method, path and body. The
first request claims the key in a committed row of its own; then the operation runs in one
transaction with the storing of its answer, so that the effect and the answer to replay commit
together or not at all. A retry then gets:

- the first answer again, marked `Idempotent-Replayed: true`, if it succeeded (2xx);
- a 409 `idempotency_conflict` if the key came with another method, path or body;
- a 409 `idempotency_in_progress` while the first request still runs.

Only successful answers are kept: any other answer is rolled back with whatever the operation
wrote, and the key is released, so a retry runs the operation again. A claim whose request died
(its transaction never committed, so it did nothing) is taken over after LOCK_TIMEOUT; the one
that stored the answer is the one still holding the claim, and the other is rolled back. Keys
are kept TTL, then pruned by the worker (`accord.ops.jobs.ops_prune`) and before a claim.
"""

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from accord.accounts.models import User
from accord.api.api import error
from accord.api.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEY = re.compile(r"[\x20-\x7e]{1,255}")
TTL = timedelta(hours=24)
# Longer than any request runs: a claim this old belongs to a request that died.
LOCK_TIMEOUT = timedelta(minutes=10)

DOCUMENTED = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": "Any string of 1 to 255 printable ASCII characters, new for each change "
    "(a UUID): a retry with the same key and body answers the first answer again "
    f"(`{REPLAYED}: true`) and changes nothing. The same key with another body, method or "
    "path answers 409 `idempotency_conflict`; while the first request runs, 409 "
    "`idempotency_in_progress`. Keys are kept 24 hours, successful answers only.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[ -~]+$"},
}
REPLAYED_HEADER = {
    "description": "Present, as `true`, only when this is the stored answer to an earlier "
    f"request with the same `{HEADER}`.",
    "schema": {"type": "string", "example": "true"},
}


def respond_once(request: HttpRequest, respond: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """The answer of `respond()` for the request's `Idempotency-Key`: run once, then replayed."""
    key = request.headers[HEADER]
    if not KEY.fullmatch(key):
        problem = [{"field": HEADER, "message": "1 to 255 printable ASCII characters."}]
        return error(request, 400, "The Idempotency-Key is not valid.", problem, "validation_error")
    claim = _claim(request, key, timezone.now())
    if not isinstance(claim, IdempotencyKey):
        return claim
    kept = False
    try:
        with transaction.atomic():
            response = respond()
            if 200 <= response.status_code < 300:
                kept = _store(claim, response)
                if not kept:
                    response = _in_progress(request)
            if not kept:
                transaction.set_rollback(True)
    finally:
        if not kept:
            _unclaimed(claim).delete()
    return response


def idempotency_keys_prune(*, now: datetime | None = None) -> None:
    """Forget the keys older than TTL."""
    IdempotencyKey.objects.filter(created_at__lt=(now or timezone.now()) - TTL).delete()


def _claim(request: HttpRequest, key: str, now: datetime) -> IdempotencyKey | HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    mine = IdempotencyKey.objects.filter(user=user, key=key)
    mine.filter(created_at__lt=now - TTL).delete()
    sent = {
        "method": request.method or "",
        "path": request.path,
        "fingerprint": body_fingerprint(request),
    }
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=user, key=key, created_at=now, locked_at=now, **sent
            )
    except IntegrityError:
        first = mine.first()
    if first is None:  # released by its request just now: that one failed
        return _in_progress(request)
    if any(getattr(first, name) != value for name, value in sent.items()):
        return error(
            request,
            409,
            "This Idempotency-Key was used for another request (method, path or body); "
            "use a new key for a new request.",
            [{"field": HEADER, "message": f"First used for {first.method} {first.path}."}],
            "idempotency_conflict",
        )
    if first.status is not None:
        return _replay(first)
    if first.locked_at < now - LOCK_TIMEOUT and _unclaimed(first).update(locked_at=now):
        first.locked_at = now
        return first
    return _in_progress(request)


def _unclaimed(claim: IdempotencyKey) -> QuerySet[IdempotencyKey]:
    """The claim, if no answer was stored and no other request took it over."""
    return IdempotencyKey.objects.filter(pk=claim.pk, status=None, locked_at=claim.locked_at)


def _store(claim: IdempotencyKey, response: HttpResponseBase) -> bool:
    """Keeps the answer, if the claim is still this request's."""
    return bool(
        _unclaimed(claim).update(
            status=response.status_code,
            content_type=response.get("Content-Type", ""),
            etag=response.get("ETag", ""),
            body=response.content.decode() if isinstance(response, HttpResponse) else "",
        )
    )


def _replay(first: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(first.body, status=first.status, content_type=first.content_type)
    if first.etag:
        response["ETag"] = first.etag
    response[REPLAYED] = "true"
    return response


def _in_progress(request: HttpRequest) -> HttpResponse:
    return error(
        request,
        409,
        "A request with this Idempotency-Key is still in progress; retry in a moment.",
        code="idempotency_in_progress",
    )


def body_fingerprint(request: HttpRequest) -> str:
    """The body in a form a faithful retry repeats: JSON with its keys sorted and numbers as
    written, a multipart body without its boundary (each send picks a new one), else as sent."""
    body = request.body
    boundary = (request.content_params or {}).get("boundary")
    if request.content_type == "multipart/form-data" and boundary:
        body = body.replace(boundary.encode(), b"")
    else:
        try:
            parsed = json.loads(body, parse_float=Decimal)
        except (ValueError, RecursionError):
            pass
        else:
            body = json.dumps(parsed, sort_keys=True, separators=(",", ":"), default=str).encode()
    return hashlib.sha256(body).hexdigest()
