"""Two rules every response follows, kept in one place rather than in each view.

- Under /api/ every error is the API's JSON error, whoever produced it: Django answers a wrong
  method, a bad Host header or a refused CSRF token with a page of HTML, which an API client
  cannot read.
- Nothing private is kept by a cache: every answer to a signed-in user, every API answer and
  every download is sent `no-store` (and `private`, for shared caches that ignore it). Static
  files keep WhiteNoise's long-lived caching; a public page that chose its own caching keeps it.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

from accord.core.errors import PartnershipEnded, error_body

API_PREFIX = "/api/"
# Headers an error answer must keep when it is rewritten as JSON.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


class ResponsePolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        is_api = request.path.startswith(API_PREFIX)
        if is_api and response.status_code >= 400 and not _is_json(response):
            response = _as_json_error(response)
        if is_api or _is_signed_in(request) or _is_download(response) or not _chose(response):
            _never_cache(response)
        return response


def _is_json(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type == "application/json" or content_type.endswith("+json")


def _as_json_error(response: HttpResponse) -> HttpResponse:
    detail = f"{response.reason_phrase}."
    if response.status_code == 405 and response.has_header("Allow"):
        detail = f"Method not allowed: use {response['Allow']}."
    answer = JsonResponse(error_body(response.status_code, detail), status=response.status_code)
    for header in KEPT_HEADERS:
        if response.has_header(header):
            answer[header] = response[header]
    answer.cookies = response.cookies
    return answer


def _is_signed_in(request: HttpRequest) -> bool:
    # Absent when a middleware before authentication answered (a redirect to https).
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _is_download(response: HttpResponse) -> bool:
    return response.get("Content-Disposition", "").lower().startswith("attachment")


def _chose(response: HttpResponse) -> bool:
    """Whether the view set its own caching (only heeded for public, anonymous answers)."""
    return response.has_header("Cache-Control")


def _never_cache(response: HttpResponse) -> None:
    # Replace, not merge: a `public, max-age=…` set by a view must not survive beside no-store.
    del response["Cache-Control"]
    del response["Expires"]
    add_never_cache_headers(response)


class ArchiveMiddleware:
    """A page that would change an ended partnership answers its archive notice (409), from
    the one place that refuses the write (`core.records.lock_partnership`, or `core.access`
    for a page that needs to edit). The API answers it itself (409 `partnership_ended`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PartnershipEnded):
            return None
        from accord.core.views import partnership_ended  # views import this app's middleware

        return partnership_ended(request, exception)
