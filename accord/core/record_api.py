"""The standard API of a kind of partnership record: list, create, read, update, delete.

Every practice registers its record kinds here instead of writing the same five operations
again; access, visibility, versions and the audit trail are handled the same way for all.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from accord.api.api import CONFLICT_SCHEMAS, ERRORS, ErrorOut, Pages
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.models import PartnershipRecord
from accord.core.records import record_delete, record_update


def update_fields(grant: PartnershipAccess, record, payload, actor):
    """The default update: the fields sent, if the record is still at `payload.version`."""
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return record_update(
        record=record, actor=actor, expected_version=payload.version, changes=changes
    )


def delete_record(grant: PartnershipAccess, record, actor) -> None:
    record_delete(record=record, actor=actor)


def reread(queryset: QuerySet, pk: int):
    """The record as saved now, for the answer: 404 if a writer deleted it just after ours."""
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise access.no_such_record()
    return record


@dataclass
class RecordKind:
    name: str  # singular, for operation ids and URL names: "objective"
    path: str  # plural, in the URL: "objectives"
    model: type[PartnershipRecord]
    out: type[Schema]
    create_in: type[Schema]
    patch_in: type[Schema]
    # (grant, payload, actor) -> the new record; runs after the "edit" right was checked.
    create: Callable[[PartnershipAccess, Any, Any], PartnershipRecord]
    update: Callable[[PartnershipAccess, Any, Any, Any], PartnershipRecord] = update_fields
    # (grant, record, actor) -> None once deleted, or the record if it was kept instead (a goal
    # another party uses is dropped); the API then answers 200 with `kept` and the record.
    delete: Callable[[PartnershipAccess, Any, Any], PartnershipRecord | None] | None = delete_record
    related: list[str] = field(default_factory=list)  # select_related for the out schema
    tag: str = ""
    kept: str = ""  # what a kept record's 200 answer says (and documents a 200 answer)

    def queryset(self) -> QuerySet:
        return self.model._default_manager.select_related(
            "owner_party__organization", *self.related
        )


def register_record_api(router: Router, kind: RecordKind) -> None:
    many = f"/partnerships/{{id:partnership_id}}/{kind.path}"
    one = f"{many}/{{id:record_id}}"
    Out, CreateIn, PatchIn = kind.out, kind.create_in, kind.patch_in
    CONFLICT_SCHEMAS[kind.model] = Out
    tags = [kind.tag or kind.path]

    def get_one(request, partnership_id: int, record_id: int, need: access.Need = "view"):
        grant = access.partnership_access(request.user, partnership_id, need)
        return grant, access.record_for(grant, kind.queryset(), record_id, need)

    @router.get(
        many,
        response={200: list[Out], **ERRORS},  # type: ignore[valid-type]
        url_name=f"{kind.name}_list",
        operation_id=f"{kind.name}_list",
        tags=tags,
        summary=f"List {kind.path}",
    )
    @paginate(Pages)
    def list_records(request, partnership_id: int):
        grant = access.partnership_access(request.user, partnership_id)
        return access.records_in(grant, kind.queryset()).order_by("id")

    @router.post(
        many,
        response={201: Out, **ERRORS},
        url_name=f"{kind.name}_create",
        operation_id=f"{kind.name}_create",
        tags=tags,
        summary=f"Create a {kind.name}",
    )
    def create_record(request, partnership_id: int, payload: CreateIn):  # type: ignore[valid-type]
        grant = access.partnership_access(request.user, partnership_id, "edit")
        record = kind.create(grant, payload, request.user)
        return Status(201, reread(kind.queryset(), record.pk))

    @router.get(
        one,
        response={200: Out, **ERRORS},
        url_name=f"{kind.name}_get",
        operation_id=f"{kind.name}_get",
        tags=tags,
        summary=f"Read a {kind.name}",
    )
    def get_record(request, partnership_id: int, record_id: int):
        return get_one(request, partnership_id, record_id)[1]

    @router.patch(
        one,
        response={200: Out, 409: ErrorOut, **ERRORS},
        url_name=f"{kind.name}_update",
        operation_id=f"{kind.name}_update",
        tags=tags,
        summary=f"Change a {kind.name} (send the version it is based on)",
    )
    def update_record(request, partnership_id: int, record_id: int, payload: PatchIn):  # type: ignore[valid-type]
        grant, record = get_one(request, partnership_id, record_id, "edit")
        record = kind.update(grant, record, payload, request.user)
        return reread(kind.queryset(), record.pk)

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
            response={204: None, **kept_answer, **ERRORS},
            url_name=f"{kind.name}_delete",
            operation_id=f"{kind.name}_delete",
            tags=tags,
            summary=f"Delete a {kind.name}",
            description=f"Answers 204 once deleted, or 200 when kept instead: {kind.kept}"
            if kind.kept
            else None,
        )
        def delete_one(request, partnership_id: int, record_id: int):
            grant, record = get_one(request, partnership_id, record_id, "edit")
            kept = remove(grant, record, request.user)
            if kept is None:
                return Status(204, None)
            return Status(200, {"detail": kind.kept, "current": reread(kind.queryset(), kept.pk)})
