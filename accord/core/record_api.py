"""The standard API of a kind of partnership record: list, create, read, update, delete.

Every practice registers its record kinds here instead of writing the same five operations
again; access, visibility, versions, the audit trail and the OpenAPI conventions (operation ids
`<kind>_<verb>`, the `{<kind>_id}` path parameter, summaries, descriptions, examples) are handled
the same way for all.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import PathEx, Schema, Status
from ninja.pagination import paginate
from pydantic import Field, create_model

from accord.accounts.http import AuthedRequest
from accord.accounts.models import User
from accord.api.api import conflict, conflict_schema
from accord.api.conditional import (
    conditional,
    etag_of,
    expected_version,
    not_modified,
    precondition_failed,
)
from accord.api.lists import Filter, Listing, Pages, choice_filter, updated_range
from accord.api.operations import ApiRouter, PartnershipId, a
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.models import PartnershipRecord, Visibility
from accord.core.records import record_delete, record_update
from accord.core.schemas import InputSchema, RecordPatch


def reread(queryset: QuerySet, pk: int) -> Any:
    """The record as saved now, for the answer: 404 if a writer deleted it just after ours."""
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise access.no_such_record()
    return record


class RecordPath(Schema):
    """The path of one record: its partnership and its id, named `<kind>_id` in the URL."""

    partnership_id: PartnershipId
    record_id: int


# The API's name of each record kind, by its model's label ("alignment.Objective": "objective").
RECORD_KIND_NAMES: dict[str, str] = {}

# The orderings of every list of records.
RECORD_ORDERINGS = {"id": "id", "created_at": "created_at", "updated_at": "updated_at"}


@dataclass
class RecordKind:
    """One kind of record and the services that change it, taken as they are: every practice
    writes them in one keyword shape (decision 0004) —
    `create(*, party, actor, **fields)`, `update(*, record, actor, expected_version, changes)`
    and `delete(*, record, actor)`."""

    name: str  # singular, for operation ids, URL names and the id parameter: "objective"
    model: type[PartnershipRecord]
    out: type[Schema]
    create_in: type[InputSchema]
    patch_in: type[RecordPatch]
    # The new record of the acting party; runs after the "edit" right was checked.
    create: Callable[..., PartnershipRecord]
    update: Callable[..., PartnershipRecord] = record_update
    # None once deleted, or the record if it was kept instead (a goal another party uses is
    # dropped); the API then answers 200 with `kept` and the record.
    delete: Callable[..., PartnershipRecord | None] | None = record_delete
    path: str = ""  # plural, in the URL; the name plus "s" unless given
    related: list[str] = field(default_factory=list)  # select_related for the out schema
    kept: str = ""  # what a kept record's 200 answer says (and documents a 200 answer)

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def queryset(self) -> QuerySet:
        return self.model._default_manager.select_related(
            "owner_party__organization", *self.related
        )

    def listing(self) -> Listing:
        """The list's orderings and filters: every kind's, and `status` where it has one."""
        filters = [
            choice_filter(
                "visibility",
                Visibility.values,
                f"Only the {self.plural} shared with the partnership, or only those private to "
                "your organization.",
                "visibility",
            ),
            Filter(
                "owner",
                str,
                f"Only the {self.plural} of one party, named by its organization's slug.",
                "owner_party__organization__slug",
            ),
            *updated_range(),
        ]
        status = next((f for f in self.model._meta.fields if f.name == "status"), None)
        if status is not None and status.choices:
            values = [str(value) for value, _ in status.choices]
            description = f"Only the {self.plural} in this status."
            filters.insert(0, choice_filter("status", values, description, "status"))
        return Listing(orderings=RECORD_ORDERINGS, filters=tuple(filters))

    def create_from(self, grant: PartnershipAccess, payload: Any, actor: User) -> PartnershipRecord:
        """The record the payload describes, owned by the party the caller acts for (named by
        the payload's `organization` when the caller may act for several)."""
        fields = payload.dict(exclude={"organization"})
        party = grant.acting_party(getattr(payload, "organization", None))
        return self.create(party=party, actor=actor, **fields)

    def update_from(
        self, record: PartnershipRecord, payload: Any, actor: User, version: int
    ) -> PartnershipRecord:
        """The fields sent, if the record is still at `version`."""
        changes = payload.dict(exclude_unset=True, exclude={"version"})
        return self.update(record=record, actor=actor, expected_version=version, changes=changes)

    def create_description(self) -> str:
        return (
            f"Creates {a(self.label)} owned by the party you act for: yours, or (if you may act "
            "for several parties of the partnership) the one of the `organization` named. "
            "Needs the right to edit in the partnership."
        )

    def descriptions(self) -> dict[str, str]:
        """What each operation does, for the OpenAPI document."""
        kept = f" When the {self.label} is kept instead, the answer is 200: {self.kept}"
        return {
            "list": f"The {self.plural} of the partnership that you may see: shared ones and "
            "those private to your parties, by id unless `ordering` says otherwise, a page at "
            "a time. Filter by `status`, `visibility`, `owner` and the time of the last change; "
            "with `updated_since`, read only what changed since your last sync.",
            "create": self.create_description(),
            "get": f"One {self.label}, if you may see it (404 otherwise).",
            "update": "Changes the fields sent; the others stay as they are. Send the "
            f"`version` your change is based on: if the {self.label} changed since, nothing "
            f"is saved and the answer is 409 with the {self.label} as it is now. Or send its "
            "ETag in `If-Match` instead (412 if it changed).",
            "delete": f"Deletes the {self.label} (204)." + (kept if self.kept else ""),
        }

    def path_schema(self) -> type[RecordPath]:
        """The path parameters of one record, its id named `<kind>_id` (`{goal_id}`), the
        name every other path of the kind uses."""
        record_id = Field(alias=f"{self.name}_id", description=f"The {self.label}'s id.")
        return create_model(
            f"{self.name.title().replace('_', '')}Path",
            __base__=RecordPath,
            record_id=(int, record_id),
        )


def register_record_api(router: ApiRouter, kind: RecordKind) -> None:
    RECORD_KIND_NAMES[kind.model._meta.label] = kind.name
    many = f"/partnerships/{{id:partnership_id}}/{kind.path or kind.name + 's'}"
    one = f"{many}/{{id:{kind.name}_id}}"
    Out, CreateIn, PatchIn, OnePath = kind.out, kind.create_in, kind.patch_in, kind.path_schema()
    descriptions = kind.descriptions()

    def document(verb: str, summary: str) -> dict[str, Any]:
        return {
            "operation_id": f"{kind.name}_{verb}",
            "summary": summary,
            "description": descriptions[verb],
        }

    def get_one(user: User, where: RecordPath, need: access.Need = "view") -> Any:
        grant = access.partnership_access(user, where.partnership_id, need)
        return access.record_for(grant, kind.queryset(), where.record_id, need)

    @router.get(
        many,
        response={200: list[Out]},  # type: ignore[valid-type]
        **document("list", f"List {kind.plural}"),
    )
    @paginate(Pages, listing=kind.listing())
    def list_records(request: AuthedRequest, partnership_id: PartnershipId) -> QuerySet:
        grant = access.partnership_access(request.user, partnership_id)
        return access.records_in(grant, kind.queryset())

    def tagged(response: HttpResponse, record: Any) -> Any:
        response["ETag"] = etag_of(Out, record)
        return record

    @router.post(many, response={201: Out}, **document("create", f"Create {a(kind.label)}"))
    @conditional
    def create_record(
        request: AuthedRequest,
        response: HttpResponse,
        partnership_id: PartnershipId,
        payload: CreateIn,  # type: ignore[valid-type]
    ) -> Status:
        grant = access.partnership_access(request.user, partnership_id, "edit")
        record = kind.create_from(grant, payload, request.user)
        return Status(201, tagged(response, reread(kind.queryset(), record.pk)))

    @router.get(one, response={200: Out}, **document("get", f"Read {a(kind.label)}"))
    @conditional
    def get_record(
        request: AuthedRequest,
        response: HttpResponse,
        where: PathEx[OnePath],  # type: ignore[valid-type]
    ) -> Any:
        record = get_one(request.user, where)
        return not_modified(request, etag_of(Out, record)) or tagged(response, record)

    @router.patch(
        one,
        response={200: Out, 409: conflict_schema(Out), 412: conflict_schema(Out)},
        **document("update", f"Change {a(kind.label)}, from the version it is based on"),
    )
    @conditional
    def update_record(
        request: AuthedRequest,
        response: HttpResponse,
        where: PathEx[OnePath],  # type: ignore[valid-type]
        payload: PatchIn,  # type: ignore[valid-type]
    ) -> Any:
        record = get_one(request.user, where, "edit")
        refused = precondition_failed(request, Out, record)
        if refused:
            return refused
        version = expected_version(request, payload.version, record.version)  # type: ignore[attr-defined]
        try:
            record = kind.update_from(record, payload, request.user, version)
        except StaleEdit as stale:
            return conflict(request, stale, Out)
        return tagged(response, reread(kind.queryset(), record.pk))

    if kind.delete is not None:
        remove = kind.delete
        kept_answer: dict[int, Any] = {}
        if kind.kept:
            Kept = type(
                f"{Out.__name__}Kept",
                (Schema,),
                {"__annotations__": {"detail": str, "current": Out}},
            )
            kept_answer = {200: Kept}

        @router.delete(
            one,
            response={204: None, **kept_answer, 412: conflict_schema(Out)},
            **document("delete", f"Delete {a(kind.label)}"),
        )
        @conditional
        def delete_record(request: AuthedRequest, where: PathEx[OnePath]) -> Any:  # type: ignore[valid-type]
            record = get_one(request.user, where, "edit")
            refused = precondition_failed(request, Out, record)
            if refused:
                return refused
            kept = remove(record=record, actor=request.user)
            if kept is None:
                return Status(204, None)
            return Status(200, {"detail": kind.kept, "current": reread(kind.queryset(), kept.pk)})
