"""Errors that services raise and every interface turns into the same answer."""

from datetime import date
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


class PartnershipEnded(Exception):
    """A write to an ended partnership, which is a read-only archive until every party approves
    reopening it. Raised where every write starts (`core.records.lock_partnership`) and by
    `core.access` for a page or call that needs to change something; pages answer it with the
    archive notice, the API with 409 `partnership_ended`."""

    code = "partnership_ended"

    def __init__(self, partnership_id: int, ended_on: date | None = None) -> None:
        self.partnership_id = partnership_id
        self.ended_on = ended_on
        when = f" on {ended_on:%-d %B %Y}" if ended_on else ""
        super().__init__(
            f"This partnership ended{when}. It is a read-only archive: nothing can be changed "
            "unless every party approves a proposal to reopen it."
        )


class ProposalConflict(Exception):
    """A proposal that can no longer be approved or applied as it stands: the partnership
    changed since it was made (`stale`), or it was decided meanwhile. Nothing was changed; the
    API answers 409 with `code`."""

    def __init__(self, message: str, code: str = "proposal_stale") -> None:
        self.code = code
        super().__init__(message)


class ProposalRequired(Exception):
    """A direct change of what binds every party (name, purpose, scope, ending) while the
    partnership has several parties: it must be proposed and approved by each."""

    code = "proposal_required"


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
