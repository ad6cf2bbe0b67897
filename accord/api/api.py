"""The Accord API: one NinjaAPI under /api/v1/, bearer tokens, rate limits, one shape for
every error.

Only a personal API token authenticates (`Authorization: Bearer …`): read-only or read-write,
possibly expiring. The session cookie of the app's pages does not: no page calls the API, and
a cookie-authenticated API is one more thing a forged cross-site request could reach.

Every error answer is `{"code": …, "detail": …, "errors": [{"field": …, "message": …}],
"request_id": …}` (`accord.core.errors.error_body`) and is small whatever the request: at
most MAX_ERRORS errors (the rest counted in `more_errors`), each field and message clipped.
Answers Django gives outside these handlers (a wrong method, a bad host) are put in the same
shape by `accord.core.middleware`.
"""

import json
import logging
import re
from decimal import Decimal
from functools import cache
from typing import Any

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, ConfigError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.parser import Parser
from ninja.security import HttpBearer
from pydantic import Field, create_model

from accord.accounts.models import ApiToken
from accord.accounts.services import api_token_authenticate
from accord.api.lists import QueryError
from accord.api.ratelimit import (
    RATE_LIMIT_HEADERS,
    RETRY_AFTER,
    THROTTLE,
    anonymous,
    count_call,
    token_caller,
)
from accord.core.errors import (
    ERROR_CODES,
    InvitationError,
    PartnershipEnded,
    ProposalConflict,
    ProposalRequired,
    StaleEdit,
    error_body,
)

# The codes narrower than their status's (`ERROR_CODES`), given by the handlers below and by
# the operations that pass one to `error`.
NARROW_CODES = (
    "insufficient_scope",
    "csv_rejected",
    "invalid_json",
    "invitation_invalid",
    "malformed_request",
    "file_missing",
    "idempotency_conflict",
    "idempotency_in_progress",
    "precondition_unsupported",
)


# What a read-only token may call: what changes nothing.
READ_METHODS = ("GET", "HEAD", "OPTIONS")


class InsufficientScope(Exception):
    """A read-only token was sent with a call that changes something."""

    def __init__(self, token: ApiToken) -> None:
        self.token = token


class BearerToken(HttpBearer):
    openapi_description = (
        "A personal API token, made on the account page or with `accord token create EMAIL`. "
        "It is read-only or read-write: a read-only token is refused any call but GET, HEAD "
        "and OPTIONS (403, code `insufficient_scope`). It may expire: an expired or revoked "
        'token is refused like an unknown one (401, `WWW-Authenticate: Bearer error="invalid_'
        'token"`).'
    )

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_authenticate(token)
        if found is None:
            return None
        request.user = found.user
        if found.is_read_only and request.method not in READ_METHODS:
            raise InsufficientScope(found)
        return found


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    code: str = Field(
        description="What went wrong, for a program to act on: "
        + ", ".join(f"`{code}`" for code in sorted({*ERROR_CODES.values(), *NARROW_CODES}))
        + ". New codes may be added."
    )
    detail: str = Field(description="What went wrong, for people; may be reworded.")
    errors: list[FieldError] = Field([], description="The fields at fault, if any.")
    more_errors: int = Field(0, description="How many further errors were left out of `errors`.")
    request_id: str = Field(
        description="The answer's `X-Request-ID`; quote it when you report a problem."
    )


@cache
def conflict_schema(out: type[Schema]) -> type[ErrorOut]:
    """The 409 answer of an update: the error, and the record as it is now, shown through the
    operation's own output schema, for the program to merge its change into and retry."""
    return create_model(
        f"{out.__name__.removesuffix('Out')}Conflict",
        __base__=ErrorOut,
        current_version=(int, Field(description="The version to base the retried change on.")),
        current=(out, Field(description="The record as it is now.")),
    )


# An answer about bad input stays small however much bad input there is: a body of a million
# unknown keys must not come back as a million errors, each quoting its key.
MAX_ERRORS = 100
FIELD_LENGTH = 100
MESSAGE_LENGTH = 300

JSON_TYPES = ("application/json",)


class UnsupportedMediaType(Exception):
    """A body that the operation reads as JSON was not sent as JSON."""


class JsonParser(Parser):
    """Reads a JSON operation's body only when it is declared JSON. A body sent as text/plain
    (or as a form) is what any web page can make a browser send cross-site without asking
    first, so it is refused rather than parsed. Operations that take other bodies (the CSV
    import) read the request themselves and never come here.

    JSON numbers are read as Decimals, never through a float: an amount with one digit too
    many is refused by its bound instead of being rounded to a float that fits (decision 0009).
    """

    def parse_body(self, request: HttpRequest) -> Any:
        # None: the part of a multipart body that ninja re-parses on a bare request.
        if request.content_type is not None and not _is_json(request.content_type):
            raise UnsupportedMediaType(request.content_type)
        return json.loads(request.body, parse_float=Decimal)


def _is_json(content_type: str) -> bool:
    content_type = content_type.lower()
    return content_type in JSON_TYPES or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


class AccordApi(NinjaAPI):
    """The API whose document defines the tag of every router (`ApiRouter.tag`), lists only
    the schemas it uses, and refuses the framework's module-path operation ids: every
    operation names its own."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        tags = {}
        for bound in self._get_bound_routers():
            tag = getattr(bound.template, "tag", None)
            if tag is not None:
                tags[tag["name"]] = tag
        schema["tags"] = list(tags.values())
        _query_vocabularies_as_refs(schema)
        _drop_unused_schemas(schema)
        _optional_bodies_without_null(schema)
        schema["components"]["headers"] = rate_limit_header_definitions()
        return schema

    def get_openapi_operation_id(self, operation: Operation) -> str:
        raise ConfigError(f"{operation.view_func.__qualname__} has no operation_id.")


def rate_limit_header_definitions() -> dict[str, Any]:
    return {
        name: {"description": description, "schema": {"type": "integer", "minimum": 0}}
        for name, description in {**RATE_LIMIT_HEADERS, **RETRY_AFTER}.items()
    }


def _drop_unused_schemas(document: dict[str, Any]) -> None:
    """Leaves out the schemas of query and path parameters, which ninja lists beside the
    bodies although nothing refers to them: a generated client would make a class of each."""
    schemas = document["components"]["schemas"]
    used: set[str] = set()
    pending = [document["paths"]]
    while pending:
        for name in SCHEMA_REF.findall(json.dumps(pending.pop())):
            if name not in used:
                used.add(name)
                pending.append(schemas[name])
    document["components"]["schemas"] = {k: v for k, v in schemas.items() if k in used}


def _query_vocabularies_as_refs(document: dict[str, Any]) -> None:
    """A query filter on a vocabulary (`status`, `visibility`, `role`…) refers to that
    vocabulary's named enum, as the bodies do: ninja writes query parameters out flat, which
    would give a generated client one more type for the same values. (An `ordering` is a set
    of its own list's, not a vocabulary: it stays written out.)"""
    named: dict[frozenset[str], list[str]] = {}
    for name, schema in document["components"]["schemas"].items():
        if "enum" in schema:
            named.setdefault(frozenset(schema["enum"]), []).append(name)

    def as_ref(node: dict[str, Any]) -> dict[str, Any]:
        names = named.get(frozenset(node.get("enum", ())), [])
        return {"$ref": f"#/components/schemas/{names[0]}"} if len(names) == 1 else node

    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = parameter["schema"]
                if "anyOf" in schema:
                    schema["anyOf"] = [as_ref(choice) for choice in schema["anyOf"]]
                else:
                    parameter["schema"] = as_ref(schema) | {
                        k: v for k, v in schema.items() if k not in ("enum", "type")
                    }


def _optional_bodies_without_null(document: dict[str, Any]) -> None:
    """An optional body (`payload: X | None = None`) is documented as X, not required: a
    request without a body is the way to send nothing. "X or null" would have a generated
    client send nothing as a JSON body of its own "not set" value and fail."""
    for item in document["paths"].values():
        for operation in item.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if not body or body.get("required"):
                continue
            for media in body["content"].values():
                choices = media["schema"].get("anyOf", [])
                if len(choices) == 2 and {"type": "null"} in choices:
                    choices.remove({"type": "null"})
                    media["schema"] = choices[0]


SCHEMA_REF = re.compile(r'"#/components/schemas/([^"]+)"')

DESCRIPTION = """\
The API of Accord, the shared workspace of strategic partnerships: everything the pages do.

**Authentication.** Send `Authorization: Bearer <token>` with a personal API token (the account
page, or `accord token create EMAIL`): read-only (GET, HEAD and OPTIONS only, else 403
`insufficient_scope`) or read-write, with an optional expiry (an expired token answers 401).

**Rate limits.** Calls are counted per token (per client address without a valid token) in
fixed windows; every answer says where you stand in `RateLimit-Limit`, `RateLimit-Remaining` and
`RateLimit-Reset` (seconds until the window starts again). Over the limit, the answer is 429
with code `rate_limited` and `Retry-After`.

**Errors.** Every error answers `{"detail": …, "errors": [{"field": …, "message": …}]}`.

**Versions.** Every record has a `version`; a change (PATCH) sends the version it is based on and
is refused with 409 and the current record if someone changed it first.

**Lists.** Lists answer `{"items": […], "has_more": …, "next": …}`, a page at a time (`limit`,
at most 200): send `next` back as `cursor`, with the same other parameters, for the next page.
Each list has a documented `ordering` (ties broken by id) and filters; records' lists take
`updated_since` and `updated_before`. An unknown query parameter, a bad value or a cursor the
list did not give answers 400 `validation_error`, naming the parameter.

**Sync.** `GET /partnerships/{partnership_id}/changes` is the partnership's changes feed: the
audit events you may see, oldest first. Keep the last `next` and poll with it: it stays valid
and answers the events written since.
**Retries.** Send an `Idempotency-Key` (a new UUID per change) with any POST: a retry with the
same key and body answers the first answer (`Idempotent-Replayed: true`) and changes nothing.

**ETags.** A record's answer carries its `ETag`: send it in `If-None-Match` to read it only if
it changed (304), or in `If-Match` instead of `version` to change or delete it (412 if it
changed). Operations that cannot honour `If-Match` refuse it (400 `precondition_unsupported`).
"""

api = AccordApi(
    title="Accord API",
    version="1",
    description=DESCRIPTION,
    servers=[{"url": settings.BASE_URL, "description": "This Accord server."}],
    urls_namespace="api",
    auth=[BearerToken()],
    throttle=[THROTTLE],
    parser=JsonParser(),
    # Swagger UI sets inline styles; the rest of the site keeps the strict policy.
    docs_decorator=csp_update({"style-src": [UNSAFE_INLINE]}),
)


# The error answers every operation may give, for the OpenAPI document.
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
    500: ErrorOut,
}


def clip(text: object, length: int) -> str:
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def error(
    request: HttpRequest,
    status: int,
    detail: str,
    errors: list[dict] | None = None,
    code: str | None = None,
    **extra: Any,
) -> HttpResponse:
    """The one error answer: at most MAX_ERRORS errors, every text clipped."""
    errors = errors or []
    shown = [
        {"field": clip(e["field"], FIELD_LENGTH), "message": clip(e["message"], MESSAGE_LENGTH)}
        for e in errors[:MAX_ERRORS]
    ]
    body = {**error_body(status, clip(detail, MESSAGE_LENGTH), shown, code), **extra}
    if len(errors) > MAX_ERRORS:
        body["more_errors"] = len(errors) - MAX_ERRORS
    return api.create_response(request, body, status=status)


def _field_name(location: tuple | list) -> str:
    parts = [str(p) for p in location if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def on_invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [{"field": _field_name(e.get("loc", ())), "message": e["msg"]} for e in exc.errors]
    if all(e.get("loc", ("",))[0] == "query" for e in exc.errors):
        # A bad query string is a bad request (400), as an unknown parameter is; 422 stays
        # for a body that was read but holds invalid fields.
        detail = "The query string has invalid parameters."
        return error(request, 400, detail, errors, "validation_error")
    return error(request, 422, "The request has invalid fields.", errors)


@api.exception_handler(QueryError)
def on_bad_query(request: HttpRequest, exc: QueryError) -> HttpResponse:
    problem = [{"field": exc.parameter, "message": exc.message}]
    return error(
        request, 400, "The query string has invalid parameters.", problem, "validation_error"
    )


@api.exception_handler(DjangoValidationError)
def on_rule_broken(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "body", "message": message} for message in exc.messages]
    return error(request, 400, "The request breaks a rule.", errors, "validation_error")


def conflict(
    request: HttpRequest, exc: StaleEdit, schema: type[Schema] | None = None
) -> HttpResponse:
    """The 409 answer to a stale edit: the record as it is now, shown through the operation's
    own output schema (an operation that has none shows only the current version)."""
    current = schema.from_orm(exc.current).dict() if schema else None
    return error(request, 409, str(exc), current_version=exc.current.version, current=current)


