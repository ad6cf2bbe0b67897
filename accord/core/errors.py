"""Errors that services raise and every interface turns into the same answer."""

from typing import Any

from accord.ops.requestlog import request_id_var


class StaleEdit(Exception):
    """The record changed since the version the edit was based on; nothing was applied."""

    def __init__(self, current: Any) -> None:
        self.current = current
        # (label, saved now, what was typed) per field; the edit page fills it for display.
        self.comparison: list[tuple[str, str, str]] = []
        super().__init__(
            f"Someone else changed this {current._meta.verbose_name} first "
            f"(it is now at version {current.version}). Nothing was saved; "
            "review the current values and apply your change again."
        )


class InvitationError(Exception):
    """An invitation that cannot be used: unknown, expired, revoked, used, or not for you."""


# The machine-readable `code` of an API error: by its HTTP status unless the error names a
# narrower one. A program acts on the code; `detail` is for people and may be reworded.
ERROR_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "stale_version",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "server_error",
}


def error_body(
    status: int, detail: str, errors: list[dict] | None = None, code: str | None = None
) -> dict[str, Any]:
    """The body of every error answer under /api/, whoever gives it: the API's handlers, the
    middleware that rewrites Django's HTML errors, the 404 and 500 views."""
    return {
        "code": code or ERROR_CODES.get(status, "error"),
        "detail": detail,
        "errors": errors or [],
        "request_id": request_id_var.get(),
    }
