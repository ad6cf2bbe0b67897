"""Rate limits of the API: `ACCORD_API_RATE` calls (e.g. "600/min") per token, and per client
address for calls without a valid token.

django-ninja's throttling runs the check on every operation (`ApiRate`, after authentication);
the 401 and 403 answers that authentication gives count their call here too (`count_call`),
so that no call goes uncounted. The counters are fixed windows in Django's default cache,
incremented atomically: exact across processes when that cache is shared (Redis, Memcached),
per process with the default LocMem cache.

Every counted answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
(draft-ietf-httpapi-ratelimit-headers); a refused call answers 429 with `Retry-After`.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja.throttling import SimpleRateThrottle

from accord.accounts.models import ApiToken
from accord.ops.net import client_address

# The headers of the rate limit, for the OpenAPI document.
RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": "The calls allowed in a window.",
    "RateLimit-Remaining": "The calls left in the current window.",
    "RateLimit-Reset": "Seconds until the current window ends and the count starts again.",
}
RETRY_AFTER = {"Retry-After": "Seconds to wait before calling again."}


@dataclass(frozen=True)
class Quota:
    """Where a caller stands in the current window, after the call was counted."""

    limit: int
    remaining: int
    reset: int  # seconds until the window ends and the count starts again
    exceeded: bool

    def headers(self) -> dict[str, str]:
        headers = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }
        if self.exceeded:
            headers["Retry-After"] = str(self.reset)
        return headers


class ApiRate(SimpleRateThrottle):
    """ninja's throttle of every operation, on counters that `count_call` keeps.

    One instance serves every thread, so nothing of a call is kept on it: the call's quota is
    kept on the request, where the 429 answer and `RateLimitHeaders` read it."""

    timer = staticmethod(time.time)  # tests freeze it

    def __init__(self) -> None:
        # The rate is read at each call (`settings.API_RATE`), not once here.
        pass

    def allow_request(self, request: HttpRequest) -> bool:
        return not count_call(request, self.get_cache_key(request)).exceeded

    def get_cache_key(self, request: HttpRequest) -> str:
        # The token that authenticated the call (`BearerToken`): no other credentials pass.
        return token_caller(request.auth)  # type: ignore[attr-defined]

    def wait(self) -> None:
        # Retry-After is set from the request's quota (`accord.api.api.on_throttled`).
        return None


THROTTLE = ApiRate()


def token_caller(token: ApiToken) -> str:
    return f"token:{token.pk}"


def anonymous(request: HttpRequest) -> str:
    """The counter of calls without valid credentials: their client address."""
    return f"address:{client_address(request)}"


def count_call(request: HttpRequest, caller: str) -> Quota:
    """Counts a call of `caller` in the current window, and keeps the quota on the request."""
    limit, window = THROTTLE.parse_rate(settings.API_RATE)
    assert limit is not None and window is not None
    now = THROTTLE.timer()
    started = math.floor(now / window) * window
    key = f"accord-rate:{caller}:{started}"
    THROTTLE.cache.add(key, 0, window + 1)
    try:
        calls = THROTTLE.cache.incr(key)
    except ValueError:  # evicted between add and incr
        THROTTLE.cache.set(key, 1, window + 1)
        calls = 1
    quota = Quota(
        limit=limit,
        remaining=max(0, limit - calls),
        reset=max(1, math.ceil(started + window - now)),
        exceeded=calls > limit,
    )
    request.accord_quota = quota  # type: ignore[attr-defined]
    return quota


class RateLimitHeaders:
    """Puts the quota of a counted API call on its answer, whatever made the answer (an
    operation, an error handler, a file download)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        quota: Quota | None = getattr(request, "accord_quota", None)
        if quota is not None:
            for header, value in quota.headers().items():
                response[header] = value
        return response
