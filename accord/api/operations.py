"""How an operation of the API is declared, so that the OpenAPI document follows one set of
conventions for every operation, the ones a new practice adds included (issue 8):

- the operation id is `<resource>_<verb>` (`goal_endorse`): the handler's name unless given,
  and also the operation's URL name (`api:goal_endorse`);
- the summary is the first line of the handler's docstring, the description the rest;
- the error answers every operation may give are added to the operation's own, 429 included,
  and every answer documents the rate limit's headers (`accord.api.ratelimit`);
- an operation that changes something says that a read-only token is refused;
- the router's tag is defined, with its description, in the document (`AccordApi`);
- a request or answer schema that declares an `EXAMPLE` shows it on the operation;
- a path parameter is one of the named types below (or `accord.core.record_api`'s), each with
  its description, so that one resource has one parameter name in every path;
- a query parameter the operation does not declare answers 400 `validation_error` naming it,
  rather than being ignored (a misspelt filter would otherwise return everything).
- every POST takes an `Idempotency-Key` (`accord.api.idempotency`), and an operation marked
  `@conditional` answers an `ETag` and honours `If-None-Match` (GET) or `If-Match` (PATCH,
  DELETE, which then document their 412); every other operation refuses `If-Match`
  (`accord.api.conditional`, decision 0011).

A declaration that misses one of these fails when its module is imported, not later in a
tool that reads the document.
"""

import functools
import inspect
import re
from collections.abc import Callable
from typing import Any, get_args

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import P, PathEx, Router
from ninja.constants import NOT_SET
from ninja.errors import ConfigError
from ninja.operation import Operation
from ninja.utils import contribute_operation_callback

from accord.api import conditional, idempotency
from accord.api.api import ERRORS, READ_METHODS, ErrorOut
from accord.api.lists import QueryError
from accord.api.ratelimit import RATE_LIMIT_HEADERS, RETRY_AFTER

OPERATION_ID = re.compile(r"^[a-z]+(_[a-z]+)*$")
JSON = "application/json"

PartnershipId = PathEx[int, P(description="The partnership's id (`id` in its answers).")]
OrganizationSlug = PathEx[str, P(description="The organization's slug (`slug` in its answers).")]


def example_of(schema: Any) -> dict[str, Any] | None:
    """The example a schema class declares itself (`EXAMPLE`); one inherited from a parent
    would lack the child's fields."""
    return vars(schema).get("EXAMPLE") if isinstance(schema, type) else None