@api.exception_handler(StaleEdit)
def on_stale_edit(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
    return conflict(request, exc)


@api.exception_handler(PartnershipEnded)
def on_partnership_ended(request: HttpRequest, exc: PartnershipEnded) -> HttpResponse:
    """An ended partnership is a read-only archive: the write conflicts with its state."""
    return error(request, 409, str(exc), code=exc.code)


@api.exception_handler(ProposalConflict)
def on_proposal_conflict(request: HttpRequest, exc: ProposalConflict) -> HttpResponse:
    return error(request, 409, str(exc), code=exc.code)


@api.exception_handler(ProposalRequired)
def on_proposal_required(request: HttpRequest, exc: ProposalRequired) -> HttpResponse:
    return error(request, 409, str(exc), code=exc.code)


@api.exception_handler(InvitationError)
def on_invitation_error(request: HttpRequest, exc: InvitationError) -> HttpResponse:
    return error(request, 400, str(exc), code="invitation_invalid")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 403, str(exc) or "You may not do this.")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    """No token, or one that is unknown, revoked or expired (alike, so that an answer tells
    nothing about a token one does not hold); counted against the client's address."""
    if count_call(request, anonymous(request)).exceeded:
        return rate_limited(request)
    challenge = 'Bearer realm="accord"'  # a 401 must name its scheme
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        detail = "The token is unknown, revoked or expired."
        challenge += ', error="invalid_token"'
    else:
        detail = "Authentication required: send `Authorization: Bearer <token>`."
    response = error(request, 401, detail)
    response["WWW-Authenticate"] = challenge
    return response


@api.exception_handler(InsufficientScope)
def on_insufficient_scope(request: HttpRequest, exc: InsufficientScope) -> HttpResponse:
    if count_call(request, token_caller(exc.token)).exceeded:
        return rate_limited(request)
    response = error(
        request,
        403,
        "This token is read-only: it may only read (GET). Make a read-write token to change "
        "things.",
        code="insufficient_scope",
    )
    response["WWW-Authenticate"] = 'Bearer realm="accord", error="insufficient_scope"'
    return response


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return rate_limited(request)


def rate_limited(request: HttpRequest) -> HttpResponse:
    """429; its `Retry-After` and `RateLimit-*` headers come from the call's quota."""
    return error(
        request,
        429,
        f"Too many calls: at most {settings.API_RATE}. Retry after the seconds in `Retry-After`.",
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja turns any failure to parse a body into a 400 HttpError; the cause says which.
    if isinstance(exc.__cause__, UnsupportedMediaType):
        return error(
            request,
            415,
            "Send the body as JSON, with `Content-Type: application/json`.",
            [{"field": "Content-Type", "message": f"{exc.__cause__} is not accepted here."}],
        )
    if exc.__cause__ is not None and exc.status_code == 400:
        problem = _json_problem(exc)
        return error(request, 400, "The request body is not valid JSON.", problem, "invalid_json")
    return error(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    _log_refusal(exc)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return error(request, 413, f"The request body is larger than the limit of {limit} bytes.")


@api.exception_handler(MultiPartParserError)
def on_bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    _log_refusal(exc)
    problem = [{"field": "body", "message": str(exc)}]
    return error(request, 400, "The multipart body is malformed.", problem, "malformed_request")


@api.exception_handler(SuspiciousOperation)
@api.exception_handler(BadRequest)
def on_bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Too many fields or files, and the like: what Django answers with its HTML 400 page."""
    _log_refusal(exc)
    return error(request, 400, "The request is malformed.", code="malformed_request")


@api.exception_handler(Exception)
def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Raised again, so that Django logs it and answers through `accord.views.server_error`
    (JSON under /api/); ninja's own handler would answer a plain-text traceback in DEBUG."""
    raise exc


def _json_problem(exc: HttpError) -> list[dict]:
    """Where the JSON breaks, when the decoder can say; otherwise what kind of body this is."""
    cause = exc.__cause__
    if isinstance(cause, json.JSONDecodeError):
        return [{"field": "body", "message": str(cause)}]
    return [
        {
            "field": "body",
            "message": "Not JSON this server reads: nested too deep, a number too long, "
            "or not UTF-8.",
        }
    ]


def _log_refusal(exc: Exception) -> None:
    # Where Django logs the same refusals when it answers them itself.
    logging.getLogger(f"django.security.{type(exc).__name__}").warning("%s", exc)
