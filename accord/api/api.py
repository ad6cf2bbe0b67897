"""The Accord API: one NinjaAPI under /api/v1/, bearer tokens, one shape for every error."""

import json
from decimal import Decimal
from typing import Any

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from ninja.security import HttpBearer, django_auth
from pydantic import Field

from accord.accounts.services import api_token_user
from accord.core.errors import InvitationError, StaleEdit


class BearerToken(HttpBearer):
    openapi_description = "A personal API token: `accord token create EMAIL` or the account page."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


class ExactJsonParser(Parser):
    """JSON numbers read as Decimals, never through a float: an amount with one digit too many
    is refused by its bound instead of being rounded to a float that fits (decision 0009)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return json.loads(request.body, parse_float=Decimal)


api = NinjaAPI(
    title="Accord API",
    version="1",
    description="Partnership workspace. Authenticate with `Authorization: Bearer <token>`.",
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
    # Swagger UI sets inline styles; the rest of the site keeps the strict policy.
    docs_decorator=csp_update({"style-src": [UNSAFE_INLINE]}),
    parser=ExactJsonParser(),
)


# The error answers every operation may give, for the OpenAPI document.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Pages(LimitOffsetPagination):
    """Limit/offset pages with bounds, so that no number overflows the database driver."""

    class Input(Schema):
        limit: int = Field(default=50, ge=1, le=200, description="Items per page, 1 to 200.")
        offset: int = Field(default=0, ge=0, le=10**12, description="Items to skip.")


# Schemas used to show the current record in a 409 answer, by model.
CONFLICT_SCHEMAS: dict[type, type[Schema]] = {}


def error(request, status: int, detail: str, errors: list[dict] | None = None, **extra):
    return api.create_response(
        request, {"detail": detail, "errors": errors or [], **extra}, status=status
    )


def _field_name(location: tuple | list) -> str:
    parts = [str(p) for p in location if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def on_invalid_input(request, exc: NinjaValidationError):
    errors = [{"field": _field_name(e.get("loc", ())), "message": e["msg"]} for e in exc.errors]
    return error(request, 422, "The request has invalid fields.", errors)


@api.exception_handler(DjangoValidationError)
def on_rule_broken(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "body", "message": message} for message in exc.messages]
    return error(request, 400, "The request breaks a rule.", errors)


@api.exception_handler(StaleEdit)
def on_stale_edit(request, exc: StaleEdit):
    schema = CONFLICT_SCHEMAS.get(type(exc.current))
    current = schema.from_orm(exc.current).dict() if schema else None
    return error(request, 409, str(exc), current_version=exc.current.version, current=current)


@api.exception_handler(InvitationError)
def on_invitation_error(request, exc: InvitationError):
    return error(request, 400, str(exc))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return error(request, 403, str(exc) or "You may not do this.")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return error(request, 401, "Authentication required: send `Authorization: Bearer <token>`.")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return error(request, exc.status_code, str(exc))