def a(noun: str) -> str:
    """The noun with its indefinite article: "a goal", "an objective"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


class ApiRouter(Router):
    """A router of one part of the API, documented under one tag."""

    def __init__(self, tag: str, description: str) -> None:
        super().__init__(tags=[tag])
        self.tag = {"name": tag, "description": description}

    def add_api_operation(  # type: ignore[override]
        self,
        path: str,
        methods: list[str],
        view_func: Callable,
        *,
        response: Any = NOT_SET,
        operation_id: str | None = None,
        summary: str | None = None,
        description: str | None = None,
        url_name: str | None = None,
        openapi_extra: dict[str, Any] | None = None,
        **options: Any,
    ) -> None:
        where = f"{view_func.__module__}.{view_func.__qualname__}"
        operation_id = operation_id or view_func.__name__
        if not operation_id or not OPERATION_ID.match(operation_id):
            raise ConfigError(f"{where}: give an operation_id `<resource>_<verb>`.")
        docstring = inspect.getdoc(view_func) or ""
        first, _, rest = docstring.partition("\n\n")
        summary = summary or " ".join(first.split()).removesuffix(".")
        description = description or rest.strip()
        if not summary or not description:
            raise ConfigError(f"{where}: a docstring with a summary line and a description.")
        if not set(methods) <= set(READ_METHODS):
            description += READ_ONLY_REFUSED
        responses = {**ERRORS, **({} if response is NOT_SET else response)}
        conventions = _conventions(where, methods, view_func, responses)
        # Without `response`, ninja documents a 200 of its own.
        answered = [*responses, *([200] if response is NOT_SET else [])]
        extra = _merged(_examples(view_func, responses), _rate_limit_headers(answered))
        for status in (openapi_extra or {}).get("responses", {}):
            # A string key here beside the int key ninja writes is a key twice in the JSON.
            if not isinstance(status, int):
                raise ConfigError(f"{where}: document status {status} once, as an int key.")
        contribute_operation_callback(view_func, _refuse_unknown_query_parameters)
        super().add_api_operation(
            path,
            methods,
            view_func,
            response=responses,
            operation_id=operation_id,
            summary=summary,
            description=description,
            url_name=url_name or operation_id,
            openapi_extra=_merged(_merged(extra, conventions), openapi_extra or {}),
            **options,
        )
        # Kept by the copies ninja makes of the operation when it mounts the router.
        self.path_operations[path].operations[-1].__class__ = AccordOperation


class AccordOperation(Operation):
    """ninja's operation, with the conventions every operation keeps when it runs: `If-Match`
    refused where it is not honoured, and a POST with an `Idempotency-Key` run once."""

    @property
    def honours_if_match(self) -> bool:
        marked = getattr(self.view_func, "conditional", False)
        return marked and bool({"PATCH", "DELETE"} & set(self.methods))

    def run(self, request: HttpRequest, **kw: Any) -> HttpResponseBase:
        refused = self._run_checks(request)
        if refused:
            return refused
        if conditional.IF_MATCH in request.headers and not self.honours_if_match:
            return conditional.refusal(request)
        if request.method == "POST" and idempotency.HEADER in request.headers:
            try:
                return idempotency.respond_once(request, lambda: self._respond(request, kw))
            except Exception as exc:
                return self.api.on_exception(request, exc)
        return self._respond(request, kw)

    def _respond(self, request: HttpRequest, kw: dict[str, Any]) -> HttpResponseBase:
        """`Operation.run` after its checks."""
        try:
            temporal_response = self.api.create_temporal_response(request)
            values = self._get_values(request, kw, temporal_response)
            result = self.view_func(request, **values)
            return self._result_to_response(request, result, temporal_response)
        except Exception as exc:
            return self.api.on_exception(request, exc)


def _conventions(
    where: str, methods: list[str], view_func: Callable, responses: dict[int, Any]
) -> dict[str, Any]:
    """The headers and answers of idempotency and conditional requests, for the document;
    adds the answers' schemas to `responses`."""
    parameters: list[dict[str, Any]] = []
    headers: dict[str, Any] = {}
    if "POST" in methods:
        parameters.append(idempotency.DOCUMENTED)
        headers[idempotency.REPLAYED] = idempotency.REPLAYED_HEADER
        responses.setdefault(409, ErrorOut)
    if getattr(view_func, "conditional", False):
        if "DELETE" not in methods:  # its answers are not the record's (204, or a dropped goal)
            headers["ETag"] = conditional.ETAG_HEADER
        if "GET" in methods:
            parameters.append(conditional.IF_NONE_MATCH_DOCUMENTED)
            responses[304] = None
        if {"PATCH", "DELETE"} & set(methods):
            parameters.append(conditional.IF_MATCH_DOCUMENTED)
            if 412 not in responses:
                raise ConfigError(f"{where}: honours If-Match, so documents its 412.")
    succeeded = [status for status in responses if 200 <= status < 300 and responses[status]]
    answers = {status: {"headers": headers} for status in succeeded} if headers else {}
    return {"parameters": parameters, "responses": answers} if parameters else {}


def query_parameters(operation: Operation) -> frozenset[str]:
    """The names of the query parameters the operation declares."""
    return frozenset(
        name
        for model in operation.models
        if model.__ninja_param_source__ == "query"
        for name in getattr(model, "__ninja_flatten_map__", None) or model.model_fields
    )


def _refuse_unknown_query_parameters(operation: Operation) -> None:
    """Makes the operation refuse a query parameter it does not declare (after the
    authentication, so that a stranger learns nothing of the parameters)."""
    known = query_parameters(operation)
    view = operation.view_func

    @functools.wraps(view)
    def checked(request: Any, *args: Any, **kwargs: Any) -> Any:
        for name in request.GET:
            if name not in known:
                raise QueryError(name, f"Unknown query parameter `{name}`.")
        return view(request, *args, **kwargs)

    operation.view_func = checked


def _examples(view_func: Callable, responses: dict[int, Any]) -> dict[str, Any]:
    """The examples of the operation's body and answers, from their schemas."""
    extra: dict[str, Any] = {}
    body = inspect.signature(view_func).parameters.get("payload")
    if body is not None:
        schemas = get_args(body.annotation) or (body.annotation,)
        example = next(filter(None, map(example_of, schemas)), None)
        if example is not None:
            extra["requestBody"] = {"content": {JSON: {"example": example}}}
    answers = {
        status: {"content": {JSON: {"example": example}}}
        for status, schema in responses.items()
        if (example := example_of(schema)) is not None
    }
    if answers:
        extra["responses"] = answers
    return extra


READ_ONLY_REFUSED = (
    "\n\nNeeds a read-write token: a read-only one answers 403 `insufficient_scope`."
)


def header_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/headers/{name}"}


def _rate_limit_headers(statuses: list[int]) -> dict[str, Any]:
    """Every answer carries the rate limit's headers; a 429 also says when to retry."""
    answers = {}
    for status in statuses:
        names = [*RATE_LIMIT_HEADERS, *(RETRY_AFTER if status == 429 else ())]
        answers[status] = {"headers": {name: header_ref(name) for name in names}}
    return {"responses": answers}


def _merged(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    merged = dict(first)
    for key, value in second.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged
