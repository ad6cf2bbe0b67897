"""Conditional requests, as GitHub's: an `ETag` on every answer of one record, `If-None-Match`
on reading it (304 when unchanged), `If-Match` on changing or deleting it (412 when it changed)
as the alternative to the body's `version` (decision 0011).

The ETag is strong: `"<version>-<digest>"`, the record's version and a digest of the record as
the answer shows it. The digest is there because some of what an answer shows changes without a
new version (a goal's endorsements): a client caching by ETag must see that change too.

An operation that cannot honour `If-Match` refuses it (400) rather than ignore it; the
operations that can are marked with `@conditional` (`accord.api.operations.ApiRouter`
documents the headers and answers).
"""

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import ValidationError as NinjaValidationError

from accord.api.api import error

IF_MATCH = "If-Match"
IF_NONE_MATCH = "If-None-Match"

View = TypeVar("View", bound=Callable[..., Any])

ETAG_HEADER = {
    "description": 'The record\'s ETag, `"<version>-<digest>"`: send it in `If-None-Match` to '
    "read it only if it changed, in `If-Match` to change or delete it only if it did not.",
    "schema": {"type": "string"},
}
IF_NONE_MATCH_DOCUMENTED = {
    "name": IF_NONE_MATCH,
    "in": "header",
    "required": False,
    "description": "The ETag you have: if the record is unchanged the answer is 304, no body.",
    "schema": {"type": "string"},
}
IF_MATCH_DOCUMENTED = {
    "name": IF_MATCH,
    "in": "header",
    "required": False,
    "description": "The ETag your change is based on, instead of the body's `version`: if the "
    "record changed since, nothing is done and the answer is 412 with the record as it is "
    "now. With both, they must name the same version (else 422 on `version`).",
    "schema": {"type": "string"},
}


def conditional(view: View) -> View:
    """Marks an operation on one record that sets its ETag and honours `If-None-Match` (GET)
    or `If-Match` (PATCH, DELETE) through the functions below."""
    view.conditional = True  # type: ignore[attr-defined]
    return view


def etag_of(out: type[Schema], record: Any) -> str:
    """The record's ETag, from the answer schema that shows it."""
    shown = out.from_orm(record).model_dump_json()
    return f'"{record.version}-{hashlib.sha256(shown.encode()).hexdigest()[:16]}"'


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """304, without a body, if the caller already has this version of the record."""
    if not _matches(request.headers.get(IF_NONE_MATCH), etag, weak=True):
        return None
    response = HttpResponse(status=304)
    response["ETag"] = etag
    return response


def precondition_failed(
    request: HttpRequest, out: type[Schema], record: Any
) -> HttpResponse | None:
    """412 with the record as it is now, if `If-Match` was sent and names another version."""
    etag = etag_of(out, record)
    if IF_MATCH not in request.headers or _matches(request.headers[IF_MATCH], etag):
        return None
    response = error(
        request,
        412,
        "The record changed since the ETag in If-Match (or it never had it). Nothing was "
        "saved; review the current record and send your change again with its ETag.",
        code="precondition_failed",
        current_version=record.version,
        current=out.from_orm(record).model_dump(mode="json"),
    )
    response["ETag"] = etag
    return response


def expected_version(request: HttpRequest, version: int | None, current: int) -> int:
    """The version a change is based on: the body's `version`, or the current one when
    `If-Match` (already checked against it) stands for it; both must agree."""
    if IF_MATCH in request.headers:
        if version is not None and version != current:
            raise _invalid_version("Disagrees with the If-Match header; send only one of them.")
        return current
    if version is None:
        raise _invalid_version("Send the version your change is based on, or its If-Match.")
    return version


def _invalid_version(message: str) -> NinjaValidationError:
    """The answer to a body without a `version` its schema requires: 422 on `version`."""
    return NinjaValidationError([{"loc": ("body", "payload", "version"), "msg": message}])


def refusal(request: HttpRequest) -> HttpResponse:
    """The answer to `If-Match` on an operation that cannot honour it."""
    problem = [{"field": IF_MATCH, "message": "Not supported by this operation."}]
    return error(
        request,
        400,
        "This operation does not take If-Match; send the request without it.",
        problem,
        "precondition_unsupported",
    )


def _matches(header: str | None, etag: str, *, weak: bool = False) -> bool:
    """Whether the header names the ETag; `If-None-Match` compares weakly (RFC 9110)."""
    if header is None:
        return False
    tags = [tag.strip() for tag in header.split(",")]
    if weak:
        tags = [tag.removeprefix("W/") for tag in tags]
    return "*" in tags or etag in tags
